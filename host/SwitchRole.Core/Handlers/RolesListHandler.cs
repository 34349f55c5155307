using SwitchRole.Core.Protocol;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Handlers;

/// <summary><c>roles.list</c>: one snapshot, sent in as many frames as the browsers' 1 MiB cap needs.</summary>
public sealed class RolesListHandler(HostSession session) : IRequestHandler
{
    /// <summary>Room left in each frame for the envelope (id, revision, counters).</summary>
    private const int EnvelopeReserve = 1024;

    public string Action => "roles.list";

    /// <summary>Role bytes per frame; internal so tests can force several parts with few entries.</summary>
    internal int PartBudgetBytes { get; init; } = Framing.MaxOutboundBytes - EnvelopeReserve;

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var query = request.Read(ProtocolJsonContext.Default.RolesListRequest);
        var listing = session.Store.List(new RoleQuery(query.Search, query.AccountId, query.Group));

        var encoded = new byte[listing.Roles.Count][];
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i] = ProtocolJson.Serialize(RoleDto.From(listing.Roles[i]), ProtocolJsonContext.Default.RoleDto);
        }

        var parts = Split(encoded, PartBudgetBytes);
        for (var part = 0; part < parts.Count; part++)
        {
            var (start, count) = parts[part];
            await responder.SendResultAsync(w =>
            {
                w.WriteNumber("revision", listing.Revision);
                w.WriteNumber("total", encoded.Length);
                w.WriteNumber("part", part);
                w.WriteNumber("parts", parts.Count);
                w.WriteStartArray("roles");
                for (var i = start; i < start + count; i++)
                {
                    w.WriteRawValue(encoded[i], skipInputValidation: true);
                }

                w.WriteEndArray();
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Consecutive ranges whose encoded size (plus commas) stays within the budget; at least one range.</summary>
    internal static List<(int Start, int Count)> Split(byte[][] encoded, int budget)
    {
        var parts = new List<(int, int)>();
        int start = 0, size = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var cost = encoded[i].Length + 1;
            if (i > start && size + cost > budget)
            {
                parts.Add((start, i - start));
                start = i;
                size = 0;
            }

            size += cost;
        }

        parts.Add((start, encoded.Length - start));
        return parts;
    }
}

using System.Text.Json;
using SwitchRole.Core.Model;
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
        var query = RolesListRequest.Read(request.Root);
        if (query.SinceRevision is { } since)
        {
            await SendChangesAsync(query, since, responder, cancellationToken).ConfigureAwait(false);
            return;
        }

        // One writer for the whole list (one JSON array), straight from the SQLite rows, noting where each entry ends:
        // no entry, DTO or string per row, and one buffer rather than one per entry.
        using var buffer = new PooledBufferWriter(1024 * 1024);
        var ends = new List<int>();
        long revision;
        using (var cursor = session.Store.OpenList(new RoleQuery(query.Search, query.AccountId, query.Group)))
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.WriterOptions))
        {
            revision = cursor.Revision;
            var roleJson = new RoleJson();
            writer.WriteStartArray();
            while (cursor.Read())
            {
                roleJson.Write(writer, cursor);
                ends.Add(checked((int)(writer.BytesCommitted + writer.BytesPending)));
            }

            writer.WriteEndArray();
        }

        // Entry i runs from just after the '[' or the comma before it, to ends[i].
        int Start(int i) => i == 0 ? 1 : ends[i - 1] + 1;
        var total = ends.Count;
        var sizes = new int[total];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = ends[i] - Start(i);
        }

        var parts = Split(sizes, PartBudgetBytes);
        for (var part = 0; part < parts.Count; part++)
        {
            var (start, count) = parts[part];
            // A part's entries sit side by side in the buffer, commas included, between the separators before and after
            // them: made '[' and ']' in place (parts go out one after another), the part is one JSON array, copied once.
            var (first, last) = count == 0 ? (0, 1) : (Start(start) - 1, ends[start + count - 1]);
            var all = buffer.WrittenSpan;
            all[first] = (byte)'[';
            all[last] = (byte)']';
            var roles = buffer.WrittenMemory[first..(last + 1)];
            await responder.SendResultAsync(w =>
            {
                w.WriteNumber("revision", revision);
                w.WriteNumber("total", total);
                w.WriteNumber("part", part);
                w.WriteNumber("parts", parts.Count);
                w.WritePropertyName("roles");
                w.WriteRawValue(roles.Span, skipInputValidation: true);
            }, roles.Length, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The answer to <c>sinceRevision</c>: changed entries and deleted keys, split like a whole list. Parts hold
    /// the entries first, then the keys (one sequence cut by size).
    /// </summary>
    private async Task SendChangesAsync(RolesListRequest query, long since, Responder responder, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(query.Search) || !string.IsNullOrWhiteSpace(query.AccountId) || !string.IsNullOrWhiteSpace(query.Group))
        {
            throw new ValidationException("sinceRevision", "cannot be combined with search, accountId or group");
        }

        if (since < 0)
        {
            throw new ValidationException("sinceRevision", $"must be 0 or more, got {since}");
        }

        var changes = session.Store.ListChanges(since);
        if (since > changes.Revision)
        {
            // A list from another database (or one replaced by an older copy): only a whole list is right.
            throw new ValidationException("sinceRevision", $"{since} is newer than the database's revision {changes.Revision}; ask for the whole list");
        }

        var roleCount = changes.Roles.Count;
        var encoded = new byte[roleCount + changes.Deleted.Count][];
        for (var i = 0; i < roleCount; i++)
        {
            encoded[i] = ProtocolJson.Write(RoleDto.From(changes.Roles[i]).WriteTo);
        }

        for (var i = 0; i < changes.Deleted.Count; i++)
        {
            var key = changes.Deleted[i];
            encoded[roleCount + i] = ProtocolJson.Write(new RoleKeyDto(key.AccountId, key.RoleName).WriteTo);
        }

        // Changes are few (one per switch or edit), so one small buffer per item is fine here.
        var parts = Split([.. encoded.Select(e => e.Length)], PartBudgetBytes);
        for (var part = 0; part < parts.Count; part++)
        {
            var (start, count) = parts[part];
            var end = start + count;
            await responder.SendResultAsync(w =>
            {
                w.WriteNumber("revision", changes.Revision);
                w.WriteNumber("since", since);
                w.WriteNumber("total", roleCount);
                w.WriteNumber("live", changes.Live);
                w.WriteNumber("part", part);
                w.WriteNumber("parts", parts.Count);
                w.WriteStartArray("roles");
                for (var i = start; i < Math.Min(end, roleCount); i++)
                {
                    w.WriteRawValue(encoded[i], skipInputValidation: true);
                }

                w.WriteEndArray();
                w.WriteStartArray("deleted");
                for (var i = Math.Max(start, roleCount); i < end; i++)
                {
                    w.WriteRawValue(encoded[i], skipInputValidation: true);
                }

                w.WriteEndArray();
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Consecutive ranges whose encoded size (plus commas) stays within the budget; at least one range.</summary>
    internal static List<(int Start, int Count)> Split(int[] sizes, int budget)
    {
        var parts = new List<(int, int)>();
        int start = 0, size = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            var cost = sizes[i] + 1;
            if (i > start && size + cost > budget)
            {
                parts.Add((start, i - start));
                start = i;
                size = 0;
            }

            size += cost;
        }

        parts.Add((start, sizes.Length - start));
        return parts;
    }
}

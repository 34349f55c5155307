using System.Globalization;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary><c>backup</c>: everything (entries, usage, deletions) as SwitchRole JSON, as <c>switchrole backup</c> writes it, in parts of text.</summary>
public sealed class BackupHandler(HostSession session) : IRequestHandler
{
    public string Action => "backup";

    internal int MaxCharsPerPart { get; init; } = ExportSupport.MaxCharsPerPart;

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var snapshot = StoreSnapshot.Take(session.Store);
        var text = BackupFormat.Write(snapshot);
        var fileName = $"switchrole-backup-{snapshot.ExportedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.json";
        return ExportSupport.SendPartsAsync(responder, text, w =>
        {
            w.WriteString("format", "json");
            w.WriteString("fileName", fileName);
            w.WriteNumber("revision", snapshot.Revision);
            w.WriteNumber("entries", snapshot.Entries.Count);
            w.WriteNumber("deletions", snapshot.Tombstones.Count);
        }, cancellationToken, MaxCharsPerPart);
    }
}

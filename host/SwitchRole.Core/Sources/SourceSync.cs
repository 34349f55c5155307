using Serilog;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Sources;

/// <summary>
/// A source a scheduler pass found due. A remote one is fetched unless some process attempted it less than
/// <paramref name="MinAge"/> ago (the claim is made when the sync runs, so several hosts fetch it once).
/// </summary>
public sealed record DueSource(string Name, TimeSpan MinAge);

/// <summary>
/// Runs the syncs a <see cref="SourceScheduler"/> pass found due. The browser-started host hands them to one
/// <c>switchrole worker</c> (Hosting/WorkerSourceSync.cs), which runs <see cref="LocalSourceSync"/>: reading, parsing
/// and merging a team file stay out of the process a browser starts.
/// </summary>
public interface ISourceSync : IDisposable
{
    /// <summary>Syncs each source in turn; failures are logged, not thrown (the next pass retries).</summary>
    Task SyncAsync(IReadOnlyList<DueSource> due, CancellationToken cancellationToken);
}

/// <summary>Syncs in this process with <paramref name="fetcher"/> (owned: disposed with this), logging each outcome.</summary>
public sealed class LocalSourceSync(RoleStore store, ISourceFetcher fetcher, ILogger log) : ISourceSync
{
    public async Task SyncAsync(IReadOnlyList<DueSource> due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        var syncer = new SourceSyncer(store, fetcher);
        foreach (var item in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // Listed again: another process may have removed it, or stored a newer ETag, since the pass.
                if (SourceStore.Find(store, item.Name) is { } source)
                {
                    Log(await syncer.SyncIfDueAsync(source, item.MinAge, cancellationToken).ConfigureAwait(false));
                }
            }
            catch (SourceNotFoundException)
            {
                // Removed by another process meanwhile.
            }
        }
    }

    public void Dispose() => fetcher.Dispose();

    private void Log(SourceSyncReport report)
    {
        switch (report.Status)
        {
            case SyncStatus.Failed:
                log.Warning("Team source {Name} ({Location}) failed: {Error}", report.Name, report.Location, report.Error);
                break;
            case SyncStatus.Applied:
                var c = report.Changes!;
                log.Information("Team source {Name} ({Location}) synced: {Added} added, {Updated} updated, {Removed} removed, {NotApplied} not applied",
                    report.Name, report.Location, c.Count(SourceChangeKind.Added), c.Count(SourceChangeKind.Updated), c.Count(SourceChangeKind.Removed),
                    c.Count(SourceChangeKind.KeptYours) + c.Count(SourceChangeKind.KeptDeleted) + c.Count(SourceChangeKind.OtherSource));
                break;
            default:
                log.Debug("Team source {Name}: {Status}", report.Name, report.Status);
                break;
        }
    }
}

using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;

namespace SwitchRole.Core.Handlers;

/// <summary><c>sources.sync</c>: reads one source (or all) now, in full, and applies it.</summary>
public sealed class SourcesSyncHandler(HostSession session) : IRequestHandler
{
    public string Action => "sources.sync";

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var body = SourceNameRequest.Read(request.Root);
        using var fetcher = session.CreateFetcher();
        var syncer = new SourceSyncer(session.Store, fetcher);
        IReadOnlyList<SourceSyncReport> reports;
        try
        {
            reports = string.IsNullOrWhiteSpace(body.Name)
                ? await syncer.SyncAllAsync(cancellationToken).ConfigureAwait(false)
                : [await syncer.SyncAsync(body.Name.Trim(), cancellationToken).ConfigureAwait(false)];
        }
        catch (SourceNotFoundException e)
        {
            throw new HostException(ErrorCode.NotFound, $"name: {e.Message}", "name");
        }

        var revision = session.Store.GetRevision();
        await responder.SendResultAsync(new SourcesSyncResult(revision, [.. reports.Select(SourceSyncDto.From)]), SourceSyncJsonContext.Default.SourcesSyncResult, cancellationToken).ConfigureAwait(false);
    }
}

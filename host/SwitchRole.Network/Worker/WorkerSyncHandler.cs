using System.Text.Json;
using Serilog;
using SwitchRole.Core.Handlers;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;

namespace SwitchRole.Network.Worker;

/// <summary>
/// <c>worker.sync</c>: syncs the team sources the browser-started host's scheduler found due, in this process (it
/// has the network), and answers how many it looked at. Each outcome goes to the log. Only the worker knows this
/// action; a browser cannot reach it.
/// </summary>
public sealed class WorkerSyncHandler(HostSession session, ILogger log) : IRequestHandler
{
    public string Action => NetworkActions.Sync;

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        if (!request.Root.TryGetProperty("sync", out var element) || element.ValueKind != JsonValueKind.Object
            || element.Deserialize(WorkerJsonContext.Default.WorkerSyncRequest) is not { Sources: { } items })
        {
            throw new HostException(ErrorCode.InvalidField, "sync: missing", "sync");
        }

        var due = new List<DueSource>(items.Count);
        foreach (var item in items)
        {
            if (item is not { Name: { } name, MinAgeSeconds: >= 0 and <= 366L * 24 * 3600 })
            {
                throw new HostException(ErrorCode.InvalidField, "sync.sources: each needs a name and minAgeSeconds from 0 to a year", "sync.sources");
            }

            due.Add(new DueSource(name, TimeSpan.FromSeconds(item.MinAgeSeconds)));
        }

        using var sync = new LocalSourceSync(session.Store, session.CreateFetcher(), log);
        await sync.SyncAsync(due, cancellationToken).ConfigureAwait(false);
        await responder.SendResultAsync(w => w.WriteNumber("sources", due.Count), cancellationToken).ConfigureAwait(false);
    }
}

using System.Text.Json;
using Serilog;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;

namespace SwitchRole.Core.Hosting;

/// <summary>
/// The browser-started host's team-source syncs: the sources a scheduler pass found due go in one <c>worker.sync</c>
/// to a short-lived worker, which reads them (files, HTTPS, S3, Organizations), parses, merges and logs each one.
/// The host's change watcher then announces what changed. A worker that fails is logged; the next pass retries.
/// </summary>
public sealed class WorkerSourceSync(NetworkWorker worker, ILogger log) : ISourceSync
{
    public async Task SyncAsync(IReadOnlyList<DueSource> due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        if (due.Count == 0)
        {
            return;
        }

        var request = new WorkerSyncRequest([.. due.Select(d => new WorkerSyncItem(d.Name, (long)d.MinAge.TotalSeconds))]);
        string? error = null;
        // Each source's read is bounded by the fetch timeout in the worker; the whole run by that per source.
        var timeout = NetworkWorker.FetchTimeout * (due.Count + 1);
        var failure = await worker.RelayAsync(BuildFrame(request), reply =>
        {
            using var document = JsonDocument.Parse(reply);
            if (document.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var message))
            {
                error = message.GetString();
            }

            return Task.CompletedTask;
        }, timeout, NetworkActions.Sync, cancellationToken).ConfigureAwait(false);
        if ((failure?.Message ?? error) is { } why)
        {
            log.Warning("Team sources not synced ({Names}): {Message}", string.Join(", ", due.Select(d => d.Name)), why);
        }
    }

    public void Dispose()
    {
    }

    private static byte[] BuildFrame(WorkerSyncRequest request) => ProtocolJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("id", 1);
        w.WriteString("action", NetworkActions.Sync);
        // By hand, as WorkerJsonContext would: this process carries no JsonSerializer (docs/performance.md).
        w.WriteStartObject("sync");
        w.WriteStartArray("sources");
        foreach (var item in request.Sources)
        {
            w.WriteStartObject();
            w.WriteString("name", item.Name);
            w.WriteNumber("minAgeSeconds", item.MinAgeSeconds);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });
}

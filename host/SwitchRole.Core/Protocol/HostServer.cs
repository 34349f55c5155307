using Serilog;
using SwitchRole.Core.Handlers;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Protocol;

/// <summary>Host mode: opens the store, watches it for changes by any process, and serves frames until input ends.</summary>
public static class HostServer
{
    /// <summary>Serves until end of input. Returns the process exit code.</summary>
    public static async Task<int> RunAsync(Stream input, Stream output, AppPaths paths, string hostVersion, ILogger log, TimeSpan? watchInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        RoleStore? store = null;
        string? databaseError = null;
        try
        {
            store = RoleStore.Open(paths);
        }
        catch (StoreUnavailableException ex)
        {
            // Keep serving: hello still answers, so the extension can show why instead of "host exited".
            databaseError = ex.Message;
            log.Error("Database unavailable: {Message}", ex.Message);
        }

        var session = new HostSession(paths, hostVersion, store, databaseError);
        using var writer = new FrameWriter(output);
        var loop = new MessageLoop(new FrameReader(input), writer, HandlerRegistry.Create(session), log);
        if (store is null)
        {
            return await loop.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        var watcher = ChangeWatcher.Start(store.Database, store.GetRevision(), async revision =>
        {
            try
            {
                await writer.WriteAsync(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(ChangedEvent.For(revision), ProtocolJsonContext.Default.ChangedEvent), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The browser went away; the read loop ends on its own.
            }
        }, watchInterval, ex => log.Warning(ex, "Change watcher: {Message}; watching on", ex.Message));
        await using (watcher.ConfigureAwait(false))
        {
            return await loop.RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

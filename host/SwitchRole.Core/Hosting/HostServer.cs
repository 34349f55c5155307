using Microsoft.Data.Sqlite;
using Serilog;
using SwitchRole.Core.Handlers;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Hosting;

/// <summary>Host mode: opens the store, watches it for changes by any process, and serves frames until input ends.</summary>
public static class HostServer
{
    /// <summary>
    /// Serves until end of input and returns the process exit code. <paramref name="caller"/> names who started the
    /// host, for the log. Network work (the <c>aws.*</c>/<c>sso.*</c> actions, team sources) and the store actions that
    /// parse files (imports, restores, exports) go to <paramref name="worker"/>, by default <c>switchrole worker</c> beside
    /// this executable.
    /// </summary>
    public static async Task<int> RunAsync(Stream input, Stream output, AppPaths paths, string hostVersion, ILogger log, string caller = "terminal", TimeSpan? watchInterval = null, NetworkWorker? worker = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        worker ??= NetworkWorker.BesideExecutable(log);
        RoleStore? store = null;
        string? databaseError = null;
        try
        {
            store = RoleStore.Open(paths);
        }
        catch (Exception ex) when (StoreFailure.Describe(ex, paths.DatabasePath) is { } sentence)
        {
            // Keep serving: hello still answers, so the extension can show why instead of "host exited".
            databaseError = sentence;
            log.Error("Database unavailable: {Message}", sentence);
        }

        var session = new HostSession(paths, hostVersion, store, databaseError);
        // The worker opens the same database: a failure it meets (a relayed import on a full disk) is this session's too.
        worker.StoreUnavailable += sentence =>
        {
            log.Error("The network helper found the database unavailable: {Message}", sentence);
            session.RecordDatabaseError(sentence);
        };
        using var writer = new FrameWriter(output);
        ChangeWatcher? watcher = null;
        SourceScheduler? sources = null;
        Thread? background = null;
        void StartInBackground(long knownRevision)
        {
            // The session's first line builds the logging pipeline and starts its writer thread here, not on the loop's
            // thread when it logs the hello (which then only waits for the pipeline, if it comes first).
            log.Information("Serving {Caller}, version {Version}", caller, hostVersion);

            // First what the browser's next request needs (the extension lists right after hello): the relaxed
            // encoder (hello went without it) and a pooled connection, ready while the browser reads this reply.
            _ = ProtocolJson.WriterOptions.Encoder;
            if (store is not null)
            {
                using var pooled = store.Database.Connect();
            }

            if (store is not null)
            {
                watcher = StartWatcher(store, knownRevision, writer, log, watchInterval, cancellationToken);

                // Team sources: files re-read when they change, URLs fetched at start and every interval (Sources/SourceScheduler.cs),
                // each due batch synced by a worker (reading and parsing team files stays out of this process).
                sources = SourceScheduler.Start(store, log, new WorkerSourceSync(worker, log), SourceSchedulerOptions.FromEnvironment());
            }
        }

        using var loop = new MessageLoop(new FrameReader(input), writer, HandlerRegistry.CreateForBrowser(session, worker), log)
        {
            // An aws.* or sso.* action not listed here (added on the worker's side) is still the worker's to answer.
            ResolveUnknown = action => NetworkActions.IsNetwork(action) ? new RelayHandler(action, worker) : null,
            StoreFailed = session.RecordDatabaseError,
            // The watcher opens its own connection and a timer, the sources their file watches, and the first log
            // line builds the logging pipeline: none of it delays a browser's first reply, and, on a thread of its
            // own, none of it delays the second request either (the extension asks for the list right after hello).
            AfterFirstFrame = () =>
            {
                // Read now, not on the thread: a commit between this reply and a later list must still be announced.
                long knownRevision = 0;
                try
                {
                    knownRevision = store?.GetRevision() ?? 0;
                }
                catch (Exception ex) when (StoreFailure.Describe(ex, paths.DatabasePath) is { } sentence)
                {
                    // The requests say so; the watcher then starts from 0 and announces the first revision it can read.
                    session.RecordDatabaseError(sentence);
                }

                background = new Thread(() =>
                {
                    try
                    {
                        StartInBackground(knownRevision);
                    }
                    catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or StoreBusyException or StoreUnavailableException)
                    {
                        // Requests are still served; only live updates (or team sources) are missing. Say so once.
                        log.Error(ex, "Start-up after the first reply failed ({Message}): no live updates in this session", ex.Message);
                    }
                })
                {
                    IsBackground = true,
                    Name = "SwitchRole start-up",
                };
                background.Start();
            },
        };
        try
        {
            return await loop.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Input ended, perhaps before the watchers were up: let them finish starting, then stop them.
            background?.Join();
            if (sources is not null)
            {
                await sources.DisposeAsync().ConfigureAwait(false);
            }

            if (watcher is not null)
            {
                await watcher.DisposeAsync().ConfigureAwait(false);
            }

            store?.Database.Dispose();
        }
    }

    private static ChangeWatcher StartWatcher(RoleStore store, long knownRevision, FrameWriter writer, ILogger log, TimeSpan? interval, CancellationToken cancellationToken) =>
        // The watcher compares once at once, so nothing committed since knownRevision is missed.
        ChangeWatcher.Start(store.Database, knownRevision, async revision =>
        {
            try
            {
                await writer.WriteAsync(ChangedEvent.For(revision).ToFrame(), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The browser went away; the read loop ends on its own.
            }
        }, interval, ex => log.Warning(ex, "Change watcher: {Message}; watching on", ex.Message));
}

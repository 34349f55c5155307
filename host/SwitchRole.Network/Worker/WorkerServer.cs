using Serilog;
using SwitchRole.Core;
using SwitchRole.Core.Handlers;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Handlers;
using SwitchRole.Network.Sources;

namespace SwitchRole.Network.Worker;

/// <summary>
/// <c>switchrole worker</c>: the child the browser-started host starts for network work. Same framing as the browser's
/// protocol on stdin/stdout: the host sends one request (a browser's <c>aws.*</c>/<c>sso.*</c> frame as it came, one of
/// the store actions that parse files or read sources (<c>NetworkActions.StoreNames</c>: imports, restores, exports,
/// <c>sources.add</c>/<c>sync</c>), or a <c>worker.sync</c> from the host's scheduler); the worker answers under the same
/// id, writing to the store as the host itself would, and exits when its input ends.
/// </summary>
public static class WorkerServer
{
    public static async Task<int> RunAsync(Stream input, Stream output, AppPaths paths, string hostVersion, ILogger log, AwsServices? aws = null, SourceFetchOptions? fetch = null, CancellationToken cancellationToken = default)
    {
        RoleStore? store = null;
        string? databaseError = null;
        try
        {
            store = RoleStore.Open(paths);
        }
        catch (Exception ex) when (StoreFailure.Describe(ex, paths.DatabasePath) is { } sentence)
        {
            databaseError = sentence;
            log.Error("Database unavailable: {Message}", sentence);
        }

        try
        {
            // Team sources are read here directly: this process has the network.
            var fetchOptions = fetch ?? new SourceFetchOptions();
            var session = new HostSession(paths, hostVersion, store, databaseError) { CreateFetcher = () => new SourceFetcher(fetchOptions) };
            var handlers = HandlerRegistry.Create(session, NetworkHandlers.Create(session, aws ?? AwsServices.FromEnvironment()));
            var syncHandler = new WorkerSyncHandler(session, log);
            using var writer = new FrameWriter(output);
            using var loop = new MessageLoop(new FrameReader(input), writer, handlers, log)
            {
                ResolveUnknown = action => action == NetworkActions.Sync ? syncHandler : null,

                // The host closes this input once it has the answer, or when its browser went away: then stop at once.
                NetworkRequestGrace = TimeSpan.Zero,
            };
            return await loop.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            store?.Database.Dispose();
        }
    }
}

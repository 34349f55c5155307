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
/// protocol on stdin/stdout: the host sends one request (a browser's <c>aws.*</c>/<c>sso.*</c> frame as it came, or a
/// <c>worker.fetch</c>), the worker answers under the same id, and exits when its input ends. It opens the store
/// only for handlers that read it (<c>aws.check</c> with <c>all</c>), and never writes to it.
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
            var session = new HostSession(paths, hostVersion, store, databaseError);
            var handlers = HandlerRegistry.Create(session, NetworkHandlers.Create(session, aws ?? AwsServices.FromEnvironment()));
            var fetchHandler = new WorkerFetchHandler(fetch ?? new SourceFetchOptions());
            using var writer = new FrameWriter(output);
            using var loop = new MessageLoop(new FrameReader(input), writer, handlers, log)
            {
                ResolveUnknown = action => action == NetworkActions.Fetch ? fetchHandler : null,

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

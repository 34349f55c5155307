using SwitchRole.Core.Logging;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Registration;

namespace SwitchRole.Core.Hosting;

/// <summary>
/// What a browser starts: the caller check, then <see cref="HostServer"/> on stdin/stdout. Shared by
/// <c>switchrole-host</c> (named in the host manifests) and <c>switchrole serve</c> (debugging), so both behave the same.
/// </summary>
public static class BrowserHost
{
    /// <summary>The exit code after refusing a caller (one <see cref="ErrorCode.CallerNotAllowed"/> frame).</summary>
    public const int CallerRejectedExitCode = 5;

    /// <summary>Serves one browser. A <paramref name="caller"/> not listed in Constants or the configuration gets one error frame and exit code 5.</summary>
    public static async Task<int> RunAsync(Stream input, Stream output, AppPaths paths, string hostVersion, CallerIdentity? caller)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var logger = LoggingSetup.CreateDeferred(paths, "host");
        Serilog.ILogger log = logger;
        if (caller is { IsAllowed: false } && !ServesConfigured(paths, caller, log))
        {
            log.Warning("Refused caller {Browser} extension {ExtensionId}", caller.Browser, RoleValidator.Printable(caller.ExtensionId));
            using var writer = new FrameWriter(output);
            var message = $"SwitchRole serves only its own extension; '{RoleValidator.Printable(caller.ExtensionId)}' is not one of them.";
            // No request was read: the error goes under a null id, as every frame-level error does.
            await new Responder(writer, default).SendErrorAsync(ErrorCode.CallerNotAllowed, message, null).ConfigureAwait(false);
            return CallerRejectedExitCode;
        }

        var who = caller is null ? "terminal" : $"{caller.Browser} {caller.ExtensionId}";
        return await HostServer.RunAsync(input, output, paths, hostVersion, log, who).ConfigureAwait(false);
    }

    /// <summary>
    /// An id added with <c>install --extension-id</c>: read only for a caller that is not built in, so the common
    /// launch reads no extra file. A broken file serves no added id (the log says why).
    /// </summary>
    private static bool ServesConfigured(AppPaths paths, CallerIdentity caller, Serilog.ILogger log)
    {
        try
        {
            return caller.IsServedBy(HostConfiguration.Load(paths).Served);
        }
        catch (RegistrationException ex)
        {
            log.Warning("Extension ids in the configuration not used: {Problem}", ex.Message);
            return false;
        }
    }
}

using System.CommandLine;
using System.Text.Json;
using SwitchRole.Core;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Logging;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Registration;

namespace SwitchRole.Host.Cli;

/// <summary>Host mode: the native-messaging protocol on stdin/stdout (host/PROTOCOL.md).</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("serve", "Speak the native-messaging protocol on stdin/stdout, as a browser starts it (for tests and debugging).\n\nExample:\n  switchrole serve < tests/fixtures/hello.bin");
        command.SetAction((_, _) => RunAsync(context, caller: null));
        return command;
    }

    /// <summary>Serves one browser. A <paramref name="caller"/> not listed in Constants or the configuration gets one error frame and exit code 5.</summary>
    public static async Task<int> RunAsync(CliContext context, CallerIdentity? caller)
    {
        // stdout carries frames only: a stray Console.WriteLine anywhere must land on stderr instead.
        Console.SetOut(context.Error);
        var paths = context.Paths;
        using var logger = LoggingSetup.CreateDeferred(paths, "host");
        Serilog.ILogger log = logger;
        await using var input = context.OpenStandardInput();
        await using var output = context.OpenStandardOutput();

        if (caller is { IsAllowed: false } && !ServesConfigured(paths, caller, log))
        {
            log.Warning("Refused caller {Browser} extension {ExtensionId}", caller.Browser, RoleValidator.Printable(caller.ExtensionId));
            using var writer = new FrameWriter(output);
            var message = $"SwitchRole serves only its own extension; '{RoleValidator.Printable(caller.ExtensionId)}' is not one of them.";
            var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody((int)ErrorCode.CallerNotAllowed, nameof(ErrorCode.CallerNotAllowed), message, null), ProtocolJsonContext.Default.ErrorBody);
            await writer.WriteAsync(ErrorFrame(body)).ConfigureAwait(false);
            return ExitCodes.CallerRejected;
        }

        var who = caller is null ? "terminal" : $"{caller.Browser} {caller.ExtensionId}";
        return await HostServer.RunAsync(input, output, paths, CliApp.Version, log, who).ConfigureAwait(false);
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

    private static byte[] ErrorFrame(byte[] errorBody)
    {
        var prefix = "{\"id\":null,\"ok\":false,\"error\":"u8;
        return [.. prefix, .. errorBody, (byte)'}'];
    }
}

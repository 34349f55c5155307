using SwitchRole.Core.Hosting;
using SwitchRole.Core.Logging;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Worker;

namespace SwitchRole.Host.Cli;

/// <summary>
/// <c>switchrole worker</c> (internal): the network child of <c>switchrole-host</c>. Frames on stdin/stdout, log to
/// the log file (process kind "worker"); stderr only for what escapes the log. Not listed in the help.
/// </summary>
internal static class WorkerCommand
{
    public const string Name = NetworkWorker.Command;

    public static async Task<int> RunAsync(CliContext context)
    {
        // stdout carries frames only.
        Console.SetOut(context.Error);
        using var logger = LoggingSetup.CreateDeferred(context.Paths, "worker");
        await using var input = context.OpenStandardInput();
        await using var output = context.OpenStandardOutput();
        return await WorkerServer.RunAsync(input, output, context.Paths, CliApp.Version, logger, AwsServices.FromEnvironment(context.GetEnvironmentVariable), AwsSourceOptions.FetchOptions(context)).ConfigureAwait(false);
    }
}

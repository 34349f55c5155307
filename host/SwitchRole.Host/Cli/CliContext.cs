using SwitchRole.Core;

namespace SwitchRole.Host.Cli;

/// <summary>Everything a command touches outside itself, so tests can run commands in memory.</summary>
public sealed record CliContext(
    TextReader In,
    TextWriter Out,
    TextWriter Error,
    Func<Stream> OpenStandardInput,
    Func<Stream> OpenStandardOutput,
    Func<string, string?> GetEnvironmentVariable)
{
    public AppPaths Paths => AppPaths.FromEnvironment(GetEnvironmentVariable);

    /// <summary>The real console. <see cref="Console.Out"/> is pointed at stderr only in host mode (see the serve command).</summary>
    public static CliContext FromProcess() => new(
        Console.In,
        Console.Out,
        Console.Error,
        Console.OpenStandardInput,
        Console.OpenStandardOutput,
        Environment.GetEnvironmentVariable);
}

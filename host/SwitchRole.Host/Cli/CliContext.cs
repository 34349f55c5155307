using SwitchRole.Core;

namespace SwitchRole.Host.Cli;

/// <summary>
/// Everything a command touches outside itself, so tests can run commands in memory. <c>ErrorIsTerminal</c>:
/// stderr is a terminal (not a pipe or a file), so progress lines are shown there.
/// </summary>
public sealed record CliContext(
    TextReader In,
    TextWriter Out,
    TextWriter Error,
    Func<Stream> OpenStandardInput,
    Func<Stream> OpenStandardOutput,
    Func<string, string?> GetEnvironmentVariable,
    bool ErrorIsTerminal = false)
{
    public AppPaths Paths => AppPaths.FromEnvironment(GetEnvironmentVariable);

    /// <summary>
    /// A browser's launch: no text console at all (creating Console.In and Console.Out costs start-up time, and
    /// stdout carries frames only). Text written to Out or Error is dropped, and so is stray Console.Out text (serve
    /// points Console.Out at Error): what a browser needs to know goes in a frame, everything else in the log file.
    /// </summary>
    public static CliContext ForBrowser() => new(
        TextReader.Null,
        TextWriter.Null,
        TextWriter.Null,
        StandardStreams.OpenInput,
        StandardStreams.OpenOutput,
        Environment.GetEnvironmentVariable);

    /// <summary>The real console. <see cref="Console.Out"/> is pointed at stderr only in host mode (see the serve command).</summary>
    public static CliContext FromProcess() => new(
        Console.In,
        Console.Out,
        Console.Error,
        StandardStreams.OpenInput,
        StandardStreams.OpenOutput,
        Environment.GetEnvironmentVariable,
        ErrorIsTerminal: !Console.IsErrorRedirected);
}

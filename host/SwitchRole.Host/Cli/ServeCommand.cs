using System.CommandLine;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Host.Cli;

/// <summary>
/// Host mode in the CLI, for tests and debugging: the same code as <c>switchrole-host</c> (Core's BrowserHost), run in
/// this process; its network work still goes to <c>switchrole worker</c> children. Browsers start <c>switchrole-host</c>.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("serve", "Speak the native-messaging protocol on stdin/stdout, as switchrole-host does when a browser starts it (for tests and debugging).\n\nExample:\n  switchrole serve < tests/fixtures/hello.bin");
        command.SetAction((_, _) => RunAsync(context, caller: null));
        return command;
    }

    /// <summary>Serves one browser. A <paramref name="caller"/> not listed in Constants or the configuration gets one error frame and exit code 5.</summary>
    public static async Task<int> RunAsync(CliContext context, CallerIdentity? caller)
    {
        // stdout carries frames only: a stray Console.WriteLine anywhere must land on stderr instead.
        Console.SetOut(context.Error);
        await using var input = context.OpenStandardInput();
        await using var output = context.OpenStandardOutput();
        return await BrowserHost.RunAsync(input, output, context.Paths, CliApp.Version, caller).ConfigureAwait(false);
    }
}

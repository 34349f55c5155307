using System.CommandLine;
using System.CommandLine.Invocation;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Host.Cli;

/// <summary>Chooses host mode or CLI mode from the arguments and runs one command.</summary>
public static class CliApp
{
    /// <summary>The product version, compiled in (reading the assembly attribute costs start-up time under NativeAOT).</summary>
    public static string Version => BuildInfo.Version;

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);

        // A browser launch skips command-line parsing altogether: start-up time is paid on every connect.
        if (CallerIdentity.FromArguments(args) is { } caller)
        {
            Core.ProcessUmask.RestrictToUser();
            return await ServeCommand.RunAsync(context, caller).ConfigureAwait(false);
        }

        // Everything else creates only private files; install and uninstall write manifests and binaries that
        // browsers (and, for a system-wide install, every user) must read, so they keep the inherited mask.
        if (args is not ["install" or "uninstall", ..])
        {
            Core.ProcessUmask.RestrictToUser();
        }

        var root = BuildRootCommand(context);
        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }).ConfigureAwait(false);
    }

    internal static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand("""
            SwitchRole: your AWS switch-role entries in every browser, from one database per OS user.

            Examples:
              switchrole add --account 1234-5678-9012 --role Admin --name "Prod admin" --color ff9900
              switchrole list --search prod
              switchrole list --json
              switchrole remove --account 123456789012 --role Admin
              switchrole import team-roles.ini --dry-run
              switchrole backup -o ~/switchrole-backup.json
            """);
        // The default prints the entry assembly's version, which is the test runner's under tests.
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersionAction(context);
        }

        root.Subcommands.Add(ListCommand.Create(context));
        root.Subcommands.Add(AddCommand.Create(context));
        root.Subcommands.Add(RemoveCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(BackupCommand.Create(context));
        root.Subcommands.Add(RestoreCommand.Create(context));
        root.Subcommands.Add(WhoamiCommand.Create(context));
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(OpenCommand.Create(context));
        root.Subcommands.Add(PolicyCommand.Create(context));
        root.Subcommands.Add(InstallCommand.Create(context));
        root.Subcommands.Add(UninstallCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        root.Subcommands.Add(SourceCommand.Create(context));
        root.Subcommands.Add(DiscoverCommand.Create(context));
        root.Subcommands.Add(LoginCommand.Create(context));
        return root;
    }
}

internal sealed class PrintVersionAction(CliContext context) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        context.Out.WriteLine(CliApp.Version);
        return ExitCodes.Success;
    }
}

using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
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

        // The network worker switchrole-host starts (internal, not in the help): no parsing either.
        if (args is [WorkerCommand.Name])
        {
            Core.ProcessUmask.RestrictToUser();
            return await WorkerCommand.RunAsync(context).ConfigureAwait(false);
        }

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
        if (parse.Action is ParseErrorAction)
        {
            return UsageError(context, parse);
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }).ConfigureAwait(false);
    }

    /// <summary>The <c>--version</c> line: version, the commit it was built from, and the runtime identifier.</summary>
    public static string VersionLine => $"{BuildInfo.Version} (commit {BuildInfo.Commit}, {RuntimeInformation.RuntimeIdentifier})";

    /// <summary>
    /// A command line that does not parse (unknown option or command, missing required option, bad value): the
    /// messages and one hint on stderr, nothing on stdout (a script reading stdout gets nothing half-done), exit 2.
    /// </summary>
    internal static int UsageError(CliContext context, ParseResult parse)
    {
        foreach (var error in parse.Errors)
        {
            context.Error.WriteLine($"switchrole: {error.Message}");
        }

        var path = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            path.Insert(0, result.Parent is null ? "switchrole" : result.Command.Name);
        }

        var command = string.Join(' ', path);
        var suggestion = parse.UnmatchedTokens.Select(token => ClosestName(parse.CommandResult.Command, token)).FirstOrDefault(name => name is not null);
        context.Error.WriteLine(suggestion is null
            ? $"Run '{command} --help' for usage."
            : $"Did you mean '{suggestion}'? Run '{command} --help' for usage.");
        return ExitCodes.InvalidInput;
    }

    /// <summary>The option or subcommand of <paramref name="command"/> nearest to a mistyped token (at most 2 edits, or a unique prefix).</summary>
    private static string? ClosestName(Command command, string token)
    {
        var names = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
            .Concat(command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))
            .Where(name => name.Length > 2)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var prefixed = names.Where(name => name.StartsWith(token, StringComparison.Ordinal)).ToList();
        if (token.Length > 2 && prefixed.Count == 1)
        {
            return prefixed[0];
        }

        return names.Select(name => (Name: name, Distance: EditDistance(token, name)))
            .Where(candidate => candidate.Distance <= 2)
            .OrderBy(candidate => candidate.Distance)
            .Select(candidate => candidate.Name)
            .FirstOrDefault();
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
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
              source <(switchrole completion bash)

            Exit codes: 0 success, 1 failure, 2 invalid input or usage, 3 database unusable, 4 not found,
            5 caller not allowed (host mode), 6 AWS error.
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
        root.Subcommands.Add(CompletionCommand.Create(context));
        return root;
    }
}

internal sealed class PrintVersionAction(CliContext context) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        context.Out.WriteLine(CliApp.VersionLine);
        return ExitCodes.Success;
    }
}

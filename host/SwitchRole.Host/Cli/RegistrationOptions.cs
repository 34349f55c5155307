using System.CommandLine;
using SwitchRole.Core.Registration;

namespace SwitchRole.Host.Cli;

/// <summary>The options install, uninstall and doctor share, and how a command gets its registrar.</summary>
internal sealed class RegistrationOptions
{
    public Option<string> Browser { get; } = new("--browser")
    {
        Description = "Which browser; all means every browser found on this machine.",
        DefaultValueFactory = _ => "all",
    };

    public Option<string> ScopeName { get; } = new("--scope")
    {
        Description = "user: your account, no admin rights. system: every user, needs root or an administrator.",
        DefaultValueFactory = _ => "user",
    };

    public Option<DirectoryInfo?> UserDataDirectory { get; } = new("--user-data-dir")
    {
        Description = "The profile root of a Chromium browser started with --user-data-dir=DIR: registers in DIR/NativeMessagingHosts.",
        HelpName = "DIR",
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Print what would be written or removed, and change nothing.",
    };

    public RegistrationOptions()
    {
        Browser.AcceptOnlyFromAmong([.. BrowserCatalog.SelectorNames]);
        ScopeName.AcceptOnlyFromAmong("user", "system");
    }

    public RegistrationScope Scope(ParseResult parse) =>
        parse.GetValue(ScopeName) == "system" ? RegistrationScope.System : RegistrationScope.User;

    public void AddTo(Command command, bool includeDryRun = true)
    {
        command.Options.Add(Browser);
        command.Options.Add(ScopeName);
        command.Options.Add(UserDataDirectory);
        if (includeDryRun)
        {
            command.Options.Add(DryRun);
        }
    }

    /// <summary>The real machine unless a test supplies one; manifests allow <paramref name="ids"/> (default: the built-in ids).</summary>
    public static Registrar CreateRegistrar(CliContext context, RegistrationEnvironment? environment, IRegistry? registry, ExtensionIdSet? ids = null) =>
        new(environment ?? RegistrationEnvironment.FromProcess(context.GetEnvironmentVariable), registry) { ExtensionIds = ids ?? ExtensionIdSet.BuiltIn };

    public static string Verb(ChangeKind kind, bool dryRun) => (kind, dryRun) switch
    {
        (ChangeKind.Created, false) => "created",
        (ChangeKind.Created, true) => "would create",
        (ChangeKind.Updated, false) => "updated",
        (ChangeKind.Updated, true) => "would update",
        (ChangeKind.Removed, false) => "removed",
        (ChangeKind.Removed, true) => "would remove",
        (ChangeKind.Unchanged, _) => "unchanged",
        (ChangeKind.Absent, _) => "absent",
        (ChangeKind.Kept, _) => "kept",
        _ => kind.ToString(),
    };
}

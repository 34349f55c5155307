using System.CommandLine;
using SwitchRole.Core;
using SwitchRole.Core.Registration;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole uninstall</c>: removes exactly what install wrote, nothing else.</summary>
internal static class UninstallCommand
{
    public static Command Create(CliContext context, RegistrationEnvironment? environment = null, IRegistry? registry = null)
    {
        var options = new RegistrationOptions();
        options.Browser.Description = "Which browser; all means every browser SwitchRole knows, installed or not.";
        var command = new Command("uninstall", "Remove the registrations install wrote (manifest files; registry keys on Windows). Your database is kept.");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var dryRun = parse.GetValue(options.DryRun);
            var scope = options.Scope(parse);
            var userDataDirectory = parse.GetValue(options.UserDataDirectory)?.FullName;
            var selector = parse.GetValue(options.Browser)!;
            try
            {
                var registrar = RegistrationOptions.CreateRegistrar(context, environment, registry);
                IReadOnlyList<BrowserInfo> browsers = userDataDirectory is not null
                    ? registrar.Select(selector, userDataDirectory).Chosen
                    : selector.Equals("all", StringComparison.OrdinalIgnoreCase) ? BrowserCatalog.All : [BrowserCatalog.Find(selector)!];
                var changes = registrar.Uninstall(browsers, scope, userDataDirectory, dryRun);
                context.Out.WriteLine($"{(dryRun ? "Dry run: would unregister" : "Unregistering")} {Constants.HostName} ({scope.ToString().ToLowerInvariant()} scope).");
                foreach (var change in changes.Where(c => c.Kind != ChangeKind.Absent))
                {
                    var note = change.Note is null ? string.Empty : $" ({change.Note})";
                    context.Out.WriteLine($"  {RegistrationOptions.Verb(change.Kind, dryRun),-12} {change.Target.Describe()}{note}");
                }

                if (changes.All(c => c.Kind == ChangeKind.Absent))
                {
                    context.Out.WriteLine("  nothing to remove: no registration found.");
                }

                context.Out.WriteLine($"Your roles are still in {context.Paths.DatabasePath}; delete that folder yourself if you no longer want them.");
                return ExitCodes.Success;
            }
            catch (RegistrationException ex)
            {
                context.Error.WriteLine($"switchrole uninstall: {ex.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}

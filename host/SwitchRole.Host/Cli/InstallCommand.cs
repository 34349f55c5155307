using System.CommandLine;
using SwitchRole.Core;
using SwitchRole.Core.Registration;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole install</c>: registers this binary as the native-messaging host with browsers.</summary>
internal static class InstallCommand
{
    public static Command Create(CliContext context, RegistrationEnvironment? environment = null, IRegistry? registry = null)
    {
        var options = new RegistrationOptions();
        var command = new Command("install", "Register this switchrole binary with your browsers (host manifests; registry keys on Windows).");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var dryRun = parse.GetValue(options.DryRun);
            var scope = options.Scope(parse);
            var userDataDirectory = parse.GetValue(options.UserDataDirectory)?.FullName;
            try
            {
                var registrar = RegistrationOptions.CreateRegistrar(context, environment, registry);
                var selection = registrar.Select(parse.GetValue(options.Browser)!, userDataDirectory);
                var binary = registrar.Environment.RequireHostBinary();
                context.Out.WriteLine($"{(dryRun ? "Dry run: would register" : "Registering")} {binary} as {Constants.HostName} ({scope.ToString().ToLowerInvariant()} scope).");

                var changes = registrar.Install(selection.Chosen, scope, userDataDirectory, dryRun);
                foreach (var browser in selection.Chosen)
                {
                    var targets = registrar.Layout.TargetsFor(browser, scope, userDataDirectory);
                    var label = userDataDirectory is null ? browser.DisplayName : $"Chromium profile {userDataDirectory}";
                    context.Out.WriteLine($"  {label}:");
                    foreach (var target in targets)
                    {
                        var change = changes.First(c => c.Target == target);
                        context.Out.WriteLine($"    {RegistrationOptions.Verb(change.Kind, dryRun),-12} {target.Describe()}");
                    }
                }

                foreach (var skipped in selection.Skipped)
                {
                    context.Out.WriteLine($"  {skipped.Browser.DisplayName}: skipped, {skipped.Reason}");
                }

                foreach (var note in selection.Notes)
                {
                    context.Out.WriteLine($"  note: {note}");
                }

                if (dryRun)
                {
                    foreach (var family in selection.Chosen.Select(b => b.Family).Distinct())
                    {
                        context.Out.WriteLine($"{family} manifest:");
                        context.Out.Write(HostManifest.For(family, binary).ToJson());
                    }
                }

                if (selection.Skipped.Any(s => s.Named))
                {
                    return ExitCodes.Failure;
                }

                if (selection.Chosen.Count == 0)
                {
                    context.Error.WriteLine("No browser found to register with. Name one with --browser (for example --browser chrome) to register anyway.");
                    return ExitCodes.NotFound;
                }

                if (!dryRun)
                {
                    context.Out.WriteLine("Done. Restart the browsers (or reload the extension) so they read the new registration; 'switchrole doctor' checks it.");
                }

                return ExitCodes.Success;
            }
            catch (RegistrationException ex)
            {
                context.Error.WriteLine($"switchrole install: {ex.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json;
using SwitchRole.Core;
using SwitchRole.Core.Model;
using SwitchRole.Core.Registration;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole install</c>: registers this binary as the native-messaging host with browsers.</summary>
internal static class InstallCommand
{
    public static Command Create(CliContext context, RegistrationEnvironment? environment = null, IRegistry? registry = null)
    {
        var options = new RegistrationOptions();
        var extensionIds = new Option<string[]>("--extension-id")
        {
            Description = "Also serve this extension (repeatable): a Chromium id (32 letters a-p, from chrome://extensions or a store page) or a Firefox add-on id (name@example.com or {GUID}). Kept in config.json in the data folder, so later installs keep it.",
            HelpName = "ID",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print what was done as JSON (keys: binary, hostName, scope, dryRun, extensionIds, browsers[id, name, targets[target, change]], skipped[id, name, reason], notes)." };
        var command = new Command("install", """
            Register this switchrole binary with your browsers (host manifests; registry keys on Windows).
            Safe to run again: manifests are rewritten only when they differ.

            Examples:
              switchrole install
              switchrole install --browser firefox --dry-run
              switchrole install --extension-id abcdefghijklmnopabcdefghijklmnop --extension-id switchrole@example.com
            """);
        options.AddTo(command);
        command.Options.Add(extensionIds);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var dryRun = parse.GetValue(options.DryRun);
            var scope = options.Scope(parse);
            var userDataDirectory = parse.GetValue(options.UserDataDirectory)?.FullName;
            var asJson = parse.GetValue(json);
            var output = asJson ? TextWriter.Null : context.Out;
            try
            {
                var added = parse.GetValue(extensionIds) ?? [];
                foreach (var id in added)
                {
                    ExtensionIds.Require(id, "--extension-id");
                }

                var configuration = HostConfiguration.Load(context.Paths);
                var updated = configuration.WithExtensionIds(added);
                if (!dryRun && updated.ExtensionIds.Count != configuration.ExtensionIds.Count)
                {
                    // Kept before the manifests are written: a browser allowed to start the host finds it serving the id.
                    updated.Save(context.Paths);
                    output.WriteLine($"Serving extension ids {string.Join(", ", added)} (kept in {context.Paths.ConfigurationPath}).");
                }

                var registrar = RegistrationOptions.CreateRegistrar(context, environment, registry, updated.Served);
                var selection = registrar.Select(parse.GetValue(options.Browser)!, userDataDirectory);
                var binary = registrar.Environment.RequireBrowserHost();
                output.WriteLine($"{(dryRun ? "Dry run: would register" : "Registering")} {binary} as {Constants.HostName} ({scope.ToString().ToLowerInvariant()} scope).");

                var changes = registrar.Install(selection.Chosen, scope, userDataDirectory, dryRun);
                var browsers = new List<InstalledBrowserDto>();
                foreach (var browser in selection.Chosen)
                {
                    var targets = registrar.Layout.TargetsFor(browser, scope, userDataDirectory);
                    var label = userDataDirectory is null ? browser.DisplayName : $"Chromium profile {userDataDirectory}";
                    output.WriteLine($"  {label}:");
                    var done = new List<TargetChangeDto>();
                    foreach (var target in targets)
                    {
                        var change = changes.First(c => c.Target == target);
                        output.WriteLine($"    {RegistrationOptions.Verb(change.Kind, dryRun),-12} {target.Describe()}");
                        done.Add(new TargetChangeDto(target.Describe(), change.Kind.ToString().ToLowerInvariant()));
                    }

                    browsers.Add(new InstalledBrowserDto(browser.Id, label, done));
                }

                foreach (var skipped in selection.Skipped)
                {
                    output.WriteLine($"  {skipped.Browser.DisplayName}: skipped, {skipped.Reason}");
                }

                foreach (var note in selection.Notes)
                {
                    output.WriteLine($"  note: {note}");
                }

                if (dryRun)
                {
                    foreach (var family in selection.Chosen.Select(b => b.Family).Distinct())
                    {
                        output.WriteLine($"{family} manifest:");
                        output.Write(HostManifest.For(family, binary, registrar.ExtensionIds).ToJson());
                    }
                }

                if (asJson)
                {
                    var report = new InstallReportDto(
                        binary, Constants.HostName, scope.ToString().ToLowerInvariant(), dryRun,
                        new ExtensionIdsDto(registrar.ExtensionIds.Chromium, registrar.ExtensionIds.Firefox),
                        browsers,
                        [.. selection.Skipped.Select(s => new SkippedBrowserDto(s.Browser.Id, s.Browser.DisplayName, s.Reason))],
                        selection.Notes);
                    context.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.InstallReportDto));
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
                    output.WriteLine("Done. Restart the browsers (or reload the extension) so they read the new registration; 'switchrole doctor' checks it.");
                }

                return ExitCodes.Success;
            }
            catch (ValidationException ex)
            {
                context.Error.WriteLine($"switchrole install: {ex.Message}");
                return ExitCodes.InvalidInput;
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

using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using SwitchRole.Core;
using SwitchRole.Core.Registration;
using SwitchRole.Core.Storage;

namespace SwitchRole.Host.Cli;

/// <summary>The outcome of one doctor check.</summary>
internal enum CheckStatus
{
    [JsonStringEnumMemberName("ok")]
    Ok,
    [JsonStringEnumMemberName("warn")]
    Warn,
    [JsonStringEnumMemberName("skip")]
    Skip,
    [JsonStringEnumMemberName("fail")]
    Fail,
}

/// <summary>One doctor line: what was checked, what was found, and for a failure the fix.</summary>
internal sealed record DoctorCheck(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] CheckStatus Status,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("fix")] string? Fix = null);

internal sealed record DoctorReport(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("checks")] IReadOnlyList<DoctorCheck> Checks);

[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 2, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext;

/// <summary>
/// <c>switchrole doctor</c>: checks the binary, every browser's registration, a real start of the registered
/// binary as a browser would start it, the database and the log folder. Exit status 1 when any check fails.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext context, RegistrationEnvironment? environment = null, IRegistry? registry = null)
    {
        var userDataDirectory = new Option<DirectoryInfo?>("--user-data-dir")
        {
            Description = "Also check the registration inside this Chromium profile root.",
        };
        var json = new Option<bool>("--json") { Description = "Print the checks as JSON, for scripts." };
        var command = new Command("doctor", "Check that browsers can start switchrole, and say how to fix what is wrong.");
        command.Options.Add(userDataDirectory);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // The ids added with install --extension-id are expected in every manifest; a broken file is a check of its own.
            DoctorCheck configurationCheck;
            var ids = ExtensionIdSet.BuiltIn;
            try
            {
                var configuration = HostConfiguration.Load(context.Paths);
                ids = configuration.Served;
                configurationCheck = new DoctorCheck("extension ids", CheckStatus.Ok, configuration.ExtensionIds.Count == 0
                    ? "the built-in ids only"
                    : $"also serving {string.Join(", ", configuration.ExtensionIds)} ({context.Paths.ConfigurationPath})");
            }
            catch (RegistrationException ex)
            {
                configurationCheck = new DoctorCheck("extension ids", CheckStatus.Fail, ex.Message, $"fix or delete {context.Paths.ConfigurationPath}, then run switchrole install");
            }

            var registrar = RegistrationOptions.CreateRegistrar(context, environment, registry, ids);
            var checks = await RunChecksAsync(context, registrar, parse.GetValue(userDataDirectory)?.FullName, cancellationToken).ConfigureAwait(false);
            checks = [.. checks, configurationCheck];
            var report = new DoctorReport(checks.All(c => c.Status != CheckStatus.Fail), checks);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(report, DoctorJsonContext.Default.DoctorReport));
            }
            else
            {
                foreach (var check in checks)
                {
                    var fix = check.Fix is null ? string.Empty : $" -> fix: {check.Fix}";
                    context.Out.WriteLine($"{Mark(check.Status)} {check.Name}: {check.Detail}{fix}");
                }

                context.Out.WriteLine(report.Ok ? "All checks passed." : $"{checks.Count(c => c.Status == CheckStatus.Fail)} check(s) failed.");
            }

            return report.Ok ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    internal static async Task<IReadOnlyList<DoctorCheck>> RunChecksAsync(CliContext context, Registrar registrar, string? userDataDirectory, CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        var environment = registrar.Environment;
        string binary;
        try
        {
            binary = environment.RequireBrowserHost();
            checks.Add(CheckBinary(binary));
        }
        catch (RegistrationException ex)
        {
            checks.Add(new DoctorCheck("binary", CheckStatus.Fail, ex.Message, "run the installed switchrole (installers/ put it in a per-user bin folder)"));
            return checks;
        }

        var registered = new List<(ManifestFileTarget Manifest, BrowserInfo Browser)>();
        foreach (var browser in BrowserCatalog.All)
        {
            checks.Add(CheckBrowser(registrar, browser, binary, null, registered));
        }

        if (userDataDirectory is not null)
        {
            checks.Add(CheckBrowser(registrar, BrowserCatalog.Chromium, binary, userDataDirectory, registered));
        }

        // Start the registered binary exactly as the browsers would: Chromium with the extension origin, Firefox
        // with the manifest path and add-on id. Without any registration, test this binary the Chromium way.
        var chromiumSelfTest = registered.FirstOrDefault(r => r.Manifest.Family == BrowserFamily.Chromium);
        if (chromiumSelfTest.Manifest is not null || registered.Count == 0)
        {
            var path = chromiumSelfTest.Manifest is null ? binary : RegisteredPath(chromiumSelfTest.Manifest) ?? binary;
            checks.Add(await SelfTestAsync(context, "self-test (as Chromium starts it)", path, HostSelfTest.ChromiumArguments(Constants.ChromiumExtensionIds[0]), cancellationToken).ConfigureAwait(false));
        }

        var firefoxSelfTest = registered.FirstOrDefault(r => r.Manifest.Family == BrowserFamily.Firefox);
        if (firefoxSelfTest.Manifest is not null)
        {
            var path = RegisteredPath(firefoxSelfTest.Manifest) ?? binary;
            checks.Add(await SelfTestAsync(context, "self-test (as Firefox starts it)", path, HostSelfTest.FirefoxArguments(firefoxSelfTest.Manifest.Path, Constants.FirefoxAddonIds[0]), cancellationToken).ConfigureAwait(false));
        }

        checks.Add(CheckDatabase(context.Paths));
        checks.AddRange(SourceCommand.DoctorChecks(context.Paths));
        checks.Add(CheckLogFolder(context.Paths));
        checks.AddRange(ConsoleDiagnostics(context.Paths));
        return checks;
    }

    /// <summary>The last console-hook report each browser's extension sent (<c>diagnostics.report</c>): a console change shows up here.</summary>
    internal static IEnumerable<DoctorCheck> ConsoleDiagnostics(AppPaths paths)
    {
        foreach (var browser in SwitchRole.Core.Handlers.DiagnosticsReportHandler.Browsers)
        {
            var name = $"console hooks ({browser})";
            var report = SwitchRole.Core.Handlers.DiagnosticsReportHandler.Load(paths, browser);
            if (report is null)
            {
                yield return new DoctorCheck(name, CheckStatus.Skip, "no report yet (the extension sends one from each AWS console page)");
                continue;
            }

            var detail = SwitchRole.Core.Handlers.DiagnosticsReportHandler.Describe(report);
            yield return report.Missing.Count == 0
                ? new DoctorCheck(name, CheckStatus.Ok, detail)
                : new DoctorCheck(name, CheckStatus.Warn, detail,
                    "the console changed: SwitchRole still works (floating button, the console's own switch-role page); copy the popup's diagnostics into a bug report");
        }
    }

    private static DoctorCheck CheckBinary(string binary)
    {
        if (!File.Exists(binary))
        {
            return new DoctorCheck("binary", CheckStatus.Fail, $"{binary} does not exist", "reinstall with installers/<your OS>/install");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(binary) & UnixFileMode.UserExecute) == 0)
        {
            return new DoctorCheck("binary", CheckStatus.Fail, $"{binary} is not executable", $"chmod +x '{binary}'");
        }

        return new DoctorCheck("binary", CheckStatus.Ok, binary);
    }

    private static DoctorCheck CheckBrowser(Registrar registrar, BrowserInfo browser, string binary, string? userDataDirectory, List<(ManifestFileTarget, BrowserInfo)> registered)
    {
        var name = userDataDirectory is null ? browser.DisplayName : $"Chromium profile {userDataDirectory}";
        var install = userDataDirectory is null ? $"switchrole install --browser {browser.Id}" : $"switchrole install --browser chromium --user-data-dir '{userDataDirectory}'";
        var presence = userDataDirectory is null ? registrar.Layout.Detect(browser) : new BrowserPresence(userDataDirectory, null);
        var userTargets = registrar.Layout.TargetsFor(browser, RegistrationScope.User, userDataDirectory);
        var systemTargets = userDataDirectory is null ? registrar.Layout.TargetsFor(browser, RegistrationScope.System, null) : [];
        IReadOnlyList<RegistrationTarget> targets = [.. userTargets.Concat(systemTargets).Distinct()];

        var present = targets.Where(t => IsPresent(registrar, t)).ToList();
        if (presence.SandboxEvidence is { } sandbox && !SandboxAdvice.Works(browser, sandbox) && !presence.IsInstalled)
        {
            return new DoctorCheck(name, CheckStatus.Warn, SandboxAdvice.Explain(browser, sandbox));
        }

        // A browser that is not installed is only checked when a place that it alone reads holds a registration:
        // a folder it shares with another browser (Opera reads Google Chrome's) belongs to that browser's line.
        if (!presence.IsInstalled && userDataDirectory is null && !present.Any(t => !SharedWithOtherBrowsers(registrar, browser).Contains(t)))
        {
            return new DoctorCheck(name, CheckStatus.Skip, "not found, not registered");
        }

        if (present.Count == 0)
        {
            return new DoctorCheck(name, CheckStatus.Fail, $"found ({presence.Evidence}) but not registered", install);
        }

        var problems = new List<string>();
        // A registration is complete when every user-scope target exists, or every system-scope one does.
        var complete = userTargets.All(present.Contains) || (systemTargets.Count > 0 && systemTargets.All(present.Contains));
        if (!complete)
        {
            problems.Add("missing " + string.Join(", ", userTargets.Where(t => !present.Contains(t)).Select(t => t.Describe())));
        }

        var ids = registrar.ExtensionIds;
        foreach (var target in present)
        {
            var system = !userTargets.Contains(target);
            switch (target)
            {
                case ManifestFileTarget file:
                    // A machine-wide registration (a .deb's) points at that install's binary, not at the one running doctor.
                    var expected = binary;
                    if (system && RegisteredPath(file) is { } systemBinary)
                    {
                        if (!File.Exists(systemBinary))
                        {
                            problems.Add($"{file.Path}: path {systemBinary} does not exist");
                            break;
                        }

                        expected = systemBinary;
                    }

                    problems.AddRange(ManifestValidator.Validate(file.Path, file.Family, expected, ids).Select(p => $"{file.Path}: {p}"));
                    registered.Add((file, browser));
                    break;
                case RegistryKeyTarget key:
                    var value = registrar.Registry.GetDefaultValue(key.Hive, key.KeyPath);
                    if (!string.Equals(value, key.ManifestPath, StringComparison.OrdinalIgnoreCase))
                    {
                        problems.Add($"{key.Describe()} points at {value}, expected {key.ManifestPath}");
                    }

                    break;
            }
        }

        if (problems.Count > 0)
        {
            var fix = present.All(t => !userTargets.Contains(t))
                ? "the machine-wide registration is broken: reinstall the switchrole package (root needed), or register for your user with " + install
                : install;
            return new DoctorCheck(name, CheckStatus.Fail, string.Join("; ", problems), fix);
        }

        var where = string.Join(", ", present.Select(t => userTargets.Contains(t) ? $"user: {t.Describe()}" : $"system: {t.Describe()}"));
        var sandboxNote = presence.SandboxEvidence is { } s ? " " + SandboxAdvice.Explain(browser, s) : string.Empty;
        return new DoctorCheck(name, sandboxNote.Length > 0 ? CheckStatus.Warn : CheckStatus.Ok, $"registered ({where}){sandboxNote}");
    }

    /// <summary>The targets of <paramref name="browser"/> that another browser in the catalog reads too.</summary>
    private static HashSet<RegistrationTarget> SharedWithOtherBrowsers(Registrar registrar, BrowserInfo browser) =>
    [
        .. BrowserCatalog.All.Where(other => other != browser)
            .SelectMany(other => RegistrationScopes.SelectMany(scope => registrar.Layout.TargetsFor(other, scope, null))),
    ];

    private static readonly RegistrationScope[] RegistrationScopes = [RegistrationScope.User, RegistrationScope.System];

    private static bool IsPresent(Registrar registrar, RegistrationTarget target) => target switch
    {
        ManifestFileTarget file => File.Exists(file.Path),
        RegistryKeyTarget key => registrar.Registry.GetDefaultValue(key.Hive, key.KeyPath) is not null,
        _ => false,
    };

    private static string? RegisteredPath(ManifestFileTarget manifest)
    {
        try
        {
            return HostManifest.TryParse(File.ReadAllText(manifest.Path), out _)?.Path is { } path && Path.IsPathFullyQualified(path) ? path : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task<DoctorCheck> SelfTestAsync(CliContext context, string name, string binary, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        // The host must open the same data folder this doctor checks.
        var environment = new Dictionary<string, string?> { [Constants.HomeEnvironmentVariable] = context.Paths.Home };
        var result = await HostSelfTest.RunAsync(binary, arguments, environment, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return new DoctorCheck(name, CheckStatus.Fail, $"{binary} {string.Join(' ', arguments)}: {result.Problem}",
                "reinstall with installers/<your OS>/install; the log folder may say more");
        }

        return result.ProtocolVersion == 1
            ? new DoctorCheck(name, CheckStatus.Ok, $"hello answered in {result.Elapsed.TotalMilliseconds:0} ms (host {result.HostVersion}, protocol {result.ProtocolVersion})")
            : new DoctorCheck(name, CheckStatus.Fail, $"the host speaks protocol {result.ProtocolVersion}; this doctor expects 1", "install matching versions of switchrole and the extension");
    }

    private static DoctorCheck CheckDatabase(AppPaths paths)
    {
        try
        {
            var database = SwitchRoleDatabase.Open(paths.DatabasePath);
            return new DoctorCheck("database", CheckStatus.Ok, $"{database.Path} opens, schema version {database.SchemaVersion}");
        }
        catch (StoreUnavailableException ex)
        {
            return new DoctorCheck("database", CheckStatus.Fail, ex.Message, $"see the message; backups are in {paths.BackupDirectory}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new DoctorCheck("database", CheckStatus.Fail, $"{paths.DatabasePath}: {ex.Message}", $"make {paths.Home} writable for your user");
        }
    }

    private static DoctorCheck CheckLogFolder(AppPaths paths)
    {
        try
        {
            Directory.CreateDirectory(paths.LogDirectory);
            var probe = Path.Combine(paths.LogDirectory, $".doctor-{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return new DoctorCheck("log folder", CheckStatus.Ok, $"{paths.LogDirectory} is writable");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new DoctorCheck("log folder", CheckStatus.Fail, $"{paths.LogDirectory}: {ex.Message}", $"make {paths.LogDirectory} writable for your user");
        }
    }

    private static string Mark(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "[ ok ]",
        CheckStatus.Warn => "[warn]",
        CheckStatus.Skip => "[skip]",
        _ => "[FAIL]",
    };
}

using SwitchRole.Core.Registration.Posix;
using SwitchRole.Core.Registration.Windows;

namespace SwitchRole.Core.Registration;

/// <summary>What happened to one target (or, in a dry run, what would).</summary>
public enum ChangeKind
{
    Created,
    Updated,
    Unchanged,
    Removed,

    /// <summary>Uninstall found nothing to remove.</summary>
    Absent,

    /// <summary>Uninstall left it because another installed browser reads the same file or key, or it is not ours.</summary>
    Kept,
}

public sealed record RegistrationChange(RegistrationTarget Target, ChangeKind Kind, string? Note = null);

/// <summary>
/// Registers the host with browsers and removes exactly what it registered. The OS layout is chosen once,
/// here, from <see cref="RegistrationEnvironment.Os"/>.
/// </summary>
public sealed class Registrar
{
    private readonly IRegistry? registry;

    public Registrar(RegistrationEnvironment environment, IRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        if (environment.Os == HostOs.Windows)
        {
            Layout = new WindowsLayout(environment);
            this.registry = registry ?? (OperatingSystem.IsWindows() ? new WindowsRegistry() : null)
                ?? throw new RegistrationException("The Windows layout needs a registry.");
        }
        else
        {
            Layout = new PosixLayout(environment);
            this.registry = registry;
        }
    }

    public RegistrationEnvironment Environment { get; }

    /// <summary>The extension ids every manifest allows: the built-in ones unless the caller passes its configuration's.</summary>
    public ExtensionIdSet ExtensionIds { get; init; } = ExtensionIdSet.BuiltIn;

    public IRegistrationLayout Layout { get; }

    /// <summary>
    /// Resolves <c>--browser</c>. <c>all</c> means every browser found on this machine (see
    /// <see cref="IRegistrationLayout.Detect"/>); a named browser is chosen even when not found, unless it is
    /// a sandboxed build where a manifest cannot work. With a user-data-dir, <c>all</c> means "the Chromium
    /// browser using that folder", and Firefox-family browsers are refused.
    /// </summary>
    public BrowserSelection Select(string selector, string? userDataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(selector);
        var all = selector.Equals("all", StringComparison.OrdinalIgnoreCase);
        var named = all ? null : BrowserCatalog.Find(selector)
            ?? throw new RegistrationException($"Unknown browser '{selector}'. Use one of: {string.Join(", ", BrowserCatalog.SelectorNames)}.");

        if (userDataDirectory is not null)
        {
            if (named is { Family: BrowserFamily.Firefox })
            {
                throw new RegistrationException($"--user-data-dir is a Chromium option; {named.DisplayName} reads its hosts from a fixed folder.");
            }

            return new BrowserSelection([named ?? BrowserCatalog.Chromium], [], []);
        }

        var chosen = new List<BrowserInfo>();
        var skipped = new List<SkippedBrowser>();
        var notes = new List<string>();
        foreach (var browser in named is null ? BrowserCatalog.All : [named])
        {
            var presence = Layout.Detect(browser);
            if (presence.SandboxEvidence is { } sandbox)
            {
                if (SandboxAdvice.Works(browser, sandbox))
                {
                    notes.Add(SandboxAdvice.Explain(browser, sandbox));
                    chosen.Add(browser);
                    continue;
                }

                if (!presence.IsInstalled)
                {
                    skipped.Add(new SkippedBrowser(browser, SandboxAdvice.Explain(browser, sandbox), named is not null));
                    continue;
                }

                notes.Add($"{SandboxAdvice.Explain(browser, sandbox)} The native {browser.DisplayName} ({presence.Evidence}) is registered.");
            }

            if (presence.IsInstalled || named is not null)
            {
                chosen.Add(browser);
            }
            else
            {
                skipped.Add(new SkippedBrowser(browser, "not found", Named: false));
            }
        }

        return new BrowserSelection(chosen, skipped, notes);
    }

    public IReadOnlyList<RegistrationChange> Install(IReadOnlyList<BrowserInfo> browsers, RegistrationScope scope, string? userDataDirectory, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(browsers);
        var binary = Environment.RequireBrowserHost();
        var changes = new List<RegistrationChange>();
        foreach (var target in TargetsOf(browsers, scope, userDataDirectory))
        {
            changes.Add(target switch
            {
                ManifestFileTarget file => WriteManifest(file, HostManifest.For(file.Family, binary, ExtensionIds).ToJson(), dryRun),
                RegistryKeyTarget key => SetKey(key, dryRun),
                _ => throw new InvalidOperationException($"Unknown target {target}."),
            });
        }

        return changes;
    }

    /// <summary>
    /// Removes what install writes for <paramref name="browsers"/>. A file or key that another installed
    /// browser outside the selection also reads (Opera and Chrome share Chrome's folder; several browsers
    /// share the Google\Chrome key) is kept; a key pointing at a file SwitchRole did not write is left alone.
    /// </summary>
    public IReadOnlyList<RegistrationChange> Uninstall(IReadOnlyList<BrowserInfo> browsers, RegistrationScope scope, string? userDataDirectory, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(browsers);
        var targets = TargetsOf(browsers, scope, userDataDirectory);
        var stillUsed = userDataDirectory is not null
            ? []
            : TargetsOf([.. BrowserCatalog.All.Where(b => !browsers.Contains(b) && Layout.Detect(b).IsInstalled)], scope, null).ToHashSet();

        var changes = new List<RegistrationChange>();
        var removedKeys = new HashSet<RegistryKeyTarget>();
        foreach (var key in targets.OfType<RegistryKeyTarget>())
        {
            var current = Registry.GetDefaultValue(key.Hive, key.KeyPath);
            if (current is null)
            {
                changes.Add(new RegistrationChange(key, ChangeKind.Absent));
            }
            else if (stillUsed.Contains(key))
            {
                changes.Add(new RegistrationChange(key, ChangeKind.Kept, "another installed browser reads it"));
            }
            else if (!string.Equals(current, key.ManifestPath, StringComparison.OrdinalIgnoreCase))
            {
                changes.Add(new RegistrationChange(key, ChangeKind.Kept, $"points at {current}, which SwitchRole did not write"));
            }
            else
            {
                if (!dryRun)
                {
                    Registry.DeleteKey(key.Hive, key.KeyPath);
                }

                removedKeys.Add(key);
                changes.Add(new RegistrationChange(key, ChangeKind.Removed));
            }
        }

        foreach (var file in targets.OfType<ManifestFileTarget>())
        {
            if (!File.Exists(file.Path))
            {
                changes.Add(new RegistrationChange(file, ChangeKind.Absent));
            }
            else if (stillUsed.Contains(file) || KeyStillPointsAt(file.Path, scope, removedKeys))
            {
                changes.Add(new RegistrationChange(file, ChangeKind.Kept, "another installed browser reads it"));
            }
            else
            {
                if (!dryRun)
                {
                    Guard(file.Path, () => File.Delete(file.Path));
                }

                changes.Add(new RegistrationChange(file, ChangeKind.Removed));
            }
        }

        return changes;
    }

    /// <summary>Every target of <paramref name="browsers"/>, without duplicates, in install order.</summary>
    public IReadOnlyList<RegistrationTarget> TargetsOf(IReadOnlyList<BrowserInfo> browsers, RegistrationScope scope, string? userDataDirectory)
    {
        ArgumentNullException.ThrowIfNull(browsers);
        return [.. browsers.SelectMany(b => Layout.TargetsFor(b, scope, userDataDirectory)).Distinct()];
    }

    /// <summary>The registry, which only the Windows layout has.</summary>
    public IRegistry Registry => registry ?? throw new InvalidOperationException("This layout has no registry.");

    private bool KeyStillPointsAt(string manifestPath, RegistrationScope scope, HashSet<RegistryKeyTarget> removedKeys)
    {
        if (registry is null)
        {
            return false;
        }

        return TargetsOf(BrowserCatalog.All, scope, null).OfType<RegistryKeyTarget>()
            .Where(key => key.ManifestPath == manifestPath && !removedKeys.Contains(key))
            .Any(key => string.Equals(registry.GetDefaultValue(key.Hive, key.KeyPath), manifestPath, StringComparison.OrdinalIgnoreCase));
    }

    private static RegistrationChange WriteManifest(ManifestFileTarget file, string json, bool dryRun)
    {
        var exists = File.Exists(file.Path);
        if (exists && File.ReadAllText(file.Path) == json)
        {
            return new RegistrationChange(file, ChangeKind.Unchanged);
        }

        if (!dryRun)
        {
            Guard(file.Path, () =>
            {
                var directory = Path.GetDirectoryName(file.Path)!;
                Directory.CreateDirectory(directory);
                // Write beside, then rename: a browser reading mid-write never sees half a manifest.
                var temporary = Path.Combine(directory, $".{Path.GetFileName(file.Path)}.{System.Environment.ProcessId}.tmp");
                File.WriteAllText(temporary, json);
                if (!OperatingSystem.IsWindows())
                {
                    // Browsers must be able to read it whatever the umask (system installs often run with 027).
                    File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                }

                File.Move(temporary, file.Path, overwrite: true);
            });
        }

        return new RegistrationChange(file, exists ? ChangeKind.Updated : ChangeKind.Created);
    }

    private RegistrationChange SetKey(RegistryKeyTarget key, bool dryRun)
    {
        var current = Registry.GetDefaultValue(key.Hive, key.KeyPath);
        if (current == key.ManifestPath)
        {
            return new RegistrationChange(key, ChangeKind.Unchanged);
        }

        if (!dryRun)
        {
            Guard(key.Describe(), () => Registry.SetDefaultValue(key.Hive, key.KeyPath, key.ManifestPath));
        }

        return new RegistrationChange(key, current is null ? ChangeKind.Created : ChangeKind.Updated);
    }

    private static void Guard(string what, Action action)
    {
        try
        {
            action();
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RegistrationException($"Not allowed to change {what}: {ex.Message} (system scope needs root or an administrator).", ex);
        }
        catch (IOException ex)
        {
            throw new RegistrationException($"Cannot change {what}: {ex.Message}", ex);
        }
    }
}

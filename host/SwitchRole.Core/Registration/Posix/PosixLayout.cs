namespace SwitchRole.Core.Registration.Posix;

/// <summary>
/// Linux and macOS: one manifest file per browser folder. User scope writes the per-user folders (which
/// follow <c>$XDG_CONFIG_HOME</c> for the Chromium family on Linux); system scope the machine-wide ones.
/// </summary>
internal sealed class PosixLayout(RegistrationEnvironment environment) : IRegistrationLayout
{
    public static string ManifestFileName => Constants.HostName + ".json";

    public IReadOnlyList<RegistrationTarget> TargetsFor(BrowserInfo browser, RegistrationScope scope, string? userDataDirectory)
    {
        ArgumentNullException.ThrowIfNull(browser);
        if (userDataDirectory is not null)
        {
            // Chromium reads <user-data-dir>/NativeMessagingHosts, and only that, when started with --user-data-dir.
            return [new ManifestFileTarget(Path.Combine(Path.GetFullPath(userDataDirectory), "NativeMessagingHosts", ManifestFileName), browser.Family)];
        }

        IEnumerable<string> directories = (environment.Os, scope) switch
        {
            (HostOs.MacOS, RegistrationScope.User) => browser.MacProfileRoots.Select(root => Path.Combine(environment.MacApplicationSupport, root, "NativeMessagingHosts")),
            (HostOs.MacOS, RegistrationScope.System) => browser.MacSystemDirectories.Select(environment.SystemPath),
            (_, RegistrationScope.User) when browser.Family == BrowserFamily.Firefox =>
                browser.LinuxProfileRoots.Select(root => Path.Combine(environment.HomeDirectory, root, "native-messaging-hosts")),
            (_, RegistrationScope.User) => browser.LinuxProfileRoots.Select(root => Path.Combine(environment.LinuxConfigHome, root, "NativeMessagingHosts")),
            _ => browser.LinuxSystemDirectories.Select(environment.SystemPath),
        };
        return [.. directories.Select(directory => new ManifestFileTarget(Path.Combine(directory, ManifestFileName), browser.Family))];
    }

    public BrowserPresence Detect(BrowserInfo browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        if (environment.Os == HostOs.MacOS)
        {
            var profile = Path.Combine(environment.MacApplicationSupport, browser.MacProfileRoots[0]);
            var app = browser.MacApplications
                .SelectMany(name => new[] { Path.Combine(environment.SystemPath("/Applications"), name), Path.Combine(environment.HomeDirectory, "Applications", name) })
                .FirstOrDefault(Directory.Exists);
            return new BrowserPresence(Directory.Exists(profile) ? profile : app, null);
        }

        var root = browser.Family == BrowserFamily.Firefox ? environment.HomeDirectory : environment.LinuxConfigHome;
        var profileRoot = Path.Combine(root, browser.LinuxProfileRoots[0]);
        var sandbox = browser.FlatpakIds.Select(id => Path.Combine(environment.HomeDirectory, ".var", "app", id))
            .Concat(browser.SnapNames.Select(name => Path.Combine(environment.HomeDirectory, "snap", name)))
            .FirstOrDefault(Directory.Exists);
        if (Directory.Exists(profileRoot))
        {
            return new BrowserPresence(profileRoot, sandbox);
        }

        // On Ubuntu /usr/bin/chromium-browser and firefox are shims that start the Snap: when the Snap's folder
        // exists and the native profile folder does not, the executable on PATH is not evidence of a native install.
        var executable = browser.LinuxExecutables.Select(environment.FindOnPath).FirstOrDefault(path => path is not null);
        return sandbox is not null ? new BrowserPresence(null, sandbox) : new BrowserPresence(executable, null);
    }
}

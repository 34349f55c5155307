namespace SwitchRole.Core.Registration.Windows;

/// <summary>
/// Windows: browsers find hosts through the registry. One manifest file per family under
/// <c>%LOCALAPPDATA%\SwitchRole\NativeMessagingHosts</c> (system scope: <c>%ProgramData%</c>), and for each browser a key
/// <c>Software\&lt;vendor&gt;\NativeMessagingHosts\&lt;host name&gt;</c> whose default value is that file's path, in HKCU
/// (system scope: HKLM).
/// </summary>
internal sealed class WindowsLayout(RegistrationEnvironment environment) : IRegistrationLayout
{
    public IReadOnlyList<RegistrationTarget> TargetsFor(BrowserInfo browser, RegistrationScope scope, string? userDataDirectory)
    {
        ArgumentNullException.ThrowIfNull(browser);
        if (userDataDirectory is not null)
        {
            throw new RegistrationException("--user-data-dir applies to Linux and macOS only: on Windows, Chromium browsers find hosts through the registry whatever their profile folder.");
        }

        var manifest = ManifestPath(browser.Family, scope);
        var hive = scope == RegistrationScope.User ? RegistryHive.CurrentUser : RegistryHive.LocalMachine;
        return
        [
            new ManifestFileTarget(manifest, browser.Family),
            .. browser.WindowsKeys.Select(key => new RegistryKeyTarget(hive, $@"Software\{key}\NativeMessagingHosts\{Constants.HostName}", manifest)),
        ];
    }

    public BrowserPresence Detect(BrowserInfo browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var root = browser.WindowsProfileRoaming ? environment.WindowsRoamingAppData : environment.WindowsLocalAppData;
        var profile = Path.Combine(root, browser.WindowsProfileRoot.Replace('\\', Path.DirectorySeparatorChar));
        return new BrowserPresence(Directory.Exists(profile) ? profile : null, null);
    }

    private string ManifestPath(BrowserFamily family, RegistrationScope scope)
    {
        var root = scope == RegistrationScope.User ? environment.WindowsLocalAppData : environment.WindowsProgramData;
        var suffix = family == BrowserFamily.Chromium ? "chromium" : "firefox";
        return Path.Combine(root, "SwitchRole", "NativeMessagingHosts", $"{Constants.HostName}.{suffix}.json");
    }
}

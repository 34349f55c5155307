namespace SwitchRole.Core.Registration;

/// <summary>Which manifest shape a browser reads.</summary>
public enum BrowserFamily
{
    /// <summary>Chrome and its forks: <c>allowed_origins</c>.</summary>
    Chromium,

    /// <summary>Firefox and its forks: <c>allowed_extensions</c>.</summary>
    Firefox,
}

/// <summary>
/// Where one browser looks for native-messaging host manifests, and how to tell it is installed.
/// The facts come from the table in the project's native-messaging reference (section 3).
/// </summary>
/// <remarks>
/// <c>Id</c> is the name used on the command line (<c>--browser chrome</c>).
/// <c>LinuxProfileRoots</c> are relative to <c>$XDG_CONFIG_HOME</c> (default <c>~/.config</c>) for the Chromium
/// family and to <c>$HOME</c> for the Firefox family; the first is the browser's own folder (used for detection),
/// later ones are other browsers' folders it also reads (Opera reads Chrome's). <c>MacProfileRoots</c> are
/// relative to <c>~/Library/Application Support</c>, first entry as above. <c>WindowsKeys</c> are registry keys
/// under <c>Software\</c>, each with a <c>NativeMessagingHosts\&lt;name&gt;</c> subkey. <c>WindowsProfileRoot</c> is
/// the browser's own folder, relative to <c>%LOCALAPPDATA%</c> or, when <c>WindowsProfileRoaming</c>, <c>%APPDATA%</c>.
/// </remarks>
public sealed record BrowserInfo(
    string Id,
    string DisplayName,
    BrowserFamily Family,
    IReadOnlyList<string> LinuxProfileRoots,
    IReadOnlyList<string> LinuxSystemDirectories,
    IReadOnlyList<string> LinuxExecutables,
    IReadOnlyList<string> FlatpakIds,
    IReadOnlyList<string> SnapNames,
    IReadOnlyList<string> MacProfileRoots,
    IReadOnlyList<string> MacSystemDirectories,
    IReadOnlyList<string> MacApplications,
    IReadOnlyList<string> WindowsKeys,
    string WindowsProfileRoot,
    bool WindowsProfileRoaming);

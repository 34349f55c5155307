namespace SwitchRole.Core.Registration;

/// <summary>Every browser SwitchRole registers with, in the order commands list them.</summary>
public static class BrowserCatalog
{
    public static readonly BrowserInfo Chrome = new(
        "chrome", "Google Chrome", BrowserFamily.Chromium,
        LinuxProfileRoots: ["google-chrome"],
        LinuxSystemDirectories: ["/etc/opt/chrome/native-messaging-hosts"],
        LinuxExecutables: ["google-chrome", "google-chrome-stable"],
        FlatpakIds: ["com.google.Chrome"],
        SnapNames: [],
        MacProfileRoots: ["Google/Chrome"],
        MacSystemDirectories: ["/Library/Google/Chrome/NativeMessagingHosts"],
        MacApplications: ["Google Chrome.app"],
        WindowsKeys: [@"Google\Chrome"],
        WindowsProfileRoot: @"Google\Chrome\User Data",
        WindowsProfileRoaming: false);

    public static readonly BrowserInfo Chromium = new(
        "chromium", "Chromium", BrowserFamily.Chromium,
        LinuxProfileRoots: ["chromium"],
        LinuxSystemDirectories: ["/etc/chromium/native-messaging-hosts"],
        LinuxExecutables: ["chromium", "chromium-browser"],
        FlatpakIds: ["org.chromium.Chromium"],
        SnapNames: ["chromium"],
        MacProfileRoots: ["Chromium"],
        MacSystemDirectories: ["/Library/Application Support/Chromium/NativeMessagingHosts"],
        MacApplications: ["Chromium.app"],
        // Chromium-branded builds read their own key first, then fall back to Google\Chrome.
        WindowsKeys: [@"Chromium"],
        WindowsProfileRoot: @"Chromium\User Data",
        WindowsProfileRoaming: false);

    public static readonly BrowserInfo Edge = new(
        "edge", "Microsoft Edge", BrowserFamily.Chromium,
        LinuxProfileRoots: ["microsoft-edge"],
        LinuxSystemDirectories: ["/etc/opt/edge/native-messaging-hosts"],
        LinuxExecutables: ["microsoft-edge", "microsoft-edge-stable"],
        FlatpakIds: ["com.microsoft.Edge"],
        SnapNames: [],
        MacProfileRoots: ["Microsoft Edge"],
        MacSystemDirectories: ["/Library/Microsoft/Edge/NativeMessagingHosts"],
        MacApplications: ["Microsoft Edge.app"],
        WindowsKeys: [@"Microsoft\Edge"],
        WindowsProfileRoot: @"Microsoft\Edge\User Data",
        WindowsProfileRoaming: false);

    public static readonly BrowserInfo Brave = new(
        "brave", "Brave", BrowserFamily.Chromium,
        LinuxProfileRoots: ["BraveSoftware/Brave-Browser"],
        LinuxSystemDirectories: ["/etc/opt/chrome/native-messaging-hosts"],
        LinuxExecutables: ["brave-browser", "brave"],
        FlatpakIds: ["com.brave.Browser"],
        SnapNames: ["brave"],
        MacProfileRoots: ["BraveSoftware/Brave-Browser"],
        MacSystemDirectories: ["/Library/Application Support/Chromium/NativeMessagingHosts"],
        MacApplications: ["Brave Browser.app"],
        // Brave on Windows reads the Google\Chrome key (KeePassXC and browserpass rely on it).
        WindowsKeys: [@"Google\Chrome"],
        WindowsProfileRoot: @"BraveSoftware\Brave-Browser\User Data",
        WindowsProfileRoaming: false);

    public static readonly BrowserInfo Vivaldi = new(
        "vivaldi", "Vivaldi", BrowserFamily.Chromium,
        LinuxProfileRoots: ["vivaldi"],
        LinuxSystemDirectories: ["/etc/opt/vivaldi/native-messaging-hosts"],
        LinuxExecutables: ["vivaldi", "vivaldi-stable"],
        FlatpakIds: ["com.vivaldi.Vivaldi"],
        SnapNames: [],
        MacProfileRoots: ["Vivaldi"],
        MacSystemDirectories: ["/Library/Application Support/Vivaldi/NativeMessagingHosts"],
        MacApplications: ["Vivaldi.app"],
        // Which key Vivaldi reads is not documented; write both.
        WindowsKeys: [@"Vivaldi", @"Google\Chrome"],
        WindowsProfileRoot: @"Vivaldi\User Data",
        WindowsProfileRoaming: false);

    public static readonly BrowserInfo Opera = new(
        "opera", "Opera", BrowserFamily.Chromium,
        // Opera reads Chrome's locations; installers also write its own folder.
        LinuxProfileRoots: ["opera", "google-chrome"],
        LinuxSystemDirectories: ["/etc/opt/chrome/native-messaging-hosts"],
        LinuxExecutables: ["opera"],
        FlatpakIds: ["com.opera.Opera"],
        SnapNames: ["opera"],
        MacProfileRoots: ["com.operasoftware.Opera", "Google/Chrome"],
        MacSystemDirectories: ["/Library/Google/Chrome/NativeMessagingHosts"],
        MacApplications: ["Opera.app"],
        WindowsKeys: [@"Google\Chrome"],
        WindowsProfileRoot: @"Opera Software\Opera Stable",
        WindowsProfileRoaming: true);

    public static readonly BrowserInfo Firefox = new(
        "firefox", "Firefox", BrowserFamily.Firefox,
        // Firefox keeps reading ~/.mozilla even where it moved the profile to ~/.config/mozilla.
        LinuxProfileRoots: [".mozilla"],
        LinuxSystemDirectories: ["/usr/lib/mozilla/native-messaging-hosts"],
        LinuxExecutables: ["firefox", "firefox-esr"],
        FlatpakIds: ["org.mozilla.firefox"],
        SnapNames: ["firefox"],
        MacProfileRoots: ["Mozilla"],
        MacSystemDirectories: ["/Library/Application Support/Mozilla/NativeMessagingHosts"],
        MacApplications: ["Firefox.app"],
        WindowsKeys: [@"Mozilla"],
        WindowsProfileRoot: @"Mozilla\Firefox",
        WindowsProfileRoaming: true);

    public static readonly BrowserInfo LibreWolf = new(
        "librewolf", "LibreWolf", BrowserFamily.Firefox,
        LinuxProfileRoots: [".librewolf"],
        LinuxSystemDirectories: ["/usr/lib/librewolf/native-messaging-hosts"],
        LinuxExecutables: ["librewolf"],
        FlatpakIds: ["io.gitlab.librewolf-community"],
        SnapNames: [],
        MacProfileRoots: ["librewolf"],
        MacSystemDirectories: ["/Library/Application Support/librewolf/NativeMessagingHosts"],
        MacApplications: ["LibreWolf.app"],
        // Which key LibreWolf reads is not documented; write both.
        WindowsKeys: [@"LibreWolf", @"Mozilla"],
        WindowsProfileRoot: @"librewolf",
        WindowsProfileRoaming: true);

    public static IReadOnlyList<BrowserInfo> All { get; } = [Chrome, Chromium, Edge, Brave, Vivaldi, Opera, Firefox, LibreWolf];

    /// <summary>The <c>--browser</c> values: <c>all</c> and every browser id.</summary>
    public static IReadOnlyList<string> SelectorNames { get; } = ["all", .. All.Select(b => b.Id)];

    public static BrowserInfo? Find(string id) => All.FirstOrDefault(b => b.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
}

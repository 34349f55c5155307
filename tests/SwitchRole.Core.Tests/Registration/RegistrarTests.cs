using SwitchRole.Core.Registration;

namespace SwitchRole.Core.Tests.Registration;

public sealed class RegistrarTests : IDisposable
{
    private readonly TempUserHome home = new();

    public void Dispose() => home.Dispose();

    private static string ChromiumJson(string binary) => HostManifest.For(BrowserFamily.Chromium, binary).ToJson();

    private static string FirefoxJson(string binary) => HostManifest.For(BrowserFamily.Firefox, binary).ToJson();

    private List<string> AllFiles() =>
        [.. Directory.EnumerateFiles(home.Root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(home.Root, p).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    [Fact]
    public void Install_LinuxAllWithChromiumAndFirefoxFound_WritesExactlyTheirManifests()
    {
        home.CreateDirectory(".config", "chromium");
        home.CreateDirectory(".mozilla");
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        var selection = registrar.Select("all", null);
        registrar.Install(selection.Chosen, RegistrationScope.User, null, dryRun: false);

        Assert.Equal(["chromium", "firefox"], selection.Chosen.Select(b => b.Id));
        Assert.Equal(
            [".config/chromium/NativeMessagingHosts/dev.switchrole.host.json", ".mozilla/native-messaging-hosts/dev.switchrole.host.json"],
            AllFiles());
        Assert.Equal(ChromiumJson(home.BrowserHost), File.ReadAllText(home.Path(".config", "chromium", "NativeMessagingHosts", "dev.switchrole.host.json")));
        Assert.Equal(FirefoxJson(home.BrowserHost), File.ReadAllText(home.Path(".mozilla", "native-messaging-hosts", "dev.switchrole.host.json")));
        Assert.Contains(selection.Skipped, s => s.Browser.Id == "chrome" && s.Reason == "not found");
    }

    [Fact]
    public void Install_Twice_SecondRunChangesNothing()
    {
        home.CreateDirectory(".config", "google-chrome");
        var registrar = new Registrar(home.Environment(HostOs.Linux));
        var chosen = registrar.Select("all", null).Chosen;
        registrar.Install(chosen, RegistrationScope.User, null, dryRun: false);
        var file = home.Path(".config", "google-chrome", "NativeMessagingHosts", "dev.switchrole.host.json");
        var firstWrite = File.GetLastWriteTimeUtc(file);

        var changes = registrar.Install(chosen, RegistrationScope.User, null, dryRun: false);

        Assert.All(changes, c => Assert.Equal(ChangeKind.Unchanged, c.Kind));
        Assert.Equal(firstWrite, File.GetLastWriteTimeUtc(file));
        Assert.Equal([".config/google-chrome/NativeMessagingHosts/dev.switchrole.host.json"], AllFiles());
    }

    [Fact]
    public void Install_ManifestPointingElsewhere_IsRewritten()
    {
        var registrar = new Registrar(home.Environment(HostOs.Linux));
        var file = home.Path(".config", "chromium", "NativeMessagingHosts", "dev.switchrole.host.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, ChromiumJson("/old/place/switchrole"));

        var changes = registrar.Install([BrowserCatalog.Chromium], RegistrationScope.User, null, dryRun: false);

        Assert.Equal(ChangeKind.Updated, Assert.Single(changes).Kind);
        Assert.Equal(ChromiumJson(home.BrowserHost), File.ReadAllText(file));
    }

    [Fact]
    public void Install_DryRun_WritesNothing()
    {
        home.CreateDirectory(".mozilla");
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        var changes = registrar.Install(registrar.Select("all", null).Chosen, RegistrationScope.User, null, dryRun: true);

        Assert.Equal(ChangeKind.Created, Assert.Single(changes).Kind);
        Assert.False(File.Exists(home.Path(".mozilla", "native-messaging-hosts", "dev.switchrole.host.json")));
    }

    [Fact]
    public void Select_NamedBrowserNotFound_IsChosenAnyway()
    {
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        var selection = registrar.Select("brave", null);

        Assert.Equal([BrowserCatalog.Brave], selection.Chosen);
    }

    [Fact]
    public void Select_BrowserOnPath_IsFound()
    {
        home.CreateDirectory("usr-bin");
        File.WriteAllText(home.Path("usr-bin", "firefox-esr"), "#!/bin/sh\n");
        home.Variables["PATH"] = home.Path("usr-bin");
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        var selection = registrar.Select("all", null);

        Assert.Equal([BrowserCatalog.Firefox], selection.Chosen);
    }

    [Fact]
    public void Install_XdgConfigHomeSet_ChromiumManifestFollowsIt()
    {
        home.Variables["XDG_CONFIG_HOME"] = home.Path("xdg");
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        registrar.Install([BrowserCatalog.Chromium, BrowserCatalog.Firefox], RegistrationScope.User, null, dryRun: false);

        // Firefox keeps reading ~/.mozilla whatever XDG says.
        Assert.Equal(
            [".mozilla/native-messaging-hosts/dev.switchrole.host.json", "xdg/chromium/NativeMessagingHosts/dev.switchrole.host.json"],
            AllFiles());
    }

    [Fact]
    public void Install_Opera_WritesItsOwnAndChromesFolder()
    {
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        registrar.Install([BrowserCatalog.Opera], RegistrationScope.User, null, dryRun: false);

        Assert.Equal(
            [".config/google-chrome/NativeMessagingHosts/dev.switchrole.host.json", ".config/opera/NativeMessagingHosts/dev.switchrole.host.json"],
            AllFiles());
    }

    [Fact]
    public void Install_UserDataDir_WritesInsideTheProfileRootOnly()
    {
        var profile = home.Path("profiles", "test");
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        var selection = registrar.Select("chromium", profile);
        registrar.Install(selection.Chosen, RegistrationScope.User, profile, dryRun: false);

        Assert.Equal(["profiles/test/NativeMessagingHosts/dev.switchrole.host.json"], AllFiles());
        Assert.Equal(ChromiumJson(home.BrowserHost), File.ReadAllText(Path.Combine(profile, "NativeMessagingHosts", "dev.switchrole.host.json")));
    }

    [Fact]
    public void Select_FirefoxWithUserDataDir_Throws()
    {
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        var ex = Assert.Throws<RegistrationException>(() => registrar.Select("firefox", home.Path("p")));

        Assert.Contains("Chromium option", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_FlatpakOnlyChromium_IsSkippedWithTheReason()
    {
        home.CreateDirectory(".var", "app", "org.chromium.Chromium");
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        var selection = registrar.Select("all", null);

        var skipped = Assert.Single(selection.Skipped, s => s.Browser == BrowserCatalog.Chromium);
        Assert.Contains("Flatpak", skipped.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(BrowserCatalog.Chromium, selection.Chosen);
    }

    [Fact]
    public void Select_SnapFirefox_IsRegisteredWithANote()
    {
        home.CreateDirectory("snap", "firefox");
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        var selection = registrar.Select("all", null);

        Assert.Equal([BrowserCatalog.Firefox], selection.Chosen);
        Assert.Contains(selection.Notes, n => n.Contains("portal", StringComparison.Ordinal));
    }

    [PosixFact]
    public void Install_UnderRestrictiveUmask_ManifestIsReadableByEveryone()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unreachable: PosixFact skips on Windows; this satisfies the platform analyzer.
        }

        var registrar = new Registrar(home.Environment(HostOs.Linux));

        registrar.Install([BrowserCatalog.Chromium], RegistrationScope.User, null, dryRun: false);

        var mode = File.GetUnixFileMode(home.Path(".config", "chromium", "NativeMessagingHosts", "dev.switchrole.host.json"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, mode);
    }

    [Fact]
    public void Install_MacOS_WritesApplicationSupportFolders()
    {
        var registrar = new Registrar(home.Environment(HostOs.MacOS));

        registrar.Install([BrowserCatalog.Chrome, BrowserCatalog.Edge, BrowserCatalog.Firefox, BrowserCatalog.LibreWolf], RegistrationScope.User, null, dryRun: false);

        Assert.Equal(
            [
                "Library/Application Support/Google/Chrome/NativeMessagingHosts/dev.switchrole.host.json",
                "Library/Application Support/Microsoft Edge/NativeMessagingHosts/dev.switchrole.host.json",
                "Library/Application Support/Mozilla/NativeMessagingHosts/dev.switchrole.host.json",
                "Library/Application Support/librewolf/NativeMessagingHosts/dev.switchrole.host.json",
            ],
            AllFiles());
        Assert.Equal(FirefoxJson(home.BrowserHost), File.ReadAllText(home.Path("Library", "Application Support", "Mozilla", "NativeMessagingHosts", "dev.switchrole.host.json")));
    }

    [Fact]
    public void Select_MacOSProfileFolderExists_IsFound()
    {
        home.CreateDirectory("Library", "Application Support", "BraveSoftware", "Brave-Browser");
        var registrar = new Registrar(home.Environment(HostOs.MacOS));

        Assert.Contains(BrowserCatalog.Brave, registrar.Select("all", null).Chosen);
    }

    [Fact]
    public void Uninstall_AfterInstall_RemovesExactlyWhatInstallWrote()
    {
        home.CreateDirectory(".config", "chromium");
        home.CreateDirectory(".mozilla");
        var neighbour = home.Path(".mozilla", "native-messaging-hosts", "org.keepassxc.keepassxc_browser.json");
        Directory.CreateDirectory(Path.GetDirectoryName(neighbour)!);
        File.WriteAllText(neighbour, "{}");
        var registrar = new Registrar(home.Environment(HostOs.Linux));
        registrar.Install(registrar.Select("all", null).Chosen, RegistrationScope.User, null, dryRun: false);

        var changes = registrar.Uninstall(BrowserCatalog.All, RegistrationScope.User, null, dryRun: false);

        Assert.Equal([".mozilla/native-messaging-hosts/org.keepassxc.keepassxc_browser.json"], AllFiles());
        Assert.Equal(2, changes.Count(c => c.Kind == ChangeKind.Removed));
    }

    [Fact]
    public void Uninstall_OperaWhileChromeIsInstalled_KeepsChromesFile()
    {
        home.CreateDirectory(".config", "google-chrome");
        var registrar = new Registrar(home.Environment(HostOs.Linux));
        registrar.Install([BrowserCatalog.Chrome, BrowserCatalog.Opera], RegistrationScope.User, null, dryRun: false);

        var changes = registrar.Uninstall([BrowserCatalog.Opera], RegistrationScope.User, null, dryRun: false);

        Assert.Equal([".config/google-chrome/NativeMessagingHosts/dev.switchrole.host.json"], AllFiles());
        Assert.Contains(changes, c => c.Kind == ChangeKind.Kept);
    }

    [Fact]
    public void Uninstall_DryRun_RemovesNothing()
    {
        var registrar = new Registrar(home.Environment(HostOs.Linux));
        registrar.Install([BrowserCatalog.Firefox], RegistrationScope.User, null, dryRun: false);

        var changes = registrar.Uninstall([BrowserCatalog.Firefox], RegistrationScope.User, null, dryRun: true);

        Assert.Equal(ChangeKind.Removed, Assert.Single(changes).Kind);
        Assert.Single(AllFiles());
    }

    [Fact]
    public void Install_WindowsChromeEdgeFirefox_WritesTwoFilesAndEachBrowsersKey()
    {
        var registry = new FakeRegistry();
        var registrar = new Registrar(home.Environment(HostOs.Windows), registry);

        registrar.Install([BrowserCatalog.Chrome, BrowserCatalog.Edge, BrowserCatalog.Firefox], RegistrationScope.User, null, dryRun: false);

        var chromiumFile = home.Path("AppData", "Local", "SwitchRole", "NativeMessagingHosts", "dev.switchrole.host.chromium.json");
        var firefoxFile = home.Path("AppData", "Local", "SwitchRole", "NativeMessagingHosts", "dev.switchrole.host.firefox.json");
        // Windows: the manifests name switchrole-host.exe beside switchrole.
        Assert.Equal(ChromiumJson(home.BrowserHost + ".exe"), File.ReadAllText(chromiumFile));
        Assert.Equal(FirefoxJson(home.BrowserHost + ".exe"), File.ReadAllText(firefoxFile));
        Assert.Equal(
            new Dictionary<string, string>
            {
                [@"Software\Google\Chrome\NativeMessagingHosts\dev.switchrole.host"] = chromiumFile,
                [@"Software\Microsoft\Edge\NativeMessagingHosts\dev.switchrole.host"] = chromiumFile,
                [@"Software\Mozilla\NativeMessagingHosts\dev.switchrole.host"] = firefoxFile,
            },
            registry.Values.Where(v => v.Key.Hive == RegistryHive.CurrentUser).ToDictionary(v => v.Key.Key, v => v.Value));
        Assert.DoesNotContain(registry.Values, v => v.Key.Hive == RegistryHive.LocalMachine);
    }

    [Fact]
    public void Install_WindowsSystemScope_WritesHklmAndProgramData()
    {
        var registry = new FakeRegistry();
        var registrar = new Registrar(home.Environment(HostOs.Windows), registry);

        registrar.Install([BrowserCatalog.LibreWolf], RegistrationScope.System, null, dryRun: false);

        var file = home.Path("ProgramData", "SwitchRole", "NativeMessagingHosts", "dev.switchrole.host.firefox.json");
        Assert.True(File.Exists(file));
        Assert.Equal(file, registry.GetDefaultValue(RegistryHive.LocalMachine, @"Software\LibreWolf\NativeMessagingHosts\dev.switchrole.host"));
        Assert.Equal(file, registry.GetDefaultValue(RegistryHive.LocalMachine, @"Software\Mozilla\NativeMessagingHosts\dev.switchrole.host"));
    }

    [Fact]
    public void Uninstall_WindowsBraveWhileChromeIsInstalled_KeepsTheSharedChromeKeyAndFile()
    {
        home.CreateDirectory("AppData", "Local", "Google", "Chrome", "User Data");
        var registry = new FakeRegistry();
        var registrar = new Registrar(home.Environment(HostOs.Windows), registry);
        registrar.Install([BrowserCatalog.Chrome, BrowserCatalog.Brave, BrowserCatalog.Edge], RegistrationScope.User, null, dryRun: false);

        registrar.Uninstall([BrowserCatalog.Brave, BrowserCatalog.Edge], RegistrationScope.User, null, dryRun: false);

        Assert.Equal([@"Software\Google\Chrome\NativeMessagingHosts\dev.switchrole.host"], registry.Values.Keys.Select(k => k.Key));
        Assert.True(File.Exists(home.Path("AppData", "Local", "SwitchRole", "NativeMessagingHosts", "dev.switchrole.host.chromium.json")));
    }

    [Fact]
    public void Uninstall_WindowsAll_RemovesKeysAndFilesButNotForeignKeys()
    {
        var registry = new FakeRegistry();
        var registrar = new Registrar(home.Environment(HostOs.Windows), registry);
        registrar.Install([BrowserCatalog.Chrome, BrowserCatalog.Firefox], RegistrationScope.User, null, dryRun: false);
        registry.SetDefaultValue(RegistryHive.CurrentUser, @"Software\Chromium\NativeMessagingHosts\dev.switchrole.host", @"C:\elsewhere\other.json");
        registry.SetDefaultValue(RegistryHive.CurrentUser, @"Software\Google\Chrome\NativeMessagingHosts\org.other.host", @"C:\other.json");

        var changes = registrar.Uninstall(BrowserCatalog.All, RegistrationScope.User, null, dryRun: false);

        Assert.Equal(
            [@"Software\Chromium\NativeMessagingHosts\dev.switchrole.host", @"Software\Google\Chrome\NativeMessagingHosts\org.other.host"],
            registry.Values.Keys.Select(k => k.Key).Order(StringComparer.Ordinal));
        Assert.Empty(AllFiles());
        Assert.Contains(changes, c => c.Kind == ChangeKind.Kept && c.Note!.Contains("did not write", StringComparison.Ordinal));
    }

    [Fact]
    public void TargetsFor_WindowsUserDataDir_Throws()
    {
        var registrar = new Registrar(home.Environment(HostOs.Windows), new FakeRegistry());

        Assert.Throws<RegistrationException>(() => registrar.Install([BrowserCatalog.Chromium], RegistrationScope.User, home.Path("p"), dryRun: false));
    }

    [Fact]
    public void Install_RelativeBinary_Throws()
    {
        home.Binary = "switchrole";
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        Assert.Throws<RegistrationException>(() => registrar.Install([BrowserCatalog.Chrome], RegistrationScope.User, null, dryRun: false));
    }

    [Fact]
    public void Install_RunningUnderDotnetMuxer_Throws()
    {
        home.Binary = "/usr/share/dotnet/dotnet";
        var registrar = new Registrar(home.Environment(HostOs.Linux));

        var ex = Assert.Throws<RegistrationException>(() => registrar.Install([BrowserCatalog.Chrome], RegistrationScope.User, null, dryRun: false));

        Assert.Contains("dotnet", ex.Message, StringComparison.Ordinal);
    }
}

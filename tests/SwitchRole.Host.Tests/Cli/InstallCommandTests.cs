using SwitchRole.Core.Registration;
using SwitchRole.Host.Cli;

namespace SwitchRole.Host.Tests.Cli;

public sealed class InstallCommandTests : IDisposable
{
    private readonly TempUserHome home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task Install_ChromiumAndFirefoxFound_WritesBothAndSaysWhatItDid()
    {
        home.CreateDirectory(".config", "chromium");
        home.CreateDirectory(".mozilla");
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install");

        Assert.Equal(ExitCodes.Success, exit);
        var chromium = home.Path(".config", "chromium", "NativeMessagingHosts", "dev.switchrole.host.json");
        var firefox = home.Path(".mozilla", "native-messaging-hosts", "dev.switchrole.host.json");
        Assert.Equal(HostManifest.For(BrowserFamily.Chromium, home.Binary).ToJson(), File.ReadAllText(chromium));
        Assert.Equal(HostManifest.For(BrowserFamily.Firefox, home.Binary).ToJson(), File.ReadAllText(firefox));
        var output = cli.Out.ToString();
        Assert.Contains($"created      {chromium}", output, StringComparison.Ordinal);
        Assert.Contains($"created      {firefox}", output, StringComparison.Ordinal);
        Assert.Contains("Google Chrome: skipped, not found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_Twice_SecondRunReportsUnchanged()
    {
        home.CreateDirectory(".mozilla");
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install");

        var exit = await cli.RunAsync("install");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("unchanged", cli.Out.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("created", cli.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_DryRun_PrintsTheManifestAndWritesNothing()
    {
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install", "--browser", "edge", "--dry-run");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("would create", cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Contains(HostManifest.For(BrowserFamily.Chromium, home.Binary).ToJson(), cli.Out.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(home.Path(".config")));
    }

    [Fact]
    public async Task Install_NoBrowserFound_ExitsNotFoundAndSaysHowToNameOne()
    {
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install");

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Contains("--browser", cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_UnknownBrowser_IsRejected()
    {
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install", "--browser", "netscape");

        Assert.NotEqual(ExitCodes.Success, exit);
        Assert.Contains("netscape", cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_FlatpakChromiumNamed_FailsWithTheLimitation()
    {
        home.CreateDirectory(".var", "app", "org.chromium.Chromium");
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install", "--browser", "chromium");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Flatpak", cli.Out.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(home.Path(".config", "chromium")));
    }

    [Fact]
    public async Task Install_UserDataDir_WritesIntoTheProfileRoot()
    {
        var profile = home.Path("profile");
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install", "--browser", "chromium", "--user-data-dir", profile);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.True(File.Exists(Path.Combine(profile, "NativeMessagingHosts", "dev.switchrole.host.json")));
    }

    [Fact]
    public async Task Install_FirefoxWithUserDataDir_FailsAndSaysWhy()
    {
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install", "--browser", "firefox", "--user-data-dir", home.Path("profile"));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Chromium option", cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_Windows_WritesRegistryKeys()
    {
        var registry = new FakeRegistry();
        var cli = new RegistrationCli(home, HostOs.Windows, registry);

        var exit = await cli.RunAsync("install", "--browser", "opera");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains(@"HKCU\Software\Google\Chrome\NativeMessagingHosts\dev.switchrole.host", cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            home.Path("AppData", "Local", "SwitchRole", "NativeMessagingHosts", "dev.switchrole.host.chromium.json"),
            registry.GetDefaultValue(RegistryHive.CurrentUser, @"Software\Google\Chrome\NativeMessagingHosts\dev.switchrole.host"));
    }
}

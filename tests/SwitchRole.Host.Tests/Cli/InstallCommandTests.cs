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
        Assert.Equal(HostManifest.For(BrowserFamily.Chromium, home.BrowserHost).ToJson(), File.ReadAllText(chromium));
        Assert.Equal(HostManifest.For(BrowserFamily.Firefox, home.BrowserHost).ToJson(), File.ReadAllText(firefox));
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
        Assert.Contains(HostManifest.For(BrowserFamily.Chromium, home.BrowserHost).ToJson(), cli.Out.ToString(), StringComparison.Ordinal);
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

    private const string StoreId = "abcdefghijklmnopabcdefghijklmnop";

    [Fact]
    public async Task Install_ExtensionId_AllowedInTheManifestsAndKeptForLaterInstalls()
    {
        home.CreateDirectory(".config", "chromium");
        home.CreateDirectory(".mozilla");
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install", "--extension-id", StoreId, "--extension-id", "{d4e0c5a2-1111-4c3b-9a5e-0123456789ab}");

        Assert.True(exit == ExitCodes.Success, cli.Error.ToString());
        var chromium = home.Path(".config", "chromium", "NativeMessagingHosts", "dev.switchrole.host.json");
        var firefox = home.Path(".mozilla", "native-messaging-hosts", "dev.switchrole.host.json");
        Assert.Equal(["chrome-extension://nocfbhnapafompiapfplkdilpjojbmip/", $"chrome-extension://{StoreId}/"], HostManifest.TryParse(File.ReadAllText(chromium), out _)!.AllowedOrigins);
        Assert.Equal(["switchrole@switchrole.dev", "{d4e0c5a2-1111-4c3b-9a5e-0123456789ab}"], HostManifest.TryParse(File.ReadAllText(firefox), out _)!.AllowedExtensions);
        var config = home.Path("data", "config.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        }

        // A later install without the option keeps serving the id: the manifest is unchanged.
        exit = await cli.RunAsync("install");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains($"unchanged    {chromium}", cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Contains($"chrome-extension://{StoreId}/", File.ReadAllText(chromium), StringComparison.Ordinal);

        // And doctor expects it there.
        Assert.Contains($"also serving {StoreId}", cli.Out.ToString() + await DoctorOutput(cli), StringComparison.Ordinal);
    }

    private static async Task<string> DoctorOutput(RegistrationCli cli)
    {
        await cli.RunAsync("doctor");
        return cli.Out.ToString();
    }

    [Theory]
    [InlineData("ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdef")]
    [InlineData("chrome-extension://abcdefghijklmnopabcdefghijklmnop/")]
    [InlineData("not an id")]
    [InlineData("{not-a-guid}")]
    public async Task Install_InvalidExtensionId_ExitsTwoNamingTheOptionAndWritesNothing(string id)
    {
        home.CreateDirectory(".config", "chromium");
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install", "--extension-id", id);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("--extension-id:", cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("32 letters a to p", cli.Error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(home.Path("data", "config.json")));
        Assert.False(Directory.Exists(home.Path(".config", "chromium", "NativeMessagingHosts")));
    }

    [Fact]
    public async Task Install_BrokenConfiguration_FailsNamingFileAndLineAndKeepsIt()
    {
        home.CreateDirectory(".config", "chromium");
        Directory.CreateDirectory(home.Path("data"));
        var config = home.Path("data", "config.json");
        File.WriteAllText(config, "{\n  \"extensionIds\": [\n    \"abc\",\n  ]\n");
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install", "--extension-id", StoreId);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains($"{config} line", cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal("{\n  \"extensionIds\": [\n    \"abc\",\n  ]\n", File.ReadAllText(config));
        Assert.False(Directory.Exists(home.Path(".config", "chromium", "NativeMessagingHosts")));
    }

    [Fact]
    public async Task Install_Json_ReportsEveryBrowserTargetAndSkippedOne()
    {
        home.CreateDirectory(".mozilla");
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("install", "--json", "--extension-id", StoreId);

        Assert.Equal(ExitCodes.Success, exit);
        using var json = System.Text.Json.JsonDocument.Parse(cli.Out.ToString());
        var root = json.RootElement;
        Assert.Equal(home.BrowserHost, root.GetProperty("binary").GetString());
        Assert.Equal("user", root.GetProperty("scope").GetString());
        Assert.False(root.GetProperty("dryRun").GetBoolean());
        Assert.Contains(StoreId, root.GetProperty("extensionIds").GetProperty("chromium").EnumerateArray().Select(e => e.GetString()));
        var firefox = Assert.Single(root.GetProperty("browsers").EnumerateArray());
        Assert.Equal("firefox", firefox.GetProperty("id").GetString());
        var target = Assert.Single(firefox.GetProperty("targets").EnumerateArray());
        Assert.Equal(home.Path(".mozilla", "native-messaging-hosts", "dev.switchrole.host.json"), target.GetProperty("target").GetString());
        Assert.Equal("created", target.GetProperty("change").GetString());
        Assert.Contains(root.GetProperty("skipped").EnumerateArray(), s => s.GetProperty("id").GetString() == "chrome" && s.GetProperty("reason").GetString() == "not found");
    }
}

using SwitchRole.Host.Cli;

namespace SwitchRole.Host.Tests.Cli;

public sealed class UninstallCommandTests : IDisposable
{
    private readonly TempUserHome home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public async Task Uninstall_AfterInstall_RemovesTheManifestsAndKeepsTheDatabase()
    {
        home.CreateDirectory(".config", "chromium");
        home.CreateDirectory(".mozilla");
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install");
        Directory.CreateDirectory(home.Path("data"));
        File.WriteAllText(home.Path("data", "switchrole.db"), "kept");

        var exit = await cli.RunAsync("uninstall");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.False(File.Exists(home.Path(".config", "chromium", "NativeMessagingHosts", "dev.switchrole.host.json")));
        Assert.False(File.Exists(home.Path(".mozilla", "native-messaging-hosts", "dev.switchrole.host.json")));
        Assert.True(File.Exists(home.Path("data", "switchrole.db")));
        Assert.Contains("removed", cli.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_NothingRegistered_SaysSo()
    {
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("uninstall");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("nothing to remove", cli.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_OneBrowser_LeavesTheOthers()
    {
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install", "--browser", "chromium");
        await cli.RunAsync("install", "--browser", "firefox");

        await cli.RunAsync("uninstall", "--browser", "firefox");

        Assert.True(File.Exists(home.Path(".config", "chromium", "NativeMessagingHosts", "dev.switchrole.host.json")));
        Assert.False(File.Exists(home.Path(".mozilla", "native-messaging-hosts", "dev.switchrole.host.json")));
    }

    [Fact]
    public async Task Uninstall_UserDataDir_RemovesOnlyThatManifest()
    {
        var profile = home.Path("profile");
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install", "--browser", "chromium", "--user-data-dir", profile);
        await cli.RunAsync("install", "--browser", "chromium");

        await cli.RunAsync("uninstall", "--browser", "chromium", "--user-data-dir", profile);

        Assert.False(File.Exists(Path.Combine(profile, "NativeMessagingHosts", "dev.switchrole.host.json")));
        Assert.True(File.Exists(home.Path(".config", "chromium", "NativeMessagingHosts", "dev.switchrole.host.json")));
    }
}

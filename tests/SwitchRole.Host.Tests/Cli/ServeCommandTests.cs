using System.Diagnostics;
using System.Text.Json.Nodes;
using SwitchRole.Core;

namespace SwitchRole.Host.Tests.Cli;

/// <summary>The real binary in host mode, over pipes, as browsers start it.</summary>
public sealed class ServeCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly string ChromiumCaller = Constants.ChromiumOrigin(Constants.ChromiumDevelopmentExtensionId);

    [Fact]
    public async Task ChromiumLaunch_Hello_AnswersAndExitsZeroWhenInputCloses()
    {
        using var home = new TempHome();
        using var host = HostProcess.Start(home.Root, ChromiumCaller);

        var hello = await host.RequestAsync(1, """{"action":"hello"}""");
        Assert.True((bool)hello["ok"]!, hello.ToJsonString());
        Assert.Equal(home.Paths.DatabasePath, (string?)hello["result"]!["databasePath"]);

        // The browser closes the pipe when the last port goes: the host must end by itself, cleanly (a deadline, not a timing goal).
        host.CloseInput();
        Assert.Equal(0, await host.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task Help_ExampleFixture_ExistsAndIsAHelloTheHostAnswers()
    {
        using var home = new TempHome();
        var (exit, help, _) = await InMemoryCli.Run(home, "serve", "--help");
        Assert.Equal(0, exit);
        var named = System.Text.RegularExpressions.Regex.Match(help, @"serve < (\S+)").Groups[1].Value;
        var fixture = Path.Combine(RepoPaths.Root, named);
        Assert.True(File.Exists(fixture), $"serve's help names {named}, which does not exist");

        // Fed to serve as its standard input, the sample gets one hello answer: a frame a person can replay by hand.
        using var output = new MemoryStream();
        var bytes = await File.ReadAllBytesAsync(fixture);
        var context = new SwitchRole.Host.Cli.CliContext(TextReader.Null, TextWriter.Null, TextWriter.Null,
            () => new MemoryStream(bytes), () => output, name => name == "SWITCHROLE_HOME" ? home.Root : null);
        Assert.Equal(0, await SwitchRole.Host.Cli.CliApp.RunAsync(["serve"], context));
        var reply = output.ToArray();
        Assert.True(reply.Length > 4, "no reply frame");
        var answer = JsonNode.Parse(reply.AsSpan(4).ToArray())!;
        Assert.Equal(BitConverter.ToInt32(reply, 0), reply.Length - 4);
        Assert.True((bool)answer["ok"]!, answer.ToJsonString());
        Assert.Equal(home.Paths.DatabasePath, (string?)answer["result"]!["databasePath"]);
    }

    [Fact]
    public async Task WindowsStyleExtraArguments_AreIgnored()
    {
        using var home = new TempHome();
        using var host = HostProcess.Start(home.Root, ChromiumCaller, "--parent-window=0");
        Assert.True((bool)(await host.RequestAsync(1, """{"action":"hello"}"""))["ok"]!);
    }

    [Fact]
    public async Task FirefoxLaunch_ManifestPathAndAddonId_IsServed()
    {
        using var home = new TempHome();
        var manifest = Path.Combine(home.Root, "native-messaging-hosts", Constants.HostName + ".json");
        using var host = HostProcess.Start(home.Root, manifest, Constants.FirefoxAddonId);
        Assert.True((bool)(await host.RequestAsync(1, """{"action":"hello"}"""))["ok"]!);
    }

    [Theory]
    [InlineData("chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/")]
    [InlineData("/tmp/x/dev.switchrole.host.json", "evil@example.com")]
    public async Task UnknownExtension_GetsCallerNotAllowedAndExitCodeFive(params string[] args)
    {
        using var home = new TempHome();
        using var host = HostProcess.Start(home.Root, args);

        var frame = await host.ReadAsync(Timeout);

        Assert.NotNull(frame);
        Assert.False((bool)frame["ok"]!);
        Assert.Equal(10, (int)frame["error"]!["code"]!);
        Assert.Equal(5, await host.WaitForExitAsync(Timeout));
        Assert.False(File.Exists(home.Paths.DatabasePath), "a refused caller must not touch the database");
    }

    [Fact]
    public async Task RegisteredWithExtensionId_ServesThatIdAndRefusesAnUnknownOne()
    {
        using var home = new TempHome();
        const string storeId = "kjihgfedcbaponmlkjihgfedcbaponml";
        const string addonId = "switchrole-team@example.org";
        var userHome = Path.Combine(home.Root, "user");
        Directory.CreateDirectory(userHome);

        // The real binary registers itself, as a person runs it: `switchrole install --extension-id ...`.
        var install = await RunInstallAsync(home.Root, userHome, "install", "--browser", "chromium", "--extension-id", storeId, "--extension-id", addonId);
        Assert.True(install.ExitCode == 0, install.Error + install.Out);
        var chromiumManifest = Path.Combine(userHome, ".config", "chromium", "NativeMessagingHosts", Constants.HostName + ".json");
        Assert.Contains(Constants.ChromiumOrigin(storeId), File.ReadAllText(chromiumManifest), StringComparison.Ordinal);

        // A later install, without the option, keeps the ids (they live in the host's configuration).
        install = await RunInstallAsync(home.Root, userHome, "install", "--browser", "firefox");
        Assert.True(install.ExitCode == 0, install.Error + install.Out);
        var firefoxManifest = Path.Combine(userHome, ".mozilla", "native-messaging-hosts", Constants.HostName + ".json");
        Assert.Contains(addonId, File.ReadAllText(firefoxManifest), StringComparison.Ordinal);

        // A browser starting the host for the added ids gets hello answered.
        using (var chromium = HostProcess.Start(home.Root, Constants.ChromiumOrigin(storeId)))
        {
            var hello = await chromium.RequestAsync(1, """{"action":"hello"}""");
            Assert.True((bool)hello["ok"]!, hello.ToJsonString());
        }

        using (var firefox = HostProcess.Start(home.Root, firefoxManifest, addonId))
        {
            Assert.True((bool)(await firefox.RequestAsync(1, """{"action":"hello"}"""))["ok"]!);
        }

        // Any other id is still refused.
        using var stranger = HostProcess.Start(home.Root, Constants.ChromiumOrigin("aaaabbbbccccddddeeeeffffgggghhhh"));
        var refused = await stranger.ReadAsync(Timeout);
        Assert.NotNull(refused);
        Assert.Equal(10, (int)refused["error"]!["code"]!);
        Assert.Equal(5, await stranger.WaitForExitAsync(Timeout));
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunInstallAsync(string switchRoleHome, string userHome, params string[] args)
    {
        var info = new ProcessStartInfo(RepoPaths.SwitchRoleBinary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Registration writes under HOME: never the real one.
        info.Environment["HOME"] = userHome;
        info.Environment.Remove("XDG_CONFIG_HOME");
        info.Environment["SWITCHROLE_HOME"] = switchRoleHome;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task CommittedWrites_SurviveTheBrowserClosingThePipe()
    {
        using var home = new TempHome();
        using (var host = HostProcess.Start(home.Root, ChromiumCaller))
        {
            var upsert = await host.RequestAsync(1, """{"action":"roles.upsert","role":{"accountId":"123456789012","roleName":"Admin","displayName":"Kept"}}""");
            Assert.True((bool)upsert["ok"]!);
            host.CloseInput();
            Assert.Equal(0, await host.WaitForExitAsync(Timeout));
        }

        var (exit, output, _) = await HostProcess.RunCliAsync(home.Root, Timeout, "list", "--json");
        Assert.Equal(0, exit);
        Assert.Equal("Kept", (string?)JsonNode.Parse(output)![0]!["displayName"]);
    }

    [Fact]
    public async Task TruncatedFrame_ExitsZeroPromptly()
    {
        using var home = new TempHome();
        using var host = HostProcess.Start(home.Root, ChromiumCaller);
        await host.RequestAsync(1, """{"action":"hello"}""");

        await host.SendRawAsync([50, 0, 0, 0, (byte)'{', (byte)'"']);
        host.CloseInput();

        Assert.Equal(0, await host.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task OversizedFrame_AnswersFrameTooLargeThenExitsOne()
    {
        using var home = new TempHome();
        using var host = HostProcess.Start(home.Root, ChromiumCaller);

        await host.SendRawAsync(BitConverter.GetBytes(9 * 1024 * 1024));
        var frame = await host.ReadAsync(Timeout);

        Assert.Equal(2, (int)frame!["error"]!["code"]!);
        Assert.Equal(1, await host.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task AnotherProcessWrites_HostPushesChangedWithTheNewRevision()
    {
        using var home = new TempHome();
        using var host = HostProcess.Start(home.Root, ChromiumCaller);
        var start = (long)(await host.RequestAsync(1, """{"action":"hello"}"""))["result"]!["revision"]!;

        var (exit, _, error) = await HostProcess.RunCliAsync(home.Root, Timeout, "add", "--account", "1234-5678-9012", "--role", "Admin");
        Assert.True(exit == 0, error);

        var changed = await host.ReadUntilAsync(f => (string?)f["event"] == "changed", Timeout);
        Assert.True((long)changed["revision"]! > start);
        var list = await host.RequestAsync(2, """{"action":"roles.list"}""");
        Assert.Equal("123456789012", (string?)list["result"]!["roles"]![0]!["accountId"]);

        (exit, _, error) = await HostProcess.RunCliAsync(home.Root, Timeout, "remove", "--account", "123456789012", "--role", "Admin");
        Assert.True(exit == 0, error);
        var removed = await host.ReadUntilAsync(f => (string?)f["event"] == "changed" && (long)f["revision"]! > (long)changed["revision"]!, Timeout);
        Assert.NotNull(removed);
    }

    [Fact]
    public async Task StdoutCarriesFramesOnly_LogsGoToTheLogFile()
    {
        using var home = new TempHome();
        using (var host = HostProcess.Start(home.Root, ChromiumCaller))
        {
            await host.RequestAsync(1, """{"action":"roles.upsert","roles":[{"accountId":"bad","roleName":"x"}]}""");
            await host.RequestAsync(2, """{"action":"hello"}""");
            host.CloseInput();
            // ReadAsync parses every byte of stdout as frames; anything else would fail here.
            Assert.Null(await host.ReadAsync(Timeout));
            await host.WaitForExitAsync(Timeout);
        }

        var log = string.Concat(Directory.GetFiles(home.Paths.LogDirectory).Select(ReadShared));
        Assert.Contains("roles.upsert InvalidField", log, StringComparison.Ordinal);
        Assert.Contains("hello ok", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewerDatabase_HelloReportsItAndRolesActionsSayDatabaseUnavailable()
    {
        using var home = new TempHome();
        home.OpenStore();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={home.Paths.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 42";
            command.ExecuteNonQuery();
        }

        using var host = HostProcess.Start(home.Root, ChromiumCaller);
        var hello = await host.RequestAsync(1, """{"action":"hello"}""");
        var list = await host.RequestAsync(2, """{"action":"roles.list"}""");

        Assert.Contains("newer SwitchRole", (string)hello["result"]!["databaseError"]!, StringComparison.Ordinal);
        Assert.Equal(9, (int)list["error"]!["code"]!);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

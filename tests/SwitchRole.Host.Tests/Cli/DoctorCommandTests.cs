using System.Text.Json;
using SwitchRole.Core.Registration;
using SwitchRole.Host.Cli;

namespace SwitchRole.Host.Tests.Cli;

public sealed class DoctorCommandTests : IDisposable
{
    private readonly TempUserHome home = new() { Binary = RegistrationCli.BuiltHostBinary };

    public void Dispose() => home.Dispose();

    private static string Line(string output, string start) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No line starting with '{start}' in:\n{output}");

    [Fact]
    public async Task Doctor_AfterInstall_StartsTheRealHostBothWaysAndPasses()
    {
        home.CreateDirectory(".config", "chromium");
        home.CreateDirectory(".mozilla");
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install");

        var exit = await cli.RunAsync("doctor");

        var output = cli.Out.ToString();
        Assert.True(exit == ExitCodes.Success, output);
        Assert.StartsWith("[ ok ] self-test (as Chromium starts it): hello answered in", Line(output, "[ ok ] self-test (as Chromium"), StringComparison.Ordinal);
        Assert.Contains("protocol 1", Line(output, "[ ok ] self-test (as Firefox"), StringComparison.Ordinal);
        Assert.Contains("schema version 4", Line(output, "[ ok ] database"), StringComparison.Ordinal);
        Assert.StartsWith("[ ok ] Chromium: registered", Line(output, "[ ok ] Chromium"), StringComparison.Ordinal);
        Assert.Equal("[skip] Google Chrome: not found, not registered", Line(output, "[skip] Google Chrome"));
        Assert.Equal("All checks passed.", output.Trim().Split('\n')[^1].Trim());
    }

    [Fact]
    public async Task Doctor_PrintsTheLastConsoleHookReportOfEachBrowser()
    {
        var cli = new RegistrationCli(home);
        var paths = new SwitchRole.Core.AppPaths(home.Path("data"));
        SwitchRole.Core.Handlers.DiagnosticsReportHandler.Save(paths, new SwitchRole.Core.Handlers.DiagnosticsReport(
            "chromium", "2026-12-05T09:00:00Z", "0.4.0", "0.4.0", "{region}.console.aws.amazon.com", "classic", "session-meta", "none", "default",
            ["identity-global"], ["menu-button", "dropdown", "session-meta", "csrf", "sign-in-host"], 0));

        await cli.RunAsync("doctor");

        var output = cli.Out.ToString();
        Assert.Equal(
            "[warn] console hooks (chromium): 2026-12-05T09:00:00Z, {region}.console.aws.amazon.com, classic console; found: identity-global; missing: menu-button, dropdown, session-meta, csrf, sign-in-host; csrf from none, sign-in host from default; extension 0.4.0, host 0.4.0"
            + " -> fix: the console changed: SwitchRole still works (floating button, the console's own switch-role page); copy the popup's diagnostics into a bug report",
            Line(output, "[warn] console hooks (chromium)"));
        Assert.Equal("[skip] console hooks (firefox): no report yet (the extension sends one from each AWS console page)", Line(output, "[skip] console hooks (firefox)"));
    }

    [Fact]
    public async Task Doctor_ManifestPointsAtAnotherBinary_FailsWithTheFix()
    {
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install", "--browser", "chromium");
        var manifest = home.Path(".config", "chromium", "NativeMessagingHosts", "dev.switchrole.host.json");
        File.WriteAllText(manifest, HostManifest.For(BrowserFamily.Chromium, "/opt/old/switchrole").ToJson());

        var exit = await cli.RunAsync("doctor");

        Assert.Equal(ExitCodes.Failure, exit);
        var line = Line(cli.Out.ToString(), "[FAIL] Chromium");
        Assert.Contains("points at /opt/old/switchrole, not at this switchrole", line, StringComparison.Ordinal);
        Assert.EndsWith("-> fix: switchrole install --browser chromium", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ManifestMissingTheExtensionId_Fails()
    {
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install", "--browser", "firefox");
        var manifest = home.Path(".mozilla", "native-messaging-hosts", "dev.switchrole.host.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("switchrole@switchrole.dev", "other@example.org", StringComparison.Ordinal));

        var exit = await cli.RunAsync("doctor");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("allowed_extensions lacks switchrole@switchrole.dev", Line(cli.Out.ToString(), "[FAIL] Firefox"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_BrowserFoundButNotRegistered_FailsWithInstallCommand()
    {
        home.CreateDirectory(".config", "microsoft-edge");
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("doctor");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.EndsWith("not registered -> fix: switchrole install --browser edge", Line(cli.Out.ToString(), "[FAIL] Microsoft Edge"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_FlatpakChromium_WarnsWithTheLimitationWithoutFailing()
    {
        home.CreateDirectory(".var", "app", "org.chromium.Chromium");
        home.CreateDirectory(".mozilla");
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install");

        var exit = await cli.RunAsync("doctor");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("is a Flatpak", Line(cli.Out.ToString(), "[warn] Chromium"), StringComparison.Ordinal);
    }

    [PosixFact]
    public async Task Doctor_RegisteredBinaryIsNotAHost_SelfTestFails()
    {
        // /bin/true stands for a broken switchrole-host (what the manifests name): it exits without answering.
        home.Binary = home.Path("broken", "switchrole");
        Directory.CreateDirectory(Path.GetDirectoryName(home.Binary)!);
        File.CreateSymbolicLink(home.BrowserHost, "/bin/true");
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install", "--browser", "chromium");

        var exit = await cli.RunAsync("doctor");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("exited before replying to hello", Line(cli.Out.ToString(), "[FAIL] self-test (as Chromium"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_Json_ReportsEveryCheckForScripts()
    {
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install", "--browser", "chromium");
        File.Delete(home.Path(".config", "chromium", "NativeMessagingHosts", "dev.switchrole.host.json"));
        home.CreateDirectory(".config", "chromium");

        var exit = await cli.RunAsync("doctor", "--json");

        Assert.Equal(ExitCodes.Failure, exit);
        using var report = JsonDocument.Parse(cli.Out.ToString());
        Assert.False(report.RootElement.GetProperty("ok").GetBoolean());
        var chromium = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Chromium");
        Assert.Equal("fail", chromium.GetProperty("status").GetString());
        Assert.Equal("switchrole install --browser chromium", chromium.GetProperty("fix").GetString());
        Assert.Contains(report.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "log folder" && c.GetProperty("status").GetString() == "ok");
    }

    [Fact]
    public async Task Doctor_OnlyGoogleChromeInstalled_AfterInstallForChrome_PassesAndSkipsOpera()
    {
        // The reported machine: Google Chrome alone. Opera also reads Chrome's folder, which must not make it "missing".
        home.CreateDirectory(".config", "google-chrome", "Default");
        var cli = new RegistrationCli(home);
        Assert.Equal(ExitCodes.Success, await cli.RunAsync("install", "--browser", "chrome"));

        var exit = await cli.RunAsync("doctor");

        var output = cli.Out.ToString();
        Assert.True(exit == ExitCodes.Success, output);
        Assert.StartsWith("[ ok ] Google Chrome: registered (user: " + home.Path(".config", "google-chrome", "NativeMessagingHosts", "dev.switchrole.host.json"), Line(output, "[ ok ] Google Chrome"), StringComparison.Ordinal);
        Assert.Equal("[skip] Opera: not found, not registered", Line(output, "[skip] Opera"));
        Assert.Equal("[skip] Brave: not found, not registered", Line(output, "[skip] Brave"));
        Assert.Equal("All checks passed.", output.Trim().Split('\n')[^1].Trim());
    }

    [Fact]
    public async Task Doctor_OperaInstalledButOnlyChromesFolderRegistered_StillFailsForOpera()
    {
        home.CreateDirectory(".config", "google-chrome");
        home.CreateDirectory(".config", "opera");
        var cli = new RegistrationCli(home);
        await cli.RunAsync("install", "--browser", "chrome");

        var exit = await cli.RunAsync("doctor");

        Assert.Equal(ExitCodes.Failure, exit);
        var line = Line(cli.Out.ToString(), "[FAIL] Opera");
        Assert.Contains("missing " + home.Path(".config", "opera", "NativeMessagingHosts", "dev.switchrole.host.json"), line, StringComparison.Ordinal);
        Assert.EndsWith("-> fix: switchrole install --browser opera", line, StringComparison.Ordinal);
    }

    [PosixFact]
    public async Task Doctor_SystemScopeRegistrationsOfAPackage_AreOkAndSaySystem()
    {
        // What a .deb installs: the binary under /usr/lib/switchrole (a link to the built host here) and machine-wide
        // manifests pointing at it; nothing in the user's folders.
        var packaged = Path.Combine(home.SystemRoot, "usr", "lib", "switchrole", "switchrole");
        Directory.CreateDirectory(Path.GetDirectoryName(packaged)!);
        File.CreateSymbolicLink(packaged, RegistrationCli.BuiltHostBinary);
        string[] chromiumFolders = ["etc/opt/chrome/native-messaging-hosts", "etc/chromium/native-messaging-hosts"];
        foreach (var folder in chromiumFolders)
        {
            WriteSystemManifest(folder, BrowserFamily.Chromium, packaged);
        }

        WriteSystemManifest("usr/lib/mozilla/native-messaging-hosts", BrowserFamily.Firefox, packaged);
        home.CreateDirectory(".config", "google-chrome");
        home.CreateDirectory(".config", "chromium");
        home.CreateDirectory(".mozilla");
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("doctor");

        var output = cli.Out.ToString();
        Assert.True(exit == ExitCodes.Success, output);
        Assert.Equal($"[ ok ] Google Chrome: registered (system: {Path.Combine(home.SystemRoot, "etc/opt/chrome/native-messaging-hosts", "dev.switchrole.host.json")})", Line(output, "[ ok ] Google Chrome"));
        Assert.Equal($"[ ok ] Chromium: registered (system: {Path.Combine(home.SystemRoot, "etc/chromium/native-messaging-hosts", "dev.switchrole.host.json")})", Line(output, "[ ok ] Chromium"));
        Assert.Equal($"[ ok ] Firefox: registered (system: {Path.Combine(home.SystemRoot, "usr/lib/mozilla/native-messaging-hosts", "dev.switchrole.host.json")})", Line(output, "[ ok ] Firefox"));
        Assert.Equal("[skip] Opera: not found, not registered", Line(output, "[skip] Opera"));
        // The self-tests start the packaged binary, as the browsers would.
        Assert.Contains("hello answered", Line(output, "[ ok ] self-test (as Chromium"), StringComparison.Ordinal);
        Assert.Contains("hello answered", Line(output, "[ ok ] self-test (as Firefox"), StringComparison.Ordinal);
    }

    [PosixFact]
    public async Task Doctor_SystemManifestPointingAtAMissingBinary_FailsAndSaysTheMachineWideRegistrationIsBroken()
    {
        WriteSystemManifest("etc/chromium/native-messaging-hosts", BrowserFamily.Chromium, "/usr/lib/switchrole-gone/switchrole");
        home.CreateDirectory(".config", "chromium");
        var cli = new RegistrationCli(home);

        var exit = await cli.RunAsync("doctor");

        Assert.Equal(ExitCodes.Failure, exit);
        var line = Line(cli.Out.ToString(), "[FAIL] Chromium");
        Assert.Contains("path /usr/lib/switchrole-gone/switchrole does not exist", line, StringComparison.Ordinal);
        Assert.Contains("reinstall the switchrole package", line, StringComparison.Ordinal);
    }

    private void WriteSystemManifest(string folder, BrowserFamily family, string binary)
    {
        var directory = Path.Combine(home.SystemRoot, folder);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "dev.switchrole.host.json"), HostManifest.For(family, binary).ToJson());
    }
}

using SwitchRole.Core.Handlers;
using SwitchRole.Core.Protocol;
using static SwitchRole.Core.Tests.Protocol.MessageLoopTests;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

public sealed class DiagnosticsReportHandlerTests
{
    private const string Report =
        """{"id":1,"action":"diagnostics.report","browser":"firefox","extensionVersion":"0.4.0","consoleHost":"{session}.{region}.console.aws.amazon.com","mode":"multi-session","modeSource":"host-name","csrfSource":"page-global","signInSource":"default","found":["menu-button","dropdown","identity-global","csrf"],"missing":["session-meta","sign-in-host"],"switchErrors":2}""";

    [Fact]
    public async Task Report_IsStoredPerBrowserAsAPrivateFile_AndReadBackForDoctor()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame(Report)]);

        var path = (string)Assert.Single(replies)["result"]!["path"]!;
        Assert.Equal(Path.Combine(home.Paths.Home, "diagnostics-firefox.json"), path);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var stored = DiagnosticsReportHandler.Load(home.Paths, "firefox")!;
        Assert.Equal(["menu-button", "dropdown", "identity-global", "csrf"], stored.Found);
        Assert.Equal(["session-meta", "sign-in-host"], stored.Missing);
        Assert.Equal(("multi-session", "host-name", "9.9.9", "0.4.0", 2), (stored.Mode, stored.ModeSource, stored.HostVersion, stored.ExtensionVersion, stored.SwitchErrors));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, \{session\}\.\{region\}\.console\.aws\.amazon\.com, multi-session console; found: menu-button, dropdown, identity-global, csrf; missing: session-meta, sign-in-host; csrf from page-global, sign-in host from default; 2 failed switch\(es\); extension 0\.4\.0, host 9\.9\.9$", DiagnosticsReportHandler.Describe(stored));
        Assert.Null(DiagnosticsReportHandler.Load(home.Paths, "chromium"));
    }

    [Theory]
    [InlineData("\"accountId\":\"123456789012\"", "accountId")]
    [InlineData("\"roleName\":\"Admin\"", "roleName")]
    [InlineData("\"csrf\":\"tok\"", "csrf")]
    [InlineData("\"found\":[\"123456789012\"]", "found[0]")]
    [InlineData("\"found\":[\"csrf\",\"csrf\"]", "found[1]")]
    [InlineData("\"found\":[\"csrf\"],\"missing\":[\"csrf\"]", "missing")]
    [InlineData("\"consoleHost\":\"111122223333-abcd1234.us-east-1.console.aws.amazon.com\"", "consoleHost")]
    [InlineData("\"extensionVersion\":\"<script>\"", "extensionVersion")]
    [InlineData("\"mode\":\"prism\"", "mode")]
    [InlineData("\"csrfSource\":\"tok-123\"", "csrfSource")]
    [InlineData("\"switchErrors\":-1", "switchErrors")]
    [InlineData("\"switchErrors\":\"1\"", "switchErrors")]
    public async Task Report_AnythingThatCouldCarryAnIdANameOrAToken_IsRefusedAndNothingIsStored(string member, string field)
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame($$"""{"id":1,"action":"diagnostics.report","browser":"chromium",{{member}}}""")]);

        AssertError(replies[0], ErrorCode.InvalidField, id: 1);
        Assert.Equal(field, (string?)replies[0]["error"]!["field"]);
        Assert.False(File.Exists(DiagnosticsReportHandler.PathFor(home.Paths, "chromium")));
    }

    [Fact]
    public async Task Report_UnknownBrowser_IsRefused_AndANewReportReplacesTheLast()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [
            Frame("""{"id":1,"action":"diagnostics.report","browser":"../../etc/passwd"}"""),
            Frame("""{"id":2,"action":"diagnostics.report","browser":"chromium","found":["csrf"]}"""),
            Frame("""{"id":3,"action":"diagnostics.report","browser":"chromium","found":["menu-button","dropdown"]}"""),
        ]);

        AssertError(replies[0], ErrorCode.InvalidField, id: 1);
        Assert.Equal("browser", (string?)replies[0]["error"]!["field"]);
        Assert.NotNull(replies[2]["result"]);
        Assert.Equal(["menu-button", "dropdown"], DiagnosticsReportHandler.Load(home.Paths, "chromium")!.Found);
        Assert.Equal(["chromium"], Directory.GetFiles(home.Paths.Home, "diagnostics-*").Select(f => Path.GetFileNameWithoutExtension(f)["diagnostics-".Length..]));
    }

    [Fact]
    public void Hooks_AreTheExtensionsList()
    {
        var js = File.ReadAllText(Path.Combine(RepoRoot(), "extension", "src", "lib", "diagnostics.js"));
        var start = js.IndexOf("export const HOOKS = Object.freeze([", StringComparison.Ordinal);
        var block = js[start..js.IndexOf("]);", start, StringComparison.Ordinal)];
        var names = System.Text.RegularExpressions.Regex.Matches(block, "'([a-z-]+)'").Select(m => m.Groups[1].Value);
        Assert.Equal(DiagnosticsReportHandler.Hooks, names);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SwitchRole.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SwitchRole.sln not found above the test binaries");
    }
}

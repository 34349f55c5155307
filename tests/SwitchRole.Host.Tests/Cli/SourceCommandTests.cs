using System.Text;
using System.Text.Json.Nodes;
using SwitchRole.Host.Cli;

namespace SwitchRole.Host.Tests.Cli;

public sealed class SourceCommandTests : IDisposable
{
    private const string Team = """
        [Prod admin]
        aws_account_id = 111111111111
        role_name = Admin
        color = ff0000

        [Dev read-only]
        aws_account_id = 222222222222
        role_name = ReadOnly
        """;

    private const string TeamLater = """
        [Prod administrator]
        aws_account_id = 111111111111
        role_name = Admin
        color = 00ff00

        [Staging]
        aws_account_id = 333333333333
        role_name = Deploy
        """;

    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Add_FileSource_PrintsWhatCameInAndListShowsIt()
    {
        var path = Write(Team);

        var (exit, output, error) = await InMemoryCli.Run(_home, "source", "add", "platform", path);

        Assert.True(exit == 0, error);
        Assert.Contains($"Added source platform ({path}).", output, StringComparison.Ordinal);
        Assert.Contains("added: 2", output, StringComparison.Ordinal);
        var (_, listed, _) = await InMemoryCli.Run(_home, "source", "list");
        Assert.Contains($"platform  ok  2 entries  {path}  (file, auto,", listed, StringComparison.Ordinal);
        var (_, roles, _) = await InMemoryCli.Run(_home, "list", "--json");
        Assert.All(JsonNode.Parse(roles)!.AsArray(), r => Assert.Equal("team:platform", (string)r!["origin"]!));
    }

    [Fact]
    public async Task List_TeamEntryNamedLikeAPersonalOne_ShowsItsSourceEvenWhenFiltered()
    {
        await InMemoryCli.Run(_home, "source", "add", "platform", Write(Team));
        await InMemoryCli.Run(_home, "add", "--account", "444444444444", "--role", "Admin", "--name", "prod ADMIN");

        var (exit, output, error) = await InMemoryCli.Run(_home, "list");
        var (_, filtered, _) = await InMemoryCli.Run(_home, "list", "--account", "111111111111");

        Assert.True(exit == 0, error);
        Assert.Matches(@"(?m)^Prod admin · team:platform +111111111111 +Admin", output);
        Assert.Matches(@"(?m)^prod ADMIN +444444444444 +Admin", output);
        Assert.DoesNotContain("Dev read-only ·", output, StringComparison.Ordinal);
        Assert.Contains("Prod admin · team:platform", filtered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_FileEditedAfterPersonalOverride_KeepsTheOverrideAndReportsChanges()
    {
        var path = Write(Team);
        await InMemoryCli.Run(_home, "source", "add", "platform", path);
        await InMemoryCli.Run(_home, "add", "--account", "111111111111", "--role", "Admin", "--name", "My prod");

        File.WriteAllText(path, TeamLater);
        var (exit, output, _) = await InMemoryCli.Run(_home, "source", "sync", "platform");

        Assert.Equal(0, exit);
        Assert.Contains("+ Staging (Deploy in 333333333333), line 6", output, StringComparison.Ordinal);
        Assert.Contains("removed (no longer in the source): 1", output, StringComparison.Ordinal);
        Assert.Contains("- Dev read-only (ReadOnly in 222222222222)", output, StringComparison.Ordinal);
        var prod = Role(await ListJson(), "111111111111");
        Assert.Equal(("My prod", "00ff00"), ((string)prod["displayName"]!, (string)prod["color"]!));
    }

    [Fact]
    public async Task Sync_EntryYouCreated_SaysItIsNotApplied()
    {
        await InMemoryCli.Run(_home, "add", "--account", "111111111111", "--role", "Admin", "--name", "Mine");
        var path = Write(Team);

        var (_, output, _) = await InMemoryCli.Run(_home, "source", "add", "platform", path);

        Assert.Contains("! Mine (Admin in 111111111111), line 1: you created it (local); the source's version is not applied", output, StringComparison.Ordinal);
        Assert.Equal("local", (string)Role(await ListJson(), "111111111111")["origin"]!);
    }

    [Fact]
    public async Task Sync_DeletedEntry_SaysTheSourceDoesNotBringItBack()
    {
        var path = Write(Team);
        await InMemoryCli.Run(_home, "source", "add", "platform", path);
        await InMemoryCli.Run(_home, "remove", "--account", "222222222222", "--role", "ReadOnly");

        var (_, output, _) = await InMemoryCli.Run(_home, "source", "sync");

        Assert.Contains("the source does not bring it back", output, StringComparison.Ordinal);
        Assert.Single(JsonNode.Parse(await ListJson())!.AsArray());
    }

    [Fact]
    public async Task Sync_BrokenFile_ExitsOneKeepsEntriesAndListShowsErrorAndFix()
    {
        var path = Write(Team);
        await InMemoryCli.Run(_home, "source", "add", "platform", path);
        File.WriteAllText(path, "[Prod admin]\naws_account_id = 1111\nrole_name = Admin\n");

        var (exit, _, error) = await InMemoryCli.Run(_home, "source", "sync", "platform");

        Assert.Equal(1, exit);
        Assert.Contains("platform: sync failed: 1 error in the file: ", error, StringComparison.Ordinal);
        Assert.Contains("team.ini:2:", error, StringComparison.Ordinal);
        Assert.Equal(2, JsonNode.Parse(await ListJson())!.AsArray().Count);
        var (_, listed, _) = await InMemoryCli.Run(_home, "source", "list");
        Assert.Contains("platform  failing  2 entries", listed, StringComparison.Ordinal);
        Assert.Contains("  fix: correct the file at the lines shown", listed, StringComparison.Ordinal);
        var (_, json, _) = await InMemoryCli.Run(_home, "source", "list", "--json");
        Assert.Equal("failing", (string)JsonNode.Parse(json)![0]!["status"]!);
    }

    [Fact]
    public async Task Add_MissingFile_Exits2AndStoresNothing()
    {
        var path = Path.Combine(_home.Root, "nope.ini");

        var (exit, _, error) = await InMemoryCli.Run(_home, "source", "add", "platform", path);

        Assert.Equal(2, exit);
        Assert.Contains($"{path}: no such file; the source was not added", error, StringComparison.Ordinal);
        var (_, listed, _) = await InMemoryCli.Run(_home, "source", "list");
        Assert.StartsWith("No team sources.", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_PlainHttpUrl_IsRefused()
    {
        var (exit, _, error) = await InMemoryCli.Run(_home, "source", "add", "platform", "http://example.com/roles.ini");

        Assert.Equal(2, exit);
        Assert.Contains("plain http", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_Source_RemovesItsEntriesAndUnknownNameExits4()
    {
        await InMemoryCli.Run(_home, "add", "--account", "999999999999", "--role", "Mine");
        await InMemoryCli.Run(_home, "source", "add", "platform", Write(Team));

        var (exit, output, _) = await InMemoryCli.Run(_home, "source", "remove", "platform");
        var (again, _, error) = await InMemoryCli.Run(_home, "source", "remove", "platform");

        Assert.Equal(0, exit);
        Assert.Equal("Removed source platform and its 2 entries.", output.Trim());
        Assert.Single(JsonNode.Parse(await ListJson())!.AsArray());
        Assert.Equal(4, again);
        Assert.Contains("no team source named 'platform'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncJson_NoChange_ReportsAppliedWithEverythingUnchanged()
    {
        await InMemoryCli.Run(_home, "source", "add", "platform", Write(Team));

        var (exit, output, _) = await InMemoryCli.Run(_home, "source", "sync", "--json");

        Assert.Equal(0, exit);
        var result = JsonNode.Parse(output)![0]!;
        Assert.Equal(("applied", 2, 0), ((string)result["status"]!, (int)result["unchanged"]!, result["added"]!.AsArray().Count));
    }

    [Fact]
    public async Task HostMode_FileSourceChangedOnDisk_PushesChangedAndListsTheNewEntry()
    {
        var path = Write(Team);
        var (exit, _, error) = await HostProcess.RunCliAsync(_home.Root, TimeSpan.FromSeconds(30), "source", "add", "platform", path);
        Assert.True(exit == 0, error);
        using var host = HostProcess.Start(_home.Root, "serve");
        var hello = await host.RequestAsync(1, """{"action":"hello"}""");
        Assert.Contains("sources.sync", hello["result"]!["capabilities"]!.AsArray().Select(c => (string)c!));

        File.WriteAllText(path, TeamLater);

        await host.ReadUntilAsync(f => (string?)f["event"] == "changed", TimeSpan.FromSeconds(20));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        JsonArray roles;
        var id = 2;
        do
        {
            roles = (await host.RequestAsync(id++, """{"action":"roles.list"}"""))["result"]!["roles"]!.AsArray();
            Assert.True(DateTime.UtcNow < deadline, "the new entry did not appear within 20 s");
        }
        while (!roles.Any(r => (string)r!["accountId"]! == "333333333333"));

        var sources = await host.RequestAsync(id, """{"action":"sources.list"}""");
        Assert.Equal(2, (int)sources["result"]!["sources"]![0]!["entryCount"]!);
    }

    [Fact]
    public async Task Doctor_FailingSource_WarnsWithTheErrorAndTheFixWithoutFailing()
    {
        using var userHome = new TempUserHome { Binary = RegistrationCli.BuiltHostBinary };
        var cli = new RegistrationCli(userHome);
        await cli.RunAsync("doctor"); // Sets SWITCHROLE_HOME to the user home's data folder.
        var data = userHome.Path("data");
        var path = Path.Combine(data, "team.ini");
        File.WriteAllText(path, Team);
        Assert.Equal(0, await RunIn(data, "source", "add", "platform", path));
        File.Delete(path);
        Assert.Equal(1, await RunIn(data, "source", "sync"));

        await cli.RunAsync("doctor");

        var line = cli.Out.ToString().Split('\n').Single(l => l.StartsWith("[warn] team source platform:", StringComparison.Ordinal));
        Assert.Contains($"{path} is failing since ", line, StringComparison.Ordinal);
        Assert.Contains($"{path}: no such file; 2 entries from its last good sync", line, StringComparison.Ordinal);
        Assert.Contains("-> fix: the file moved or was deleted", line, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Add_HttpsUrl_RealBinaryTrustsOnlyTheSystemStoreAndNeverPrintsTheToken()
    {
        using var certificates = TestCertificates.Create();
        await using var server = LoopbackHttpsServer.Start(certificates.Server, _ => Reply.Ok(Team, "\"v1\""));
        var url = server.Url("roles.ini?token=SECRET");

        // Not trusted: the test CA is in no store the binary uses.
        var (refused, _, refusedError) = await RunBinary([], "source", "add", "platform", url);
        Assert.Equal(2, refused);
        Assert.Contains("TLS failed", refusedError, StringComparison.Ordinal);

        // Trusted the way an administrator would (OpenSSL's SSL_CERT_FILE): the production path, no test hook.
        var caFile = Path.Combine(_home.Root, "ca.pem");
        File.WriteAllText(caFile, certificates.Ca.ExportCertificatePem());
        var (exit, output, error) = await RunBinary(new() { ["SSL_CERT_FILE"] = caFile }, "source", "add", "platform", url);

        Assert.True(exit == 0, error);
        Assert.Contains($"Added source platform (https://127.0.0.1:{server.Port}/roles.ini?…).", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", output + error + refusedError, StringComparison.Ordinal);
        Assert.Equal(2, JsonNode.Parse(await ListJson())!.AsArray().Count);
    }

    private async Task<(int Exit, string Out, string Error)> RunBinary(Dictionary<string, string> environment, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(RepoPaths.SwitchRoleBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["SWITCHROLE_HOME"] = _home.Root;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<int> RunIn(string switchRoleHome, params string[] args)
    {
        var context = new CliContext(TextReader.Null, TextWriter.Null, TextWriter.Null, () => Stream.Null, () => Stream.Null,
            name => name == "SWITCHROLE_HOME" ? switchRoleHome : null);
        return await CliApp.RunAsync(args, context);
    }

    private string Write(string content)
    {
        var path = Path.Combine(_home.Root, "team.ini");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private async Task<string> ListJson() => (await InMemoryCli.Run(_home, "list", "--json")).Out;

    private static JsonNode Role(string listJson, string account) =>
        JsonNode.Parse(listJson)!.AsArray().Single(r => (string)r!["accountId"]! == account)!;
}

/// <summary>Runs on Linux only: trusting a CA through OpenSSL's SSL_CERT_FILE is how .NET's store works there.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: trusts the test CA through SSL_CERT_FILE.";
        }
    }
}

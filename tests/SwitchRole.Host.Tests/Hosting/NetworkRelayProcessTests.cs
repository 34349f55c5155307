using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using SwitchRole.Host.Tests.Cli;

namespace SwitchRole.Host.Tests.Hosting;

/// <summary>
/// The real <c>switchrole-host</c> as a browser starts it, with the real <c>switchrole worker</c> beside it: the
/// network actions and URL sources go through the child, and the browser sees what PROTOCOL.md says. It logs by itself.
/// </summary>
public sealed class NetworkRelayProcessTests
{
    private const string ChromiumOrigin = "chrome-extension://nocfbhnapafompiapfplkdilpjojbmip/";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary><c>switchrole-host</c> beside the <c>switchrole</c> under test (both ship in one folder).</summary>
    private static string BrowserHost =>
        Path.Combine(Path.GetDirectoryName(RepoPaths.SwitchRoleBinary)!, OperatingSystem.IsWindows() ? "switchrole-host.exe" : "switchrole-host");

    [Fact]
    public async Task AwsCheckAndSigninUrl_ThroughSwitchroleHost_AreAnsweredByTheWorkerUnderTheSameId()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.Roles["arn:aws:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.Allow);
        cli.Fake.Roles["arn:aws:iam::333333333333:role/Deploy"] = new FakeRole(FakeRoleKind.DenyByCallerPolicy);
        using var host = Start(cli.Environment);

        await host.SendAsync("""{"id":1,"action":"hello"}""");
        var hello = await host.ReadUntilAsync(f => f["id"]?.ToString() == "1", Deadline);
        var capabilities = hello["result"]!["capabilities"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Contains("aws.check", capabilities);
        Assert.Contains("aws.signinUrl", capabilities);

        await host.SendAsync("""{"id":"check-a","action":"aws.check","accountId":"222222222222","roleName":"Admin"}""");
        await host.SendAsync("""{"id":"check-b","action":"aws.check","accountId":"333333333333","roleName":"Deploy"}""");
        // Both run beside the loop: their answers may come in either order (PROTOCOL.md), each under its own id.
        var first = await host.ReadUntilAsync(f => (string?)f["id"] is "check-a" or "check-b", Deadline);
        var second = await host.ReadUntilAsync(f => (string?)f["id"] is "check-a" or "check-b", Deadline);
        var a = (string?)first["id"] == "check-a" ? first : second;
        var b = (string?)first["id"] == "check-a" ? second : first;
        Assert.Equal("check-b", (string?)b["id"]);
        Assert.Equal("assumable", (string?)a["result"]!["results"]![0]!["status"]);
        Assert.Equal("denied-by-caller-policy", (string?)b["result"]!["results"]![0]!["status"]);

        await host.SendAsync("""{"id":7,"action":"aws.signinUrl","accountId":"222222222222","roleName":"Admin","region":"eu-west-1"}""");
        var signin = await host.ReadUntilAsync(f => f["id"]?.ToString() == "7", Deadline);
        Assert.True((bool)signin["ok"]!, signin.ToJsonString());
        var url = new Uri((string)signin["result"]!["url"]!);
        Assert.Contains(HttpUtility.ParseQueryString(url.Query)["SigninToken"], cli.Fake.IssuedSecrets);

        // An sso.* action no handler knows is still the worker's: the browser gets UnknownAction, as before the split.
        await host.SendAsync("""{"id":8,"action":"sso.nothing"}""");
        var unknown = await host.ReadUntilAsync(f => f["id"]?.ToString() == "8", Deadline);
        Assert.Equal("UnknownAction", (string?)unknown["error"]!["name"]);

        host.CloseInput();
        Assert.Equal(0, await host.WaitForExitAsync(Deadline));

        // Neither process logged a credential or the sign-in token (the harness scans SWITCHROLE_HOME on dispose too).
        var logs = string.Concat(Directory.EnumerateFiles(Path.Combine(cli.SwitchRoleHome, "logs")).Select(File.ReadAllText));
        Assert.Contains("aws.check ok", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsCliHarness.SecretAccessKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(cli.Fake.IssuedSecrets, s => logs.Contains(s, StringComparison.Ordinal));
    }

    [LinuxFact]
    public async Task SourcesAdd_HttpsUrl_ThroughSwitchroleHost_IsFetchedByTheWorkerAndApplied()
    {
        using var home = new TempHome();
        using var certificates = TestCertificates.Create();
        const string team = "[Prod admin]\naws_account_id = 111111111111\nrole_name = Admin\n\n[Dev]\naws_account_id = 222222222222\nrole_name = ReadOnly\n";
        await using var server = LoopbackHttpsServer.Start(certificates.Server, _ => Reply.Ok(team, "\"v1\""));
        var caFile = Path.Combine(home.Root, "ca.pem");
        File.WriteAllText(caFile, certificates.Ca.ExportCertificatePem());
        using var host = Start(new() { ["SWITCHROLE_HOME"] = home.Root, ["SSL_CERT_FILE"] = caFile });

        await host.SendAsync($$"""{"id":1,"action":"sources.add","name":"platform","location":"{{server.Url("roles.ini?token=SECRET")}}"}""");
        var added = await host.ReadUntilAsync(f => f["id"]?.ToString() == "1", Deadline);
        Assert.True((bool)added["ok"]!, added.ToJsonString());
        Assert.Equal("applied", (string?)added["result"]!["status"]);
        Assert.Equal(2, added["result"]!["added"]!.AsArray().Count);

        await host.SendAsync("""{"id":2,"action":"sources.list"}""");
        var list = await host.ReadUntilAsync(f => f["id"]?.ToString() == "2", Deadline);
        var source = list["result"]!["sources"]![0]!;
        Assert.Equal("url", (string?)source["kind"]);
        Assert.Equal("ok", (string?)source["status"]);
        Assert.Equal(2, (int)source["entryCount"]!);
        Assert.Equal($"https://127.0.0.1:{server.Port}/roles.ini?…", (string?)source["location"]);

        host.CloseInput();
        Assert.Equal(0, await host.WaitForExitAsync(Deadline));
        var logs = string.Concat(Directory.EnumerateFiles(Path.Combine(home.Root, "logs")).Select(File.ReadAllText));
        Assert.DoesNotContain("SECRET", logs + host.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportApply_ThroughSwitchroleHost_IsAppliedByTheWorkerInTurnAndAnnounced()
    {
        using var home = new TempHome();
        using var host = Start(new() { ["SWITCHROLE_HOME"] = home.Root });
        // JSON string escapes (\n), not newlines: the text goes into the frames as it is.
        const string team = @"[Prod admin]\naws_account_id = 111111111111\nrole_name = Admin\n\n[Dev]\naws_account_id = 222222222222\nrole_name = ReadOnly\n";

        await host.SendAsync("""{"id":1,"action":"hello"}""");
        var hello = await host.ReadUntilAsync(f => f["id"]?.ToString() == "1", Deadline);
        Assert.Contains("import.apply", hello["result"]!["capabilities"]!.AsArray().Select(c => (string?)c));

        await host.SendAsync($$"""{"id":2,"action":"import.preview","text":"{{team}}","fileName":"team.ini"}""");
        var preview = await host.ReadUntilAsync(f => f["id"]?.ToString() == "2", Deadline);
        Assert.True((bool)preview["ok"]!, preview.ToJsonString());
        Assert.Equal(2, preview["result"]!["added"]!.AsArray().Count);

        // The list is sent before the import's answer arrives: relayed writes stay in turn, so it sees the import.
        await host.SendAsync($$"""{"id":3,"action":"import.apply","text":"{{team}}","fileName":"team.ini","expectPlan":"{{(string?)preview["result"]!["plan"]}}"}""");
        await host.SendAsync("""{"id":4,"action":"roles.list"}""");
        var apply = await host.ReadUntilAsync(f => f["id"]?.ToString() is "3" or "4", Deadline);
        Assert.Equal("3", apply["id"]!.ToString());
        Assert.True((bool)apply["result"]!["applied"]!, apply.ToJsonString());
        var list = await host.ReadUntilAsync(f => f["id"]?.ToString() == "4", Deadline);
        Assert.Equal(["Dev", "Prod admin"], list["result"]!["roles"]!.AsArray().Select(r => (string?)r!["displayName"]).Order(StringComparer.Ordinal));

        // Written by another process: the host's change watcher announces it, as for a CLI import.
        var changed = await host.ReadUntilAsync(f => (string?)f["event"] == "changed", Deadline);
        Assert.Equal((long)apply["result"]!["revision"]!, (long)changed["revision"]!);

        host.CloseInput();
        Assert.Equal(0, await host.WaitForExitAsync(Deadline));
    }

    [LinuxFact]
    public async Task FileSource_ChangedOnDisk_IsSyncedByAWorkerAndAnnounced()
    {
        using var home = new TempHome();
        var path = Path.Combine(home.Root, "team.ini");
        File.WriteAllText(path, "[Prod admin]\naws_account_id = 111111111111\nrole_name = Admin\n");
        using var host = Start(new() { ["SWITCHROLE_HOME"] = home.Root });

        await host.SendAsync($$"""{"id":1,"action":"sources.add","name":"platform","location":"{{path}}"}""");
        var added = await host.ReadUntilAsync(f => f["id"]?.ToString() == "1", Deadline);
        Assert.True((bool)added["ok"]!, added.ToJsonString());

        File.WriteAllText(path, "[Prod admin]\naws_account_id = 111111111111\nrole_name = Admin\n\n[Staging]\naws_account_id = 333333333333\nrole_name = Deploy\n");

        // The host's watcher sees the file change and hands the sync to a worker; the merge is announced.
        await host.ReadUntilAsync(f => (string?)f["event"] == "changed" && (long)f["revision"]! > (long)added["result"]!["revision"]!, Deadline);
        await host.SendAsync("""{"id":2,"action":"roles.list"}""");
        var list = await host.ReadUntilAsync(f => f["id"]?.ToString() == "2", Deadline);
        Assert.Contains("Staging", list["result"]!["roles"]!.AsArray().Select(r => (string?)r!["displayName"]));

        // The worker logs each outcome (it may still be writing the line when the change is announced).
        string Logs() => string.Concat(Directory.EnumerateFiles(Path.Combine(home.Root, "logs")).Select(File.ReadAllText));
        await Poll.UntilAsync(() => Logs().Contains("Team source platform", StringComparison.Ordinal), Deadline, "the worker's log line for the sync");

        host.CloseInput();
        Assert.Equal(0, await host.WaitForExitAsync(Deadline));
    }

    [Fact]
    public async Task SwitchroleHost_LogsItsRequestsToTheRollingLogFile()
    {
        // The browser-started binary logs by itself (Serilog's rolling file sink), no worker involved: what its
        // trimming leaves out (host/SwitchRole.Bridge/Trimming.xml) must not be anything the log needs.
        using var home = new TempHome();
        using var host = Start(new() { ["SWITCHROLE_HOME"] = home.Root });

        await host.SendAsync("""{"id":1,"action":"hello"}""");
        Assert.True((bool)(await host.ReadUntilAsync(f => f["id"]?.ToString() == "1", Deadline))["ok"]!);
        await host.SendAsync("""{"id":2,"action":"roles.upsert","roles":[{"accountId":"bad","roleName":"x"}]}""");
        Assert.False((bool)(await host.ReadUntilAsync(f => f["id"]?.ToString() == "2", Deadline))["ok"]!);
        host.CloseInput();
        Assert.Equal(0, await host.WaitForExitAsync(Deadline));

        var log = string.Concat(Directory.GetFiles(Path.Combine(home.Root, "logs"), "switchrole-*.log").Select(File.ReadAllText));
        Assert.Contains(" host/", log, StringComparison.Ordinal);
        Assert.Contains("hello ok", log, StringComparison.Ordinal);
        Assert.Contains("roles.upsert InvalidField", log, StringComparison.Ordinal);
        Assert.DoesNotContain(" worker/", log, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task AwsCheck_WorkerMissing_AnswersWithASentenceAndTheHostServesOn()
    {
        using var home = new TempHome();
        var folder = Path.Combine(home.Root, "lonely");
        Directory.CreateDirectory(folder);
        if (!IsNativeBinary(BrowserHost))
        {
            // A JIT build is a folder of assemblies; copying it with the worker left out is the same test.
            var from = Path.GetDirectoryName(BrowserHost)!;
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "switchrole"))
            {
                var to = Path.Combine(folder, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
        }
        else
        {
            File.Copy(BrowserHost, Path.Combine(folder, "switchrole-host"));
            foreach (var library in Directory.EnumerateFiles(Path.GetDirectoryName(BrowserHost)!, "libe_sqlite3.*"))
            {
                File.Copy(library, Path.Combine(folder, Path.GetFileName(library)));
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(folder, "switchrole-host"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        using var host = Start(new() { ["SWITCHROLE_HOME"] = home.Root }, Path.Combine(folder, "switchrole-host"));

        await host.SendAsync("""{"id":1,"action":"aws.check","accountId":"222222222222","roleName":"Admin"}""");
        var answer = await host.ReadUntilAsync(f => f["id"]?.ToString() == "1", Deadline);
        Assert.False((bool)answer["ok"]!);
        Assert.Equal("InternalError", (string?)answer["error"]!["name"]);
        Assert.Contains("network helper could not be started", (string?)answer["error"]!["message"], StringComparison.Ordinal);

        await host.SendAsync("""{"id":2,"action":"roles.list"}""");
        var list = await host.ReadUntilAsync(f => f["id"]?.ToString() == "2", Deadline);
        Assert.True((bool)list["ok"]!);
    }

    private static bool IsNativeBinary(string path) => !File.Exists(Path.ChangeExtension(path, ".dll"));

    private static BrowserStartedHost Start(Dictionary<string, string?> environment, string? binary = null)
    {
        var info = new ProcessStartInfo(binary ?? BrowserHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ChromiumOrigin);
        foreach (var name in info.Environment.Keys.Where(n => n.StartsWith("AWS_", StringComparison.Ordinal) || n.StartsWith("SWITCHROLE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return new BrowserStartedHost(Process.Start(info)!);
    }

    private sealed class BrowserStartedHost : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stderr;
        private readonly List<JsonObject> _unmatched = [];

        public BrowserStartedHost(Process process)
        {
            _process = process;
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public string StandardError => _stderr.IsCompleted ? _stderr.Result : "";

        public async Task SendAsync(string json)
        {
            var payload = Encoding.UTF8.GetBytes(json);
            var stream = _process.StandardInput.BaseStream;
            await stream.WriteAsync(BitConverter.GetBytes(payload.Length));
            await stream.WriteAsync(payload);
            await stream.FlushAsync();
        }

        public void CloseInput() => _process.StandardInput.Close();

        /// <summary>The first frame, read before or now, that <paramref name="match"/> accepts; the others are kept for later calls.</summary>
        public async Task<JsonObject> ReadUntilAsync(Func<JsonObject, bool> match, TimeSpan timeout)
        {
            if (_unmatched.FirstOrDefault(match) is { } earlier)
            {
                _unmatched.Remove(earlier);
                return earlier;
            }

            using var cancel = new CancellationTokenSource(timeout);
            var stream = _process.StandardOutput.BaseStream;
            while (true)
            {
                var header = new byte[4];
                await stream.ReadExactlyAsync(header, cancel.Token);
                var payload = new byte[BitConverter.ToInt32(header)];
                await stream.ReadExactlyAsync(payload, cancel.Token);
                var frame = JsonNode.Parse(payload)!.AsObject();
                if (match(frame))
                {
                    return frame;
                }

                _unmatched.Add(frame);
            }
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SwitchRole.Host.Tests.Cli;

/// <summary>Issue 13, items 3 and 5, on the real binary: private files, and failures answered instead of crashing.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HardeningProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [PosixFact]
    public async Task EveryFileThatMayHoldSecrets_IsCreatedPrivate()
    {
        using var home = new TempHome();
        var data = Path.Combine(home.Root, "data");
        var (exit, _, error) = await HostProcess.RunCliAsync(data, Timeout, "add", "--account", "123456789012", "--role", "Admin", "--name", "Prod");
        Assert.True(exit == 0, error);
        var export = Path.Combine(home.Root, "roles.ini");
        var backup = Path.Combine(home.Root, "backup.json");
        Assert.Equal(0, (await HostProcess.RunCliAsync(data, Timeout, "export", "--format", "aesr", "-o", export)).ExitCode);
        Assert.Equal(0, (await HostProcess.RunCliAsync(data, Timeout, "backup", "-o", backup)).ExitCode);

        // Host mode writes its log after the first reply.
        using (var host = HostProcess.Start(data, "serve"))
        {
            await host.SendAsync("""{"id":1,"action":"hello"}""");
            Assert.True((bool)(await host.ReadAsync(Timeout))!["ok"]!);
            var logs = Path.Combine(data, "logs");
            await Poll.UntilAsync(() => Directory.Exists(logs) && Directory.GetFiles(logs).Length > 0, Timeout, "the host's log file");
        }

        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(data));
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(Path.Combine(data, "logs")));
        var files = new[] { Path.Combine(data, "switchrole.db"), export, backup }
            .Concat(Directory.GetFiles(Path.Combine(data, "logs")))
            .Concat(Directory.GetFiles(data, "switchrole.db-*"))
            .ToList();
        Assert.Contains(files, f => f.EndsWith(".log", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Assert.True(File.GetUnixFileMode(file) == PrivateFile, $"{file} is {File.GetUnixFileMode(file)}");
        }
    }

    [PosixFact]
    public async Task HomeThatCannotBeCreated_HelloSaysWhyAndRequestsAreRefused()
    {
        using var home = new TempHome();
        var blocker = Path.Combine(home.Root, "file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var data = Path.Combine(blocker, "SwitchRole"); // a folder inside a file: cannot be created

        using (var host = HostProcess.Start(data, "serve"))
        {
            await host.SendAsync("""{"id":1,"action":"hello"}""");
            var hello = (await host.ReadAsync(Timeout))!;
            Assert.Contains("cannot be created", (string)hello["result"]!["databaseError"]!, StringComparison.Ordinal);
            await host.SendAsync("""{"id":2,"action":"roles.list"}""");
            var list = (await host.ReadAsync(Timeout))!;
            Assert.Equal(9, (int)list["error"]!["code"]!);
            Assert.DoesNotContain("Unhandled", host.StandardError, StringComparison.Ordinal);
        }

        var (exit, _, error) = await HostProcess.RunCliAsync(data, Timeout, "list");
        Assert.Equal(3, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("cannot be created", error, StringComparison.Ordinal);
    }

    /// <summary>A real full disk: a 256 KiB tmpfs in an unprivileged user namespace, filled after the database is made.</summary>
    [PosixFact]
    public async Task FullDisk_HostAnswersWithTheSentenceAndExitsCleanly_CliExitsWithDatabaseError()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/unshare"))
        {
            Assert.Fail("this test needs Linux with unshare (util-linux) and unprivileged user namespaces");
        }

        using var home = new TempHome();
        var mount = Path.Combine(home.Root, "small");
        Directory.CreateDirectory(mount);
        var frames = Path.Combine(home.Root, "frames.bin");
        var longRole = new string('R', 60);
        await File.WriteAllBytesAsync(frames, [
            .. HostProcess.Frame("""{"id":1,"action":"hello"}"""),
            .. HostProcess.Frame($$"""{"id":2,"action":"roles.upsert","roles":[{"accountId":"210987654321","roleName":"{{longRole}}","displayName":"{{new string('x', 60)}}"}]}"""),
            .. HostProcess.Frame("""{"id":3,"action":"hello"}"""),
            .. HostProcess.Frame("""{"id":4,"action":"roles.list"}"""),
        ]);
        var binary = RepoPaths.SwitchRoleBinary;
        var data = Path.Combine(mount, "h");
        var script = $"""
            set -e
            mount -t tmpfs -o size=256k tmpfs '{mount}'
            export SWITCHROLE_HOME='{data}'
            '{binary}' add --account 123456789012 --role Admin >/dev/null
            dd if=/dev/zero of='{mount}/fill' bs=4k count=1000 2>/dev/null || true
            set +e
            '{binary}' serve < '{frames}' > '{home.Root}/out.bin' 2> '{home.Root}/err.txt'
            echo "serve=$?"
            '{binary}' add --account 210987654321 --role Ops 2> '{home.Root}/cli.txt'
            echo "cli=$?"
            """;
        var info = new ProcessStartInfo("/usr/bin/unshare", ["-Urm", "sh", "-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(stdout.Contains("serve=0", StringComparison.Ordinal), stdout + stderr + File.ReadAllText(Path.Combine(home.Root, "err.txt")));
        Assert.Contains("cli=3", stdout, StringComparison.Ordinal);

        var replies = ReadFrames(await File.ReadAllBytesAsync(Path.Combine(home.Root, "out.bin")));
        Assert.Equal(4, replies.Count);
        Assert.True((bool)replies[0]["ok"]!);
        var upsert = replies[1];
        Assert.Equal(9, (int)upsert["error"]!["code"]!);
        Assert.Contains("nothing was changed", (string)upsert["error"]!["message"]!, StringComparison.Ordinal);
        Assert.NotNull((string?)replies[2]["result"]!["databaseError"]);
        // A read on a full disk may still work (the entry stored before) or meet the same failure: answered either way.
        var list = replies[3];
        Assert.True((bool)list["ok"]! ? list["result"]!["roles"]!.AsArray().Count == 1 : (int)list["error"]!["code"]! == 9, list.ToJsonString());
        Assert.DoesNotContain("Unhandled", await File.ReadAllTextAsync(Path.Combine(home.Root, "err.txt")), StringComparison.Ordinal);
        var cli = (await File.ReadAllTextAsync(Path.Combine(home.Root, "cli.txt"))).Trim();
        Assert.Single(cli.Split('\n'));
        Assert.StartsWith("switchrole: The SwitchRole database", cli, StringComparison.Ordinal);
    }

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;

    private static List<JsonObject> ReadFrames(byte[] bytes)
    {
        var frames = new List<JsonObject>();
        for (var at = 0; at + 4 <= bytes.Length;)
        {
            var length = BitConverter.ToInt32(bytes, at);
            frames.Add(JsonNode.Parse(bytes.AsSpan(at + 4, length))!.AsObject());
            at += 4 + length;
        }

        return frames;
    }
}

using System.Diagnostics;
using System.Text;
using Serilog;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Hosting;

/// <summary>
/// A network worker that is missing, crashes, writes garbage or hangs: the browser gets one error with a sentence,
/// never a hang, and the host goes on serving. The "workers" here are real processes (small shell scripts).
/// </summary>
public sealed class NetworkWorkerTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task AwsCheck_WorkerMissing_AnswersInternalErrorNamingTheFileAndServesOn()
    {
        var worker = new NetworkWorker(Path.Combine(_home.Root, "no-such-dir", "switchrole"));
        var (_, replies) = await RunAsync(_home,
            [Frame("""{"id":1,"action":"aws.check","accountId":"222222222222","roleName":"Admin"}"""), Frame("""{"id":2,"action":"roles.list"}""")],
            s => HandlerRegistry.CreateForBrowser(s, worker));

        var check = replies.Single(r => r["id"]?.ToString() == "1");
        Assert.Equal("InternalError", (string?)check["error"]!["name"]);
        Assert.Contains("network helper could not be started", (string?)check["error"]!["message"], StringComparison.Ordinal);
        Assert.Contains(worker.ExecutablePath, (string?)check["error"]!["message"], StringComparison.Ordinal);
        Assert.True((bool)replies.Single(r => r["id"]?.ToString() == "2")["ok"]!);
    }

    [PosixFact]
    public async Task Relay_WorkerExitsWithoutAnswering_SaysSoWithTheExitCode()
    {
        var worker = new NetworkWorker(Script("exit 3"));
        var failure = await worker.RelayAsync(Encoding.UTF8.GetBytes("""{"id":1,"action":"aws.check"}"""), _ => Task.CompletedTask, TimeSpan.FromSeconds(30), "test", CancellationToken.None);

        Assert.NotNull(failure);
        Assert.Equal(ErrorCode.InternalError, failure.Code);
        Assert.Contains("stopped without answering (exit code 3)", failure.Message, StringComparison.Ordinal);
    }

    [PosixFact]
    public async Task Relay_WorkerWritesGarbage_IsRefusedAndNothingIsForwarded()
    {
        // "garbage!" read as a 4-byte length is far over the frame limit; a small length with non-JSON is refused too.
        foreach (var output in new[] { "printf 'garbage!'", "printf '\\005\\000\\000\\000hello'" })
        {
            var forwarded = 0;
            var worker = new NetworkWorker(Script(output));
            var failure = await worker.RelayAsync(Encoding.UTF8.GetBytes("""{"id":1,"action":"aws.check"}"""), _ => { forwarded++; return Task.CompletedTask; }, TimeSpan.FromSeconds(30), "test", CancellationToken.None);

            Assert.NotNull(failure);
            Assert.Contains("not a protocol frame", failure.Message, StringComparison.Ordinal);
            Assert.Equal(0, forwarded);
        }
    }

    [PosixFact]
    public async Task Relay_WorkerHangs_IsKilledAtTheDeadlineAndAnswersATimeout()
    {
        var pidFile = Path.Combine(_home.Root, "worker.pid");
        var worker = new NetworkWorker(Script($"echo $$ > '{pidFile}'\nexec sleep 600"));
        var failure = await worker.RelayAsync(Encoding.UTF8.GetBytes("""{"id":1,"action":"aws.check"}"""), _ => Task.CompletedTask, TimeSpan.FromMilliseconds(500), "test", CancellationToken.None);

        Assert.NotNull(failure);
        Assert.Equal(ErrorCode.AwsError, failure.Code);
        Assert.Equal("network", failure.Field);
        Assert.Contains("timeout", failure.Message, StringComparison.Ordinal);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Poll.UntilAsync(() => !IsRunning(pid), TimeSpan.FromSeconds(10), $"worker {pid} to be killed");
    }

    [Fact]
    public async Task ImportApply_WorkerMissing_AnswersInTurnWithASentenceAndChangesNothing()
    {
        var worker = new NetworkWorker(Path.Combine(_home.Root, "no-such-dir", "switchrole"));
        var (_, replies) = await RunAsync(_home,
            [
                Frame("""{"id":1,"action":"import.apply","text":"[a]\naws_account_id = 111111111111\nrole_name = Admin\n"}"""),
                Frame("""{"id":2,"action":"roles.list"}"""),
            ],
            s => HandlerRegistry.CreateForBrowser(s, worker));

        // In turn, not beside the loop: the list comes after the import's answer.
        Assert.Equal(["1", "2"], replies.Select(r => r["id"]!.ToString()));
        Assert.Equal("InternalError", (string?)replies[0]["error"]!["name"]);
        Assert.Contains("network helper could not be started", (string?)replies[0]["error"]!["message"], StringComparison.Ordinal);
        Assert.Empty(replies[1]["result"]!["roles"]!.AsArray());
    }

    [PosixFact]
    public async Task Hello_AfterARelayedRequestFoundTheDatabaseFull_ReportsTheWorkersSentence()
    {
        // The worker opens the same database: when it answers DatabaseUnavailable (here a relayed import on a full
        // disk), the browser-started host's later hellos say so, as they do for a failure the host meets itself.
        const string sentence = "the disk holding the SwitchRole database is full: free some space, then try again";
        var answer = Path.Combine(_home.Root, "answer.bin");
        File.WriteAllBytes(answer, Frame($$$"""{"id":1,"ok":false,"error":{"code":9,"name":"DatabaseUnavailable","message":"{{{sentence}}}"}}"""));
        var worker = new NetworkWorker(Script($"cat '{answer}'\nexec cat > /dev/null"));
        var input = new MemoryStream([
            .. Frame("""{"id":1,"action":"import.apply","text":"[a]\naws_account_id = 111111111111\nrole_name = Admin\n"}"""),
            .. Frame("""{"id":2,"action":"hello"}"""),
        ]);
        using var output = new MemoryStream();

        var exit = await HostServer.RunAsync(input, output, _home.Paths, "9.9.9", Serilog.Core.Logger.None, worker: worker);

        Assert.Equal(0, exit);
        var replies = Parse(output.ToArray());
        Assert.Equal(["1", "2"], replies.Select(r => r["id"]!.ToString()));
        Assert.Equal("DatabaseUnavailable", (string?)replies[0]["error"]!["name"]);
        Assert.Equal(sentence, (string?)replies[1]["result"]!["databaseError"]);
    }

    [PosixFact]
    public async Task WorkerSourceSync_WorkerFails_LogsTheSourcesAndTheReasonAndReturns()
    {
        var logFile = Path.Combine(_home.Root, "host.log");
        using (var log = new LoggerConfiguration().WriteTo.File(logFile).CreateLogger())
        {
            using var sync = new WorkerSourceSync(new NetworkWorker(Script("exit 3")), log);
            await sync.SyncAsync([new DueSource("platform", TimeSpan.Zero), new DueSource("shared", TimeSpan.FromMinutes(1))], CancellationToken.None);
        }

        var logged = File.ReadAllText(logFile);
        Assert.Contains("Team sources not synced (platform, shared)", logged, StringComparison.Ordinal);
        Assert.Contains("exit code 3", logged, StringComparison.Ordinal);
    }

    private string Script(string body)
    {
        var path = Path.Combine(_home.Root, $"worker-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        return path;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

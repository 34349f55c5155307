using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Serilog;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Hosting;

/// <summary>Why the worker gave no answer: the error the browser gets instead, one sentence.</summary>
public sealed record WorkerFailure(ErrorCode Code, string Message, string? Field = null);

/// <summary>
/// The network worker: <c>switchrole worker</c>, started from the folder of this executable, one short-lived child
/// per request. The browser-started host holds no HTTP client, TLS or AWS SDK; whatever needs them is a frame sent to
/// the child, whose frames come back on its stdout (same framing as the browser's, the request's own id). The child
/// is killed when its deadline passes, when the request is cancelled (the browser went away), and after its answer
/// if it does not exit by itself. Its stderr goes to this process's log, never to the browser.
/// </summary>
public sealed class NetworkWorker
{
    /// <summary>The internal command of <c>switchrole</c> that serves one worker connection.</summary>
    public const string Command = "worker";

    /// <summary>A team source read: the network part of a sync, the one wait PROTOCOL.md bounds at 30 s.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An <c>aws.*</c> or <c>sso.*</c> request: a check of thousands of roles takes minutes and an Identity Center
    /// sign-in waits for a person to approve it in the browser, so the bound is generous; each AWS call has its own.
    /// </summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);

    private readonly ILogger _log;

    private readonly Func<string> _locate;
    private string? _executablePath;

    public NetworkWorker(string executablePath, ILogger? log = null)
        : this(() => executablePath, log)
    {
    }

    private NetworkWorker(Func<string> locate, ILogger? log)
    {
        _locate = locate;
        _log = log ?? Serilog.Core.Logger.None;
    }

    public string ExecutablePath => _executablePath ??= _locate();

    /// <summary>
    /// Raised with the worker's sentence when it answers a request with <see cref="ErrorCode.DatabaseUnavailable"/>
    /// (disk full, read-only, corrupt): the worker opens the same database, so the host's later hellos report it too.
    /// </summary>
    public event Action<string>? StoreUnavailable;

    /// <summary>
    /// <c>switchrole</c> (<c>switchrole.exe</c>) in the folder of the running executable: both ship and install together.
    /// Located at the first request: finding the executable's folder is start-up work a <c>hello</c> does not need.
    /// </summary>
    public static NetworkWorker BesideExecutable(ILogger? log = null) =>
        new(static () => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "switchrole.exe" : "switchrole"), log);

    /// <summary>
    /// Sends <paramref name="requestFrame"/> (one request's JSON) to a new worker and passes each frame it writes to
    /// <paramref name="onFrame"/>, up to and including the answer (the frame with <c>ok</c>). Null when answered;
    /// otherwise why not (missing, crashed, timed out, wrote something that is not a frame), to answer with.
    /// </summary>
    public async Task<WorkerFailure?> RelayAsync(ReadOnlyMemory<byte> requestFrame, Func<byte[], Task> onFrame, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        Process process;
        try
        {
            process = Start();
        }
        catch (Exception ex) when (ex is Win32Exception or FileNotFoundException or InvalidOperationException)
        {
            _log.Error("{What}: the network helper {Path} could not be started: {Message}", what, ExecutablePath, ex.Message);
            return new WorkerFailure(ErrorCode.InternalError, $"SwitchRole's network helper could not be started ({ExecutablePath}: {ex.Message}); reinstall SwitchRole so that switchrole is beside switchrole-host");
        }

        using (process)
        {
            var timedOut = false;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            // A read of the pipe cannot be cancelled; killing the child ends it (end of file), whatever the reason.
            using var kill = deadline.Token.Register(() =>
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                Kill(process);
            });
            try
            {
                var input = process.StandardInput.BaseStream;
                var header = new byte[4];
                Framing.WriteHeader(header, requestFrame.Length);
                await input.WriteAsync(header, CancellationToken.None).ConfigureAwait(false);
                await input.WriteAsync(requestFrame, CancellationToken.None).ConfigureAwait(false);
                await input.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                // The child died before reading: its exit code and stderr say why (below).
                _log.Warning("{What}: the network helper did not take the request: {Message}", what, ex.Message);
            }

            var reader = new FrameReader(process.StandardOutput.BaseStream);
            var seconds = timeout.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                while (true)
                {
                    byte[]? frame;
                    try
                    {
                        frame = await Task.Run(() => reader.ReadAsync(CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (FrameTooLargeException ex)
                    {
                        _log.Error("{What}: the network helper announced a frame of {Length} bytes", what, ex.Length);
                        return Garbage();
                    }

                    if (frame is null)
                    {
                        break;
                    }

                    if (!IsObject(frame, out var isAnswer, out var storeFailure))
                    {
                        _log.Error("{What}: the network helper wrote {Length} bytes that are not a JSON object", what, frame.Length);
                        return Garbage();
                    }

                    await onFrame(frame).ConfigureAwait(false);
                    if (isAnswer)
                    {
                        if (storeFailure is not null)
                        {
                            StoreUnavailable?.Invoke(storeFailure);
                        }

                        return null;
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (timedOut)
                {
                    _log.Error("{What}: the network helper gave no answer within {Seconds} s; stopped", what, seconds);
                    return new WorkerFailure(ErrorCode.AwsError, $"no answer within {seconds} s (timeout); SwitchRole stopped the request", "network");
                }

                var code = await ExitCodeAsync(process).ConfigureAwait(false);
                _log.Error("{What}: the network helper exited ({Code}) without answering", what, code);
                return new WorkerFailure(ErrorCode.InternalError, $"SwitchRole's network helper stopped without answering (exit code {code}); details are in the SwitchRole log");
            }
            finally
            {
                await StopAsync(process).ConfigureAwait(false);
            }
        }
    }

    private static WorkerFailure Garbage() =>
        new(ErrorCode.InternalError, "SwitchRole's network helper answered with something that is not a protocol frame; details are in the SwitchRole log");

    private Process Start()
    {
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Command);
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                // The worker logs to the same file itself; stderr carries only what escaped it (a crash).
                _log.Warning("Network helper: {Line}", e.Data.Length > 500 ? e.Data[..500] + "…" : e.Data);
            }
        };
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException("no such file", ExecutablePath);
        }

        process.Start();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// True for a JSON object; <paramref name="isAnswer"/> when it has <c>ok</c> (the last frame of a request), and
    /// <paramref name="storeFailure"/> the message of an answer that is a <see cref="ErrorCode.DatabaseUnavailable"/> error.
    /// </summary>
    private static bool IsObject(byte[] frame, out bool isAnswer, out string? storeFailure)
    {
        isAnswer = false;
        storeFailure = null;
        try
        {
            using var document = JsonDocument.Parse(frame);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            isAnswer = root.TryGetProperty("ok", out var ok);
            storeFailure = isAnswer && ok.ValueKind == JsonValueKind.False ? StoreFailureOf(root) : null;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The message of an error answer whose code is <see cref="ErrorCode.DatabaseUnavailable"/>, else null.</summary>
    private static string? StoreFailureOf(JsonElement answer) =>
        answer.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
        && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
        && code.TryGetInt32(out var number) && number == (int)ErrorCode.DatabaseUnavailable
        && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? message.GetString()
            : null;

    private static async Task<string> ExitCodeAsync(Process process)
    {
        using var wait = new CancellationTokenSource(ExitGrace);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (OperationCanceledException)
        {
            return "unknown";
        }
    }

    /// <summary>Ends the child's input (it exits when input ends) and kills it if it has not exited soon after.</summary>
    private static async Task StopAsync(Process process)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        using var wait = new CancellationTokenSource(ExitGrace);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }
}

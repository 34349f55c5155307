using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SwitchRole.Core.Registration;

/// <summary>The outcome of starting the host the way a browser does and saying hello.</summary>
/// <remarks><c>ProtocolVersion</c> and <c>HostVersion</c> come from the hello reply; <c>Problem</c> says why it failed, null on success.</remarks>
public sealed record SelfTestResult(int? ProtocolVersion, string? HostVersion, string? Problem, TimeSpan Elapsed)
{
    public bool Succeeded => Problem is null;
}

/// <summary>
/// Starts a host binary as a browser would (Chromium: <c>chrome-extension://&lt;id&gt;/</c> as the only argument;
/// Firefox: the manifest path and the add-on id), sends one <c>hello</c> frame and reads one reply frame.
/// </summary>
public static class HostSelfTest
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static IReadOnlyList<string> ChromiumArguments(string extensionId) => [Constants.ChromiumOrigin(extensionId)];

    public static IReadOnlyList<string> FirefoxArguments(string manifestPath, string addonId) => [manifestPath, addonId];

    public static async Task<SelfTestResult> RunAsync(
        string binaryPath,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var stopwatch = Stopwatch.StartNew();
        var start = new ProcessStartInfo(binaryPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Browsers start the host in its own folder.
            WorkingDirectory = Path.GetDirectoryName(binaryPath) ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new SelfTestResult(null, null, $"cannot start {binaryPath}: {ex.Message}", stopwatch.Elapsed);
        }

        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            var request = """{"id":1,"action":"hello","browser":"doctor"}"""u8.ToArray();
            var frame = new byte[4 + request.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)request.Length);
            request.CopyTo(frame, 4);
            var stdin = process.StandardInput.BaseStream;
            await stdin.WriteAsync(frame, deadline.Token).ConfigureAwait(false);
            await stdin.FlushAsync(deadline.Token).ConfigureAwait(false);

            var stdout = process.StandardOutput.BaseStream;
            var header = new byte[4];
            await stdout.ReadExactlyAsync(header, deadline.Token).ConfigureAwait(false);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (length > 1024 * 1024)
            {
                // Usually text on stdout (a usage message, a stray WriteLine) rather than a frame.
                var text = Encoding.UTF8.GetString(header);
                return Fail(text.All(c => !char.IsControl(c))
                    ? $"stdout carries text, not a frame (it starts with '{text}')"
                    : $"the reply frame claims {length} bytes, over the browsers' 1 MiB limit");
            }

            var body = new byte[length];
            await stdout.ReadExactlyAsync(body, deadline.Token).ConfigureAwait(false);
            var elapsed = stopwatch.Elapsed;
            process.StandardInput.Close();
            return Parse(body, elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail($"no reply to hello within {(timeout ?? DefaultTimeout).TotalSeconds:0} s");
        }
        catch (EndOfStreamException)
        {
            return Fail("the host exited before replying to hello");
        }
        catch (IOException ex)
        {
            // Writing the request fails with a broken pipe when the host has already gone.
            return Fail($"the host exited before replying to hello ({ex.Message})");
        }
        finally
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(3)))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        SelfTestResult Fail(string problem)
        {
            if (!process.HasExited && !process.WaitForExit(TimeSpan.FromSeconds(1)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            var detail = stderr.IsCompletedSuccessfully ? stderr.Result.Trim() : string.Empty;
            var exit = process.HasExited ? $" (exit status {process.ExitCode})" : string.Empty;
            return new SelfTestResult(null, null, problem + exit + (detail.Length > 0 ? $": {FirstLine(detail)}" : string.Empty), stopwatch.Elapsed);
        }
    }

    private static SelfTestResult Parse(byte[] body, TimeSpan elapsed)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new SelfTestResult(null, null, "the reply is not a JSON object", elapsed);
            }

            if (!root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
            {
                var message = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m)
                    ? m.ToString()
                    : Encoding.UTF8.GetString(body);
                return new SelfTestResult(null, null, $"hello failed: {message}", elapsed);
            }

            if (!root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object
                || !result.TryGetProperty("protocolVersion", out var version) || !version.TryGetInt32(out var protocolVersion))
            {
                return new SelfTestResult(null, null, "the hello reply has no protocolVersion", elapsed);
            }

            var hostVersion = result.TryGetProperty("hostVersion", out var hv) ? hv.ToString() : null;
            return new SelfTestResult(protocolVersion, hostVersion, null, elapsed);
        }
        catch (JsonException ex)
        {
            return new SelfTestResult(null, null, $"the reply is not valid JSON ({ex.Message})", elapsed);
        }
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd();
    }
}

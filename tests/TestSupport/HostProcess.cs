using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace SwitchRole.TestSupport;

/// <summary>The real <c>switchrole</c> binary as a browser runs it: frames over its stdin and stdout.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private readonly StringBuilder _stderr = new();

    private HostProcess(Process process)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _stdout = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the binary with <c>SWITCHROLE_HOME=<paramref name="home"/></c>.</summary>
    public static HostProcess Start(string home, params string[] args)
    {
        var info = new ProcessStartInfo(RepoPaths.SwitchRoleBinary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(RepoPaths.SwitchRoleBinary)!,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["SWITCHROLE_HOME"] = home;
        return new HostProcess(Process.Start(info)!);
    }

    /// <summary>Runs the binary as a CLI to completion.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunCliAsync(string home, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(RepoPaths.SwitchRoleBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["SWITCHROLE_HOME"] = home;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public static byte[] Frame(string json) => Frame(Encoding.UTF8.GetBytes(json));

    /// <summary>4-byte little-endian length, then the payload.</summary>
    public static byte[] Frame(byte[] payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    public async Task SendAsync(string json) => await SendRawAsync(Frame(json));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stdin.WriteAsync(bytes);
        await _stdin.FlushAsync();
    }

    /// <summary>The next frame, or null at end of output.</summary>
    public async Task<JsonObject?> ReadAsync(TimeSpan timeout) =>
        await ReadBytesAsync(timeout) is { } payload ? JsonNode.Parse(payload)!.AsObject() : null;

    /// <summary>The next frame's raw JSON bytes, or null at end of output.</summary>
    public async Task<byte[]?> ReadBytesAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var header = new byte[4];
        if (!await FillAsync(header, cts.Token))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
        if (payload.Length > 1024 * 1024)
        {
            throw new InvalidDataException($"host sent a frame of {payload.Length} bytes, over the browsers' cap");
        }

        return await FillAsync(payload, cts.Token) ? payload : throw new EndOfStreamException("frame cut short");
    }

    /// <summary>Reads frames until one matches, skipping others (events interleave with responses).</summary>
    public async Task<JsonObject> ReadUntilAsync(Func<JsonObject, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var frame = left > TimeSpan.Zero ? await ReadAsync(left) : null;
            if (frame is null)
            {
                throw new TimeoutException("no matching frame before the deadline or end of output; stderr: " + StandardError);
            }

            if (match(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>Sends a request and returns its response (the first frame carrying its id).</summary>
    public async Task<JsonObject> RequestAsync(int id, string jsonWithoutId, TimeSpan? timeout = null)
    {
        await SendAsync("{\"id\":" + id + "," + jsonWithoutId.TrimStart().TrimStart('{'));
        return await ReadUntilAsync(f => f["id"] is JsonValue v && v.TryGetValue<int>(out var got) && got == id, timeout ?? TimeSpan.FromSeconds(10));
    }

    public void CloseInput() => _stdin.Close();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task<bool> FillAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stdout.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}

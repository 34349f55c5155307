using System.Buffers.Binary;
using System.Diagnostics;
using SwitchRole.Core;

namespace SwitchRole.Bench;

/// <summary>Spawn → hello frame → first reply frame, as a browser's connectNative does.</summary>
internal sealed class ColdStart(int runs)
{
    private static readonly byte[] Hello = Frame("{\"id\":1,\"action\":\"hello\"}");

    public double Measure(string label, string binary, bool useDatabase)
    {
        var home = Path.Combine(Path.GetTempPath(), "swr-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            // One untimed run creates the database, so every timed run opens an existing one, as in daily use.
            Once(binary, home, useDatabase);
            var times = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                times.Add(Once(binary, home, useDatabase));
            }

            var median = Stats.Median(times);
            Console.WriteLine($"cold start, {label}: median {median:0.00} ms, p95 {Stats.Percentile(times, 0.95):0.00} ms (n={runs})");
            return median;
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>Compiles a minimal native-messaging echo host with the system C compiler: the floor for any host.</summary>
    public static string BuildCEchoHost()
    {
        var dir = Path.Combine(Path.GetTempPath(), "swr-bench-c");
        Directory.CreateDirectory(dir);
        var source = Path.Combine(dir, "echo.c");
        File.WriteAllText(source, """
            #include <stdio.h>
            #include <stdint.h>
            #include <stdlib.h>
            int main(void) {
                uint32_t n;
                if (fread(&n, 4, 1, stdin) != 1) return 0;
                char *buf = malloc(n);
                if (fread(buf, 1, n, stdin) != n) return 0;
                fwrite(&n, 4, 1, stdout);
                fwrite(buf, 1, n, stdout);
                fflush(stdout);
                return 0;
            }
            """);
        var binary = Path.Combine(dir, "echo");
        using var cc = Process.Start(new ProcessStartInfo("cc", ["-O2", "-o", binary, source]) { UseShellExecute = false })!;
        cc.WaitForExit();
        return cc.ExitCode == 0 ? binary : throw new InvalidOperationException("cc failed to build the C echo host");
    }

    private static double Once(string binary, string home, bool useDatabase)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(binary)!,
        };
        info.ArgumentList.Add(Constants.ChromiumOrigin(Constants.ChromiumDevelopmentExtensionId));
        info.Environment["SWITCHROLE_HOME"] = home;
        var start = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        var stdin = process.StandardInput.BaseStream;
        stdin.Write(Hello);
        stdin.Flush();
        var header = new byte[4];
        process.StandardOutput.BaseStream.ReadExactly(header);
        var reply = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
        process.StandardOutput.BaseStream.ReadExactly(reply);
        var elapsed = Stats.Ms(start);
        stdin.Close();
        process.WaitForExit();
        if (useDatabase && !System.Text.Encoding.UTF8.GetString(reply).Contains("\"ok\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("hello failed: " + System.Text.Encoding.UTF8.GetString(reply));
        }

        return elapsed;
    }

    private static byte[] Frame(string json)
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }
}

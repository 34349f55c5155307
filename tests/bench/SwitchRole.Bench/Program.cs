using System.Diagnostics;
using System.Globalization;
using SwitchRole.Bench;

// Prints figures for the host: cold start against a C floor, roles.list end to end, bulk upsert.
// Usage: SwitchRole.Bench <switchrole binary> [--jit <framework-dependent switchrole>] [--runs N] [--stress-only]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: SwitchRole.Bench <switchrole binary> [--jit <jit switchrole>] [--runs 30]");
    return 2;
}

var binary = Path.GetFullPath(args[0]);
var jit = ArgValue(args, "--jit");
var runs = int.Parse(ArgValue(args, "--runs") ?? "30", CultureInfo.InvariantCulture);
Environment.SetEnvironmentVariable(SwitchRole.TestSupport.RepoPaths.BinaryEnvironmentVariable, binary);

Console.WriteLine($"# SwitchRole host benchmark ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
Console.WriteLine($"binary: {binary}");
Console.WriteLine();

if (args.Contains("--stress-only"))
{
    await Stress.RunAsync();
    return 0;
}

var coldStart = new ColdStart(runs);
var floor = coldStart.Measure("C echo host (floor)", ColdStart.BuildCEchoHost(), useDatabase: false);
var host = coldStart.Measure("switchrole (hello, database opened)", binary, useDatabase: true);
Console.WriteLine($"  ratio switchrole / C floor: {host / floor:0.0}x   (goal: at most 5x and at most 8 ms)");
if (jit is not null)
{
    var jitMedian = coldStart.Measure("switchrole JIT build (for comparison)", Path.GetFullPath(jit), useDatabase: true);
    Console.WriteLine($"  ratio JIT / C floor: {jitMedian / floor:0.0}x");
}

Console.WriteLine();
await ListAndUpsert.RunAsync();
Console.WriteLine();
await Stress.RunAsync();
return 0;

static string? ArgValue(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

namespace SwitchRole.Bench
{
    internal static class Stats
    {
        public static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        public static double Percentile(List<double> values, double p)
        {
            var sorted = values.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        }

        public static double Ms(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
    }
}

using System.Diagnostics;
using SwitchRole.Bench;

// Prints figures for the host's protocol: roles.list end to end at 1,000 / 10,000 / 20,000 entries and a
// 10,000-entry upsert, through a real host process; then the 6-writer stress figure (--stress-only: just that).
// Cold start is measured by tests/bench/ColdStart.
// Usage: SwitchRole.Bench <switchrole binary> [--stress-only | --list-only]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: SwitchRole.Bench <switchrole binary>");
    return 2;
}

var binary = Path.GetFullPath(args[0]);
Environment.SetEnvironmentVariable(SwitchRole.TestSupport.RepoPaths.BinaryEnvironmentVariable, binary);

if (args.Contains("--stress-only"))
{
    await Stress.RunAsync();
    return 0;
}

Console.WriteLine($"roles.list and roles.upsert through {binary}");
await ListAndUpsert.RunAsync();
if (args.Contains("--list-only"))
{
    return 0;
}

Console.WriteLine();
await Stress.RunAsync();
return 0;

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

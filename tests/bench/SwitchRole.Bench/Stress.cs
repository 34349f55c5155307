using System.Diagnostics;
using SwitchRole.Core;
using SwitchRole.Host.Tests.Concurrency;

namespace SwitchRole.Bench;

/// <summary>
/// The stress test's workload as a figure: 4 host processes each sending 500 mixed writes while 2 importers add
/// 2,000 entries each (6 writers on one database), and how fast the writes get through.
/// </summary>
internal static class Stress
{
    public static async Task RunAsync(int runs = 3)
    {
        var workload = new MixedWorkload(writers: 4, operationsPerWriter: 500, importers: 2, entriesPerImport: 2000);
        var walls = new List<double>();
        var latencies = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var home = Path.Combine(Path.GetTempPath(), "swr-bench-stress-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(home);
            try
            {
                using (var seeder = await Importer.StartAsync(home, MixedWorkload.SharedSeed))
                {
                    Check(await seeder.CompleteAsync(TimeSpan.FromSeconds(30)));
                }

                var hosts = Enumerable.Range(0, workload.Writers).Select(_ => HostProcess.Start(home, Constants.ChromiumOrigin(Constants.ChromiumDevelopmentExtensionId))).ToList();
                try
                {
                    await Task.WhenAll(hosts.Select(h => h.RequestAsync(1, """{"action":"hello"}""", TimeSpan.FromSeconds(60))));
                    var perWriter = hosts.Select(_ => new List<double>()).ToList();
                    var start = Stopwatch.GetTimestamp();
                    var imports = Enumerable.Range(0, workload.Importers).Select(async m =>
                    {
                        using var importer = await Importer.StartAsync(home, workload.ImportEntries(m));
                        Check(await importer.CompleteAsync(TimeSpan.FromSeconds(120)));
                        return new List<string>();
                    });
                    var writers = hosts.Select((h, w) => workload.RunWriterAsync(h, w, perWriter[w]));
                    var errors = (await Task.WhenAll(writers.Concat(imports))).SelectMany(e => e).ToList();
                    walls.Add(Stats.Ms(start));
                    if (errors.Count > 0)
                    {
                        throw new InvalidOperationException(string.Join("\n", errors.Take(5)));
                    }

                    latencies.AddRange(perWriter.SelectMany(l => l));
                }
                finally
                {
                    hosts.ForEach(h => h.Dispose());
                }
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(home, recursive: true);
            }
        }

        var transactions = (workload.Writers * workload.OperationsPerWriter) + workload.Importers;
        var entries = (workload.Writers * workload.OperationsPerWriter) + (workload.Importers * workload.EntriesPerImport);
        var wall = Stats.Median(walls);
        Console.WriteLine($"stress, 6 writers (4 hosts x {workload.OperationsPerWriter} mixed writes + {workload.Importers} imports x {workload.EntriesPerImport}), median of {runs}: "
            + $"{wall:0} ms wall, {transactions / (wall / 1000):0} write transactions/s, {entries / (wall / 1000):0} entries written/s; "
            + $"host write round trip median {Stats.Median(latencies):0.0} ms, p95 {Stats.Percentile(latencies, 0.95):0.0} ms, max {latencies.Max():0.0} ms; no errors");
    }

    private static void Check(string? error)
    {
        if (error is not null)
        {
            throw new InvalidOperationException(error);
        }
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SwitchRole.Core;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Bench;

/// <summary>roles.list and roles.upsert end to end: request frame out, every response frame back, through a real host process.</summary>
internal static class ListAndUpsert
{
    public static async Task RunAsync()
    {
        foreach (var count in new[] { 1_000, 10_000, 20_000 })
        {
            await ListAsync(count);
        }

        await UpsertAsync(10_000);
    }

    private static async Task ListAsync(int count)
    {
        var home = NewHome();
        try
        {
            RoleStore.Open(new AppPaths(home)).Upsert(Entries(count));
            using var host = HostProcess.Start(home, Constants.ChromiumOrigin(Constants.ChromiumDevelopmentExtensionId));
            await host.RequestAsync(0, """{"action":"hello"}""");
            var times = new List<double>();
            var parts = 0;
            for (var run = 1; run <= 11; run++)
            {
                var start = Stopwatch.GetTimestamp();
                await host.SendAsync($$"""{"id":{{run}},"action":"roles.list"}""");
                var received = 0;
                for (var p = 0; p == 0 || p < parts; p++)
                {
                    // JsonDocument, as a browser's JSON.parse would: the bench measures the host, not a slow client parser.
                    using var frame = JsonDocument.Parse((await host.ReadBytesAsync(TimeSpan.FromSeconds(30)))!);
                    var result = frame.RootElement.GetProperty("result");
                    parts = result.GetProperty("parts").GetInt32();
                    received += result.GetProperty("roles").GetArrayLength();
                }

                var ms = Stats.Ms(start);
                if (received != count)
                {
                    throw new InvalidOperationException($"listed {received} of {count}");
                }

                if (run > 1)
                {
                    times.Add(ms); // the first run warms the host's code paths
                }
            }

            Console.WriteLine($"roles.list {count,6} entries: median {Stats.Median(times):0.0} ms, p95 {Stats.Percentile(times, 0.95):0.0} ms, {parts} part(s)  (goal for 10,000: at most 50 ms)");
        }
        finally
        {
            Cleanup(home);
        }
    }

    private static async Task UpsertAsync(int count)
    {
        var request = new StringBuilder("{\"action\":\"roles.upsert\",\"roles\":[");
        for (var i = 0; i < count; i++)
        {
            request.Append(i == 0 ? "" : ",").Append($$"""{"accountId":"{{100000000000 + i}}","roleName":"team/Role{{i}}","displayName":"Entry {{i}}","color":"ff9900","region":"eu-west-1","group":"g{{i % 40}}"}""");
        }

        request.Append("]}");
        var times = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var home = NewHome();
            try
            {
                using var host = HostProcess.Start(home, Constants.ChromiumOrigin(Constants.ChromiumDevelopmentExtensionId));
                await host.RequestAsync(0, """{"action":"hello"}""");
                var start = Stopwatch.GetTimestamp();
                var reply = await host.RequestAsync(1, request.ToString(), TimeSpan.FromSeconds(60));
                times.Add(Stats.Ms(start));
                if (reply["result"]?["added"] is null || (int)reply["result"]!["added"]! != count)
                {
                    throw new InvalidOperationException(reply.ToJsonString()[..Math.Min(400, reply.ToJsonString().Length)]);
                }
            }
            finally
            {
                Cleanup(home);
            }
        }

        Console.WriteLine($"roles.upsert {count} entries in one request (new database): median {Stats.Median(times):0.0} ms (n=5)");
    }

    private static List<ValidRole> Entries(int count) => [.. Enumerable.Range(0, count).Select(i =>
        RoleValidator.Validate(new RoleInput($"{100000000000 + i}", $"team-{i % 7}/Role{i}", $"Entry {i:D5} in a realistic display name", "ff9900", "eu-west-1", Group: $"group-{i % 40}")))];

    private static string NewHome()
    {
        var home = Path.Combine(Path.GetTempPath(), "swr-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        return home;
    }

    private static void Cleanup(string home)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(home, recursive: true);
    }
}

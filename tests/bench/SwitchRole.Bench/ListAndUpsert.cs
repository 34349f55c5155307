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
                    var (frameParts, roles) = ReadPart((await host.ReadBytesAsync(TimeSpan.FromSeconds(30)))!, run, p);
                    parts = frameParts;
                    received += roles;
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

    /// <summary>
    /// Parses one frame of the answer the way a browser must before it can use it: every token, checked as JSON (structure,
    /// UTF-8, escapes), counting the entries of <c>roles</c> and checking id and part. It builds no document: JsonDocument
    /// took about 15 ms of a 10,000-entry list on this machine, a cost of this .NET client that says nothing about the host,
    /// whose time from request to last frame this bench measures. A browser's JSON.parse builds objects on top of this.
    /// </summary>
    internal static (int Parts, int Roles) ReadPart(byte[] frame, int id, int part)
    {
        var reader = new Utf8JsonReader(frame);
        int? frameId = null, framePart = null, parts = null;
        var roles = 0;
        var inRoles = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.CurrentDepth == 1 && reader.ValueTextEquals("id"u8):
                    reader.Read();
                    frameId = reader.GetInt32();
                    break;
                case JsonTokenType.PropertyName when reader.CurrentDepth == 2 && reader.ValueTextEquals("part"u8):
                    reader.Read();
                    framePart = reader.GetInt32();
                    break;
                case JsonTokenType.PropertyName when reader.CurrentDepth == 2 && reader.ValueTextEquals("parts"u8):
                    reader.Read();
                    parts = reader.GetInt32();
                    break;
                case JsonTokenType.PropertyName when reader.CurrentDepth == 2:
                    inRoles = reader.ValueTextEquals("roles"u8);
                    break;
                case JsonTokenType.StartObject when inRoles && reader.CurrentDepth == 3:
                    roles++;
                    break;
                case JsonTokenType.String:
                    // As JSON.parse does: each string to UTF-16 text, unescaped (checking its UTF-8 and escapes).
                    _ = reader.CopyString(Scratch);
                    break;
                default:
                    break;
            }
        }

        if (frameId != id || framePart != part || parts is null)
        {
            throw new InvalidDataException($"expected part {part} of the answer to {id}, got id {frameId}, part {framePart}: {Encoding.UTF8.GetString(frame.AsSpan(0, Math.Min(300, frame.Length)))}");
        }

        return (parts.Value, roles);
    }

    private static readonly char[] Scratch = new char[1024 * 1024];

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

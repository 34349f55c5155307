using System.Globalization;
using System.Text.Json.Nodes;

namespace SwitchRole.Host.Tests.Concurrency;

/// <summary>What one entry should look like once every writer is done.</summary>
public sealed record ExpectedEntry(string DisplayName, string? Color, string? Region, string? Group, long UseCount, bool Used);

/// <summary>
/// The writes several processes make at once, and the exact database they must leave behind.
/// Each host writer owns a set of entries (upserts, deletes and touches on them, all modelled exactly) and also
/// writes the shared entries everyone edits: every writer touches them (no use may be lost) and each writer
/// sets its own field of them (last write wins field by field, so every writer's last value must survive).
/// Importers bring their own ranges of entries.
/// </summary>
public sealed class MixedWorkload(int writers, int operationsPerWriter, int importers, int entriesPerImport, int seed = 7)
{
    public const int OwnEntriesPerWriter = 40;
    public const int SharedEntries = 8;
    public const string SharedRole = "Shared";

    public int Writers { get; } = writers;

    public int OperationsPerWriter { get; } = operationsPerWriter;

    public int Importers { get; } = importers;

    public int EntriesPerImport { get; } = entriesPerImport;

    /// <summary>Entries every writer edits; created before the writers start.</summary>
    public static IReadOnlyList<ImportEntry> SharedSeed { get; } = [.. Enumerable.Range(0, SharedEntries).Select(i =>
        new ImportEntry(SharedAccount(i), SharedRole, $"Shared {i}", "000000", "us-east-1", "shared"))];

    public static string SharedAccount(int i) => (900000000000L + i).ToString(CultureInfo.InvariantCulture);

    public static string OwnAccount(int writer, int k) => (100000000000L + (writer * 1000L) + k).ToString(CultureInfo.InvariantCulture);

    public static string ImportAccount(int importer, int k) => (500000000000L + (importer * 100000L) + k).ToString(CultureInfo.InvariantCulture);

    public IReadOnlyList<ImportEntry> ImportEntries(int importer) => [.. Enumerable.Range(0, EntriesPerImport).Select(k =>
        new ImportEntry(ImportAccount(importer, k), "Imported", $"Import {importer} #{k}", "1d8102", "eu-west-1", $"import-{importer}"))];

    /// <summary>The requests writer <paramref name="writer"/> sends, in order (JSON without the id).</summary>
    public IReadOnlyList<string> Requests(int writer) => Plan(writer).Requests;

    /// <summary>The whole database the workload must leave: key (account:role) to entry.</summary>
    public IReadOnlyDictionary<string, ExpectedEntry> Expected()
    {
        var result = new Dictionary<string, ExpectedEntry>(StringComparer.Ordinal);
        var shared = SharedSeed.Select(e => new ExpectedEntry(e.DisplayName, e.Color, e.Region, e.Group, 0, false)).ToArray();
        for (var w = 0; w < Writers; w++)
        {
            var plan = Plan(w);
            foreach (var (key, entry) in plan.Own)
            {
                result.Add(key, entry);
            }

            for (var i = 0; i < SharedEntries; i++)
            {
                var s = shared[i];
                var uses = s.UseCount + plan.SharedTouches[i];
                shared[i] = plan.SharedField[i] is { } value ? WithField(s, w, value) with { UseCount = uses } : s with { UseCount = uses };
                shared[i] = shared[i] with { Used = shared[i].UseCount > 0 };
            }
        }

        for (var i = 0; i < SharedEntries; i++)
        {
            result.Add($"{SharedAccount(i)}:{SharedRole}", shared[i]);
        }

        for (var m = 0; m < Importers; m++)
        {
            foreach (var e in ImportEntries(m))
            {
                result.Add($"{e.AccountId}:{e.RoleName}", new ExpectedEntry(e.DisplayName, e.Color, e.Region, e.Group, 0, false));
            }
        }

        return result;
    }

    /// <summary>
    /// Sends writer <paramref name="writer"/>'s requests one after another; returns every error response.
    /// <paramref name="latencies"/>, when given, gets each request's round trip in milliseconds (benchmarks).
    /// </summary>
    public async Task<List<string>> RunWriterAsync(HostProcess host, int writer, List<double>? latencies = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var errors = new List<string>();
        var id = 100;
        foreach (var request in Requests(writer))
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var response = await host.RequestAsync(++id, request, TimeSpan.FromSeconds(60));
            latencies?.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response["ok"]?.GetValue<bool>() != true)
            {
                errors.Add($"writer {writer}: {request} -> {response.ToJsonString()}");
            }
        }

        return errors;
    }

    // Writer w sets only its own field of the shared entries: 0 colour, 1 region, 2 group, 3 display name.
    private static ExpectedEntry WithField(ExpectedEntry e, int writer, string value) => (writer % 4) switch
    {
        0 => e with { Color = value },
        1 => e with { Region = value },
        2 => e with { Group = value },
        _ => e with { DisplayName = value },
    };

    private static string FieldRequest(int writer, int shared, string value)
    {
        var field = (writer % 4) switch { 0 => "color", 1 => "region", 2 => "group", _ => "displayName" };
        return new JsonObject
        {
            ["action"] = "roles.upsert",
            ["role"] = new JsonObject { ["accountId"] = SharedAccount(shared), ["roleName"] = SharedRole, [field] = value },
        }.ToJsonString();
    }

    private static string FieldValue(int writer, int step) => (writer % 4) switch
    {
        0 => (step * 4099 % 0xffffff).ToString("x6", CultureInfo.InvariantCulture),
        1 => step % 2 == 0 ? "eu-west-1" : "ap-southeast-2",
        2 => $"team-{writer}-{step}",
        _ => $"Shared by {writer} at {step}",
    };

    private static string KeyRequest(string action, string account, string role) =>
        new JsonObject { ["action"] = action, ["accountId"] = account, ["roleName"] = role }.ToJsonString();

    private WriterPlan Plan(int writer)
    {
        var random = new Random(seed * 1000 + writer);
        var requests = new List<string>(OperationsPerWriter);
        var own = new Dictionary<string, ExpectedEntry>(StringComparer.Ordinal);
        var sharedTouches = new int[SharedEntries];
        var sharedField = new string?[SharedEntries];
        for (var step = 0; step < OperationsPerWriter; step++)
        {
            var roll = random.Next(100);
            var k = random.Next(OwnEntriesPerWriter);
            var account = OwnAccount(writer, k);
            var key = $"{account}:Own";
            var live = own.TryGetValue(key, out var current);
            if (roll < 10)
            {
                var i = random.Next(SharedEntries);
                sharedTouches[i]++;
                requests.Add(KeyRequest("roles.touch", SharedAccount(i), SharedRole));
            }
            else if (roll < 20)
            {
                var i = random.Next(SharedEntries);
                var value = FieldValue(writer, step);
                sharedField[i] = value;
                requests.Add(FieldRequest(writer, i, value));
            }
            else if (roll < 35 && live)
            {
                own.Remove(key);
                requests.Add(KeyRequest("roles.delete", account, "Own"));
            }
            else if (roll < 60 && live)
            {
                own[key] = current! with { UseCount = current.UseCount + 1, Used = true };
                requests.Add(KeyRequest("roles.touch", account, "Own"));
            }
            else
            {
                var name = $"Own {writer}/{k} v{step}";
                var color = (step * 131 % 0xffffff).ToString("x6", CultureInfo.InvariantCulture);
                // Updating keeps the uses; an entry that was deleted comes back as new.
                own[key] = live ? current! with { DisplayName = name, Color = color } : new ExpectedEntry(name, color, null, null, 0, false);
                requests.Add(new JsonObject
                {
                    ["action"] = "roles.upsert",
                    ["role"] = new JsonObject { ["accountId"] = account, ["roleName"] = "Own", ["displayName"] = name, ["color"] = color },
                }.ToJsonString());
            }
        }

        return new WriterPlan(requests, own, sharedTouches, sharedField);
    }

    private sealed record WriterPlan(List<string> Requests, Dictionary<string, ExpectedEntry> Own, int[] SharedTouches, string?[] SharedField);
}

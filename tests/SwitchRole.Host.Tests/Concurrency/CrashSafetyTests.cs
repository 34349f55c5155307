using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace SwitchRole.Host.Tests.Concurrency;

/// <summary>Processes killed outright (SIGKILL) in the middle of a large import.</summary>
[Collection(ManyProcesses.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Entries = 10_000;
    private const int Kills = 20;

    [Fact]
    public async Task TenThousandEntryImport_KilledTwentyTimesAtRandomMoments_IsAllOrNothingAndTheNextProcessWorks()
    {
        using var home = new TempHome();
        var random = new Random(20261128);

        // How long an import that updates every entry takes here, per way of importing (the first run adds them),
        // so the kills land before, during and after the commit.
        var window = new Dictionary<ImportVia, TimeSpan>();
        var committed = -1;
        foreach (var via in Ways().Prepend(Importer.Default))
        {
            committed++;
            using var importer = await Importer.StartAsync(home.Root, Batch(committed), via);
            var started = Stopwatch.StartNew();
            Assert.Null(await importer.CompleteAsync(TimeSpan.FromSeconds(60)));
            window[via] = started.Elapsed * 1.25;
        }

        AssertBatch(home, committed);
        int fullyThere = 0, notThere = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            var batch = committed + 1;
            var via = Ways()[kill % Ways().Length];
            using (var importer = await Importer.StartAsync(home.Root, Batch(batch), via))
            {
                var delay = TimeSpan.FromMilliseconds(random.NextDouble() * window[via].TotalMilliseconds);
                await Task.Delay(delay); // the random moment of the crash, not a wait for a condition
                importer.Kill();
                await importer.WaitForExitAsync(TimeSpan.FromSeconds(10));
            }

            // Opens cleanly, passes the integrity check, and holds one whole batch: the new one or the one before.
            Assert.Equal("ok", DatabaseCheck.IntegrityCheck(home));
            var seen = AssertBatch(home, batch, committed);
            if (seen == batch)
            {
                committed = batch;
                fullyThere++;
            }
            else
            {
                notThere++;
            }
        }

        output.WriteLine($"{Kills} kills: import fully there {fullyThere} times, not there at all {notThere} times");

        // The next process works: a full import after all the crashes lands completely.
        var last = committed + 1;
        using (var importer = await Importer.StartAsync(home.Root, Batch(last)))
        {
            Assert.Null(await importer.CompleteAsync(TimeSpan.FromSeconds(60)));
        }

        AssertBatch(home, last);
        Assert.Equal("ok", DatabaseCheck.IntegrityCheck(home));
    }

    private static ImportVia[] Ways() => Importer.Default == ImportVia.HostUpsert ? [ImportVia.HostUpsert] : [ImportVia.HostUpsert, ImportVia.CliImport];

    /// <summary>The same 10,000 entries every time; each batch renames all of them, so a torn import would show.</summary>
    private static List<ImportEntry> Batch(int batch) => [.. Enumerable.Range(0, Entries).Select(k => new ImportEntry(
        (600000000000L + k).ToString(CultureInfo.InvariantCulture), "Bulk", $"Batch {batch} #{k}", "0073bb", "us-west-2", $"batch-{batch}"))];

    /// <summary>Asserts that every entry belongs to one batch, one of <paramref name="allowed"/>, and returns it.</summary>
    private static int AssertBatch(TempHome home, params int[] allowed)
    {
        var live = DatabaseCheck.Live(home).Values.Where(r => r.RoleName == "Bulk").ToList();
        var groups = live.Select(r => r.Group).Distinct().ToList();
        Assert.True(live.Count == Entries && groups.Count == 1, $"expected {Entries} entries of one batch, found {live.Count} in batches {string.Join(", ", groups)}");
        var batch = int.Parse(groups[0]!["batch-".Length..], CultureInfo.InvariantCulture);
        Assert.Contains(batch, allowed);
        Assert.All(live, r => Assert.StartsWith($"Batch {batch} #", r.DisplayName, StringComparison.Ordinal));
        return batch;
    }
}

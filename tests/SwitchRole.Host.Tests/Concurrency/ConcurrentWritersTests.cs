using SwitchRole.Core;

namespace SwitchRole.Host.Tests.Concurrency;

/// <summary>
/// Several real host processes and importers writing one database at once, as Chrome, Edge, Firefox, the CLI and
/// team-source syncs do on one machine.
/// </summary>
[Collection(ManyProcesses.Name)]
public sealed class ConcurrentWritersTests
{
    private static readonly string ChromiumCaller = Constants.ChromiumOrigin(Constants.ChromiumDevelopmentExtensionId);

    [Fact]
    public async Task FourHostsAndTwoImports_AtOnce_LeaveExactlyTheExpectedDatabaseAndNoClientSeesAnError()
    {
        using var home = new TempHome();
        var workload = new MixedWorkload(writers: 4, operationsPerWriter: 500, importers: 2, entriesPerImport: 2000);
        using (var seeder = await Importer.StartAsync(home.Root, MixedWorkload.SharedSeed))
        {
            Assert.Null(await seeder.CompleteAsync(TimeSpan.FromSeconds(30)));
        }

        var hosts = Enumerable.Range(0, workload.Writers).Select(_ => HostProcess.Start(home.Root, ChromiumCaller)).ToList();
        var importers = new List<Importer>();
        try
        {
            // Every process is up before any writes, so the writes really overlap.
            await Task.WhenAll(hosts.Select(h => h.RequestAsync(1, """{"action":"hello"}""", TimeSpan.FromSeconds(60))));
            var imports = Enumerable.Range(0, workload.Importers).Select(async m =>
            {
                var importer = await Importer.StartAsync(home.Root, workload.ImportEntries(m));
                lock (importers)
                {
                    importers.Add(importer);
                }

                return await importer.CompleteAsync(TimeSpan.FromSeconds(90)) is { } error ? new List<string> { $"import {m}: {error}" } : [];
            });
            var writers = hosts.Select((h, w) => workload.RunWriterAsync(h, w));

            var errors = (await Task.WhenAll(writers.Concat(imports))).SelectMany(e => e).ToList();

            Assert.Empty(errors);
            foreach (var host in hosts)
            {
                host.CloseInput();
                Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(10)));
                Assert.DoesNotContain("locked", host.StandardError, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            hosts.ForEach(h => h.Dispose());
            importers.ForEach(i => i.Dispose());
        }

        // Not even a logged busy failure (MessageLoop logs "<action>: database busy" before answering DatabaseBusy).
        Assert.DoesNotContain("database busy", DatabaseCheck.Logs(home), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("ok", DatabaseCheck.IntegrityCheck(home));
        var expected = workload.Expected();
        var live = DatabaseCheck.Live(home);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), live.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, want) in expected)
        {
            var got = live[key];
            var actual = new ExpectedEntry(got.DisplayName, got.Color, got.Region, got.Group, got.UseCount, got.LastUsedAt is not null);
            Assert.True(want == actual, $"{key}: expected {want}, got {actual}");
        }

        // No use of a shared entry was lost although four processes counted them at once.
        Assert.True(expected.Values.Sum(e => e.UseCount) > 100);
    }
}

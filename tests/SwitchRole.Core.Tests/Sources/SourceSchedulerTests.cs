using Serilog;
using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Sources;

namespace SwitchRole.Core.Tests.Sources;

public sealed class SourceSchedulerTests : IDisposable
{
    private static readonly RoleKey Staging = new("333333333333", "Deploy");

    private readonly TempHome _home = new();
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly ILogger _log = new LoggerConfiguration().CreateLogger();

    public void Dispose()
    {
        _certificates.Dispose();
        _home.Dispose();
    }

    [Fact]
    public async Task Start_FileChangedOnDisk_WatcherAppliesItWellBeforeThePoll()
    {
        var store = _home.OpenStore();
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await AddAsync(store, "platform", path);
        await using var scheduler = SourceScheduler.Start(store, _log, Local(store), new SourceSchedulerOptions { CheckInterval = TimeSpan.FromHours(1) });
        await Eventually(() => scheduler.Passes >= 1);

        File.WriteAllText(path, TeamFiles.ProdChangedDevDropped);

        await Eventually(() => store.Find(Staging) is not null);
        Assert.Null(store.Find(new RoleKey("222222222222", "ReadOnly")));
    }

    [Fact]
    public async Task Start_WithoutWatcher_PollNoticesTheChange()
    {
        var store = _home.OpenStore();
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await AddAsync(store, "platform", path);
        await using var scheduler = SourceScheduler.Start(store, _log, Local(store), new SourceSchedulerOptions { CheckInterval = TimeSpan.FromMilliseconds(100), WatchFiles = false });
        await Eventually(() => scheduler.Passes >= 1);

        File.WriteAllText(path, TeamFiles.ProdChangedDevDropped);

        await Eventually(() => store.Find(Staging) is not null);
    }

    [Fact]
    public async Task Start_FileChangedWhileNoHostRan_IsAppliedAtStart()
    {
        var store = _home.OpenStore();
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await AddAsync(store, "platform", path);
        File.WriteAllText(path, TeamFiles.ProdChangedDevDropped);

        await using var scheduler = SourceScheduler.Start(store, _log, Local(store), new SourceSchedulerOptions { CheckInterval = TimeSpan.FromHours(1) });

        await Eventually(() => store.Find(Staging) is not null);
    }

    [Fact]
    public async Task Start_ThreeHostsAtOnceWithADueUrl_FetchItOnceAndApplyIt()
    {
        var body = TeamFiles.TwoRoles;
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, _ => Reply.Ok(body, "\"" + body.Length + "\""));
        var store = _home.OpenStore();
        await AddAsync(store, "platform", server.Url("roles.ini"));
        body = TeamFiles.ProdChangedDevDropped;
        MakeLastAttemptOld(store);
        var before = server.Requests.Count;

        var options = new SourceSchedulerOptions { CheckInterval = TimeSpan.FromHours(1) };
        var hosts = Enumerable.Range(0, 3).Select(_ => _home.OpenStore()).Select(s => SourceScheduler.Start(s, _log, Local(s), options)).ToList();
        try
        {
            await Eventually(() => hosts.All(h => h.Passes >= 1));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }

        Assert.Equal(before + 1, server.Requests.Count);
        Assert.NotNull(store.Find(Staging));
        Assert.Equal("\"" + body.Length + "\"", SourceStore.Find(store, "platform")!.ETag);
    }

    [Fact]
    public async Task Start_UrlFetchedMomentsAgo_IsNotFetchedAgainAtStart()
    {
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, _ => Reply.Ok(TeamFiles.TwoRoles));
        var store = _home.OpenStore();
        await AddAsync(store, "platform", server.Url("roles.ini"));

        await using var scheduler = SourceScheduler.Start(store, _log, Local(store), new SourceSchedulerOptions { CheckInterval = TimeSpan.FromHours(1) });
        await Eventually(() => scheduler.Passes >= 1);

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Start_FailingUrlWithToken_LogsTheErrorWithoutTheToken()
    {
        var status = 200;
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, _ => status == 200 ? Reply.Ok(TeamFiles.TwoRoles) : Reply.WithStatus(404, "Not Found"));
        var store = _home.OpenStore();
        await AddAsync(store, "platform", server.Url("roles.ini?token=SECRET"));
        status = 404;
        MakeLastAttemptOld(store);
        var logFile = Path.Combine(_home.Root, "host.log");

        using (var log = new LoggerConfiguration().WriteTo.File(logFile).CreateLogger())
        {
            await using var scheduler = SourceScheduler.Start(store, log, Local(store, log), new SourceSchedulerOptions { CheckInterval = TimeSpan.FromHours(1) });
            await Eventually(() => scheduler.Passes >= 1);
        }

        var logged = File.ReadAllText(logFile);
        Assert.Contains($"https://127.0.0.1:{server.Port}/roles.ini?…: HTTP 404 Not Found", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_CheckSeconds_SetsThePoll()
    {
        var options = SourceSchedulerOptions.FromEnvironment(name => name == SourceSchedulerOptions.CheckIntervalVariable ? "2" : null);
        Assert.Equal(TimeSpan.FromSeconds(2), options.CheckInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), SourceSchedulerOptions.FromEnvironment(_ => "junk").CheckInterval);
    }

    /// <summary>The syncs in this process, as the worker runs them for the browser-started host.</summary>
    private LocalSourceSync Local(RoleStore store, ILogger? log = null) =>
        new(store, new SourceFetcher(new SourceFetchOptions { TrustedRoots = _certificates.Roots }), log ?? _log);

    private async Task AddAsync(RoleStore store, string name, string location)
    {
        using var fetcher = new SourceFetcher(new SourceFetchOptions { TrustedRoots = _certificates.Roots });
        await new SourceSyncer(store, fetcher).AddAsync(name, location);
    }

    private static void MakeLastAttemptOld(RoleStore store)
    {
        using var connection = store.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE sources SET last_attempt_at = 0";
        command.ExecuteNonQuery();
    }

    private static Task Eventually(Func<bool> condition) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(15), "the condition");
}

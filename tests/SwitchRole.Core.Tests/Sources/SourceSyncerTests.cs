using SwitchRole.Core.Catalog;
using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Sources;

namespace SwitchRole.Core.Tests.Sources;

public sealed class SourceSyncerTests : IDisposable
{
    private static readonly RoleKey Prod = new("111111111111", "Admin");
    private static readonly RoleKey Dev = new("222222222222", "ReadOnly");
    private static readonly RoleKey Staging = new("333333333333", "Deploy");

    private readonly TempHome _home = new();
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly SourceFetcher _fetcher;
    private readonly RoleStore _store;
    private readonly SourceSyncer _syncer;

    public SourceSyncerTests()
    {
        _fetcher = new SourceFetcher(new SourceFetchOptions { TrustedRoots = _certificates.Roots, Timeout = TimeSpan.FromSeconds(5) });
        _store = _home.OpenStore();
        _syncer = new SourceSyncer(_store, _fetcher);
    }

    public void Dispose()
    {
        _fetcher.Dispose();
        _certificates.Dispose();
        _home.Dispose();
    }

    [Fact]
    public async Task AddAsync_FileSource_StoresItsEntriesWithTeamOriginAndMovesTheRevision()
    {
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        var before = _store.GetRevision();

        var report = await _syncer.AddAsync("platform", path);

        Assert.Equal(SyncStatus.Applied, report.Status);
        Assert.Equal(2, report.Changes!.Count(SourceChangeKind.Added));
        var prod = _store.Find(Prod)!;
        Assert.Equal("team:platform", prod.Origin);
        Assert.Equal("Prod admin", prod.DisplayName);
        Assert.Equal("ff0000", prod.Color);
        Assert.True(report.Revision > before);
        var source = Assert.Single(SourceStore.List(_store));
        Assert.Equal(("platform", SourceKind.File, 2, (string?)null), (source.Name, source.Kind, source.EntryCount, source.LastError));
    }

    [Fact]
    public async Task AddAsync_BrokenFile_StoresNothingAndNamesTheLine()
    {
        var path = TeamFiles.Write(_home, TeamFiles.Broken);
        var before = _store.GetRevision();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _syncer.AddAsync("platform", path));

        Assert.Contains("team.ini:2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not added", ex.Message, StringComparison.Ordinal);
        Assert.Empty(SourceStore.List(_store));
        Assert.Equal(before, _store.GetRevision());
    }

    [Fact]
    public async Task AddAsync_NameTaken_IsRefused()
    {
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await _syncer.AddAsync("platform", path);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _syncer.AddAsync("Platform", path));

        Assert.Equal("name", ex.Field);
    }

    [Fact]
    public async Task SyncAsync_EntryDroppedFromFile_ShowsAsDeletedInChangesUntilItComesBack()
    {
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await _syncer.AddAsync("platform", path);
        var before = _store.GetRevision();

        File.WriteAllText(path, TeamFiles.ProdChangedDevDropped);
        await _syncer.SyncAsync("platform");
        var dropped = _store.ListChanges(before);
        var afterDrop = dropped.Revision;
        File.WriteAllText(path, TeamFiles.TwoRoles);
        await _syncer.SyncAsync("platform");
        var back = _store.ListChanges(before);

        Assert.Equal([Dev], dropped.Deleted);
        Assert.Equal([Prod.AccountId, Staging.AccountId], dropped.Roles.Select(r => r.AccountId).Order());
        Assert.DoesNotContain(Dev, back.Deleted);
        Assert.Contains(back.Roles, r => r.AccountId == Dev.AccountId && r.RoleName == Dev.RoleName);
        Assert.Contains(Staging, _store.ListChanges(afterDrop).Deleted);
    }

    [Fact]
    public async Task SyncAsync_FileChangedOnDisk_UpdatesAddsAndRemoves()
    {
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await _syncer.AddAsync("platform", path);

        File.WriteAllText(path, TeamFiles.ProdChangedDevDropped);
        var report = await _syncer.SyncAsync("platform");

        Assert.Equal((1, 1, 1), (report.Changes!.Count(SourceChangeKind.Updated), report.Changes.Count(SourceChangeKind.Added), report.Changes.Count(SourceChangeKind.Removed)));
        var prod = _store.Find(Prod)!;
        Assert.Equal(("Prod administrator", "00ff00", "us-east-1"), (prod.DisplayName, prod.Color, prod.Region));
        Assert.Null(_store.Find(Dev));
        Assert.NotNull(_store.Find(Staging));
        Assert.DoesNotContain(_store.ListTombstones(), t => t.AccountId == Dev.AccountId); // Dropped, not "deleted by you".
    }

    [Fact]
    public async Task SyncAsync_PersonOverrodeNameColourAndGroup_OverridesSurviveButRegionFollowsTheSource()
    {
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await _syncer.AddAsync("platform", path);
        _store.Upsert([RoleValidator.Validate(new RoleInput(Prod.AccountId, Prod.RoleName, "My prod", "123abc", "ap-south-1", Group: "mine"))]);

        File.WriteAllText(path, TeamFiles.ProdChangedDevDropped);
        await _syncer.SyncAsync("platform");

        var prod = _store.Find(Prod)!;
        Assert.Equal(("My prod", "123abc", "mine", "us-east-1", "team:platform"), (prod.DisplayName, prod.Color, prod.Group, prod.Region, prod.Origin));
        var mine = Assert.Single(OverrideStore.List(_store));
        Assert.Equal(("My prod", "123abc", "mine"), (mine.DisplayName, mine.Color, mine.Group));
    }

    [Fact]
    public async Task SyncAsync_OnlyColourOverridden_NameStillFollowsTheSource()
    {
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await _syncer.AddAsync("platform", path);
        _store.Upsert([RoleValidator.Validate(new RoleInput(Prod.AccountId, Prod.RoleName, Color: "#0000ff"))]);

        File.WriteAllText(path, TeamFiles.ProdChangedDevDropped);
        await _syncer.SyncAsync("platform");

        var prod = _store.Find(Prod)!;
        Assert.Equal(("Prod administrator", "0000ff"), (prod.DisplayName, prod.Color));
    }

    [Fact]
    public async Task SyncAsync_EntryAPersonCreated_IsNeverOverwrittenAndIsReported()
    {
        _store.Upsert([RoleValidator.Validate(new RoleInput(Prod.AccountId, Prod.RoleName, "Mine", "abcdef"))]);
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);

        var report = await _syncer.AddAsync("platform", path);

        var kept = Assert.Single(report.Changes!.Of(SourceChangeKind.KeptYours));
        Assert.Equal(Prod, kept.Key);
        Assert.Contains("you created it (local)", kept.Detail, StringComparison.Ordinal);
        var prod = _store.Find(Prod)!;
        Assert.Equal(("Mine", "abcdef", "local"), (prod.DisplayName, prod.Color, prod.Origin));
        Assert.Equal(1, SourceStore.Find(_store, "platform")!.EntryCount);

        SourceSyncer.Remove(_store, "platform");
        Assert.Equal("local", Assert.Single(_store.List().Roles).Origin);
    }

    [Fact]
    public async Task SyncAsync_EntryAPersonDeleted_IsNotBroughtBack()
    {
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await _syncer.AddAsync("platform", path);
        _store.Delete(Dev);

        var report = await _syncer.SyncAsync("platform");

        Assert.Equal(Dev, Assert.Single(report.Changes!.Of(SourceChangeKind.KeptDeleted)).Key);
        Assert.Null(_store.Find(Dev));
    }

    [Fact]
    public async Task SyncAsync_SecondSourceWithTheSameEntry_LeavesItToTheFirst()
    {
        await _syncer.AddAsync("first", TeamFiles.Write(_home, TeamFiles.TwoRoles, "a.ini"));

        var report = await _syncer.AddAsync("second", TeamFiles.Write(_home, TeamFiles.ProdChangedDevDropped, "b.ini"));

        Assert.Contains("source first already provides it", Assert.Single(report.Changes!.Of(SourceChangeKind.OtherSource)).Detail, StringComparison.Ordinal);
        Assert.Equal("team:first", _store.Find(Prod)!.Origin);
        Assert.Equal("team:second", _store.Find(Staging)!.Origin);
    }

    [Fact]
    public async Task SyncAsync_FileBecomesBroken_KeepsLastGoodEntriesAndRecordsTheErrorUntilFixed()
    {
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await _syncer.AddAsync("platform", path);
        var entriesBefore = _store.List().Roles;

        File.WriteAllText(path, TeamFiles.Broken);
        var failed = await _syncer.SyncAsync("platform");

        Assert.Equal(SyncStatus.Failed, failed.Status);
        Assert.Equal(entriesBefore, _store.List().Roles);
        var source = SourceStore.Find(_store, "platform")!;
        Assert.Contains("team.ini:2:", source.LastError, StringComparison.Ordinal);
        Assert.Contains("last good version are kept", source.LastError, StringComparison.Ordinal);
        Assert.Equal(2, source.EntryCount);

        File.WriteAllText(path, TeamFiles.ProdChangedDevDropped);
        await _syncer.SyncAsync("platform");
        Assert.Null(SourceStore.Find(_store, "platform")!.LastError);
    }

    [Fact]
    public async Task SyncAsync_FileDeleted_KeepsEntriesAndSaysNoSuchFile()
    {
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await _syncer.AddAsync("platform", path);

        File.Delete(path);
        await _syncer.SyncAsync("platform");

        Assert.Equal(2, _store.List().Roles.Count);
        Assert.Equal($"{path}: no such file", SourceStore.Find(_store, "platform")!.LastError);
    }

    [Fact]
    public async Task SyncIfDueAsync_FileUnchanged_WritesNoRevision()
    {
        var path = TeamFiles.Write(_home, TeamFiles.TwoRoles);
        await _syncer.AddAsync("platform", path);
        var revision = _store.GetRevision();

        var report = await _syncer.SyncIfDueAsync(SourceStore.Find(_store, "platform")!, TimeSpan.Zero);

        Assert.Equal(SyncStatus.NotModified, report.Status);
        Assert.Equal(revision, _store.GetRevision());
    }

    [Fact]
    public async Task SyncIfDueAsync_UrlWithETag_Gets304AndChangesNothing()
    {
        var version = "\"v1\"";
        var body = TeamFiles.TwoRoles;
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, request =>
            request.Header("If-None-Match") == version ? Reply.WithStatus(304, "Not Modified") : Reply.Ok(body, version));
        await _syncer.AddAsync("platform", server.Url("team/roles.ini"));
        var revision = _store.GetRevision();

        var unchanged = await _syncer.SyncIfDueAsync(SourceStore.Find(_store, "platform")!, TimeSpan.Zero);
        Assert.Equal(SyncStatus.NotModified, unchanged.Status);
        Assert.Equal(revision, _store.GetRevision());

        (version, body) = ("\"v2\"", TeamFiles.ProdChangedDevDropped);
        var changed = await _syncer.SyncIfDueAsync(SourceStore.Find(_store, "platform")!, TimeSpan.Zero);

        Assert.Equal(SyncStatus.Applied, changed.Status);
        Assert.Equal("\"v1\"", server.Requests[^1].Header("If-None-Match"));
        Assert.Equal("\"v2\"", SourceStore.Find(_store, "platform")!.ETag);
        Assert.NotNull(_store.Find(Staging));
    }

    [Fact]
    public async Task SyncIfDueAsync_ThreeHostsAtOnce_FetchTheUrlOnce()
    {
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, _ => Reply.Ok(TeamFiles.TwoRoles));
        await _syncer.AddAsync("platform", server.Url("roles.ini"));
        var requestsAfterAdd = server.Requests.Count;
        var source = SourceStore.Find(_store, "platform")!;

        // Three processes' syncers on the same database file, each with its own store and connections.
        var others = Enumerable.Range(0, 3).Select(_ => new SourceSyncer(_home.OpenStore(), _fetcher)).ToList();
        var reports = await Task.WhenAll(others.Select(s => s.SyncIfDueAsync(source, TimeSpan.FromMinutes(1))));

        // The add itself was an attempt moments ago: none is due yet.
        Assert.All(reports, r => Assert.Equal(SyncStatus.NotDue, r.Status));
        Assert.Equal(requestsAfterAdd, server.Requests.Count);
    }

    [Fact]
    public async Task SyncIfDueAsync_UrlFailsWith404_KeepsEntriesAndRecordsTheError()
    {
        var status = 200;
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, _ => status == 200 ? Reply.Ok(TeamFiles.TwoRoles) : Reply.WithStatus(404, "Not Found"));
        await _syncer.AddAsync("platform", server.Url("roles.ini?token=SECRET"));
        status = 404;
        var revision = _store.GetRevision();

        var report = await _syncer.SyncIfDueAsync(SourceStore.Find(_store, "platform")!, TimeSpan.Zero);

        Assert.Equal(SyncStatus.Failed, report.Status);
        Assert.Equal(2, _store.List().Roles.Count);
        var source = SourceStore.Find(_store, "platform")!;
        Assert.Equal($"https://127.0.0.1:{server.Port}/roles.ini?…: HTTP 404 Not Found", source.LastError);
        Assert.True(_store.GetRevision() > revision); // The error is news for the options page.
    }

    [Fact]
    public async Task Remove_DeletesTheSourceAndItsEntriesOnly()
    {
        _store.Upsert([RoleValidator.Validate(new RoleInput("999999999999", "Mine"))]);
        await _syncer.AddAsync("platform", TeamFiles.Write(_home, TeamFiles.TwoRoles));
        _store.Upsert([RoleValidator.Validate(new RoleInput(Prod.AccountId, Prod.RoleName, Color: "0000ff"))]);

        var (_, removed, _) = SourceSyncer.Remove(_store, "platform");

        Assert.Equal(2, removed.Count);
        Assert.Equal("999999999999", Assert.Single(_store.List().Roles).AccountId);
        Assert.Empty(SourceStore.List(_store));
        Assert.Empty(OverrideStore.List(_store));
        Assert.Throws<SourceNotFoundException>(() => SourceSyncer.Remove(_store, "platform"));
    }
}

using Microsoft.Data.Sqlite;
using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Sources;

namespace SwitchRole.Core.Tests.Sources;

public sealed class SourceStoreTests
{
    [Fact]
    public async Task Migration2_SchemaOneDatabaseWithEntries_KeepsThemAndCanHoldSources()
    {
        using var home = new TempHome();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero));
        var v1 = SwitchRoleDatabase.Open(home.Paths.DatabasePath, Migrations.All.Take(1).ToList(), clock);
        using (var seed = v1.Connect())
        using (var insert = seed.CreateCommand())
        {
            // Schema 1 as a released host wrote it (today's writer needs later columns).
            insert.CommandText = "INSERT INTO roles (account_id, role_name, display_name, origin, created_at, updated_at) VALUES ('123456789012', 'Admin', 'Mine', 'local', 0, 0)";
            insert.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();

        var store = home.OpenStore();
        await new SourceSyncer(store, new SourceFetcher()).AddAsync("platform", TeamFiles.Write(home, TeamFiles.TwoRoles));

        Assert.Equal(Migrations.All[^1].Version, store.Database.SchemaVersion);
        Assert.Contains(Directory.GetFiles(home.Paths.BackupDirectory), f => f.EndsWith("-schema1.db", StringComparison.Ordinal));
        Assert.Equal(3, store.List().Roles.Count);
        Assert.Equal("Mine", store.Find(new RoleKey("123456789012", "Admin"))!.DisplayName);
    }

    [Fact]
    public void List_NoSources_IsEmpty()
    {
        using var home = new TempHome();
        Assert.Empty(SourceStore.List(home.OpenStore()));
    }
}

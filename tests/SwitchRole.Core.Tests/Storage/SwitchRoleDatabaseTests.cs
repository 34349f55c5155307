using Microsoft.Data.Sqlite;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Tests.Storage;

public sealed class SwitchRoleDatabaseTests
{
    [Fact]
    public void Open_NoFile_CreatesWalDatabaseWithCurrentSchema()
    {
        using var home = new TempHome();
        var db = SwitchRoleDatabase.Open(home.Paths.DatabasePath);

        Assert.True(File.Exists(home.Paths.DatabasePath));
        Assert.Equal(Migrations.All[^1].Version, db.SchemaVersion);
        using var connection = db.Connect();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal((long)SwitchRoleDatabase.ApplicationId, Scalar(connection, "PRAGMA application_id"));
        Assert.Equal((long)SwitchRoleDatabase.BusyTimeoutMilliseconds, Scalar(connection, "PRAGMA busy_timeout"));
    }

    [Fact]
    public void Open_NewerSchema_FailsNamingTheFileAndLeavesItUntouched()
    {
        using var home = new TempHome();
        SwitchRoleDatabase.Open(home.Paths.DatabasePath);
        using (var connection = Raw(home.Paths.DatabasePath))
        {
            Execute(connection, "PRAGMA user_version = 99;");
        }

        SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(home.Paths.DatabasePath);

        var ex = Assert.Throws<StoreUnavailableException>(() => SwitchRoleDatabase.Open(home.Paths.DatabasePath));

        Assert.Contains(home.Paths.DatabasePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("newer SwitchRole", ex.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(home.Paths.DatabasePath));
    }

    [Fact]
    public void Open_NotASqliteFile_FailsAndLeavesItUntouched()
    {
        using var home = new TempHome();
        var junk = "this is my shopping list, not a database\n"u8.ToArray();
        File.WriteAllBytes(home.Paths.DatabasePath, [.. Enumerable.Repeat(junk, 200).SelectMany(b => b)]);
        var before = File.ReadAllBytes(home.Paths.DatabasePath);

        var ex = Assert.Throws<StoreUnavailableException>(() => SwitchRoleDatabase.Open(home.Paths.DatabasePath));

        Assert.Contains(home.Paths.DatabasePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(home.Paths.DatabasePath));
    }

    [Fact]
    public void Open_AnotherProgramsSqliteFile_FailsAndLeavesItUntouched()
    {
        using var home = new TempHome();
        using (var connection = Raw(home.Paths.DatabasePath, create: true))
        {
            Execute(connection, "CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('https://example.com');");
        }

        SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(home.Paths.DatabasePath);

        var ex = Assert.Throws<StoreUnavailableException>(() => SwitchRoleDatabase.Open(home.Paths.DatabasePath));

        Assert.Contains("not a SwitchRole database", ex.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(home.Paths.DatabasePath));
    }

    [Fact]
    public void Open_OlderSchema_BacksUpThenMigratesKeepingData()
    {
        using var home = new TempHome();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero));
        var v1 = Migrations.All.Take(1).ToList();
        using (var seed = SwitchRoleDatabase.Open(home.Paths.DatabasePath, v1, clock).Connect())
        using (var insert = seed.CreateCommand())
        {
            // Schema 1 as a released host wrote it (today's writer needs later columns).
            insert.CommandText = "INSERT INTO roles (account_id, role_name, display_name, origin, created_at, updated_at) VALUES ('123456789012', 'Admin', 'Admin', 'local', 0, 0)";
            insert.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();

        // Every released step, then one more: the store lists through indexes the later steps add.
        var next = Migrations.All[^1].Version + 1;
        var later = Migrations.All.Append(new Migration(next, "ALTER TABLE roles ADD COLUMN note TEXT;")).ToList();
        var migrated = SwitchRoleDatabase.Open(home.Paths.DatabasePath, later, clock);

        Assert.Equal(next, migrated.SchemaVersion);
        var backup = Assert.Single(Directory.GetFiles(home.Paths.BackupDirectory));
        Assert.Equal("switchrole-20261128T093000000Z-schema1.db", Path.GetFileName(backup));
        using (var copy = Raw(backup))
        {
            Assert.Equal(1L, Scalar(copy, "PRAGMA user_version"));
            Assert.Equal(1L, Scalar(copy, "SELECT count(*) FROM roles"));
        }

        Assert.Single(new RoleStore(migrated).List().Roles);
        using var connection = migrated.Connect();
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM roles WHERE note IS NOT NULL"));
    }

    [Fact]
    public void Open_ManyAtOnceOnANewFile_AllSucceedWithOneSchema()
    {
        // Browsers start their hosts together: the first creates the schema while the others look at the file.
        for (var round = 0; round < 15; round++)
        {
            using var home = new TempHome();
            var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            Parallel.For(0, 6, _ =>
            {
                try
                {
                    SwitchRoleDatabase.Open(home.Paths.DatabasePath);
                }
                catch (Exception ex)
                {
                    failures.Add(ex);
                }
            });

            Assert.Empty(failures);
            Assert.Equal(Migrations.All[^1].Version, SwitchRoleDatabase.Open(home.Paths.DatabasePath).SchemaVersion);
        }
    }

    [Fact]
    public void Open_Schema3File_BacksUpThenListsItsEntriesInListOrder()
    {
        using var home = new TempHome();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero));
        using (var seed = SwitchRoleDatabase.Open(home.Paths.DatabasePath, [.. Migrations.All.Take(3)], clock).Connect())
        {
            // As a schema-3 host left it: used and unused entries, a tombstone.
            Execute(seed, """
                INSERT INTO roles (account_id, role_name, display_name, origin, created_at, updated_at, last_used_at, deleted_at) VALUES
                    ('111111111111', 'A', 'zulu', 'local', 0, 0, NULL, NULL),
                    ('222222222222', 'B', 'Alpha', 'local', 0, 0, NULL, NULL),
                    ('333333333333', 'C', 'old use', 'local', 0, 0, 5, NULL),
                    ('444444444444', 'D', 'new use', 'local', 0, 0, 9, NULL),
                    ('555555555555', 'E', 'gone', 'local', 0, 0, 10, 11),
                    ('666666666666', 'F', 'alpha', 'local', 0, 0, NULL, NULL);
                """);
        }

        SqliteConnection.ClearAllPools();

        var migrated = SwitchRoleDatabase.Open(home.Paths.DatabasePath, Migrations.All, clock);

        Assert.Equal(4, migrated.SchemaVersion);
        Assert.Equal("switchrole-20261128T093000000Z-schema3.db", Path.GetFileName(Assert.Single(Directory.GetFiles(home.Paths.BackupDirectory))));
        Assert.Equal(["new use", "old use", "Alpha", "alpha", "zulu"], new RoleStore(migrated).List().Roles.Select(r => r.DisplayName));
    }

    [Fact]
    public void Open_CurrentSchema_MakesNoBackup()
    {
        using var home = new TempHome();
        SwitchRoleDatabase.Open(home.Paths.DatabasePath);
        SwitchRoleDatabase.Open(home.Paths.DatabasePath);
        Assert.False(Directory.Exists(home.Paths.BackupDirectory));
    }

    [Fact]
    public void ReadRevision_AfterAnotherProcessCommits_SeesTheNewRevision()
    {
        using var home = new TempHome();
        home.OpenStore().Upsert([Role("111111111111")]);
        // Reopened at the current schema: the fast path, which reads the revision on its own raw handle.
        using var db = SwitchRoleDatabase.Open(home.Paths.DatabasePath);
        var before = db.ReadRevision();

        using (var other = Raw(home.Paths.DatabasePath))
        {
            Execute(other, "UPDATE meta SET value = value + 5 WHERE key = 'revision'");
        }

        Assert.Equal(before + 5, db.ReadRevision());
        db.Dispose();
        Assert.Equal(before + 5, db.ReadRevision());
    }

    [Fact]
    public void Open_ExistingCurrentDatabase_WritesThroughPooledConnectionsStillWork()
    {
        using var home = new TempHome();
        home.OpenStore().Upsert([Role("111111111111")]);

        var store = new RoleStore(SwitchRoleDatabase.Open(home.Paths.DatabasePath));
        store.Upsert([Role("222222222222")]);

        Assert.Equal(["111111111111", "222222222222"], store.List().Roles.Select(r => r.AccountId).Order());
        Assert.Equal(store.GetRevision(), home.OpenStore().GetRevision());
    }

    private static SwitchRole.Core.Model.ValidRole Role(string account) => SwitchRole.Core.Model.RoleValidator.Validate(new SwitchRole.Core.Model.RoleInput(account, "Admin"));

    private static SqliteConnection Raw(string path, bool create = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

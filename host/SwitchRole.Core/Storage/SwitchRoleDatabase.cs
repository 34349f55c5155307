using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace SwitchRole.Core.Storage;

/// <summary>
/// Opens the SQLite file every SwitchRole process shares: identifies it, creates or migrates the schema,
/// and hands out connections with the settings that make several processes on one file safe.
/// </summary>
public sealed class SwitchRoleDatabase
{
    /// <summary><c>PRAGMA application_id</c> of a SwitchRole database: "SWR1".</summary>
    public const int ApplicationId = 0x53575231;

    /// <summary>How long SQLite itself waits for another process's lock before a statement gives up.</summary>
    public const int BusyTimeoutMilliseconds = 3000;

    private static int s_initialized;

    private readonly string _connectionString;

    private SwitchRoleDatabase(string path, string connectionString, int schemaVersion)
    {
        Path = path;
        _connectionString = connectionString;
        SchemaVersion = schemaVersion;
    }

    public string Path { get; }

    public int SchemaVersion { get; }

    /// <summary>Opens (creating if absent) the database at <paramref name="path"/> with the built-in migrations.</summary>
    /// <exception cref="StoreUnavailableException">The file is newer, not a SwitchRole database, corrupt or unreadable; it was not modified.</exception>
    public static SwitchRoleDatabase Open(string path) => Open(path, Migrations.All, TimeProvider.System);

    internal static SwitchRoleDatabase Open(string path, IReadOnlyList<Migration> migrations, TimeProvider clock)
    {
        EnsureSqliteInitialized();
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        var exists = File.Exists(fullPath) && new FileInfo(fullPath).Length > 0;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = exists ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite polls in managed code after SQLite's own busy handler gives up; keep that bounded too.
            DefaultTimeout = 2,
        };
        var connectionString = builder.ToString();
        var target = migrations.Count == 0 ? 0 : migrations[^1].Version;

        try
        {
            using var connection = OpenConnection(connectionString);
            var (applicationId, userVersion, objectCount) = ReadIdentity(connection);
            var isNew = applicationId == 0 && userVersion == 0 && objectCount == 0;
            if (!isNew && applicationId != ApplicationId)
            {
                throw new StoreUnavailableException(fullPath, "is not a SwitchRole database (another program's SQLite file); it was left untouched. Move it away or set SWITCHROLE_HOME to another folder.");
            }

            if (userVersion > target)
            {
                throw new StoreUnavailableException(fullPath, $"was written by a newer SwitchRole (schema {userVersion}; this version knows up to {target}). Update SwitchRole; the file was left untouched.");
            }

            if (userVersion < target)
            {
                if (isNew)
                {
                    // Persistent in the file: set once, before the first table exists.
                    Execute(connection, "PRAGMA journal_mode=WAL;");
                }
                else
                {
                    Backup(connection, fullPath, userVersion, clock);
                }

                Migrate(connection, migrations, target);
            }

            return new SwitchRoleDatabase(fullPath, connectionString, target);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 /* NOTADB */ or 11 /* CORRUPT */)
        {
            throw new StoreUnavailableException(fullPath, "is not a readable SQLite database (corrupt or another kind of file); it was left untouched. Restore a backup from the backups folder, or move it away.", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 14 /* CANTOPEN */ or 8 /* READONLY */ or 23 /* AUTH */)
        {
            throw new StoreUnavailableException(fullPath, $"cannot be opened for writing ({ex.Message}).", ex);
        }
    }

    /// <summary>A new open connection with the per-connection settings. The caller disposes it.</summary>
    public SqliteConnection Connect() => OpenConnection(_connectionString);

    private static SqliteConnection OpenConnection(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // busy_timeout is per connection and Microsoft.Data.Sqlite does not set it; synchronous=NORMAL is safe with WAL.
        Execute(connection, $"PRAGMA busy_timeout={BusyTimeoutMilliseconds}; PRAGMA synchronous=NORMAL;");
        return connection;
    }

    private static (int ApplicationId, int UserVersion, long ObjectCount) ReadIdentity(SqliteConnection connection)
    {
        // One snapshot for all three: read one by one, another process's first migration could commit in between
        // and make a new SwitchRole database look like another program's (tables, but no application id yet).
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA application_id; PRAGMA user_version; SELECT count(*) FROM sqlite_master;";
        using var reader = command.ExecuteReader();
        reader.Read();
        var applicationId = reader.GetInt32(0);
        reader.NextResult();
        reader.Read();
        var userVersion = reader.GetInt32(0);
        reader.NextResult();
        reader.Read();
        return (applicationId, userVersion, reader.GetInt64(0));
    }

    private static void Backup(SqliteConnection connection, string fullPath, int fromVersion, TimeProvider clock)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(fullPath)!, "backups");
        Directory.CreateDirectory(folder);
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var target = System.IO.Path.Combine(folder, $"{System.IO.Path.GetFileNameWithoutExtension(fullPath)}-{stamp}-schema{fromVersion}.db");
        using var command = connection.CreateCommand();
        // VACUUM INTO writes a consistent copy even while other processes use the file.
        command.CommandText = "VACUUM INTO $target;";
        command.Parameters.AddWithValue("$target", target);
        command.ExecuteNonQuery();
    }

    private static void Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations, int target)
    {
        using var transaction = connection.BeginTransaction(); // BEGIN IMMEDIATE: one process migrates, the others wait.
        using (var check = connection.CreateCommand())
        {
            check.Transaction = transaction;
            check.CommandText = "PRAGMA user_version;";
            var current = Convert.ToInt32(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            foreach (var migration in migrations.Where(m => m.Version > current && m.Version <= target))
            {
                using var step = connection.CreateCommand();
                step.Transaction = transaction;
                step.CommandText = migration.Sql + $"\nPRAGMA user_version={migration.Version};\nPRAGMA application_id={ApplicationId};";
                step.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void EnsureSqliteInitialized()
    {
        if (Interlocked.Exchange(ref s_initialized, 1) != 0)
        {
            return;
        }

        // The published host ships libe_sqlite3 beside itself; load it from there by path instead of letting the
        // loader probe some forty system folders first (most of a millisecond, on every browser connect).
        NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, (name, _, _) =>
        {
            var file = OperatingSystem.IsWindows() ? "e_sqlite3.dll" : OperatingSystem.IsMacOS() ? "libe_sqlite3.dylib" : "libe_sqlite3.so";
            return name == "e_sqlite3" && NativeLibrary.TryLoad(System.IO.Path.Combine(AppContext.BaseDirectory, file), out var handle) ? handle : IntPtr.Zero;
        });

        // The SqliteConnection static constructor finds the bundle through reflection, which NativeAOT trims away.
        SQLitePCL.Batteries_V2.Init();
    }
}

/// <summary>One forward schema step. Versions count from 1 and only grow.</summary>
internal sealed record Migration(int Version, string Sql);

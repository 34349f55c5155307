using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace SwitchRole.Core.Storage;

/// <summary>
/// Opens the SQLite file every SwitchRole process shares: identifies it, creates or migrates the schema,
/// and hands out connections with the settings that make several processes on one file safe.
/// </summary>
public sealed class SwitchRoleDatabase : IDisposable
{
    /// <summary><c>PRAGMA application_id</c> of a SwitchRole database: "SWR1".</summary>
    public const int ApplicationId = 0x53575231;

    /// <summary>How long SQLite itself waits for another process's lock before a statement gives up.</summary>
    public const int BusyTimeoutMilliseconds = 3000;

    private static int s_initialized;

    private string? _connectionString;
    private readonly Lock _quickLock = new();
    private SQLitePCL.sqlite3? _quick;

    private SwitchRoleDatabase(string path, string? connectionString, int schemaVersion, SQLitePCL.sqlite3? quick)
    {
        Path = path;
        _connectionString = connectionString;
        SchemaVersion = schemaVersion;
        _quick = quick;
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
        var exists = PreparePrivateFile(fullPath);
        var target = migrations.Count == 0 ? 0 : migrations[^1].Version;

        // The common case, an existing database at this version, is checked on a raw SQLite handle: a first
        // Microsoft.Data.Sqlite connection costs a browser's cold start its pool set-up (a timer thread) and
        // connection-string parsing. Anything else takes the full path below, which alone creates, migrates or
        // explains what is wrong.
        if (exists && OpenIfCurrent(fullPath, target) is { } quick)
        {
            // The connection string waits for the first pooled connection: building one costs a cold start too.
            return new SwitchRoleDatabase(fullPath, null, target, quick);
        }

        var connectionString = BuildConnectionString(fullPath, create: !exists);
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

            return new SwitchRoleDatabase(fullPath, connectionString, target, null);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 /* NOTADB */ or 11 /* CORRUPT */)
        {
            throw new StoreUnavailableException(fullPath, "is not a readable SQLite database (corrupt or another kind of file); it was left untouched. Restore a backup from the backups folder, or move it away.", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 14 /* CANTOPEN */ or 8 /* READONLY */ or 23 /* AUTH */)
        {
            throw new StoreUnavailableException(fullPath, $"cannot be opened for writing ({ex.Message}).", ex);
        }
        catch (SqliteException ex) when (StoreFailure.Problem(ex) is { } problem)
        {
            // Disk full or a disk error while creating, migrating or backing up: the sentence, not SQLite's text.
            throw new StoreUnavailableException(fullPath, problem, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(fullPath, $"cannot be prepared: {StoreFailure.Reason(ex)}.", ex);
        }
    }

    /// <summary>
    /// Makes the data folder (0700) and, when absent, an empty database file (0600) before SQLite opens it: SQLite
    /// creates the WAL and SHM files with the database file's mode, so all three are private from their first byte.
    /// A database left readable by others by an older version is made private. True when a database already exists.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The folder or file cannot be created (a read-only or missing home, no space).</exception>
    private static bool PreparePrivateFile(string fullPath)
    {
        try
        {
            PrivateFiles.EnsureDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
            if (File.Exists(fullPath) && new FileInfo(fullPath).Length > 0)
            {
                if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(fullPath) & ~PrivateFiles.FileMode) != 0)
                {
                    PrivateFiles.TightenIfLoose(fullPath);
                    PrivateFiles.TightenIfLoose(fullPath + "-wal");
                    PrivateFiles.TightenIfLoose(fullPath + "-shm");
                }

                return true;
            }

            PrivateFiles.EnsureFile(fullPath);
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(fullPath, $"cannot be created: {StoreFailure.Reason(ex)}. Check that the folder is writable and the disk has space, or set SWITCHROLE_HOME to another folder.", ex);
        }
    }

    /// <summary>A new open connection with the per-connection settings. The caller disposes it.</summary>
    public SqliteConnection Connect() => OpenConnection(_connectionString ??= BuildConnectionString(Path, create: false));

    /// <summary>
    /// The database revision, read on the raw handle that opened the file when there is one (a hello then needs
    /// no pooled connection), else on a pooled connection.
    /// </summary>
    public long ReadRevision()
    {
        lock (_quickLock)
        {
            // Busy or failing, the pooled path below answers with the usual exceptions.
            if (_quick is { } quick && TryReadRow(quick, RoleStore.RevisionSql, out var revision, out _))
            {
                return revision;
            }
        }

        using var connection = Connect();
        return RoleStore.ReadRevision(connection, null);
    }

    /// <summary>Closes the raw handle; pooled connections are Microsoft.Data.Sqlite's to close.</summary>
    public void Dispose()
    {
        lock (_quickLock)
        {
            _quick?.Dispose();
            _quick = null;
        }
    }

    /// <summary>A raw read-write handle when the file is a SwitchRole database at <paramref name="target"/>; otherwise null.</summary>
    private static SQLitePCL.sqlite3? OpenIfCurrent(string fullPath, int target)
    {
        if (SQLitePCL.raw.sqlite3_open_v2(fullPath, out var db, SQLitePCL.raw.SQLITE_OPEN_READWRITE | SQLitePCL.raw.SQLITE_OPEN_FULLMUTEX, null) != SQLitePCL.raw.SQLITE_OK)
        {
            db.Dispose();
            return null;
        }

        SQLitePCL.raw.sqlite3_busy_timeout(db, BusyTimeoutMilliseconds);
        // One statement, so one snapshot: the same reason ReadIdentity uses one transaction.
        if (TryReadRow(db, "SELECT a.application_id, u.user_version FROM pragma_application_id AS a, pragma_user_version AS u", out var applicationId, out var userVersion)
            && applicationId == ApplicationId && userVersion == target)
        {
            return db;
        }

        db.Dispose();
        return null;
    }

    /// <summary>The first one or two integer columns of the first row; false when the statement fails or has no row.</summary>
    private static bool TryReadRow(SQLitePCL.sqlite3 db, string sql, out long first, out long second)
    {
        first = second = 0;
        if (SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out var statement) != SQLitePCL.raw.SQLITE_OK)
        {
            statement.Dispose();
            return false;
        }

        using (statement)
        {
            if (SQLitePCL.raw.sqlite3_step(statement) != SQLitePCL.raw.SQLITE_ROW)
            {
                return false;
            }

            first = SQLitePCL.raw.sqlite3_column_int64(statement, 0);
            second = SQLitePCL.raw.sqlite3_column_count(statement) > 1 ? SQLitePCL.raw.sqlite3_column_int64(statement, 1) : 0;
            return true;
        }
    }

    private static string BuildConnectionString(string fullPath, bool create) => new SqliteConnectionStringBuilder
    {
        DataSource = fullPath,
        Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
        Pooling = true,
        // Microsoft.Data.Sqlite polls in managed code after SQLite's own busy handler gives up; keep that bounded too.
        DefaultTimeout = 2,
    }.ToString();

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
        PrivateFiles.EnsureDirectory(folder);
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var target = System.IO.Path.Combine(folder, $"{System.IO.Path.GetFileNameWithoutExtension(fullPath)}-{stamp}-schema{fromVersion}.db");

        // VACUUM INTO accepts an empty file: created 0600 here, SQLite writes the copy into it with that mode.
        PrivateFiles.EnsureFile(target);
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
        // loader probe some forty system folders first (most of a millisecond, on every browser connect). On Linux
        // the NativeAOT host links it directly (SwitchRole.Host.csproj), and asking for the provider's Assembly
        // would cost that host reflection metadata at start-up.
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported && OperatingSystem.IsLinux())
        {
            SQLitePCL.Batteries_V2.Init();
            return;
        }

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

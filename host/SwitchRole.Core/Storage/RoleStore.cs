using Microsoft.Data.Sqlite;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Storage;

/// <summary>Filters for <see cref="RoleStore.List"/>; all optional, combined with AND.</summary>
public sealed record RoleQuery(string? Search = null, string? AccountId = null, string? Group = null);

/// <summary>One consistent snapshot of the live entries.</summary>
public sealed record RoleListing(long Revision, IReadOnlyList<RoleEntry> Roles);

/// <summary>What changed after revision <see cref="Since"/>: live entries written since (in list order) and keys no longer live.</summary>
public sealed record RoleChanges(long Revision, long Since, int Live, IReadOnlyList<RoleEntry> Roles, IReadOnlyList<RoleKey> Deleted);

public sealed record UpsertResult(long Revision, int Added, int Updated, int Unchanged, IReadOnlyList<RoleEntry> Roles);

public sealed record DeleteResult(long Revision, bool Deleted);

public sealed record TouchResult(long Revision, RoleEntry Role);

/// <summary>
/// The role entries of one OS user. Safe to use from several processes at once: every write is one short
/// <c>BEGIN IMMEDIATE</c> transaction, retried whole when SQLite reports the database busy, and moves the
/// revision when it changes anything. Reads run in deferred transactions and never take the write lock.
/// </summary>
/// <remarks>
/// Concurrent edits of one entry: writes are serialised by SQLite's write lock and each replaces the fields it
/// names, so the last committed write wins field by field; fields a write does not name keep their value, and
/// uses are counted with <c>use_count + 1</c> inside the transaction, so no use is ever lost.
/// </remarks>
public sealed class RoleStore(SwitchRoleDatabase database, TimeProvider? clock = null)
{
    /// <summary>Whole-transaction attempts before <see cref="StoreBusyException"/>.</summary>
    public const int MaxWriteAttempts = 6;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public SwitchRoleDatabase Database { get; } = database;

    public static RoleStore Open(AppPaths paths, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new RoleStore(SwitchRoleDatabase.Open(paths.DatabasePath), clock);
    }

    public long GetRevision() => Database.ReadRevision();

    /// <summary>Live entries, most recently used first, then by display name.</summary>
    public RoleListing List(RoleQuery? query = null)
    {
        using var cursor = OpenList(query);
        var roles = new List<RoleEntry>();
        while (cursor.Read())
        {
            roles.Add(cursor.ToEntry());
        }

        return new RoleListing(cursor.Revision, roles);
    }

    /// <summary>
    /// The rows of <see cref="List"/>, same filters and order, from one snapshot, read one at a time without an entry
    /// object per row. The caller disposes the cursor, which ends the snapshot.
    /// </summary>
    public RoleCursor OpenList(RoleQuery? query = null)
    {
        query ??= new RoleQuery();
        var account = string.IsNullOrWhiteSpace(query.AccountId) ? null : RoleValidator.NormalizeAccountId(query.AccountId, "accountId");
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim();
        var group = string.IsNullOrWhiteSpace(query.Group) ? null : query.Group.Trim();
        var connection = Database.Connect();
        try
        {
            return new RoleCursor(connection, account, group, search);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Everything that changed after <paramref name="since"/>, from one snapshot: applying it to the list at
    /// <paramref name="since"/> gives the list at <see cref="RoleChanges.Revision"/>.
    /// </summary>
    public RoleChanges ListChanges(long since)
    {
        using var connection = Database.Connect();
        using var transaction = connection.BeginTransaction(deferred: true);
        var revision = ReadRevision(connection, transaction);
        var roles = new List<RoleEntry>();
        var deleted = new List<RoleKey>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"""
                SELECT {Columns}, deleted_at FROM roles WHERE changed_rev > $since
                ORDER BY last_used_at IS NULL, last_used_at DESC, display_name COLLATE NOCASE, account_id, role_name
                """;
            command.Parameters.AddWithValue("$since", since);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var entry = ReadEntry(reader);
                if (reader.IsDBNull(12))
                {
                    roles.Add(entry);
                }
                else
                {
                    deleted.Add(new RoleKey(entry.AccountId, entry.RoleName));
                }
            }
        }

        using (var command = connection.CreateCommand())
        {
            // Removed by a source sync and not written again since (a row that came back is in roles above).
            command.Transaction = transaction;
            command.CommandText = """
                SELECT account_id, role_name FROM removed r WHERE revision > $since
                  AND NOT EXISTS (SELECT 1 FROM roles WHERE account_id = r.account_id AND role_name = r.role_name AND deleted_at IS NULL)
                ORDER BY account_id, role_name
                """;
            command.Parameters.AddWithValue("$since", since);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                deleted.Add(new RoleKey(reader.GetString(0), reader.GetString(1)));
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT count(*) FROM roles WHERE deleted_at IS NULL";
            var live = (long)command.ExecuteScalar()!;
            transaction.Commit();
            return new RoleChanges(revision, since, (int)live, roles, deleted);
        }
    }

    /// <summary>The live entry with this identity, or null.</summary>
    public RoleEntry? Find(RoleKey key)
    {
        using var connection = Database.Connect();
        return FindLive(connection, null, key);
    }

    public IReadOnlyList<Tombstone> ListTombstones()
    {
        using var connection = Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT account_id, role_name, deleted_at FROM roles WHERE deleted_at IS NOT NULL ORDER BY account_id, role_name";
        using var reader = command.ExecuteReader();
        var tombstones = new List<Tombstone>();
        while (reader.Read())
        {
            tombstones.Add(new Tombstone(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return tombstones;
    }

    /// <summary>Adds or updates every entry in one transaction: all are stored, or none.</summary>
    public UpsertResult Upsert(IReadOnlyList<ValidRole> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var (result, revision) = Write(writer =>
        {
            int added = 0, updated = 0, unchanged = 0;
            var stored = new List<RoleEntry>(roles.Count);
            foreach (var role in roles)
            {
                var (entry, outcome) = writer.Upsert(role);
                stored.Add(entry);
                _ = outcome switch
                {
                    UpsertOutcome.Added => added++,
                    UpsertOutcome.Updated => updated++,
                    _ => unchanged++,
                };
            }

            return (added, updated, unchanged, stored);
        });
        return new UpsertResult(revision, result.added, result.updated, result.unchanged, result.stored);
    }

    /// <summary>Deletes the live entry, keeping a tombstone. False when there was none.</summary>
    public DeleteResult Delete(RoleKey key)
    {
        var (deleted, revision) = Write(writer => writer.Delete(key));
        return new DeleteResult(revision, deleted);
    }

    /// <summary>Records a use now. Null when there is no live entry with this identity.</summary>
    public TouchResult? Touch(RoleKey key)
    {
        var (entry, revision) = Write(writer => writer.Touch(key));
        return entry is null ? null : new TouchResult(revision, entry);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it, moving the revision if anything
    /// changed. The whole transaction is retried on <c>SQLITE_BUSY</c>, so <paramref name="work"/> must only touch
    /// the database through the writer.
    /// </summary>
    public (T Result, long Revision) Write<T>(Func<RoleWriter, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = Database.Connect();
                using var transaction = connection.BeginTransaction(); // BEGIN IMMEDIATE
                // Under the write lock the revision cannot move, so rows are marked with the one this commit sets.
                var current = ReadRevision(connection, transaction);
                using var writer = new RoleWriter(connection, transaction, _clock.GetUtcNow(), current + 1);
                var result = work(writer);
                var revision = writer.Changed ? SetRevision(connection, transaction, writer.Revision) : current;
                transaction.Commit();
                return (result, revision);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 /* BUSY */ or 6 /* LOCKED */)
            {
                if (attempt >= MaxWriteAttempts)
                {
                    throw new StoreBusyException($"The SwitchRole database {Database.Path} stayed locked by other processes through {attempt} attempts; try again.", ex);
                }

                // Bounded, jittered backoff so competing processes do not retry in lock-step.
                Thread.Sleep(Random.Shared.Next(10, 40) * attempt);
            }
        }
    }

    internal const string Columns = "account_id, role_name, display_name, color, region, base_account_id, group_name, origin, created_at, updated_at, last_used_at, use_count";

    internal static RoleEntry ReadEntry(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetString(7),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
        reader.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
        reader.GetInt64(11));

    internal static RoleEntry? FindLive(SqliteConnection connection, SqliteTransaction? transaction, RoleKey key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM roles WHERE account_id = $a AND role_name = $r AND deleted_at IS NULL";
        command.Parameters.AddWithValue("$a", key.AccountId);
        command.Parameters.AddWithValue("$r", key.RoleName);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadEntry(reader) : null;
    }

    /// <summary>The one statement that reads the database revision (also run on <see cref="SwitchRoleDatabase"/>'s raw handle).</summary>
    internal const string RevisionSql = "SELECT value FROM meta WHERE key = 'revision'";

    internal static long ReadRevision(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = RevisionSql;
        return (long)command.ExecuteScalar()!;
    }

    private static long SetRevision(SqliteConnection connection, SqliteTransaction transaction, long revision)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE meta SET value = $rev WHERE key = 'revision'";
        command.Parameters.AddWithValue("$rev", revision);
        command.ExecuteNonQuery();
        return revision;
    }
}

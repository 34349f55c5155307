using Microsoft.Data.Sqlite;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Storage;

/// <summary>
/// The <c>sources</c> table, and the removal of a source's entries. Every method that writes runs inside a
/// <see cref="RoleStore.Write{T}"/> transaction, so a sync is all-or-nothing and retried whole when busy. What a sync
/// does to the entries is decided above this layer (<c>Catalog/SourceMerge</c>).
/// </summary>
public static class SourceStore
{
    private const string Columns = "name, location, kind, format, interval_seconds, added_at, etag, last_modified, content_sha256, last_attempt_at, last_synced_at, last_changed_at, last_error, last_error_at, entry_count";

    public static IReadOnlyList<TeamSource> List(RoleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = store.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM sources ORDER BY name COLLATE NOCASE";
        using var reader = command.ExecuteReader();
        var result = new List<TeamSource>();
        while (reader.Read())
        {
            result.Add(Read(reader));
        }

        return result;
    }

    public static TeamSource? Find(RoleStore store, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = store.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM sources WHERE name = $n COLLATE NOCASE";
        command.Parameters.AddWithValue("$n", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    internal static TeamSource? Get(RoleWriter writer, string name)
    {
        using var command = writer.Command($"SELECT {Columns} FROM sources WHERE name = $n COLLATE NOCASE");
        command.Parameters.AddWithValue("$n", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    internal static void Insert(RoleWriter writer, TeamSource source)
    {
        using var command = writer.Command($"""
            INSERT INTO sources (name, location, kind, format, interval_seconds, added_at, last_attempt_at)
            VALUES ($n, $l, $k, $f, $i, $now, $now)
            """);
        command.Parameters.AddWithValue("$n", source.Name);
        command.Parameters.AddWithValue("$l", source.Location);
        command.Parameters.AddWithValue("$k", source.Kind.KindName());
        command.Parameters.AddWithValue("$f", source.Format);
        command.Parameters.AddWithValue("$i", (object?)(long?)source.Interval?.TotalSeconds ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", writer.Now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        writer.MarkChanged();
    }

    /// <summary>
    /// Adds a source from a backup. Never fetched yet (no last attempt, no content hash), so the next sync or host
    /// start reads it; until then its entries are the ones the backup restored.
    /// </summary>
    internal static void Restore(RoleWriter writer, SourceRecord source)
    {
        using var command = writer.Command("""
            INSERT INTO sources (name, location, kind, format, interval_seconds, added_at, entry_count)
            VALUES ($n, $l, $k, $f, $i, $now, (SELECT count(*) FROM roles WHERE origin = $o AND deleted_at IS NULL))
            """);
        command.Parameters.AddWithValue("$n", source.Name);
        command.Parameters.AddWithValue("$l", source.Location);
        command.Parameters.AddWithValue("$k", source.Kind.KindName());
        command.Parameters.AddWithValue("$f", source.Format);
        command.Parameters.AddWithValue("$i", (object?)(long?)source.Interval?.TotalSeconds ?? DBNull.Value);
        command.Parameters.AddWithValue("$o", Origins.TeamPrefix + source.Name);
        command.Parameters.AddWithValue("$now", writer.Now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        writer.MarkChanged();
    }

    /// <summary>Removes the source and its live entries (and their overrides). Null when there is no such source.</summary>
    internal static IReadOnlyList<RoleEntry>? Remove(RoleWriter writer, string name)
    {
        if (Get(writer, name) is not { } source)
        {
            return null;
        }

        var entries = LiveEntries(writer, source.Origin);
        foreach (var entry in entries)
        {
            Purge(writer, new RoleKey(entry.AccountId, entry.RoleName), source.Origin);
        }

        using var command = writer.Command("DELETE FROM sources WHERE name = $n");
        command.Parameters.AddWithValue("$n", source.Name);
        command.ExecuteNonQuery();
        writer.MarkChanged();
        return entries;
    }

    /// <summary>
    /// Claims the next fetch of a source: true (and the attempt time recorded) unless any process attempted it less
    /// than <paramref name="minAge"/> ago. Three hosts starting together fetch a URL once. Does not move the revision.
    /// </summary>
    internal static bool Claim(RoleWriter writer, string name, TimeSpan minAge)
    {
        using var command = writer.Command("""
            UPDATE sources SET last_attempt_at = $now
            WHERE name = $n AND (last_attempt_at IS NULL OR last_attempt_at <= $before OR last_attempt_at > $now)
            """);
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$now", writer.Now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$before", (writer.Now - minAge).ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Keeps the entries of the last good sync and records why this one failed.</summary>
    internal static void RecordFailure(RoleWriter writer, TeamSource source, string error)
    {
        using var command = writer.Command("UPDATE sources SET last_attempt_at = $now, last_error = $e, last_error_at = $now WHERE name = $n");
        command.Parameters.AddWithValue("$n", source.Name);
        command.Parameters.AddWithValue("$e", error);
        command.Parameters.AddWithValue("$now", writer.Now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        if (source.LastError != error)
        {
            writer.MarkChanged(); // The options page shows the error: let every browser know.
        }
    }

    /// <summary>The source answered "not modified" (or the file's content is what was applied last).</summary>
    internal static void RecordNotModified(RoleWriter writer, TeamSource source)
    {
        using var command = writer.Command("UPDATE sources SET last_attempt_at = $now, last_synced_at = $now, last_error = NULL, last_error_at = NULL WHERE name = $n");
        command.Parameters.AddWithValue("$n", source.Name);
        command.Parameters.AddWithValue("$now", writer.Now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        if (source.LastError is not null)
        {
            writer.MarkChanged();
        }
    }

    /// <summary>
    /// Records a good sync whose content was applied: the version that identifies it (sent as validators next time),
    /// the times, a cleared error and the source's live entry count.
    /// </summary>
    internal static void RecordApplied(RoleWriter writer, TeamSource source, SourceVersion version)
    {
        using var command = writer.Command("""
            UPDATE sources SET etag = $etag, last_modified = $lm, content_sha256 = $sha, last_attempt_at = $now, last_synced_at = $now,
                last_changed_at = $now, last_error = NULL, last_error_at = NULL,
                entry_count = (SELECT count(*) FROM roles WHERE origin = $o AND deleted_at IS NULL)
            WHERE name = $n
            """);
        command.Parameters.AddWithValue("$n", source.Name);
        command.Parameters.AddWithValue("$o", source.Origin);
        command.Parameters.AddWithValue("$etag", (object?)version.ETag ?? DBNull.Value);
        command.Parameters.AddWithValue("$lm", (object?)version.LastModified ?? DBNull.Value);
        command.Parameters.AddWithValue("$sha", version.Sha256);
        command.Parameters.AddWithValue("$now", writer.Now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        if (source.LastError is not null || source.ContentSha256 is null)
        {
            writer.MarkChanged();
        }
    }

    /// <summary>Deletes the live entry of <paramref name="origin"/> outright (no tombstone) with its override, and logs the removal for <c>roles.list</c> deltas.</summary>
    internal static void Purge(RoleWriter writer, RoleKey key, string origin)
    {
        using var command = writer.Command("DELETE FROM roles WHERE account_id = $a AND role_name = $r AND origin = $o AND deleted_at IS NULL");
        command.Parameters.AddWithValue("$a", key.AccountId);
        command.Parameters.AddWithValue("$r", key.RoleName);
        command.Parameters.AddWithValue("$o", origin);
        if (command.ExecuteNonQuery() > 0)
        {
            // No tombstone is left (the entry may come back from a backup), so record the removal for roles.list deltas.
            using var log = writer.Command("INSERT OR REPLACE INTO removed (account_id, role_name, revision) VALUES ($a, $r, $rev)");
            log.Parameters.AddWithValue("$a", key.AccountId);
            log.Parameters.AddWithValue("$r", key.RoleName);
            log.Parameters.AddWithValue("$rev", writer.Revision);
            log.ExecuteNonQuery();
        }

        OverrideStore.Delete(writer, key);
        writer.MarkChanged();
    }

    /// <summary>The live entries with <paramref name="origin"/>, by account and role.</summary>
    internal static List<RoleEntry> LiveEntries(RoleWriter writer, string origin)
    {
        using var command = writer.Command($"SELECT {RoleStore.Columns} FROM roles WHERE origin = $o AND deleted_at IS NULL ORDER BY account_id, role_name");
        command.Parameters.AddWithValue("$o", origin);
        using var reader = command.ExecuteReader();
        var result = new List<RoleEntry>();
        while (reader.Read())
        {
            result.Add(RoleStore.ReadEntry(reader));
        }

        return result;
    }

    private static TeamSource Read(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        AwsSourceLocation.ParseKindName(r.GetString(2)),
        r.GetString(3),
        r.IsDBNull(4) ? null : TimeSpan.FromSeconds(r.GetInt64(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        Time(r, 9),
        Time(r, 10),
        Time(r, 11),
        r.IsDBNull(12) ? null : r.GetString(12),
        Time(r, 13),
        r.GetInt32(14));

    private static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
}

using Microsoft.Data.Sqlite;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;

namespace SwitchRole.Core.Storage;

public enum SourceChangeKind
{
    Added,
    Updated,
    Unchanged,

    /// <summary>The source no longer lists it: the entry is gone.</summary>
    Removed,

    /// <summary>A person created an entry with this account and role; the source's version is not applied.</summary>
    KeptYours,

    /// <summary>A person deleted it; the source does not bring it back.</summary>
    KeptDeleted,

    /// <summary>Another team source already provides it.</summary>
    OtherSource,
}

/// <summary>What a sync did to one entry.</summary>
public sealed record SourceEntryChange(RoleKey Key, string Name, SourceChangeKind Kind, int Line, string? Detail = null);

public sealed record SourceChanges(IReadOnlyList<SourceEntryChange> Entries)
{
    public int Count(SourceChangeKind kind) => Entries.Count(e => e.Kind == kind);

    public IEnumerable<SourceEntryChange> Of(SourceChangeKind kind) => Entries.Where(e => e.Kind == kind);
}

/// <summary>
/// The <c>sources</c> table and the application of a source's content to the entries. Every method that writes runs
/// inside a <see cref="RoleStore.Write{T}"/> transaction, so a sync is all-or-nothing and retried whole when busy.
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
    /// Applies a source's parsed content: adds its new entries, updates its own ones (a person's overrides win for
    /// display name, colour and group), removes the ones it dropped, and never touches an entry a person created or
    /// deleted, or one from another source (those are reported). Then records the sync as good.
    /// </summary>
    internal static SourceChanges Apply(RoleWriter writer, TeamSource source, ParsedImport parsed, FetchedContent content)
    {
        if (!parsed.Ok)
        {
            throw new InvalidOperationException("A source with errors must not be applied.");
        }

        var origin = source.Origin;
        var now = writer.Now;
        var overrides = OverrideStore.ForOrigin(writer, origin);
        var previous = LiveEntries(writer, origin).ToDictionary(e => new RoleKey(e.AccountId, e.RoleName));
        var changes = new List<SourceEntryChange>(parsed.Entries.Count);
        var seen = new HashSet<RoleKey>();
        foreach (var entry in parsed.Entries)
        {
            var key = entry.Key;
            var role = entry.Role;
            seen.Add(key);
            var line = entry.Location.Line;
            switch (writer.Find(key))
            {
                case null:
                    writer.Put(new RoleEntry(role.AccountId, role.RoleName, role.DisplayName, role.Color, role.Region, role.BaseAccountId, role.Group, origin, now, now, null, 0), null);
                    changes.Add(new SourceEntryChange(key, role.DisplayName, SourceChangeKind.Added, line));
                    break;
                case { DeletedAt: { } deletedAt }:
                    changes.Add(new SourceEntryChange(key, role.DisplayName, SourceChangeKind.KeptDeleted, line,
                        $"you deleted it on {deletedAt.UtcDateTime:yyyy-MM-dd}; the source does not bring it back (switchrole add or import it to have it again)"));
                    break;
                case { Entry: var stored } when stored.Origin != origin:
                    changes.Add(stored.Origin.StartsWith(Origins.TeamPrefix, StringComparison.Ordinal)
                        ? new SourceEntryChange(key, stored.DisplayName, SourceChangeKind.OtherSource, line, $"source {stored.Origin[Origins.TeamPrefix.Length..]} already provides it")
                        : new SourceEntryChange(key, stored.DisplayName, SourceChangeKind.KeptYours, line, $"you created it ({stored.Origin}); the source's version is not applied"));
                    break;
                case { Entry: var stored }:
                    overrides.TryGetValue(key, out var mine);
                    var merged = stored with
                    {
                        DisplayName = mine?.DisplayName ?? role.DisplayName,
                        Color = mine?.Color ?? role.Color,
                        Group = mine?.Group ?? role.Group,
                        Region = role.Region,
                        BaseAccountId = role.BaseAccountId,
                    };
                    if (merged == stored)
                    {
                        changes.Add(new SourceEntryChange(key, stored.DisplayName, SourceChangeKind.Unchanged, line));
                    }
                    else
                    {
                        writer.Put(merged with { UpdatedAt = now }, null);
                        changes.Add(new SourceEntryChange(key, merged.DisplayName, SourceChangeKind.Updated, line));
                    }

                    break;
            }
        }

        foreach (var (key, gone) in previous)
        {
            if (!seen.Contains(key))
            {
                // Deleted outright, not tombstoned: a tombstone would stop the source from ever adding it again.
                Purge(writer, key, origin);
                changes.Add(new SourceEntryChange(key, gone.DisplayName, SourceChangeKind.Removed, 0));
            }
        }

        using var command = writer.Command("""
            UPDATE sources SET etag = $etag, last_modified = $lm, content_sha256 = $sha, last_attempt_at = $now, last_synced_at = $now,
                last_changed_at = $now, last_error = NULL, last_error_at = NULL,
                entry_count = (SELECT count(*) FROM roles WHERE origin = $o AND deleted_at IS NULL)
            WHERE name = $n
            """);
        command.Parameters.AddWithValue("$n", source.Name);
        command.Parameters.AddWithValue("$o", origin);
        command.Parameters.AddWithValue("$etag", (object?)content.ETag ?? DBNull.Value);
        command.Parameters.AddWithValue("$lm", (object?)content.LastModified ?? DBNull.Value);
        command.Parameters.AddWithValue("$sha", content.Sha256);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        if (source.LastError is not null || source.ContentSha256 is null)
        {
            writer.MarkChanged();
        }

        return new SourceChanges(changes);
    }

    private static void Purge(RoleWriter writer, RoleKey key, string origin)
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

    private static List<RoleEntry> LiveEntries(RoleWriter writer, string origin)
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

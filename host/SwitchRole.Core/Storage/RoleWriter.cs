using Microsoft.Data.Sqlite;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Storage;

public enum UpsertOutcome
{
    Unchanged,
    Added,
    Updated,
}

/// <summary>
/// The operations allowed inside one <see cref="RoleStore.Write{T}"/> transaction. Commands are prepared once
/// per transaction, so bulk imports of thousands of entries stay fast.
/// </summary>
public sealed class RoleWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly long _now;
    private SqliteCommand? _find;
    private SqliteCommand? _put;

    internal RoleWriter(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, long revision)
    {
        _connection = connection;
        _transaction = transaction;
        Revision = revision;
        Now = now;
        _now = now.ToUnixTimeMilliseconds();
    }

    /// <summary>The transaction's clock reading; every row it writes gets this time.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The revision this transaction commits if it changes anything; every row it writes is marked with it.</summary>
    public long Revision { get; }

    /// <summary>True once anything was written; only then does the revision move.</summary>
    public bool Changed { get; private set; }

    /// <summary>The stored row for <paramref name="key"/>, live or tombstone, or null.</summary>
    public (RoleEntry Entry, DateTimeOffset? DeletedAt)? Find(RoleKey key)
    {
        _find ??= Prepare($"SELECT {RoleStore.Columns}, deleted_at FROM roles WHERE account_id = $a AND role_name = $r", "$a", "$r");
        _find.Parameters["$a"].Value = key.AccountId;
        _find.Parameters["$r"].Value = key.RoleName;
        using var reader = _find.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var entry = RoleStore.ReadEntry(reader);
        DateTimeOffset? deletedAt = reader.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12));
        return (entry, deletedAt);
    }

    /// <summary>
    /// Adds the entry, or updates the live one: given fields replace stored ones, absent ones keep theirs, and the
    /// origin and usage stay. An entry that was deleted comes back as new.
    /// </summary>
    public (RoleEntry Entry, UpsertOutcome Outcome) Upsert(ValidRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        var existing = Find(role.Key);
        if (existing is not { DeletedAt: null } live)
        {
            var added = role.ToNewEntry(Now);
            Put(added, null);
            return (added, UpsertOutcome.Added);
        }

        var stored = live.Entry;
        var merged = role.MergeInto(stored);
        if (stored.Origin.StartsWith(Origins.TeamPrefix, StringComparison.Ordinal) && role.Origin != stored.Origin)
        {
            // A person editing a team entry: remember their name, colour and group so the next sync keeps them.
            OverrideStore.Record(this, stored, merged);
        }

        if (merged == stored)
        {
            return (stored, UpsertOutcome.Unchanged);
        }

        merged = merged with { UpdatedAt = Now };
        Put(merged, null);
        return (merged, UpsertOutcome.Updated);
    }

    /// <summary>Turns the live entry into a tombstone. False when there is no live entry.</summary>
    public bool Delete(RoleKey key)
    {
        if (Find(key) is not { DeletedAt: null } live)
        {
            return false;
        }

        Put(live.Entry with { UpdatedAt = Now }, Now);
        return true;
    }

    /// <summary>Records one use now. Null when there is no live entry.</summary>
    public RoleEntry? Touch(RoleKey key)
    {
        using var command = Prepare(
            // The newest use is strictly the latest: two switches in one millisecond (or two processes with one
            // clock reading) still list the last one first.
            $"UPDATE roles SET last_used_at = max($now, coalesce((SELECT max(last_used_at) FROM roles WHERE deleted_at IS NULL), 0) + 1), use_count = use_count + 1, changed_rev = $rev WHERE account_id = $a AND role_name = $r AND deleted_at IS NULL RETURNING {RoleStore.Columns}",
            "$now", "$rev", "$a", "$r");
        command.Parameters["$now"].Value = _now;
        command.Parameters["$rev"].Value = Revision;
        command.Parameters["$a"].Value = key.AccountId;
        command.Parameters["$r"].Value = key.RoleName;
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        Changed = true;
        return RoleStore.ReadEntry(reader);
    }

    /// <summary>Writes the row exactly as given (restores and merges that carry their own times).</summary>
    public void Put(RoleEntry entry, DateTimeOffset? deletedAt)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _put ??= Prepare(
            $"INSERT OR REPLACE INTO roles ({RoleStore.Columns}, deleted_at, changed_rev) VALUES ($a, $r, $d, $c, $rg, $b, $g, $o, $ca, $ua, $lu, $uc, $del, $rev)",
            "$a", "$r", "$d", "$c", "$rg", "$b", "$g", "$o", "$ca", "$ua", "$lu", "$uc", "$del", "$rev");
        var p = _put.Parameters;
        p["$a"].Value = entry.AccountId;
        p["$r"].Value = entry.RoleName;
        p["$d"].Value = entry.DisplayName;
        p["$c"].Value = (object?)entry.Color ?? DBNull.Value;
        p["$rg"].Value = (object?)entry.Region ?? DBNull.Value;
        p["$b"].Value = (object?)entry.BaseAccountId ?? DBNull.Value;
        p["$g"].Value = (object?)entry.Group ?? DBNull.Value;
        p["$o"].Value = entry.Origin;
        p["$ca"].Value = entry.CreatedAt.ToUnixTimeMilliseconds();
        p["$ua"].Value = entry.UpdatedAt.ToUnixTimeMilliseconds();
        p["$lu"].Value = (object?)entry.LastUsedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
        p["$uc"].Value = entry.UseCount;
        p["$del"].Value = (object?)deletedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
        p["$rev"].Value = Revision;
        _put.ExecuteNonQuery();
        Changed = true;
    }

    /// <summary>A command inside this transaction, for the store code beside this class (sources, overrides).</summary>
    internal SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Moves the revision at commit: something the extension shows has changed (a source's entries or state).</summary>
    internal void MarkChanged() => Changed = true;

    public void Dispose()
    {
        _find?.Dispose();
        _put?.Dispose();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }
}

using SwitchRole.Core.Model;

namespace SwitchRole.Core.Storage;

/// <summary>
/// The <c>overrides</c> table. A person's edit of a team entry (<c>switchrole add</c>, <c>roles.upsert</c>, an import)
/// records the display name, colour and group it changed; a sync applies them over the source's values. Other fields
/// (region, base account) follow the source: they describe the role, which the team owns.
/// </summary>
public static class OverrideStore
{
    /// <summary>Records the fields that differ between <paramref name="stored"/> and the person's <paramref name="edited"/> version.</summary>
    internal static void Record(RoleWriter writer, RoleEntry stored, RoleEntry edited)
    {
        var name = edited.DisplayName != stored.DisplayName ? edited.DisplayName : null;
        var color = edited.Color != stored.Color ? edited.Color : null;
        var group = edited.Group != stored.Group ? edited.Group : null;
        if (name is null && color is null && group is null)
        {
            return;
        }

        using var command = writer.Command("""
            INSERT INTO overrides (account_id, role_name, display_name, color, group_name, updated_at) VALUES ($a, $r, $d, $c, $g, $now)
            ON CONFLICT (account_id, role_name) DO UPDATE SET
                display_name = coalesce(excluded.display_name, display_name),
                color = coalesce(excluded.color, color),
                group_name = coalesce(excluded.group_name, group_name),
                updated_at = excluded.updated_at
            """);
        command.Parameters.AddWithValue("$a", stored.AccountId);
        command.Parameters.AddWithValue("$r", stored.RoleName);
        command.Parameters.AddWithValue("$d", (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("$c", (object?)color ?? DBNull.Value);
        command.Parameters.AddWithValue("$g", (object?)group ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", writer.Now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        writer.MarkChanged();
    }

    /// <summary>The overrides of the live entries with <paramref name="origin"/>.</summary>
    internal static Dictionary<RoleKey, LocalOverride> ForOrigin(RoleWriter writer, string origin)
    {
        using var command = writer.Command("""
            SELECT o.account_id, o.role_name, o.display_name, o.color, o.group_name, o.updated_at
            FROM overrides o JOIN roles r ON r.account_id = o.account_id AND r.role_name = o.role_name
            WHERE r.origin = $o AND r.deleted_at IS NULL
            """);
        command.Parameters.AddWithValue("$o", origin);
        using var reader = command.ExecuteReader();
        var result = new Dictionary<RoleKey, LocalOverride>();
        while (reader.Read())
        {
            var o = Read(reader);
            result[o.Key] = o;
        }

        return result;
    }

    internal static LocalOverride? Get(RoleWriter writer, RoleKey key)
    {
        using var command = writer.Command("SELECT account_id, role_name, display_name, color, group_name, updated_at FROM overrides WHERE account_id = $a AND role_name = $r");
        command.Parameters.AddWithValue("$a", key.AccountId);
        command.Parameters.AddWithValue("$r", key.RoleName);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Stores <paramref name="value"/> as it is, time included (a restore keeps the backup's time, so a second restore is a no-op).</summary>
    internal static void Put(RoleWriter writer, LocalOverride value)
    {
        using var command = writer.Command("""
            INSERT INTO overrides (account_id, role_name, display_name, color, group_name, updated_at) VALUES ($a, $r, $d, $c, $g, $t)
            ON CONFLICT (account_id, role_name) DO UPDATE SET
                display_name = excluded.display_name, color = excluded.color, group_name = excluded.group_name, updated_at = excluded.updated_at
            """);
        command.Parameters.AddWithValue("$a", value.AccountId);
        command.Parameters.AddWithValue("$r", value.RoleName);
        command.Parameters.AddWithValue("$d", (object?)value.DisplayName ?? DBNull.Value);
        command.Parameters.AddWithValue("$c", (object?)value.Color ?? DBNull.Value);
        command.Parameters.AddWithValue("$g", (object?)value.Group ?? DBNull.Value);
        command.Parameters.AddWithValue("$t", value.UpdatedAt.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        writer.MarkChanged();
    }

    internal static void Delete(RoleWriter writer, RoleKey key)
    {
        using var command = writer.Command("DELETE FROM overrides WHERE account_id = $a AND role_name = $r");
        command.Parameters.AddWithValue("$a", key.AccountId);
        command.Parameters.AddWithValue("$r", key.RoleName);
        command.ExecuteNonQuery();
    }

    /// <summary>Every override (for backups and the options page).</summary>
    public static IReadOnlyList<LocalOverride> List(RoleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = store.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT account_id, role_name, display_name, color, group_name, updated_at FROM overrides ORDER BY account_id, role_name";
        using var reader = command.ExecuteReader();
        var result = new List<LocalOverride>();
        while (reader.Read())
        {
            result.Add(Read(reader));
        }

        return result;
    }

    private static LocalOverride Read(Microsoft.Data.Sqlite.SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));
}

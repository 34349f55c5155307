using Microsoft.Data.Sqlite;
using SwitchRole.Core.Model;

namespace SwitchRole.Host.Tests.Concurrency;

/// <summary>Looks at the shared database file the way a fresh process would.</summary>
internal static class DatabaseCheck
{
    /// <summary>The result of <c>PRAGMA integrity_check</c> on a new connection ("ok" when sound).</summary>
    public static string IntegrityCheck(TempHome home)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = home.Paths.DatabasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=5000;";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA integrity_check;";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("\n", lines);
    }

    /// <summary>The hosts' log files, for failure messages.</summary>
    public static string Logs(TempHome home) =>
        Directory.Exists(home.Paths.LogDirectory)
            ? string.Join("\n", Directory.GetFiles(home.Paths.LogDirectory).Select(f =>
            {
                using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return $"--- {Path.GetFileName(f)}\n{new StreamReader(stream).ReadToEnd()}";
            }))
            : "(no logs)";

    /// <summary>Live entries by "account:role", read through the store as any process would.</summary>
    public static Dictionary<string, RoleEntry> Live(TempHome home)
    {
        var store = home.OpenStore();
        return store.List().Roles.ToDictionary(r => $"{r.AccountId}:{r.RoleName}", StringComparer.Ordinal);
    }
}

using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Storage;

/// <summary>The columns of a role row, in <see cref="RoleStore.Columns"/> order.</summary>
public enum RoleColumn
{
    AccountId,
    RoleName,
    DisplayName,
    Color,
    Region,
    BaseAccountId,
    Group,
    Origin,
    CreatedAt,
    UpdatedAt,
    LastUsedAt,
    UseCount,
}

/// <summary>
/// The live entries of one snapshot, row by row, read straight from SQLite: text columns come back as the UTF-8 bytes
/// SQLite holds, valid until the next <see cref="Read"/>. The list path writes them into JSON without a string or an
/// entry object per row: at 10,000 rows those allocations and Microsoft.Data.Sqlite's per-column calls cost more
/// than SQLite itself, so columns are read with SQLitePCL's raw API. Disposing ends the read transaction.
/// </summary>
/// <remarks>
/// The text is what the file holds, and the file is untrusted: it may not be valid UTF-8. Callers that need text
/// use <see cref="GetString"/> (invalid bytes become U+FFFD, as Microsoft.Data.Sqlite's GetString does).
/// </remarks>
public sealed class RoleCursor : IDisposable
{
    private const int SqliteOk = 0;
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;
    private const int SqliteNull = 5;

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly sqlite3_stmt _statement;
    private readonly string? _search;
    private bool _done;

    internal RoleCursor(SqliteConnection connection, string? account, string? group, string? search)
    {
        _connection = connection;
        _search = search;
        _transaction = connection.BeginTransaction(deferred: true);
        try
        {
            Revision = RoleStore.ReadRevision(connection, _transaction);
            var db = connection.Handle!;
            var rc = raw.sqlite3_prepare_v2(db, ListSql, out _statement);
            if (rc != SqliteOk)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            Bind(1, account);
            Bind(2, group);
        }
        catch
        {
            _statement?.Dispose();
            _transaction.Dispose();
            throw;
        }
    }

    /// <summary>The revision of the snapshot being read.</summary>
    public long Revision { get; }

    /// <summary>Moves to the next live entry that passes the filters; false at the end.</summary>
    public bool Read()
    {
        while (!_done)
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == SqliteRow)
            {
                if (_search is null || MatchesSearch(_search))
                {
                    return true;
                }

                continue;
            }

            _done = true;
            if (rc != SqliteDone)
            {
                SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            }
        }

        return false;
    }

    // Each SQLite call costs a handle reference, a native transition and SQLite's connection mutex, and a list makes
    // some twenty per row: the getters below ask for the type only when a value could be NULL (a NULL pointer, or 0).

    public bool IsNull(RoleColumn column) => raw.sqlite3_column_type(_statement, (int)column) == SqliteNull;

    /// <summary>The column's text as the UTF-8 bytes SQLite holds (not validated), or false when it is NULL; valid until the next <see cref="Read"/>.</summary>
    public bool TryGetUtf8(RoleColumn column, out ReadOnlySpan<byte> utf8)
    {
        // column_text first: it converts to UTF-8 (numbers, or a UTF-16 file); column_bytes then counts those bytes.
        var text = raw.sqlite3_column_text(_statement, (int)column);
        ref var start = ref Unsafe.AsRef(in text.GetPinnableReference());
        if (Unsafe.IsNullRef(ref start))
        {
            utf8 = [];
            return !IsNull(column); // not NULL: an empty blob
        }

        utf8 = MemoryMarshal.CreateReadOnlySpan(ref start, raw.sqlite3_column_bytes(_statement, (int)column));
        return true;
    }

    /// <summary>The column's text as UTF-8, see <see cref="TryGetUtf8"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is NULL (a NOT NULL column in a damaged or forged file).</exception>
    public ReadOnlySpan<byte> GetUtf8(RoleColumn column) => TryGetUtf8(column, out var utf8) ? utf8 : throw NullColumn(column);

    /// <summary>The column as .NET text; invalid UTF-8 becomes U+FFFD.</summary>
    public string GetString(RoleColumn column) => Encoding.UTF8.GetString(GetUtf8(column));

    public string? GetNullableString(RoleColumn column) => TryGetUtf8(column, out var utf8) ? Encoding.UTF8.GetString(utf8) : null;

    /// <summary>The column as a number, or false when it is NULL.</summary>
    public bool TryGetInt64(RoleColumn column, out long value)
    {
        value = raw.sqlite3_column_int64(_statement, (int)column);
        return value != 0 || !IsNull(column); // SQLite reads NULL as 0
    }

    public long GetInt64(RoleColumn column) => TryGetInt64(column, out var value) ? value : throw NullColumn(column);

    /// <summary>A stored time (Unix milliseconds, UTC).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The stored number is outside the years 1 to 9999.</exception>
    public DateTimeOffset GetTime(RoleColumn column) => DateTimeOffset.FromUnixTimeMilliseconds(GetInt64(column));

    public DateTimeOffset? GetNullableTime(RoleColumn column) =>
        TryGetInt64(column, out var value) ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    /// <summary>The current row as an entry.</summary>
    public RoleEntry ToEntry() => new(
        GetString(RoleColumn.AccountId),
        GetString(RoleColumn.RoleName),
        GetString(RoleColumn.DisplayName),
        GetNullableString(RoleColumn.Color),
        GetNullableString(RoleColumn.Region),
        GetNullableString(RoleColumn.BaseAccountId),
        GetNullableString(RoleColumn.Group),
        GetString(RoleColumn.Origin),
        GetTime(RoleColumn.CreatedAt),
        GetTime(RoleColumn.UpdatedAt),
        GetNullableTime(RoleColumn.LastUsedAt),
        GetInt64(RoleColumn.UseCount));

    public void Dispose()
    {
        _statement.Dispose();
        _transaction.Dispose(); // a read transaction: ending it without a commit changes nothing
        _connection.Dispose();
    }

    // INDEXED BY: without statistics the planner prefers roles_live_recent (an equality on deleted_at) and sorts
    // afterwards; reading roles_list in order is about twice as fast, and never slower when filters apply.
    private static readonly byte[] ListSql = Encoding.UTF8.GetBytes($"""
        SELECT {RoleStore.Columns} FROM roles INDEXED BY roles_list
        WHERE deleted_at IS NULL
          AND (?1 IS NULL OR account_id = ?1)
          AND (?2 IS NULL OR group_name = ?2 COLLATE NOCASE)
        ORDER BY last_used_at IS NULL, last_used_at DESC, display_name COLLATE NOCASE, account_id, role_name
        """);

    private void Bind(int index, string? value)
    {
        var rc = value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value);
        if (rc != SqliteOk)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }

    /// <summary>
    /// The search of <see cref="RoleStore.List"/>: a substring of the display name, role name or group (ignoring case),
    /// or of the account id. Compared as .NET text decoded into a scratch buffer, so the rules match string comparison.
    /// </summary>
    private bool MatchesSearch(string search) =>
        Contains(RoleColumn.DisplayName, search, StringComparison.OrdinalIgnoreCase)
        || Contains(RoleColumn.AccountId, search, StringComparison.Ordinal)
        || Contains(RoleColumn.RoleName, search, StringComparison.OrdinalIgnoreCase)
        || Contains(RoleColumn.Group, search, StringComparison.OrdinalIgnoreCase);

    private bool Contains(RoleColumn column, string search, StringComparison comparison)
    {
        if (!TryGetUtf8(column, out var utf8))
        {
            return false; // only the group may be NULL
        }

        char[]? rented = null;
        // UTF-8 never decodes to more chars than it has bytes.
        var chars = utf8.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(utf8, chars);
            return chars[..length].Contains(search, comparison);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static InvalidOperationException NullColumn(RoleColumn column) =>
        new($"The roles table holds NULL in {column}, a column that must have a value; the database file is damaged.");
}

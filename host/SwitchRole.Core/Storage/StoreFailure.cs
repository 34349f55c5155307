using Microsoft.Data.Sqlite;

namespace SwitchRole.Core.Storage;

/// <summary>
/// Turns the ways a database stops working under a running process (disk full, read-only, corrupt, cannot be
/// opened, a disk error) into one sentence a person can act on. The host answers such a request with
/// <c>DatabaseUnavailable</c> and that sentence; the CLI prints it and exits with its database error code.
/// </summary>
public static class StoreFailure
{
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteReadOnly = 8;
    private const int SqliteCantOpen = 14;
    private const int SqliteIoError = 10;
    private const int SqliteNotADatabase = 26;

    /// <summary>The sentence for a store failure, or null when <paramref name="exception"/> is not one (a bug, busy, a caller's mistake).</summary>
    public static string? Describe(Exception exception, string? databasePath = null)
    {
        if (exception is StoreUnavailableException unavailable)
        {
            return unavailable.Message;
        }

        var file = string.IsNullOrEmpty(databasePath) ? "The SwitchRole database" : $"The SwitchRole database {databasePath}";
        return Problem(exception) is { } problem ? $"{file} {problem}" : null;
    }

    /// <summary>What is wrong, as the rest of a sentence that starts with the database's name; null when not a store failure.</summary>
    public static string? Problem(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: SqliteFull } => "cannot be written: the disk is full. Free some space and try again; nothing was changed.",
        SqliteException { SqliteErrorCode: SqliteReadOnly } => "is read-only (the file, its folder or the file system does not allow writing). Make it writable and try again; nothing was changed.",
        SqliteException { SqliteErrorCode: SqliteCorrupt or SqliteNotADatabase } => "is damaged (SQLite found it corrupt). Restore a backup (switchrole restore <file>, or one from the backups folder) or move the file away.",
        SqliteException { SqliteErrorCode: SqliteCantOpen } => "cannot be opened (its folder is missing or not accessible).",
        SqliteException { SqliteErrorCode: SqliteIoError } => "could not be read or written (a disk input/output error). Check the disk; nothing was changed.",
        IOException io when Reason(io) is { } reason && reason != io.Message => $"cannot be written: {reason}. Nothing was changed.",
        _ => null,
    };

    /// <summary>A short reason for a file-system failure: "the disk is full", "the file system is read-only", "permission denied", or the message.</summary>
    public static string Reason(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            UnauthorizedAccessException => "permission denied",
            // .NET puts the errno in the low bits of HResult on Unix, and the Win32 error on Windows.
            IOException io when (io.HResult & 0xFFFF) is 28 /* ENOSPC */ or 0x70 /* ERROR_DISK_FULL */ or 0x27 /* ERROR_HANDLE_DISK_FULL */ => "the disk is full",
            IOException io when (io.HResult & 0xFFFF) is 30 /* EROFS */ => "the file system is read-only",
            DirectoryNotFoundException => "a folder on the way does not exist",
            _ => exception.Message,
        };
    }
}

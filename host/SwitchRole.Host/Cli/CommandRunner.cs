using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Host.Cli;

/// <summary>The one place where a command's failure becomes a message on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static int Run(CliContext context, Func<int> command)
    {
        try
        {
            return command();
        }
        catch (Exception ex) when (ExitCodeFor(ex) is { } code)
        {
            context.Error.WriteLine($"switchrole: {StoreFailure.Describe(ex, context.Paths.DatabasePath) ?? ex.Message}");
            return code;
        }
    }

    /// <summary>The exit code for a failure a person can act on; null for anything else (a bug, which propagates).</summary>
    public static int? ExitCodeFor(Exception exception) => exception switch
    {
        ValidationException => ExitCodes.InvalidInput,
        EntryNotFoundException => ExitCodes.NotFound,
        StoreUnavailableException or StoreBusyException => ExitCodes.DatabaseError,
        // Disk full, read-only, corrupt or gone after the store opened: the database error code and one sentence.
        Microsoft.Data.Sqlite.SqliteException when StoreFailure.Problem(exception) is not null => ExitCodes.DatabaseError,
        _ => null,
    };
}

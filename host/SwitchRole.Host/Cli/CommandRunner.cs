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
        catch (ValidationException ex)
        {
            context.Error.WriteLine($"switchrole: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (StoreUnavailableException ex)
        {
            context.Error.WriteLine($"switchrole: {ex.Message}");
            return ExitCodes.DatabaseError;
        }
        catch (StoreBusyException ex)
        {
            context.Error.WriteLine($"switchrole: {ex.Message}");
            return ExitCodes.DatabaseError;
        }
    }
}

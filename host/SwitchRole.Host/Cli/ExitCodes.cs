namespace SwitchRole.Host.Cli;

/// <summary>Process exit codes. Scripts depend on them: never renumber, only append.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation failed for a reason other than the ones below.</summary>
    public const int Failure = 1;

    /// <summary>Invalid input: the message names the field (or file and line).</summary>
    public const int InvalidInput = 2;

    /// <summary>The database cannot be used: newer schema, not a SwitchRole database, corrupt, or locked too long.</summary>
    public const int DatabaseError = 3;

    /// <summary>The entry or thing asked for does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>The host was started by a caller that is not a SwitchRole extension.</summary>
    public const int CallerRejected = SwitchRole.Core.Hosting.BrowserHost.CallerRejectedExitCode;

    /// <summary>An AWS call failed (credentials, network, denied), or <c>check</c> found an entry that cannot be assumed.</summary>
    public const int AwsError = 6;
}

namespace SwitchRole.Core.Protocol;

/// <summary>Protocol error codes, mirrored in host/PROTOCOL.md and extension/src/lib/protocol.js. Never renumber; only append.</summary>
public enum ErrorCode
{
    InternalError = 1,
    FrameTooLarge = 2,
    InvalidJson = 3,
    MissingId = 4,
    UnknownAction = 5,
    InvalidField = 6,
    NotFound = 7,
    DatabaseBusy = 8,
    DatabaseUnavailable = 9,
    CallerNotAllowed = 10,
    AwsError = 11,
}

/// <summary>A failure a handler reports to the caller; the message loop turns it into one error response.</summary>
public sealed class HostException : Exception
{
    public HostException(ErrorCode code, string message, string? field = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Field = field;
    }

    public HostException()
        : this(ErrorCode.InternalError, "internal error")
    {
    }

    public HostException(string message)
        : this(ErrorCode.InternalError, message)
    {
    }

    public HostException(string message, Exception innerException)
        : this(ErrorCode.InternalError, message, null, innerException)
    {
    }

    public ErrorCode Code { get; }

    public string? Field { get; }
}

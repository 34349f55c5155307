namespace SwitchRole.Core.Storage;

/// <summary>The database file cannot be used. The message names the file and what to do; the file was not modified.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string path, string problem, Exception? inner = null)
        : base($"The SwitchRole database {path} {problem}", inner)
    {
        DatabasePath = path;
    }

    public StoreUnavailableException()
        : this(string.Empty, "cannot be used.")
    {
    }

    public StoreUnavailableException(string message)
        : this(string.Empty, message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    public string DatabasePath { get; } = string.Empty;
}

/// <summary>Other processes held the write lock through every bounded retry.</summary>
public sealed class StoreBusyException : Exception
{
    public StoreBusyException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public StoreBusyException()
        : this("The SwitchRole database stayed locked by other processes.")
    {
    }

    public StoreBusyException(string message)
        : this(message, null)
    {
    }
}

namespace SwitchRole.Core.Model;

/// <summary>Input that breaks a rule. <see cref="Field"/> names the offending field in the caller's terms.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
        Reason = message;
    }

    public ValidationException()
        : this("input", "invalid")
    {
    }

    public ValidationException(string message)
        : this("input", message)
    {
    }

    public ValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "input";
        Reason = message;
    }

    /// <summary>The field at fault, e.g. <c>accountId</c> or <c>roles[3].color</c>.</summary>
    public string Field { get; } = "input";

    /// <summary>The reason without the field prefix.</summary>
    public string Reason { get; } = "invalid";
}

using System.Text;

namespace SwitchRole.Network.Aws;

/// <summary>Role session names that say where a session came from, in CloudTrail and in the console's nav bar.</summary>
public static class SessionNames
{
    public const string CheckPrefix = "switchrole-check";
    public const string OpenPrefix = "switchrole";

    /// <summary><c>switchrole-check-&lt;user&gt;</c>.</summary>
    public static string ForCheck(string? userName = null) => Build(CheckPrefix, userName ?? Environment.UserName);

    /// <summary><c>switchrole-&lt;user&gt;</c>.</summary>
    public static string ForOpen(string? userName = null) => Build(OpenPrefix, userName ?? Environment.UserName);

    /// <summary>AWS allows 2 to 64 characters of letters, digits and <c>+=,.@-_</c>.</summary>
    private static string Build(string prefix, string userName)
    {
        var name = new StringBuilder(prefix);
        var user = new StringBuilder();
        foreach (var c in userName)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or ',' or '.' or '@' or '-' or '_')
            {
                user.Append(c);
            }
        }

        if (user.Length > 0)
        {
            name.Append('-').Append(user);
        }

        return name.Length <= 64 ? name.ToString() : name.ToString(0, 64);
    }
}

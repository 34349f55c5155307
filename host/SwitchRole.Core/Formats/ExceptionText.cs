using System.Text;
using System.Text.RegularExpressions;

namespace SwitchRole.Core.Formats;

/// <summary>
/// Exception messages for people. The published host strips .NET's resource strings (UseSystemResourceKeys), so a
/// message may arrive as a bare key like <c>ExpectedStartOfValueNotFound, a</c>: that becomes words.
/// </summary>
internal static partial class ExceptionText
{
    public static string Readable(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var match = ResourceKey().Match(message);
        if (!match.Success)
        {
            return message.TrimEnd('.');
        }

        var key = match.Groups["key"].Value;
        var words = new StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '_')
            {
                words.Append(' ');
                continue;
            }

            if (char.IsUpper(c) && i > 0 && key[i - 1] != '_' && !char.IsUpper(key[i - 1]))
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        var args = match.Groups["args"].Value;
        return args.Length > 0 ? $"{words} ({args})" : words.ToString();
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z][A-Za-z0-9_]+)(, (?<args>.*))?$")]
    private static partial Regex ResourceKey();
}

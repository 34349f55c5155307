using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>A <c>key = value</c> line of an INI section.</summary>
internal sealed record IniValue(string Key, string Value, SourceLocation KeyLocation, SourceLocation ValueLocation);

/// <summary>A section: <c>[name]</c> or <c>[profile name]</c>, with its keys in file order.</summary>
internal sealed class IniSection(string name, string header, SourceLocation location)
{
    public string Name { get; } = name;

    /// <summary>The header text inside the brackets, as written (<c>profile prod</c>).</summary>
    public string Header { get; } = header;

    public SourceLocation Location { get; } = location;

    public Dictionary<string, IniValue> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A line of this section was reported as an error; no entry is built from it (that would only add noise).</summary>
    public bool Broken { get; set; }

    public string? Get(string key) => Values.TryGetValue(key, out var v) && v.Value.Length > 0 ? v.Value : null;

    public Located? GetLocated(string key, string? field = null)
        => Values.TryGetValue(key, out var v) && v.Value.Length > 0 ? new Located(v.Value, field ?? key, v.ValueLocation) : null;
}

/// <summary>
/// The INI dialect of AESR and <c>~/.aws/config</c>, without AESR's parsing bugs: a value keeps everything after the
/// first <c>=</c> (so <c>a=b</c> in a URL survives), a value in double quotes is taken literally, and <c>#</c> or <c>;</c> start a comment only at the start of a
/// line or after whitespace that follows the value (so <c>color = #ffaaee</c> and <c>image = https://x/#top</c> work).
/// </summary>
internal static class IniReader
{
    /// <summary>
    /// Reads the sections. With <c>nested</c> (<c>~/.aws/config</c> rules), lines indented deeper than the key before
    /// them belong to that key (nested <c>s3 =</c> blocks, continuation lines) and are ignored; an empty value is allowed.
    /// </summary>
    public static List<IniSection> Read(string text, ImportCollector collector, bool nested)
    {
        var sections = new List<IniSection>();
        var byName = new Dictionary<string, IniSection>(StringComparer.Ordinal);
        IniSection? current = null;
        var skipSection = false;
        var keyIndent = -1;
        var lines = TextInput.SplitLines(text);
        for (var index = 0; index < lines.Count; index++)
        {
            if (collector.Full)
            {
                break;
            }

            var line = lines[index];
            var lineNumber = index + 1;
            var indent = 0;
            while (indent < line.Length && char.IsWhiteSpace(line[indent]))
            {
                indent++;
            }

            if (indent == line.Length || line[indent] is '#' or ';')
            {
                continue;
            }

            if (nested && keyIndent >= 0 && indent > keyIndent)
            {
                continue;
            }

            if (line[indent] == '[')
            {
                keyIndent = -1;
                current = null;
                skipSection = true;
                var close = line.LastIndexOf(']');
                if (close < indent || !IsBlankOrComment(line.AsSpan(close + 1)))
                {
                    collector.Error(new SourceLocation(lineNumber, indent + 1), "section", "a section header must look like [name] or [profile name]");
                    continue;
                }

                var header = line[(indent + 1)..close].Trim();
                var name = StripProfilePrefix(header);
                if (name.Length == 0)
                {
                    collector.Error(new SourceLocation(lineNumber, indent + 1), "section", "the section name is empty");
                    continue;
                }

                var location = new SourceLocation(lineNumber, indent + 1);
                if (byName.TryGetValue(name, out var first))
                {
                    collector.Error(location, $"[{header}]", $"duplicate section '{name}' (first defined at line {first.Location.Line})");
                    continue;
                }

                current = new IniSection(name, header, location);
                byName.Add(name, current);
                sections.Add(current);
                skipSection = false;
                continue;
            }

            if (current is null)
            {
                if (!skipSection)
                {
                    collector.Error(new SourceLocation(lineNumber, indent + 1), "line", "text before the first [section]");
                    skipSection = true;
                }

                continue;
            }

            var equals = line.IndexOf('=', indent);
            if (equals < 0)
            {
                collector.Error(new SourceLocation(lineNumber, indent + 1), "line", $"expected 'key = value' in [{current.Header}]");
                current.Broken = true;
                continue;
            }

            var key = line[indent..equals].Trim();
            if (key.Length == 0)
            {
                collector.Error(new SourceLocation(lineNumber, indent + 1), "line", "the key before '=' is empty");
                current.Broken = true;
                continue;
            }

            var (value, valueColumn) = ValueOf(line, equals + 1);
            var keyLocation = new SourceLocation(lineNumber, indent + 1);
            keyIndent = indent;
            if (current.Values.TryGetValue(key, out var previous))
            {
                collector.Error(keyLocation, key, $"duplicate key in [{current.Header}] (first at line {previous.KeyLocation.Line})");
                current.Broken = true;
                continue;
            }

            if (value.Length == 0 && !nested)
            {
                collector.Error(new SourceLocation(lineNumber, valueColumn), key, "has no value");
                current.Broken = true;
                continue;
            }

            current.Values.Add(key, new IniValue(key.ToLowerInvariant(), value, keyLocation, new SourceLocation(lineNumber, valueColumn)));
        }

        return sections;
    }

    /// <summary><c>profile name</c> → <c>name</c>, as AESR and the AWS CLI do.</summary>
    public static string StripProfilePrefix(string header)
    {
        if (header.StartsWith("profile", StringComparison.OrdinalIgnoreCase) && header.Length > 7 && char.IsWhiteSpace(header[7]))
        {
            return header[8..].Trim();
        }

        return header;
    }

    /// <summary>The value after <c>=</c>: trimmed, an inline comment (whitespace then # or ;) removed. Returns its 1-based column.</summary>
    private static (string Value, int Column) ValueOf(string line, int start)
    {
        var begin = start;
        while (begin < line.Length && char.IsWhiteSpace(line[begin]))
        {
            begin++;
        }

        // A value in double quotes is literal (SwitchRole's exports quote values with " #" or " ;" in them).
        if (begin < line.Length && line[begin] == '"')
        {
            var close = line.LastIndexOf('"');
            if (close > begin && IsBlankOrComment(line.AsSpan(close + 1)))
            {
                return (line[(begin + 1)..close], begin + 2);
            }
        }

        var end = line.Length;
        for (var i = begin + 1; i < line.Length; i++)
        {
            if (line[i] is '#' or ';' && char.IsWhiteSpace(line[i - 1]))
            {
                end = i;
                break;
            }
        }

        return (line[begin..end].TrimEnd(), begin + 1);
    }

    private static bool IsBlankOrComment(ReadOnlySpan<char> rest)
    {
        var trimmed = rest.TrimStart();
        return trimmed.IsEmpty || trimmed[0] is '#' or ';';
    }
}

using System.Text;
using System.Text.Json;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>
/// Finds the line and column of JSON values by path (<c>entries[3].accountId</c>), so errors found after
/// deserialisation still point into the file. Only paths up to three levels deep are recorded.
/// </summary>
internal sealed class JsonLocator
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);

    private JsonLocator()
    {
    }

    public static JsonLocator Build(byte[] utf8)
    {
        var locator = new JsonLocator();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
        var path = new List<string>();
        var arrayIndex = new Stack<int>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            arrayIndex.Pop();
                        }

                        if (path.Count > 0)
                        {
                            path.RemoveAt(path.Count - 1);
                        }

                        continue;
                    default:
                        break;
                }

                // A value: its name is the property before it, or its index in the enclosing array.
                var parent = string.Concat(path);
                string segment;
                if (property is not null)
                {
                    segment = parent.Length == 0 ? property : "." + property;
                    property = null;
                }
                else if (arrayIndex.Count > 0 && IsInArray(reader))
                {
                    var n = arrayIndex.Pop();
                    arrayIndex.Push(n + 1);
                    segment = $"[{n}]";
                }
                else
                {
                    segment = "";
                }

                var full = parent + segment;
                if (path.Count <= 3 && full.Length > 0)
                {
                    locator._locations.TryAdd(full, ToLocation(utf8, lineStarts, (int)reader.TokenStartIndex));
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    path.Add(segment);
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        arrayIndex.Push(0);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Locations found so far still help; the parse error itself is reported by the deserialiser.
        }

        return locator;
    }

    /// <summary>The location of <paramref name="path"/>, else of its nearest recorded parent, else the file start.</summary>
    public SourceLocation Find(string path)
    {
        var p = path;
        while (p.Length > 0)
        {
            if (_locations.TryGetValue(p, out var location))
            {
                return location;
            }

            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            p = cut <= 0 ? "" : p[..cut];
        }

        return SourceLocation.Start;
    }

    private static bool IsInArray(Utf8JsonReader reader) => reader.CurrentDepth > 0 && reader.TokenType != JsonTokenType.PropertyName;

    private static SourceLocation ToLocation(byte[] utf8, List<int> lineStarts, int offset)
    {
        var line = lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        var start = lineStarts[line];
        return new SourceLocation(line + 1, Encoding.UTF8.GetCharCount(utf8, start, offset - start) + 1);
    }
}

using System.Text.Json;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>
/// The value of the console's own role-history cookie <c>noflush_awsc-roleInfo</c>: URI-encoded JSON
/// <c>{"bn": base user, "ba": base account, "rl": [{"a": account, "r": role, "d": display name, "c": colour}]}</c>.
/// Accepted as copied from the browser (encoded), decoded, or with the <c>noflush_awsc-roleInfo=</c> prefix.
/// The roles were switched to from <c>ba</c>, so that becomes their base account.
/// </summary>
public static class CookieFormat
{
    public const string CookieName = "noflush_awsc-roleInfo";

    public static ParsedImport Parse(string text, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var collector = new ImportCollector(ImportFormat.Cookie, options);
        var json = Decode(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            collector.Error(SourceLocation.Start, "cookie", $"is not the JSON of a {CookieName} value: {e.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd('.')}");
            return collector.Build();
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rl", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                collector.Error(SourceLocation.Start, "rl", $"missing: a {CookieName} value has a list of roles \"rl\"");
                return collector.Build();
            }

            Located? baseAccount = null;
            if (root.TryGetProperty("ba", out var ba) && ba.ValueKind == JsonValueKind.String && ba.GetString() is { Length: > 0 } baValue)
            {
                try
                {
                    RoleValidator.NormalizeAccountId(baValue, "ba");
                    baseAccount = new Located(baValue, "ba", SourceLocation.Start);
                }
                catch (ValidationException e)
                {
                    collector.Warn(SourceLocation.Start, "ba", $"{e.Reason}; the roles are imported without a base account");
                }
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var prefix = $"rl[{index}]";
                var location = new SourceLocation(1, 1);
                if (item.ValueKind != JsonValueKind.Object)
                {
                    collector.Error(location, prefix, "must be an object {\"a\", \"r\", \"d\", \"c\"}");
                    index++;
                    continue;
                }

                var raw = new RawEntry(prefix, location)
                {
                    AccountId = Get(item, "a", prefix, location),
                    RoleName = Get(item, "r", prefix, location),
                    DisplayName = Get(item, "d", prefix, location),
                    Color = Get(item, "c", prefix, location),
                    BaseAccountId = baseAccount,
                    AccountField = prefix + ".a",
                    RoleField = prefix + ".r",
                };
                if (raw.AccountId is { } a && AesrFormat.AccountAlias(a.Value))
                {
                    collector.Skip(location, prefix, "account alias", $"account '{RoleValidator.Printable(a.Value)}' is an account alias; SwitchRole needs the 12-digit account id");
                }
                else if (EntryBuilder.Build(raw, collector) is { } entry)
                {
                    collector.Add(entry);
                }

                index++;
            }
        }

        return collector.Build();
    }

    /// <summary>The JSON inside: prefix and surrounding quotes removed, percent-encoding undone when present.</summary>
    internal static string Decode(string text)
    {
        var value = text.Trim();
        if (value.StartsWith(CookieName + "=", StringComparison.Ordinal))
        {
            value = value[(CookieName.Length + 1)..].Trim();
        }

        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        if (semicolon > 0 && !value.StartsWith('{'))
        {
            value = value[..semicolon]; // "…; Domain=.aws.amazon.com; Path=/" when copied as a header
        }

        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        return value.StartsWith('{') ? value : Uri.UnescapeDataString(value);
    }

    private static Located? Get(JsonElement item, string name, string prefix, SourceLocation location)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : new Located(text, $"{prefix}.{name}", location);
    }
}

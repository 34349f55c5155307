using System.Text;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>
/// AWS switch-role links, one per line, as administrators send them:
/// <c>https://signin.aws.amazon.com/switchrole?account=…&amp;roleName=…&amp;displayName=…&amp;color=…</c>.
/// Blank lines and lines starting with # are ignored; text around a link on its line is ignored too (mail signatures,
/// bullets). The region, when a link carries one, comes from the <c>region=</c> of its <c>redirect_uri</c>.
/// </summary>
public static class LinksFormat
{
    public static ParsedImport Parse(string text, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var collector = new ImportCollector(ImportFormat.Links, options);
        var lines = TextInput.SplitLines(text);
        for (var i = 0; i < lines.Count && !collector.Full; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var start = line.IndexOf("https://", StringComparison.OrdinalIgnoreCase);
            var location = new SourceLocation(i + 1, (start < 0 ? line.Length - trimmed.Length : start) + 1);
            if (start < 0)
            {
                collector.Error(location, "link", "expected a switch-role link (https://signin.aws.amazon.com/switchrole?account=…&roleName=…)");
                continue;
            }

            var end = start;
            while (end < line.Length && !char.IsWhiteSpace(line[end]) && line[end] is not '<' and not '>' and not '"')
            {
                end++;
            }

            // Links pasted from HTML mail keep their &amp; escapes.
            var link = line[start..end].Replace("&amp;", "&", StringComparison.OrdinalIgnoreCase);
            if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || !IsSignInHost(uri.Host) || !uri.AbsolutePath.TrimEnd('/').Equals("/switchrole", StringComparison.OrdinalIgnoreCase))
            {
                collector.Error(location, "link", $"'{RoleValidator.Printable(link)}' is not an AWS switch-role link (https://signin.aws.amazon.com/switchrole?...)");
                continue;
            }

            var query = ParseQuery(uri.Query, start + link.IndexOf('?', StringComparison.Ordinal) + 2, i + 1);
            if (query.TryGetValue("account", out var account) && AesrFormat.AccountAlias(account.Value))
            {
                collector.Skip(location, link, "account alias",
                    $"account '{RoleValidator.Printable(account.Value)}' is an account alias; SwitchRole needs the 12-digit account id");
                continue;
            }

            Located? region = null;
            if (query.TryGetValue("redirect_uri", out var redirect) && Uri.TryCreate(redirect.Value, UriKind.Absolute, out var target))
            {
                var regionParam = ParseQuery(target.Query, 1, i + 1).GetValueOrDefault("region");
                region = regionParam is null ? null : regionParam with { Location = redirect.Location, Field = "redirect_uri region" };
            }

            var raw = new RawEntry($"line {i + 1}", location)
            {
                AccountId = query.GetValueOrDefault("account"),
                RoleName = query.GetValueOrDefault("roleName"),
                DisplayName = query.GetValueOrDefault("displayName"),
                Color = query.GetValueOrDefault("color"),
                Region = region,
                AccountField = "account",
                RoleField = "roleName",
            };
            if (EntryBuilder.Build(raw, collector) is { } entry)
            {
                collector.Add(entry);
            }
        }

        return collector.Build();
    }

    /// <summary>One link per entry, on the sign-in host of the entry's partition; the region rides in redirect_uri.</summary>
    public static string Write(IEnumerable<RoleEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sb = new StringBuilder();
        foreach (var e in entries)
        {
            var (signIn, console) = Hosts(e.Region);
            sb.Append("https://").Append(signIn).Append("/switchrole?account=").Append(e.AccountId)
              .Append("&roleName=").Append(Uri.EscapeDataString(e.RoleName))
              .Append("&displayName=").Append(Uri.EscapeDataString(e.DisplayName));
            if (e.Color is not null)
            {
                sb.Append("&color=").Append(e.Color);
            }

            if (e.Region is not null)
            {
                sb.Append("&redirect_uri=").Append(Uri.EscapeDataString($"https://{console}/console/home?region={e.Region}"));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    internal static bool IsSignInHost(string host)
    {
        host = host.ToLowerInvariant();
        return host is "signin.aws.amazon.com" or "signin.amazonaws-us-gov.com" or "signin.amazonaws.cn" or "signin.amazonaws-eusc.eu"
               || host.EndsWith(".signin.aws.amazon.com", StringComparison.Ordinal)
               || host.EndsWith(".signin.amazonaws-us-gov.com", StringComparison.Ordinal)
               || host.EndsWith(".signin.amazonaws.cn", StringComparison.Ordinal)
               || host.EndsWith(".signin.amazonaws-eusc.eu", StringComparison.Ordinal);
    }

    private static (string SignIn, string Console) Hosts(string? region) => region switch
    {
        not null when region.StartsWith("us-gov-", StringComparison.Ordinal) => ("signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com"),
        not null when region.StartsWith("cn-", StringComparison.Ordinal) => ("signin.amazonaws.cn", "console.amazonaws.cn"),
        // The European Sovereign Cloud's bare sign-in host does not take a switch (AESR #407, #412): regional hosts
        // only. The region is a validated region code ([a-z0-9-]), safe in a host name.
        not null when region.StartsWith("eusc-", StringComparison.Ordinal) => ($"{region}.signin.amazonaws-eusc.eu", $"{region}.console.amazonaws-eusc.eu"),
        _ => ("signin.aws.amazon.com", "console.aws.amazon.com"),
    };

    /// <summary>Query parameters, decoded, each with the column where its value starts (approximate after escapes).</summary>
    private static Dictionary<string, Located> ParseQuery(string query, int firstColumn, int line)
    {
        var result = new Dictionary<string, Located>(StringComparer.Ordinal);
        var q = query.StartsWith('?') ? query[1..] : query;
        var column = firstColumn;
        foreach (var pair in q.Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Unescape(pair[(eq + 1)..]);
            if (name.Length > 0 && value.Length > 0)
            {
                result.TryAdd(name, new Located(value, name, new SourceLocation(line, column + (eq < 0 ? 0 : eq + 1))));
            }

            column += pair.Length + 1;
        }

        return result;
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}

using System.Text;
using System.Text.RegularExpressions;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>
/// AWS Extend Switch Roles' INI configuration. Each section is a profile named by its header; <c>source_profile</c>
/// links a target to its base account (the account a person signs in to), and a target may itself be a base (role
/// chaining). Bases that are not targets are sign-in accounts, not roles to switch to, so they are reported as skipped.
/// SwitchRole adds two keys AESR ignores: <c>group</c>, and <c>display_name</c> when the name cannot be the section name.
/// </summary>
public static partial class AesrFormat
{
    public static ParsedImport Parse(string text, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var collector = new ImportCollector(ImportFormat.Aesr, options);
        var sections = IniReader.Read(text, collector, nested: false);
        var byName = sections.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var targetsOf = new Dictionary<string, int>(StringComparer.Ordinal);

        // References first: an unknown or cyclic source_profile is an error at the reference.
        var validParent = new Dictionary<IniSection, IniSection>();
        foreach (var section in sections)
        {
            var source = section.GetLocated("source_profile");
            if (source is null)
            {
                continue;
            }

            if (!byName.TryGetValue(source.Value, out var parent))
            {
                collector.Error(source.Location, "source_profile", $"unknown profile '{RoleValidator.Printable(source.Value)}': no section [{RoleValidator.Printable(source.Value)}] in the file");
                continue;
            }

            var cycle = FindCycle(section, byName);
            if (cycle is not null)
            {
                collector.Error(source.Location, "source_profile", $"cyclic source_profile: {cycle}");
                continue;
            }

            validParent[section] = parent;
            targetsOf[parent.Name] = targetsOf.GetValueOrDefault(parent.Name) + 1;
        }

        foreach (var section in sections)
        {
            var isTarget = section.Get("source_profile") is not null;
            var targets = targetsOf.GetValueOrDefault(section.Name);
            if (targets > 0)
            {
                CheckBase(section, collector);
            }

            if (!isTarget && targets > 0)
            {
                collector.Skip(section.Location, section.Name, "base account",
                    $"base account (the sign-in account of {targets} target{(targets == 1 ? "" : "s")}), not a role to switch to");
                continue;
            }

            if (section.Broken || (isTarget && !validParent.ContainsKey(section)))
            {
                continue; // Its source_profile error is already reported.
            }

            var raw = ToRaw(section, validParent.GetValueOrDefault(section), collector);
            if (raw is null)
            {
                continue;
            }

            var entry = EntryBuilder.Build(raw, collector);
            if (entry is not null)
            {
                collector.Add(entry);
            }
        }

        return collector.Build();
    }

    /// <summary>Writes <paramref name="entries"/> as AESR INI. Entries with a base account become targets of a generated base section.</summary>
    public static string Write(IEnumerable<RoleEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        var sb = new StringBuilder();
        sb.Append("; SwitchRole export (AWS Extend Switch Roles format)\n");
        var used = new HashSet<string>(StringComparer.Ordinal);
        var baseNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var baseId in list.Where(e => e.BaseAccountId is not null).Select(e => e.BaseAccountId!).Distinct().Order(StringComparer.Ordinal))
        {
            var name = Unique($"base-{baseId}", used);
            baseNames[baseId] = name;
            sb.Append('\n').Append('[').Append(name).Append("]\n");
            sb.Append("aws_account_id = ").Append(baseId).Append('\n');
        }

        // Reserve the display names that can be section names as they are, so a later duplicate gets the suffix.
        var sectionNames = new string[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var display = list[i].DisplayName;
            sectionNames[i] = CanBeSectionName(display) && used.Add(display) ? display : "";
        }

        for (var i = 0; i < list.Count; i++)
        {
            var entry = list[i];
            var name = sectionNames[i].Length > 0 ? sectionNames[i] : Unique(SafeSectionName(entry), used);
            sb.Append('\n').Append('[').Append(name).Append("]\n");
            if (name != entry.DisplayName)
            {
                sb.Append("display_name = ").Append(Quote(entry.DisplayName)).Append('\n');
            }

            sb.Append("aws_account_id = ").Append(entry.AccountId).Append('\n');
            sb.Append("role_name = ").Append(entry.RoleName).Append('\n');
            if (entry.BaseAccountId is not null)
            {
                sb.Append("source_profile = ").Append(baseNames[entry.BaseAccountId]).Append('\n');
            }

            AppendIf(sb, "color", entry.Color);
            AppendIf(sb, "region", entry.Region);
            AppendIf(sb, "group", entry.Group);
        }

        return sb.ToString();
    }

    private static void AppendIf(StringBuilder sb, string key, string? value)
    {
        if (value is not null)
        {
            sb.Append(key).Append(" = ").Append(Quote(value)).Append('\n');
        }
    }

    /// <summary>Quotes a value that would otherwise read back differently (an inline comment, or a leading quote).</summary>
    private static string Quote(string value)
        => InlineComment().IsMatch(value) || value.StartsWith('"') || value.StartsWith('#') || value.StartsWith(';') ? $"\"{value}\"" : value;

    /// <summary>A display name that reads back unchanged as a section name.</summary>
    private static bool CanBeSectionName(string name)
        => name.Length > 0 && name == name.Trim() && !name.Contains(']', StringComparison.Ordinal) && !name.Contains('[', StringComparison.Ordinal)
           && !name.StartsWith("profile ", StringComparison.OrdinalIgnoreCase) && !InlineComment().IsMatch(name);

    private static string SafeSectionName(RoleEntry entry)
    {
        var name = InlineComment().Replace(entry.DisplayName.Replace('[', '(').Replace(']', ')'), " ").Trim();
        if (name.StartsWith("profile ", StringComparison.OrdinalIgnoreCase))
        {
            name = name[8..].Trim();
        }

        return name.Length > 0 ? name : $"{RoleValidator.RoleNameWithoutPath(entry.RoleName)} @ {entry.AccountId}";
    }

    private static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{name} ({n})";
        }

        return candidate;
    }

    /// <summary>Role chaining: following source_profile from <paramref name="start"/> comes back to a section already seen.</summary>
    private static string? FindCycle(IniSection start, Dictionary<string, IniSection> byName)
    {
        var path = new List<string> { start.Name };
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.Name };
        var current = start;
        while (current.Get("source_profile") is { } next && byName.TryGetValue(next, out var parent))
        {
            path.Add(parent.Name);
            if (!seen.Add(parent.Name))
            {
                return string.Join(" -> ", path);
            }

            current = parent;
        }

        return null;
    }

    /// <summary>A base account needs an id; an alias (or aws_account_alias) cannot be stored, so its targets lose the base.</summary>
    private static void CheckBase(IniSection section, ImportCollector collector)
    {
        if (section.GetLocated("aws_account_alias") is { } alias)
        {
            collector.Warn(alias.Location, "aws_account_alias",
                $"'{RoleValidator.Printable(alias.Value)}' is not stored: SwitchRole knows base accounts by their 12-digit id");
        }

        if (section.Get("source_profile") is null && section.Get("role_arn") is null && section.GetLocated("aws_account_id") is { } id && AccountAlias(id.Value))
        {
            collector.Warn(id.Location, "aws_account_id",
                $"base account alias '{RoleValidator.Printable(id.Value)}' is not stored: the targets of [{section.Header}] are imported without a base account");
        }
    }

    private static RawEntry? ToRaw(IniSection section, IniSection? parent, ImportCollector collector)
    {
        var arn = section.GetLocated("role_arn");
        var accountValue = section.GetLocated("aws_account_id");
        var roleValue = section.GetLocated("role_name");
        Located? account;
        Located? role;
        if (arn is not null)
        {
            if (accountValue is not null || roleValue is not null)
            {
                collector.Error(arn.Location, "role_arn", "cannot be combined with aws_account_id or role_name in one section");
                return null;
            }

            var parsed = RoleArn.TryParse(arn.Value, out var reason);
            if (parsed is null)
            {
                collector.Error(arn.Location, "role_arn", reason);
                return null;
            }

            account = new Located(parsed.AccountId, "role_arn", arn.Location);
            role = new Located(parsed.RoleName, "role_arn", arn.Location);
        }
        else
        {
            if (accountValue is not null && AccountAlias(accountValue.Value))
            {
                collector.Skip(section.Location, section.Name, "account alias",
                    $"aws_account_id '{RoleValidator.Printable(accountValue.Value)}' is an account alias; SwitchRole needs the 12-digit account id");
                return null;
            }

            account = accountValue;
            role = roleValue ?? parent?.GetLocated("target_role_name", "target_role_name");
        }

        Located? baseAccount = null;
        if (parent is not null)
        {
            baseAccount = BaseAccountOf(parent);
        }

        var display = section.GetLocated("display_name") ?? new Located(section.Name, $"[{section.Header}]", section.Location);
        return new RawEntry(section.Name, section.Location)
        {
            AccountId = account,
            RoleName = role,
            DisplayName = display,
            Color = section.GetLocated("color"),
            Region = section.GetLocated("region") ?? parent?.GetLocated("target_region", "target_region"),
            BaseAccountId = baseAccount,
            Group = section.GetLocated("group"),
            AccountField = "aws_account_id",
            RoleField = "role_name",
        };
    }

    /// <summary>The account a base section stands for: its role_arn's account (chained base) or its aws_account_id, unless that is an alias.</summary>
    private static Located? BaseAccountOf(IniSection parent)
    {
        if (parent.GetLocated("role_arn") is { } arn)
        {
            return RoleArn.TryParse(arn.Value, out _) is { } parsed ? new Located(parsed.AccountId, "role_arn", arn.Location) : null;
        }

        var id = parent.GetLocated("aws_account_id");
        return id is null || AccountAlias(id.Value) ? null : id;
    }

    /// <summary>An IAM account alias: lower-case letters, digits and hyphens, not all digits (AESR allows one where an id goes).</summary>
    internal static bool AccountAlias(string value)
    {
        var v = value.Trim();
        return AliasPattern().IsMatch(v) && v.Any(char.IsAsciiLetter);
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{1,61}[a-z0-9])?$")]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"\s[#;]")]
    private static partial Regex InlineComment();
}

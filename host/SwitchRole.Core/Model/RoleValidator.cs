using System.Text.RegularExpressions;

namespace SwitchRole.Core.Model;

/// <summary>
/// The one place that decides whether a role entry is acceptable. Every string that reaches the store
/// (from the CLI, a browser, a file or a cookie) passes through here.
/// </summary>
public static partial class RoleValidator
{
    public const int MaxDisplayNameLength = 64;
    public const int MaxRolePathAndNameLength = 64;
    public const int MaxGroupLength = 128;
    public const int MaxOriginLength = 200;

    /// <summary>
    /// Validates and normalises <paramref name="input"/>. Field names in errors get <paramref name="prefix"/>. With
    /// <paramref name="emptyClears"/>, an optional field given as empty text is marked to be removed on update (a person
    /// editing an entry); otherwise empty means "not given" (a file's empty cell keeps what is stored).
    /// </summary>
    /// <exception cref="ValidationException">The first rule broken, naming the field.</exception>
    public static ValidRole Validate(RoleInput input, string prefix = "", bool emptyClears = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var account = NormalizeAccountId(input.AccountId, prefix + "accountId");
        var role = NormalizeRoleName(input.RoleName, prefix + "roleName");
        var given = NormalizeDisplayName(input.DisplayName, prefix + "displayName");
        var display = given ?? RoleEntry.DefaultDisplayName(RoleNameWithoutPath(role), account);
        if (display.Length > MaxDisplayNameLength)
        {
            // The default can exceed 64 for long role names; the console cuts it, so do the same.
            display = display[..MaxDisplayNameLength];
        }

        var color = NormalizeColor(input.Color, prefix + "color");
        var region = NormalizeRegion(input.Region, prefix + "region");
        var baseAccount = string.IsNullOrWhiteSpace(input.BaseAccountId) ? null : NormalizeAccountId(input.BaseAccountId, prefix + "baseAccountId");
        var group = NormalizeOptionalText(input.Group, prefix + "group", MaxGroupLength);
        var origin = NormalizeOrigin(input.Origin, prefix + "origin");
        var cleared = !emptyClears ? RoleFields.None : (IsEmptyText(input.Color) ? RoleFields.Color : RoleFields.None)
            | (IsEmptyText(input.Region) ? RoleFields.Region : RoleFields.None)
            | (IsEmptyText(input.BaseAccountId) ? RoleFields.BaseAccountId : RoleFields.None)
            | (IsEmptyText(input.Group) ? RoleFields.Group : RoleFields.None);
        return new ValidRole(account, role, display, color, region, baseAccount, group, origin) { DisplayNameGiven = given is not null, Cleared = cleared };
    }

    /// <summary>12 digits; dashes and spaces in between are removed (<c>1234-5678-9012</c>).</summary>
    public static string NormalizeAccountId(string? value, string field = "accountId")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ValidationException(field, "is required (12 digits)");
        }

        Span<char> digits = stackalloc char[12];
        var count = 0;
        foreach (var c in value.Trim())
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            if (c is < '0' or > '9' || count == 12)
            {
                throw new ValidationException(field, $"must be 12 digits, got '{Printable(value)}'");
            }

            digits[count++] = c;
        }

        return count == 12 ? new string(digits) : throw new ValidationException(field, $"must be 12 digits, got '{Printable(value)}'");
    }

    /// <summary>IAM role name with an optional path (<c>path/to/Name</c>); path plus name at most 64 characters.</summary>
    public static string NormalizeRoleName(string? value, string field = "roleName")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ValidationException(field, "is required");
        }

        var role = value.Trim().Trim('/');
        if (role.Length > MaxRolePathAndNameLength)
        {
            throw new ValidationException(field, $"path and name must be at most {MaxRolePathAndNameLength} characters, got {role.Length}");
        }

        var segments = role.Split('/');
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                throw new ValidationException(field, $"'{Printable(value)}' has an empty path segment");
            }

            if (!RoleSegment().IsMatch(segment))
            {
                throw new ValidationException(field, $"'{Printable(value)}' may contain only letters, digits and +=,.@_- (and / between path segments)");
            }
        }

        return role;
    }

    /// <summary>Optional; trimmed; at most 64 characters; control characters rejected.</summary>
    public static string? NormalizeDisplayName(string? value, string field = "displayName")
        => NormalizeOptionalText(value, field, MaxDisplayNameLength);

    /// <summary>Optional 6 hex digits; a leading <c>#</c> is accepted and stripped; stored lower-case.</summary>
    public static string? NormalizeColor(string? value, string field = "color")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var color = value.Trim();
        if (color.StartsWith('#'))
        {
            color = color[1..];
        }

        return HexColor().IsMatch(color)
            ? color.ToLowerInvariant()
            : throw new ValidationException(field, $"must be 6 hex digits like ff9900 or #ff9900, got '{Printable(value)}'");
    }

    /// <summary>Optional AWS region code such as <c>eu-west-1</c>, <c>us-gov-west-1</c> or <c>cn-north-1</c>.</summary>
    public static string? NormalizeRegion(string? value, string field = "region")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var region = value.Trim().ToLowerInvariant();
        return RegionCode().IsMatch(region)
            ? region
            : throw new ValidationException(field, $"'{Printable(value)}' is not an AWS region code (like eu-west-1)");
    }

    /// <summary><c>local</c>, <c>console</c>, <c>import</c> or <c>team:&lt;source&gt;</c>; empty means <c>local</c>.</summary>
    public static string NormalizeOrigin(string? value, string field = "origin")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Origins.Local;
        }

        var origin = value.Trim();
        if (origin is Origins.Local or Origins.Console or Origins.Import)
        {
            return origin;
        }

        if (origin.StartsWith(Origins.TeamPrefix, StringComparison.Ordinal) && origin.Length > Origins.TeamPrefix.Length
            && origin.Length <= MaxOriginLength && FindInvisible(origin) < 0)
        {
            return origin;
        }

        throw new ValidationException(field, $"must be local, console, import or team:<source>, got '{Printable(value)}'");
    }

    /// <summary>The role name without its IAM path, as the console shows it.</summary>
    public static string RoleNameWithoutPath(string role)
    {
        var slash = role.LastIndexOf('/');
        return slash < 0 ? role : role[(slash + 1)..];
    }

    internal static string? NormalizeOptionalText(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        RejectInvisible(text, field);

        return text.Length <= maxLength
            ? text
            : throw new ValidationException(field, $"must be at most {maxLength} characters, got {text.Length}");
    }

    /// <summary>Given, but empty or blank: "remove this value" (null means "not given").</summary>
    private static bool IsEmptyText(string? value) => value is not null && string.IsNullOrWhiteSpace(value);

    /// <summary>
    /// Refuses control, format (Cf: U+202E right-to-left override, U+200B zero-width space) and line or paragraph
    /// separator (Zl, Zp) characters: they forge lines in <c>list</c>, reorder what a person reads, or hide text.
    /// The message names the character and its 1-based position, never the text around it.
    /// </summary>
    public static void RejectInvisible(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = FindInvisible(text);
        if (index >= 0)
        {
            var kind = char.IsControl(text[index]) ? "a control character" : "an invisible formatting or separator character";
            throw new ValidationException(field, $"must not contain {kind}: U+{(int)text[index]:X4} at position {index + 1}");
        }
    }

    /// <summary>The index of the first control, Cf, Zl or Zp character, or -1.</summary>
    public static int FindInvisible(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (IsInvisible(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsInvisible(char c) => char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
        or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;

    /// <summary>Echoes untrusted input in messages without control characters and at a bounded length.</summary>
    public static string Printable(string value)
    {
        var cleaned = new string(value.Select(c => IsInvisible(c) ? '?' : c).Take(80).ToArray());
        return value.Length > 80 ? cleaned + "…" : cleaned;
    }

    // \z, never $: .NET's $ also matches before a final newline, so "ops\n" would pass as a path segment.
    [GeneratedRegex(@"^[A-Za-z0-9+=,.@_-]+\z")]
    internal static partial Regex RoleSegment();

    [GeneratedRegex(@"^[0-9a-fA-F]{6}\z")]
    internal static partial Regex HexColor();

    // Partition prefixes AWS uses today: us, eu, ap, sa, ca, me, af, il, mx, cn, us-gov, us-iso, us-isob, eusc.
    // The middle part is 2 letters in the European Sovereign Cloud (eusc-de-east-1), 3 or 4 elsewhere (us-gov-west-1).
    [GeneratedRegex(@"^[a-z]{2,4}(-[a-z]{2,4})?-[a-z]+-[0-9]{1,2}\z")]
    internal static partial Regex RegionCode();
}

/// <summary>Where an entry came from.</summary>
public static class Origins
{
    public const string Local = "local";
    public const string Console = "console";
    public const string Import = "import";
    public const string TeamPrefix = "team:";
}

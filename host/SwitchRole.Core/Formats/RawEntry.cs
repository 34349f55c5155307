using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>A value as a file gives it: the text, the name the file uses for it, and where it is.</summary>
internal sealed record Located(string Value, string Field, SourceLocation Location);

/// <summary>An entry before validation: each field with its own name and location, so errors point at the right spot.</summary>
internal sealed record RawEntry(string Name, SourceLocation Location)
{
    public Located? AccountId { get; init; }

    public Located? RoleName { get; init; }

    public Located? DisplayName { get; init; }

    public Located? Color { get; init; }

    public Located? Region { get; init; }

    public Located? BaseAccountId { get; init; }

    public Located? Group { get; init; }

    /// <summary>Only SwitchRole JSON carries an origin; other formats get the import's.</summary>
    public Located? Origin { get; init; }

    /// <summary>How to name the account field in "missing" errors (aws_account_id, account_id, account...).</summary>
    public string AccountField { get; init; } = "accountId";

    public string RoleField { get; init; } = "roleName";
}

/// <summary>Turns a <see cref="RawEntry"/> into a <see cref="ParsedEntry"/> through <see cref="RoleValidator"/>, reporting every bad field, not just the first.</summary>
internal static class EntryBuilder
{
    public static ParsedEntry? Build(RawEntry raw, ImportCollector collector, EntryHistory? history = null)
    {
        var ok = true;
        if (raw.AccountId is null)
        {
            collector.Error(raw.Location, raw.AccountField, "missing required value (the 12-digit account id)");
            ok = false;
        }
        else
        {
            ok &= Check(raw.AccountId, collector, static (v, f) => RoleValidator.NormalizeAccountId(v, f));
        }

        if (raw.RoleName is null)
        {
            collector.Error(raw.Location, raw.RoleField, "missing required value (the role name)");
            ok = false;
        }
        else
        {
            ok &= Check(raw.RoleName, collector, static (v, f) => RoleValidator.NormalizeRoleName(v, f));
        }

        ok &= Check(raw.DisplayName, collector, static (v, f) => RoleValidator.NormalizeDisplayName(v, f));
        ok &= Check(raw.Color, collector, static (v, f) => RoleValidator.NormalizeColor(v, f));
        ok &= Check(raw.Region, collector, static (v, f) => RoleValidator.NormalizeRegion(v, f));
        ok &= Check(raw.BaseAccountId, collector, static (v, f) => RoleValidator.NormalizeAccountId(v, f));
        ok &= Check(raw.Group, collector, static (v, f) => RoleValidator.NormalizeOptionalText(v, f, RoleValidator.MaxGroupLength));
        ok &= Check(raw.Origin, collector, static (v, f) => RoleValidator.NormalizeOrigin(v, f));
        if (!ok)
        {
            return null;
        }

        // Every field passed on its own, so the whole entry passes; Validate applies the defaults (display name).
        var role = RoleValidator.Validate(new RoleInput(
            raw.AccountId!.Value,
            raw.RoleName!.Value,
            raw.DisplayName?.Value,
            raw.Color?.Value,
            raw.Region?.Value,
            raw.BaseAccountId?.Value,
            raw.Group?.Value,
            raw.Origin?.Value ?? collector.Options.Origin));
        var present = PresentFields.None;
        present |= Given(raw.DisplayName, PresentFields.DisplayName);
        present |= Given(raw.Color, PresentFields.Color);
        present |= Given(raw.Region, PresentFields.Region);
        present |= Given(raw.BaseAccountId, PresentFields.BaseAccountId);
        present |= Given(raw.Group, PresentFields.Group);
        return new ParsedEntry(role, raw.Location, raw.Name, present) { History = history };
    }

    private static PresentFields Given(Located? value, PresentFields flag)
        => value is not null && !string.IsNullOrWhiteSpace(value.Value) ? flag : PresentFields.None;

    private static bool Check(Located? value, ImportCollector collector, Func<string, string, string?> normalize)
    {
        if (value is null)
        {
            return true;
        }

        try
        {
            normalize(value.Value, value.Field);
            return true;
        }
        catch (ValidationException e)
        {
            collector.Error(value.Location, value.Field, e.Reason);
            return false;
        }
    }
}

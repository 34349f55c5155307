namespace SwitchRole.Core.Model;

/// <summary>A stored switch-role entry. Identity is (<see cref="AccountId"/>, <see cref="RoleName"/>).</summary>
/// <remarks>Every field has been validated and normalised by <see cref="RoleValidator"/> before it gets here.</remarks>
public sealed record RoleEntry(
    string AccountId,
    string RoleName,
    string DisplayName,
    string? Color,
    string? Region,
    string? BaseAccountId,
    string? Group,
    string Origin,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastUsedAt,
    long UseCount)
{
    /// <summary>The display name the console shows when none is given.</summary>
    public static string DefaultDisplayName(string roleName, string accountId) => $"{roleName} @ {accountId}";
}

/// <summary>What a caller asks to store: raw, untrusted values, validated by <see cref="RoleValidator.Validate"/>.</summary>
public sealed record RoleInput(
    string? AccountId,
    string? RoleName,
    string? DisplayName = null,
    string? Color = null,
    string? Region = null,
    string? BaseAccountId = null,
    string? Group = null,
    string? Origin = null);

/// <summary>A validated, normalised <see cref="RoleInput"/>, ready for the store.</summary>
public sealed record ValidRole(
    string AccountId,
    string RoleName,
    string DisplayName,
    string? Color,
    string? Region,
    string? BaseAccountId,
    string? Group,
    string Origin)
{
    /// <summary>False when <see cref="DisplayName"/> is the default because none was given; an update then keeps the stored name.</summary>
    public bool DisplayNameGiven { get; init; } = true;

    /// <summary>Optional fields given as empty text: an update removes their stored value instead of keeping it.</summary>
    public RoleFields Cleared { get; init; }

    public RoleKey Key => new(AccountId, RoleName);

    /// <summary>The entry as first stored at <paramref name="now"/>, never used; <paramref name="origin"/> replaces the given one (a team source's).</summary>
    public RoleEntry ToNewEntry(DateTimeOffset now, string? origin = null) =>
        new(AccountId, RoleName, DisplayName, Color, Region, BaseAccountId, Group, origin ?? Origin, now, now, null, 0);

    /// <summary>
    /// <paramref name="stored"/> updated with this role: a given display name and given optional fields replace the
    /// stored ones, cleared ones are removed, the rest keep their value; identity, origin, times and usage stay.
    /// </summary>
    public RoleEntry MergeInto(RoleEntry stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored with
        {
            DisplayName = DisplayNameGiven ? DisplayName : stored.DisplayName,
            Color = Cleared.HasFlag(RoleFields.Color) ? null : Color ?? stored.Color,
            Region = Cleared.HasFlag(RoleFields.Region) ? null : Region ?? stored.Region,
            BaseAccountId = Cleared.HasFlag(RoleFields.BaseAccountId) ? null : BaseAccountId ?? stored.BaseAccountId,
            Group = Cleared.HasFlag(RoleFields.Group) ? null : Group ?? stored.Group,
        };
    }
}

/// <summary>The optional fields of an entry that can be cleared.</summary>
[Flags]
public enum RoleFields
{
    None = 0,
    Color = 1,
    Region = 2,
    BaseAccountId = 4,
    Group = 8,
}

/// <summary>The identity of an entry.</summary>
public readonly record struct RoleKey(string AccountId, string RoleName);

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

    public RoleKey Key => new(AccountId, RoleName);
}

/// <summary>The identity of an entry.</summary>
public readonly record struct RoleKey(string AccountId, string RoleName);

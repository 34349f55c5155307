namespace SwitchRole.Core.Model;

/// <summary>A person's own display name, colour or group for a team entry; null fields follow the source.</summary>
public sealed record LocalOverride(string AccountId, string RoleName, string? DisplayName, string? Color, string? Group, DateTimeOffset UpdatedAt)
{
    public RoleKey Key => new(AccountId, RoleName);
}

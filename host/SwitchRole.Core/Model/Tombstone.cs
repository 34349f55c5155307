namespace SwitchRole.Core.Model;

/// <summary>A deleted entry, kept so merges do not bring it back.</summary>
public sealed record Tombstone(string AccountId, string RoleName, DateTimeOffset DeletedAt);

namespace SwitchRole.Core.Model;

/// <summary>
/// The one list of an entry's fields, by the name the protocol, the backup format and <c>list --json</c> use. Every
/// shape that carries an entry across a layer boundary (<see cref="RoleEntry"/>, <see cref="RoleInput"/>,
/// <see cref="ValidRole"/>, the protocol's <c>RoleDto</c>, the backup's <c>BackupEntry</c> and <c>BackupOverride</c>,
/// the store's columns) has exactly the fields its list here names; RoleFieldsTests checks each of them, and carries
/// an entry with every field set through each mapping. Adding a field: add it here, then to every shape the test
/// names, then to the mappings (<see cref="ValidRole.ToNewEntry"/>, <see cref="ValidRole.MergeInto"/>, the store's
/// <c>Columns</c>/<c>ReadEntry</c>/<c>Put</c>, <c>RoleDto.From</c>, <c>BackupFormat</c>), which the same test exercises.
/// </summary>
public static class RoleFieldNames
{
    /// <summary>The identity of an entry.</summary>
    public static readonly IReadOnlyList<string> Identity = ["accountId", "roleName"];

    /// <summary>The optional fields a caller may give, and clear (<see cref="RoleFields"/>).</summary>
    public static readonly IReadOnlyList<string> Optional = ["color", "region", "baseAccountId", "group"];

    /// <summary>What a caller gives for an entry (<see cref="RoleInput"/>, <see cref="ValidRole"/>).</summary>
    public static readonly IReadOnlyList<string> Given = [.. Identity, "displayName", .. Optional, "origin"];

    /// <summary>What the store keeps besides: times and usage.</summary>
    public static readonly IReadOnlyList<string> History = ["createdAt", "updatedAt", "lastUsedAt", "useCount"];

    /// <summary>A stored entry (<see cref="RoleEntry"/>, the protocol's role object, a backup's entry).</summary>
    public static readonly IReadOnlyList<string> Stored = [.. Given, .. History];

    /// <summary>The fields a person's edit of a team entry keeps across syncs (<see cref="LocalOverride"/>).</summary>
    public static readonly IReadOnlyList<string> Overridable = ["displayName", "color", "group"];
}

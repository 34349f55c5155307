namespace SwitchRole.Core.Model;

/// <summary>Everything a backup holds, as read from the store.</summary>
public sealed record BackupSnapshot(
    IReadOnlyList<RoleEntry> Entries,
    IReadOnlyList<Tombstone> Tombstones,
    long Revision,
    DateTimeOffset ExportedAt)
{
    /// <summary>A person's overrides of team entries.</summary>
    public IReadOnlyList<LocalOverride> Overrides { get; init; } = [];

    /// <summary>Team sources, with their locations as stored.</summary>
    public IReadOnlyList<TeamSource> Sources { get; init; } = [];
}

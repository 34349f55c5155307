using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Catalog;

public enum SourceChangeKind
{
    Added,
    Updated,
    Unchanged,

    /// <summary>The source no longer lists it: the entry is gone.</summary>
    Removed,

    /// <summary>A person created an entry with this account and role; the source's version is not applied.</summary>
    KeptYours,

    /// <summary>A person deleted it; the source does not bring it back.</summary>
    KeptDeleted,

    /// <summary>Another team source already provides it.</summary>
    OtherSource,
}

/// <summary>What a sync did to one entry.</summary>
public sealed record SourceEntryChange(RoleKey Key, string Name, SourceChangeKind Kind, int Line, string? Detail = null);

public sealed record SourceChanges(IReadOnlyList<SourceEntryChange> Entries)
{
    public int Count(SourceChangeKind kind) => Entries.Count(e => e.Kind == kind);

    public IEnumerable<SourceEntryChange> Of(SourceChangeKind kind) => Entries.Where(e => e.Kind == kind);
}

/// <summary>What applying a source's content does: the report, the rows to write, and the keys to remove.</summary>
/// <param name="Changes">One line per entry of the file, then one per entry the source dropped.</param>
/// <param name="Writes">Rows to store as they are (added and updated entries, times included).</param>
/// <param name="Removals">The source's own entries it no longer lists: deleted outright, without a tombstone.</param>
public sealed record SourceMergePlan(IReadOnlyList<SourceEntryChange> Changes, IReadOnlyList<RoleEntry> Writes, IReadOnlyList<RoleKey> Removals);

/// <summary>
/// The rules for applying a team source's content to the entries: add its new entries, update its own ones (a
/// person's overrides win for display name, colour and group; region and base account follow the source), remove
/// the ones it dropped, and never touch an entry a person created or deleted, or one from another source (those are
/// reported with the reason).
/// </summary>
public static class SourceMerge
{
    /// <summary>
    /// The rules alone, against lookups (no database): <paramref name="find"/> gives the stored row of a key, live or
    /// tombstone; <paramref name="overrides"/> a person's overrides of this source's entries; <paramref name="previous"/>
    /// the source's live entries before this sync.
    /// </summary>
    public static SourceMergePlan Plan(string origin, ParsedImport parsed, Func<RoleKey, (RoleEntry Entry, DateTimeOffset? DeletedAt)?> find,
        IReadOnlyDictionary<RoleKey, LocalOverride> overrides, IReadOnlyList<RoleEntry> previous, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(find);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(previous);
        if (!parsed.Ok)
        {
            throw new InvalidOperationException("A source with errors must not be applied.");
        }

        var changes = new List<SourceEntryChange>(parsed.Entries.Count);
        var writes = new Dictionary<RoleKey, RoleEntry>();
        foreach (var entry in parsed.Entries)
        {
            var key = entry.Key;
            var role = entry.Role;
            var line = entry.Location.Line;

            // A row planned earlier in this file is what the store will hold by then.
            var stored = writes.TryGetValue(key, out var planned) ? (planned, null) : find(key);
            switch (stored)
            {
                case null:
                    writes[key] = role.ToNewEntry(now, origin);
                    changes.Add(new SourceEntryChange(key, role.DisplayName, SourceChangeKind.Added, line));
                    break;
                case { DeletedAt: { } deletedAt }:
                    changes.Add(new SourceEntryChange(key, role.DisplayName, SourceChangeKind.KeptDeleted, line,
                        $"you deleted it on {deletedAt.UtcDateTime:yyyy-MM-dd}; the source does not bring it back (switchrole add or import it to have it again)"));
                    break;
                case { Entry: var other } when other.Origin != origin:
                    changes.Add(other.Origin.StartsWith(Origins.TeamPrefix, StringComparison.Ordinal)
                        ? new SourceEntryChange(key, other.DisplayName, SourceChangeKind.OtherSource, line, $"source {other.Origin[Origins.TeamPrefix.Length..]} already provides it")
                        : new SourceEntryChange(key, other.DisplayName, SourceChangeKind.KeptYours, line, $"you created it ({other.Origin}); the source's version is not applied"));
                    break;
                case { Entry: var own }:
                    overrides.TryGetValue(key, out var mine);
                    var merged = own with
                    {
                        DisplayName = mine?.DisplayName ?? role.DisplayName,
                        Color = mine?.Color ?? role.Color,
                        Group = mine?.Group ?? role.Group,
                        Region = role.Region,
                        BaseAccountId = role.BaseAccountId,
                    };
                    if (merged == own)
                    {
                        changes.Add(new SourceEntryChange(key, own.DisplayName, SourceChangeKind.Unchanged, line));
                    }
                    else
                    {
                        writes[key] = merged with { UpdatedAt = now };
                        changes.Add(new SourceEntryChange(key, merged.DisplayName, SourceChangeKind.Updated, line));
                    }

                    break;
            }
        }

        var seen = parsed.Entries.Select(e => e.Key).ToHashSet();
        var removals = new List<RoleKey>();
        foreach (var gone in previous)
        {
            var key = new RoleKey(gone.AccountId, gone.RoleName);
            if (!seen.Contains(key))
            {
                // Deleted outright, not tombstoned: a tombstone would stop the source from ever adding it again.
                removals.Add(key);
                changes.Add(new SourceEntryChange(key, gone.DisplayName, SourceChangeKind.Removed, 0));
            }
        }

        return new SourceMergePlan(changes, [.. writes.Values], removals);
    }

    /// <summary>
    /// Plans against the store inside <paramref name="writer"/>'s transaction, applies the plan, and records the sync
    /// of <paramref name="version"/> as good. Call it inside <see cref="RoleStore.Write{T}"/>: all or nothing.
    /// </summary>
    public static SourceChanges Apply(RoleWriter writer, TeamSource source, ParsedImport parsed, SourceVersion version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(source);
        var origin = source.Origin;
        var plan = Plan(origin, parsed, writer.Find, OverrideStore.ForOrigin(writer, origin), SourceStore.LiveEntries(writer, origin), writer.Now);
        foreach (var row in plan.Writes)
        {
            writer.Put(row, null);
        }

        foreach (var key in plan.Removals)
        {
            SourceStore.Purge(writer, key, origin);
        }

        SourceStore.RecordApplied(writer, source, version);
        return new SourceChanges(plan.Changes);
    }
}

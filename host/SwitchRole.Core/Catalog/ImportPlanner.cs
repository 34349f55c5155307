using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Catalog;

public enum PlannedAction
{
    Add,
    Update,
    Unchanged,

    /// <summary>Restore only: the backup's entry is older than a deletion here (or the reverse), so it stays as it is.</summary>
    KeptDeleted,

    /// <summary>Restore only: a tombstone in the backup, newer than the entry here, deletes it.</summary>
    Delete,

    /// <summary>Restore only: a tombstone in the backup for an entry this machine never had; kept so it cannot come back.</summary>
    RecordTombstone,
}

/// <summary>One line of an import or restore summary.</summary>
/// <param name="Key">The entry's identity.</param>
/// <param name="Action">What applying the plan does to it.</param>
/// <param name="Name">Its display name (or the file's name for it).</param>
/// <param name="Location">Where the file defines it.</param>
/// <param name="Result">The row as it will be stored (for updates and adds of a restore), or null.</param>
/// <param name="DeletedAt">For deletions and tombstones: the deletion time written.</param>
public sealed record PlannedChange(RoleKey Key, PlannedAction Action, string Name, SourceLocation Location, RoleEntry? Result, DateTimeOffset? DeletedAt = null);

/// <summary>What an import or restore will do, computed against one snapshot of the store, before anything is written.</summary>
public sealed record ImportPlan(IReadOnlyList<PlannedChange> Changes)
{
    /// <summary>Restore only: the backup's team sources, each added or kept.</summary>
    public IReadOnlyList<PlannedSource> Sources { get; init; } = [];

    /// <summary>Restore only: the backup's local overrides, each applied or kept.</summary>
    public IReadOnlyList<PlannedOverride> Overrides { get; init; } = [];

    public int Count(PlannedAction action) => Changes.Count(c => c.Action == action);

    public bool ChangesAnything => Changes.Any(c => c.Action is PlannedAction.Add or PlannedAction.Update or PlannedAction.Delete or PlannedAction.RecordTombstone)
        || Sources.Any(s => s.Added) || Overrides.Any(o => o.Applied);
}

/// <summary>A team source of a backup: <paramref name="Added"/>, or kept as this machine has it (a source of that name exists).</summary>
public sealed record PlannedSource(SourceRecord Source, bool Added)
{
    /// <summary>Safe to print: a URL without its query string.</summary>
    public string DisplayLocation => Source.Kind == SourceKind.Url ? SourceAddress.Redact(Source.Location) : Source.Location;
}

/// <summary>A local override of a backup: <paramref name="Applied"/> when it is newer than this machine's (or there is none), else kept.</summary>
public sealed record PlannedOverride(OverrideRecord Override, bool Applied)
{
    public RoleKey Key => new(Override.AccountId, Override.RoleName);
}

/// <summary>
/// Plans and applies imports and restores. Both are all-or-nothing: a file with any error is refused before this
/// runs, and a plan is applied in one store transaction.
/// </summary>
public static class ImportPlanner
{
    /// <summary>
    /// An import adds new entries and updates existing ones with the fields the file gives (others keep their stored
    /// value, as <see cref="RoleWriter.Upsert"/> does). An explicit import brings back an entry deleted earlier: the
    /// person asked for it.
    /// </summary>
    public static ImportPlan PlanImport(ParsedImport parsed, IReadOnlyList<RoleEntry> live)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(live);
        RequireOk(parsed);
        var current = live.ToDictionary(e => new RoleKey(e.AccountId, e.RoleName));
        var changes = new List<PlannedChange>(parsed.Entries.Count);
        foreach (var entry in parsed.Entries)
        {
            var role = entry.Role;
            if (!current.TryGetValue(entry.Key, out var stored))
            {
                changes.Add(new PlannedChange(entry.Key, PlannedAction.Add, role.DisplayName, entry.Location, null));
                continue;
            }

            var merged = Merge(stored, role);
            var action = merged == stored ? PlannedAction.Unchanged : PlannedAction.Update;
            changes.Add(new PlannedChange(entry.Key, action, merged.DisplayName, entry.Location, null));
        }

        return new ImportPlan(changes);
    }

    /// <summary>
    /// Applies an import in one transaction (all or none). The returned plan is what the store actually did, so the
    /// summary stays true even when another process wrote in between.
    /// </summary>
    public static (ImportPlan Plan, long Revision) ApplyImport(RoleStore store, ParsedImport parsed)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(parsed);
        RequireOk(parsed);
        return store.Write(writer =>
        {
            var changes = new List<PlannedChange>(parsed.Entries.Count);
            foreach (var entry in parsed.Entries)
            {
                var (stored, outcome) = writer.Upsert(entry.Role);
                var action = outcome switch
                {
                    UpsertOutcome.Added => PlannedAction.Add,
                    UpsertOutcome.Updated => PlannedAction.Update,
                    _ => PlannedAction.Unchanged,
                };
                changes.Add(new PlannedChange(entry.Key, action, stored.DisplayName, entry.Location, stored));
            }

            return new ImportPlan(changes);
        });
    }

    /// <summary>
    /// A restore merges entry by entry with times: for an entry on both sides the later <c>updatedAt</c> wins its
    /// fields (a tie keeps this machine's), the earliest creation time and the larger use count and latest use are
    /// kept. A deletion wins over an entry updated before it, in either direction. Team sources are added by name
    /// when this machine has none of that name (case-insensitive); an existing one keeps this machine's settings.
    /// A local override is taken whole from the backup when its <c>updatedAt</c> is later than this machine's
    /// override of that entry (or there is none); a tie keeps this machine's. The result depends only on the two
    /// sides, so restoring the same file twice changes nothing the second time.
    /// </summary>
    public static ImportPlan PlanRestore(ParsedImport parsed, IReadOnlyList<RoleEntry> live, IReadOnlyList<Tombstone> tombstones,
        IReadOnlyList<TeamSource>? sources = null, IReadOnlyList<LocalOverride>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(tombstones);
        var current = live.ToDictionary(e => new RoleKey(e.AccountId, e.RoleName));
        var deleted = tombstones.ToDictionary(t => new RoleKey(t.AccountId, t.RoleName), t => t.DeletedAt);
        var names = (sources ?? []).Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var mine = (overrides ?? []).ToDictionary(o => o.Key);
        return PlanRestore(parsed, key => current.TryGetValue(key, out var e) ? (e, null) : deleted.TryGetValue(key, out var at) ? (null, at) : null,
            names.Contains, key => mine.GetValueOrDefault(key));
    }

    /// <summary>Plans a restore against the store as it is now (for previews and dry runs).</summary>
    public static ImportPlan PlanRestore(ParsedImport parsed, RoleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return PlanRestore(parsed, store.List().Roles, store.ListTombstones(), SourceStore.List(store), OverrideStore.List(store));
    }

    /// <summary>Applies a restore in one transaction, planning it inside that transaction so no write from another process slips in between.</summary>
    public static (ImportPlan Plan, long Revision) ApplyRestore(RoleStore store, ParsedImport parsed)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(parsed);
        RequireOk(parsed);
        return store.Write(writer =>
        {
            var plan = PlanRestore(parsed, key => writer.Find(key) switch
            {
                null => null,
                { DeletedAt: null } live => (live.Entry, null),
                { } tombstone => (null, tombstone.DeletedAt),
            }, name => SourceStore.Get(writer, name) is not null, key => OverrideStore.Get(writer, key));
            foreach (var change in plan.Changes)
            {
                switch (change.Action)
                {
                    case PlannedAction.Add or PlannedAction.Update:
                        writer.Put(change.Result!, null);
                        break;
                    case PlannedAction.Delete or PlannedAction.RecordTombstone:
                        writer.Put(change.Result! with { UpdatedAt = change.DeletedAt!.Value }, change.DeletedAt);
                        break;
                    default:
                        break;
                }
            }

            foreach (var o in plan.Overrides.Where(o => o.Applied))
            {
                var r = o.Override;
                OverrideStore.Put(writer, new LocalOverride(r.AccountId, r.RoleName, r.DisplayName, r.Color, r.Group, Trim(r.UpdatedAt)));
            }

            // After the entries, so a restored source counts the entries the backup brought.
            foreach (var s in plan.Sources.Where(s => s.Added))
            {
                SourceStore.Restore(writer, s.Source);
            }

            return plan;
        });
    }

    /// <summary>The restore rules against a lookup giving, per key, the live entry or the deletion time (or null: never seen).</summary>
    private static ImportPlan PlanRestore(ParsedImport parsed, Func<RoleKey, (RoleEntry? Live, DateTimeOffset? DeletedAt)?> lookup,
        Func<string, bool> hasSource, Func<RoleKey, LocalOverride?> findOverride)
    {
        RequireOk(parsed);
        var changes = new List<PlannedChange>();
        var fileTime = parsed.Extras?.ExportedAt ?? DateTimeOffset.UnixEpoch;
        foreach (var entry in parsed.Entries)
        {
            var role = entry.Role;
            var history = entry.History ?? new EntryHistory(fileTime, fileTime, null, 0);
            var incoming = new RoleEntry(role.AccountId, role.RoleName, role.DisplayName, role.Color, role.Region, role.BaseAccountId, role.Group, role.Origin,
                Trim(history.CreatedAt), Trim(history.UpdatedAt), history.LastUsedAt is { } used ? Trim(used) : null, history.UseCount);
            var found = lookup(entry.Key);
            if (found is { Live: { } stored })
            {
                var winner = incoming.UpdatedAt > stored.UpdatedAt ? incoming : stored;
                var merged = winner with
                {
                    CreatedAt = Min(stored.CreatedAt, incoming.CreatedAt),
                    LastUsedAt = Max(stored.LastUsedAt, incoming.LastUsedAt),
                    UseCount = Math.Max(stored.UseCount, incoming.UseCount),
                };
                changes.Add(new PlannedChange(entry.Key, merged == stored ? PlannedAction.Unchanged : PlannedAction.Update, merged.DisplayName, entry.Location, merged));
            }
            else if (found is { DeletedAt: { } deletedAt } && deletedAt >= incoming.UpdatedAt)
            {
                changes.Add(new PlannedChange(entry.Key, PlannedAction.KeptDeleted, role.DisplayName, entry.Location, null, deletedAt));
            }
            else
            {
                changes.Add(new PlannedChange(entry.Key, PlannedAction.Add, role.DisplayName, entry.Location, incoming));
            }
        }

        var inFile = parsed.Entries.Select(e => e.Key).ToHashSet();
        foreach (var tombstone in parsed.Extras?.Tombstones ?? [])
        {
            var key = new RoleKey(tombstone.AccountId, tombstone.RoleName);
            if (inFile.Contains(key))
            {
                continue; // A file with both is contradictory; its entry was handled above.
            }

            var at = Trim(tombstone.DeletedAt);
            var found = lookup(key);
            if (found is { Live: { } stored })
            {
                changes.Add(at > stored.UpdatedAt
                    ? new PlannedChange(key, PlannedAction.Delete, stored.DisplayName, tombstone.Location, stored, at)
                    : new PlannedChange(key, PlannedAction.Unchanged, stored.DisplayName, tombstone.Location, stored));
            }
            else if (found is null)
            {
                var placeholder = new RoleEntry(key.AccountId, key.RoleName, RoleEntry.DefaultDisplayName(RoleValidator.RoleNameWithoutPath(key.RoleName), key.AccountId),
                    null, null, null, null, Origins.Import, at, at, null, 0);
                changes.Add(new PlannedChange(key, PlannedAction.RecordTombstone, placeholder.DisplayName, tombstone.Location, placeholder, at));
            }
        }

        var plannedSources = (parsed.Extras?.Sources ?? []).Select(s => new PlannedSource(s, !hasSource(s.Name))).ToList();
        var plannedOverrides = new List<PlannedOverride>();
        foreach (var o in parsed.Extras?.Overrides ?? [])
        {
            var here = findOverride(new RoleKey(o.AccountId, o.RoleName));
            var at = Trim(o.UpdatedAt);
            var same = here is not null && here.DisplayName == o.DisplayName && here.Color == o.Color && here.Group == o.Group && here.UpdatedAt == at;
            plannedOverrides.Add(new PlannedOverride(o, !same && (here is null || at > here.UpdatedAt)));
        }

        return new ImportPlan(changes) { Sources = plannedSources, Overrides = plannedOverrides };
    }

    /// <summary>The stored entry after an import of <paramref name="role"/>: the same rule as <see cref="RoleWriter.Upsert"/>.</summary>
    internal static RoleEntry Merge(RoleEntry stored, ValidRole role) => role.MergeInto(stored);

    private static void RequireOk(ParsedImport parsed)
    {
        if (!parsed.Ok)
        {
            throw new InvalidOperationException("An import with errors must not be applied.");
        }
    }

    /// <summary>The store keeps milliseconds; comparing at that precision keeps a second restore a no-op.</summary>
    private static DateTimeOffset Trim(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a >= b ? a : b;
}

using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Catalog;

/// <summary>Everything a backup or export carries, read from the store: one place for the CLI and the protocol.</summary>
public static class StoreSnapshot
{
    public static BackupSnapshot Take(RoleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var listing = store.List();

        // Stable order for files people diff and commit: by account, then role.
        var entries = listing.Roles.OrderBy(r => r.AccountId, StringComparer.Ordinal).ThenBy(r => r.RoleName, StringComparer.Ordinal).ToList();
        return new BackupSnapshot(entries, store.ListTombstones(), listing.Revision, DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
        {
            Overrides = OverrideStore.List(store),
            Sources = SourceStore.List(store),
        };
    }
}

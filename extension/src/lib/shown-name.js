// The name a list shows for an entry. A team source is not trusted to name entries the way a person did: a team
// entry whose display name equals one of the person's own entries (any other account or role) is shown with its
// source, "Prod admin · team:platform", so a shared file cannot pass its role off as the person's own. Every view
// (console menu, popup, options page) uses this; `switchrole list` applies the same rule (host Catalog/ShownNames.cs).

export const TEAM_PREFIX = 'team:';
export const SOURCE_SEPARATOR = ' · ';

/** Names compare after trimming, in any case. */
export function nameKey(name) {
  return String(name ?? '').trim().toLowerCase();
}

/** A team source's entry (origin `team:<source>`); every other origin (local, console, import) is the person's own. */
export function isTeamEntry(role) {
  return typeof role?.origin === 'string' && role.origin.startsWith(TEAM_PREFIX);
}

/**
 * The shown-name function for one list: `(role) => string`, called per shown row. The person's own names are
 * gathered on the first team entry shown, not before: a list with no team entry, or a change while none is on
 * screen, costs nothing (at 20,000 entries one pass takes 20-50 ms on a loaded machine, and a view gets a new list
 * with every change).
 * @param {{ displayName: string, origin?: string }[]} roles the whole list, not only the rows a filter kept
 * @param {WeakMap<object, string>} [keys] name keys per entry object, kept by the caller across lists: a patched list
 *   keeps most of its entry objects, so only changed entries are keyed again
 */
export function shownNames(roles, keys = null) {
  let personal = null;
  const keyOf = (r) => {
    if (!keys) return nameKey(r.displayName);
    let k = keys.get(r);
    if (k === undefined) {
      k = nameKey(r.displayName);
      keys.set(r, k);
    }
    return k;
  };
  return (role) => {
    if (!isTeamEntry(role)) return role.displayName;
    if (personal === null) {
      personal = new Set();
      for (const r of roles) if (!isTeamEntry(r)) personal.add(keyOf(r));
    }
    return personal.has(keyOf(role)) ? `${role.displayName}${SOURCE_SEPARATOR}${role.origin}` : role.displayName;
  };
}

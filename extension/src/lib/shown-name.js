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
 * The shown-name function for one list: `(role) => string`. Made once per list (one pass over it), then called per
 * shown row; the same list gives back the same function.
 * @param {{ displayName: string, origin?: string }[]} roles the whole list, not only the rows a filter kept
 */
export function shownNames(roles) {
  const personal = new Set();
  for (const r of roles) if (!isTeamEntry(r)) personal.add(nameKey(r.displayName));
  return (role) => (isTeamEntry(role) && personal.has(nameKey(role.displayName)) ? `${role.displayName}${SOURCE_SEPARATOR}${role.origin}` : role.displayName);
}

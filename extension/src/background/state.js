// What the background keeps: the last list from the host (storage.local, so menus render at once and still
// work while the host is missing), the host's status as a banner, settings, and what was learned.
import { roleKey } from '../lib/roles.js';

export const STORAGE_KEYS = Object.freeze({
  cache: 'rolesCache',
  settings: 'settings',
  learned: 'learnedConsoleRoles',
  pendingTouches: 'pendingTouches',
  syncOfferDismissed: 'syncOfferDismissed',
});

export const DEFAULT_SETTINGS = Object.freeze({ learnFromConsole: true, syncCopy: true });

/** Settings after a change from the popup or options page: only known keys, only booleans. */
export function mergeSettings(current, changes) {
  const next = { ...current };
  for (const key of Object.keys(DEFAULT_SETTINGS)) {
    if (typeof changes?.[key] === 'boolean') next[key] = changes[key];
  }
  return next;
}

/** The banner for a host status, or null when all is well. Every banner names the command that fixes it. */
export function bannerFor(status, cachedCount) {
  if (!status || status.state === 'ready' || status.state === 'idle' || status.state === 'connecting') return null;
  const saved = cachedCount > 0 ? ` Showing the ${cachedCount} saved roles; switching still works.` : '';
  if (status.state === 'outdated') {
    return { kind: 'warning', message: `${status.message}${saved}`, command: 'switchrole doctor' };
  }
  return {
    kind: 'error',
    message: `SwitchRole cannot reach its host (${status.message ?? 'unknown error'}).${saved}`,
    command: 'switchrole doctor',
  };
}

/** Records a use in a cached list, as roles.touch does in the database, so order is right even offline. */
export function touchInList(roles, accountId, roleName, nowIso) {
  return roles.map((r) =>
    r.accountId === accountId && r.roleName === roleName ? { ...r, lastUsedAt: nowIso, useCount: (r.useCount ?? 0) + 1 } : r,
  );
}

export function knownKeys(roles) {
  return new Set(roles.map(roleKey));
}

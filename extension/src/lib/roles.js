// Which roles apply on a console page, in which order, and what a search matches. Pure and fast:
// filtering 5,000 entries must stay well under a frame.
import { formatAccountId } from './account.js';
import { roleNameWithoutPath } from './validate.js';

export const NO_GROUP_LABEL = 'Other';
export const RECENT_LABEL = 'Recent';
export const RECENT_COUNT = 5;

export function roleKey(role) {
  return `${role.accountId}:${role.roleName}`;
}

/** Most recently used first (never used last), then display name, then account id and role name (PROTOCOL.md). */
export function compareRoles(a, b) {
  const ua = a.lastUsedAt ?? '';
  const ub = b.lastUsedAt ?? '';
  if (ua !== ub) return ua < ub ? 1 : -1;
  const da = a.displayName.toLowerCase();
  const db = b.displayName.toLowerCase();
  if (da !== db) return da < db ? -1 : 1;
  if (a.accountId !== b.accountId) return a.accountId < b.accountId ? -1 : 1;
  if (a.roleName !== b.roleName) return a.roleName < b.roleName ? -1 : 1;
  return 0;
}

export function sortRoles(roles) {
  return [...roles].sort(compareRoles);
}

/**
 * The list after a roles.list answer to sinceRevision: changed entries replace or join those with the same
 * (accountId, roleName), deleted keys leave, and the result is in compareRoles order. `roles` must be in that
 * order (every list from the host is). Returns null when the outcome does not have `changes.live` entries
 * (when given): the list was not the one at `changes.since`, so only a whole reload is right.
 * @param {object[]} roles
 * @param {{ roles: object[], deleted: {accountId: string, roleName: string}[], live?: number }} changes
 * @returns {object[] | null}
 */
export function applyRoleChanges(roles, changes) {
  const gone = new Set(changes.deleted.map(roleKey));
  for (const r of changes.roles) gone.add(roleKey(r));
  let kept = roles.filter((r) => !gone.has(roleKey(r)));
  // A use recorded offline (touchInList) can leave the held list out of order; then sort it whole.
  for (let n = 1; n < kept.length; n++) {
    if (compareRoles(kept[n - 1], kept[n]) > 0) {
      kept = sortRoles(kept);
      break;
    }
  }
  const added = sortRoles(changes.roles);
  // Both runs are sorted: merge them in one pass instead of sorting 20,000 entries again.
  const out = new Array(kept.length + added.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < kept.length && j < added.length) out[k++] = compareRoles(kept[i], added[j]) <= 0 ? kept[i++] : added[j++];
  while (i < kept.length) out[k++] = kept[i++];
  while (j < added.length) out[k++] = added[j++];
  if (Number.isInteger(changes.live) && out.length !== changes.live) return null;
  return out;
}

/** Up to this many changed entries, a patch finds them by account id and inserts by binary search. */
export const SMALL_CHANGE = 64;

/**
 * `roles` (in compareRoles order) without the entries whose keys are in `gone`, and with `put` inserted in order:
 * a new array; the entry objects that did not change are the same (views cache per entry object). For a few
 * changes in a long list: no key string is built for the unchanged entries and nothing is sorted again.
 * `found`, when given, gets the keys of the entries that were there before (to tell an update from an addition).
 */
export function patchSorted(roles, put, gone, found = null) {
  const drop = new Map(); // account id -> role names leaving
  for (const k of [...gone, ...put]) {
    if (!drop.has(k.accountId)) drop.set(k.accountId, new Set());
    drop.get(k.accountId).add(k.roleName);
  }
  const out = [];
  for (const r of roles) {
    const names = drop.get(r.accountId);
    if (names === undefined || !names.has(r.roleName)) out.push(r);
    else found?.add(roleKey(r));
  }
  for (const r of put) {
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRoles(out[mid], r) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, r);
  }
  return out;
}

/**
 * Entries without a base account always apply; entries with one only while signed in to that base.
 * When nothing is left, `reason` says why, so the menu never shows a bare empty list.
 * @returns {{ roles: object[], hidden: number, reason: string|null }}
 */
export function applicableRoles(roles, context) {
  const base = context?.baseAccountId ?? null;
  const shown = [];
  const otherBases = new Set();
  for (const r of roles) {
    if (!r.baseAccountId || r.baseAccountId === base) shown.push(r);
    else otherBases.add(r.baseAccountId);
  }
  const hidden = roles.length - shown.length;
  let reason = null;
  if (roles.length === 0) {
    reason = 'No roles yet. Add some with the switchrole command (switchrole add), or switch once with the console\'s own "Switch role".';
  } else if (shown.length === 0) {
    const bases = [...otherBases].slice(0, 3).map(formatAccountId).join(', ') + (otherBases.size > 3 ? ', …' : '');
    if (!base) {
      const who = context?.baseAlias ?? context?.login?.alias ?? context?.login?.user ?? 'this identity';
      reason = `All ${roles.length} roles need a base account (${bases}), and SwitchRole cannot tell which account ${who} is.`;
    } else {
      reason = `All ${roles.length} roles need another base account (${bases}); you are signed in to ${formatAccountId(base)}.`;
    }
  }
  return { roles: shown, hidden, reason };
}

/** Precomputes the lower-case text each role is searched by: display name, account id (both forms), role name, group. */
export function indexRoles(roles, cache = null) {
  return roles.map((role) => {
    // A view that patches its list keeps the same entry objects: their search text is made once (`cache`: a WeakMap).
    let hay = cache?.get(role);
    if (hay === undefined) {
      hay = [role.displayName, role.accountId, formatAccountId(role.accountId), role.roleName, role.group ?? '']
        .join('\u0001')
        .toLowerCase();
      cache?.set(role, hay);
    }
    return { role, hay };
  });
}

/** Space-separated terms, all of which must match (case-insensitive substring). */
export function filterIndex(index, query) {
  const terms = String(query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return index.map((e) => e.role);
  const out = [];
  for (const e of index) {
    let ok = true;
    for (const t of terms) {
      if (!e.hay.includes(t)) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(e.role);
  }
  return out;
}

export function isCurrentRole(role, context) {
  const cur = context?.current;
  if (!cur || !cur.accountId || role.accountId !== cur.accountId) return false;
  return cur.roleName === role.roleName || cur.roleName === roleNameWithoutPath(role.roleName);
}

/**
 * The rows of the menu: `{ kind: 'header', label }` and `{ kind: 'role', role, current }`. Without groups,
 * one list in order; with groups, a "Recent" section (when not searching), then each group by name,
 * ungrouped entries last.
 */
export function buildMenuRows(matches, { context = null, searching = false } = {}) {
  const rows = [];
  const hasGroups = matches.some((r) => r.group);
  const row = (role) => ({ kind: 'role', role, current: isCurrentRole(role, context) });
  if (!hasGroups) {
    for (const r of matches) rows.push(row(r));
    return rows;
  }
  if (!searching) {
    const recent = matches.filter((r) => r.lastUsedAt).slice(0, RECENT_COUNT);
    if (recent.length > 0) {
      rows.push({ kind: 'header', label: RECENT_LABEL });
      for (const r of recent) rows.push(row(r));
    }
  }
  const groups = new Map();
  for (const r of matches) {
    const g = r.group ?? '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(r);
  }
  const names = [...groups.keys()].filter((g) => g !== '').sort((a, b) => a.localeCompare(b));
  if (groups.has('')) names.push('');
  for (const g of names) {
    rows.push({ kind: 'header', label: g === '' ? NO_GROUP_LABEL : g });
    for (const r of groups.get(g)) rows.push(row(r));
  }
  return rows;
}

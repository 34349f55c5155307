// The background's one state object, and the pure rules over it. What the background keeps: the last list from the
// host (saved in storage.local, so menus render at once and still work while the host is missing), the host's
// status, settings, what was learned from the console, uses not yet recorded, the sync-copy offer, the change the
// open views have not been sent yet, the recent errors and the console tabs' hook reports (diagnostics). Nothing else in background/ holds state.
import { roleKey } from '../lib/roles.js';
import { createHookSlot } from './diagnostics.js';

export const STORAGE_KEYS = Object.freeze({
  cache: 'rolesCache',
  settings: 'settings',
  learned: 'learnedConsoleRoles',
  pendingTouches: 'pendingTouches',
  syncOfferDismissed: 'syncOfferDismissed',
  // The sso-session the popup's Identity Center section last listed, when the AWS config has two or more.
  ssoSession: 'ssoSession',
});

export const DEFAULT_SETTINGS = Object.freeze({ learnFromConsole: true, syncCopy: true });

/** Recent errors kept for the diagnostics view: few, short, and scrubbed (see scrubMessage). */
export const MAX_DIAGNOSTICS = 20;
const MAX_DIAGNOSTIC_CHARS = 160;
export const LOG_PREFIX = '[SwitchRole background]';
/** A change bigger than this goes to views as "load the whole list": one JSON string crosses to a view far faster
 *  than thousands of entries structured-cloned one by one (Firefox: about a second for 20,000). */
export const MAX_PATCH_ENTRIES = 2000;

/**
 * A fresh state. `epoch` tells this background's list versions from those of an earlier run (a Chromium service
 * worker restarts): a view holding version `e.5` of another epoch cannot patch from this one's `e.5`.
 */
export function createState({ epoch = Math.random().toString(36).slice(2, 10) } = {}) {
  return {
    epoch,
    listVersion: 0,
    list: { roles: [], revision: null, savedAt: null },
    // The revision this connection last loaded from the host, or null: then only a whole list is right.
    hostRevision: null,
    // What changed since the last broadcast: { base, entries: Map(key -> { role|null, existed }) }, or { reset: true }.
    change: null,
    // The list as one JSON string for views that ask for it whole, made once per list.
    wire: { of: null, text: '[]' },
    settings: { ...DEFAULT_SETTINGS },
    learned: new Set(),
    pendingTouches: [],
    host: { state: 'idle', message: null, hello: null },
    // Set after a successful roles.list: the host's catalogue is empty (a new machine), so a sync copy is worth offering.
    hostEmpty: false,
    syncOffer: null,
    syncDismissed: null,
    save: { timer: null, running: null, again: false },
    // Recent handled errors (recordError).
    diagnostics: [],
    // The console-hook reports of the content scripts, per tab (diagnostics.js).
    hooks: createHookSlot(),
    // The managed team-source preset run in progress (managed.js).
    managed: { running: null },
  };
}

/** The version of the list views hold: changes carry the one they apply to (`base`). */
export function listVersionOf(state) {
  return `${state.epoch}.${state.listVersion}`;
}

/** A whole new list (first load, another host, a view's copy cannot be patched): views ask for it once. */
export function replaceList(state, roles, revision) {
  state.list = { roles, revision, savedAt: new Date().toISOString() };
  state.listVersion += 1;
  state.change = { reset: true };
}

/**
 * The list after the host's changes since the one held: `roles` is the new list, `changed` the entries added or
 * updated, `deleted` the keys removed, `found` (when known) the keys of those that were in the list before. Kept
 * until the next broadcast, merged with any change before it.
 */
export function patchList(state, roles, revision, changed, deleted, found = null) {
  const before = state.list.roles;
  if (state.change === null) state.change = { base: listVersionOf(state), entries: new Map() };
  if (!state.change.reset) {
    const entries = state.change.entries;
    const fresh = new Set();
    for (const r of changed) if (!entries.has(roleKey(r))) fresh.add(roleKey(r));
    for (const d of deleted) if (!entries.has(roleKey(d))) fresh.add(roleKey(d));
    let existed = found;
    if (existed === null) {
      existed = new Set();
      if (fresh.size > 0) for (const r of before) if (fresh.has(roleKey(r))) existed.add(roleKey(r));
    }
    for (const d of deleted) {
      const k = roleKey(d);
      const prior = entries.get(k);
      entries.set(k, { role: null, existed: prior ? prior.existed : existed.has(k) });
    }
    for (const r of changed) {
      const k = roleKey(r);
      const prior = entries.get(k);
      entries.set(k, { role: r, existed: prior ? prior.existed : existed.has(k) });
    }
  }
  state.list = { roles, revision, savedAt: new Date().toISOString() };
  state.listVersion += 1;
}

/**
 * The change for the next broadcast, and forgets it: `{ base, version, added, updated, removed, count }`, or null
 * when the list did not change or was replaced whole (the state's `listVersion` then differs from what views hold).
 */
export function takeChange(state) {
  const change = state.change;
  state.change = null;
  if (!change || change.reset || change.entries.size > MAX_PATCH_ENTRIES) return null;
  const added = [];
  const updated = [];
  const removed = [];
  for (const [k, e] of change.entries) {
    if (e.role !== null) (e.existed ? updated : added).push(e.role);
    else if (e.existed) {
      // Keys, not entries, for what left: views need only which one.
      const i = k.indexOf(':');
      removed.push({ accountId: k.slice(0, i), roleName: k.slice(i + 1) });
    }
  }
  return { base: change.base, version: listVersionOf(state), added, updated, removed, count: state.list.roles.length };
}

/** The list as one JSON string: Firefox structured-clones an array of 20,000 objects in about a second, a string in
 *  a few milliseconds. Made once per list. */
export function listJson(state) {
  if (state.wire.of !== state.list.roles) state.wire = { of: state.list.roles, text: JSON.stringify(state.list.roles) };
  return state.wire.text;
}

/**
 * What a view gets. `roles`: 'array' (the list), 'json' (the list as `rolesJson`, one string) or 'none' (a
 * broadcast: the change travels beside it). `pages`: the view is an extension page, which also gets diagnostics.
 */
export function viewState(state, { roles = 'none', pages = false, sync = null, consoleDiagnostics = [] } = {}) {
  const list = state.list.roles;
  return {
    ...(roles === 'array' ? { roles: list } : roles === 'json' ? { rolesJson: listJson(state) } : {}),
    listVersion: listVersionOf(state),
    count: list.length,
    revision: state.list.revision,
    banner: bannerFor(state.host, list.length),
    host: {
      state: state.host.state,
      message: state.host.message,
      version: state.host.hello?.hostVersion ?? null,
      capabilities: state.host.hello?.capabilities ?? [],
    },
    settings: state.settings,
    syncOffer: state.syncOffer,
    sync,
    ...(pages ? { diagnostics: state.diagnostics, consoleDiagnostics } : {}),
  };
}

/**
 * An error message fit to keep and show: no URLs (a sign-in URL is a bearer secret), account ids or other long
 * numbers, ARNs, quoted names, e-mail addresses or token-like strings; at most 160 characters.
 */
export function scrubMessage(text) {
  const s = String(text ?? '')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>')
    .replace(/\barn:[^\s,;)]+/gi, '<arn>')
    .replace(/\S+@\S+\.\S+/g, '<email>')
    .replace(/(["'“‘`])[^"'”’`]*(["'”’`])/g, '<name>')
    .replace(/[A-Za-z0-9+/=_-]{24,}/g, '<token>')
    .replace(/\d[\d -]{4,}\d/g, '<number>')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > MAX_DIAGNOSTIC_CHARS ? `${s.slice(0, MAX_DIAGNOSTIC_CHARS - 1)}…` : s;
}

/**
 * Records an error the background handles without failing: on its console with LOG_PREFIX, and in the state's
 * diagnostics (newest last, at most MAX_DIAGNOSTICS). `where` is a fixed label naming the step.
 */
export function recordError(state, where, error, log = globalThis.console) {
  const code = typeof error?.codeName === 'string' ? error.codeName : null;
  const message = scrubMessage(error?.message ?? error);
  const entry = { at: new Date().toISOString(), where, ...(code ? { code } : {}), message };
  state.diagnostics.push(entry);
  if (state.diagnostics.length > MAX_DIAGNOSTICS) state.diagnostics.splice(0, state.diagnostics.length - MAX_DIAGNOSTICS);
  try {
    log?.warn?.(`${LOG_PREFIX} ${where}: ${code ? `${code}: ` : ''}${message}`);
  } catch {
    // A console that throws has nowhere else to go; the entry is kept above.
  }
  return entry;
}

/** A sendMessage to a context with no listener (no page open, a tab without the content script): not an error. */
export function isNoReceiver(error) {
  return /Receiving end does not exist|Could not establish connection|No matching message handler/i.test(String(error?.message ?? error));
}

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

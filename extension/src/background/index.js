// Background (Chromium: module service worker; Firefox: module event page). Wires listeners only; the host
// is reached through native-client.js alone.
import { NativeClient } from './native-client.js';
import { applyRoleChanges } from '../lib/roles.js';
import { createRefresher } from './refresher.js';
import { STORAGE_KEYS, DEFAULT_SETTINGS, bannerFor, touchInList, knownKeys, mergeSettings } from './state.js';
import { SyncCopy } from './sync-copy.js';
import { ACTIONS, CAPABILITIES, MAX_REQUEST_BYTES } from '../lib/protocol.js';
import { utf8Length } from '../lib/import-request.js';
import { isConsoleUrl, CONSOLE_MATCHES } from '../lib/hosts.js';
import { parseRoleInfoCookie, rolesToLearn, unresolvedAliases, ROLE_INFO_COOKIE } from '../lib/console-cookie.js';
import { createDiagnostics, newTabProps } from './diagnostics.js';
import { awsCheckTimeout } from '../lib/aws-check.js';
import { openWithFederation, listSsoAccounts, openSsoWithFederation } from './aws.js';
import { startManagedPreset } from './managed.js';

const api = globalThis.browser ?? globalThis.chrome;
const BROWSER = typeof globalThis.browser?.runtime?.getBrowserInfo === 'function' ? 'firefox' : 'chromium';

let cache = { roles: [], revision: null, savedAt: null };
let settings = { ...DEFAULT_SETTINGS };
let learned = new Set();
let pendingTouches = [];
let hostStatus = { state: 'idle', message: null };
// Set after a successful roles.list: the host's catalogue is empty (a new machine), so a sync copy is worth offering.
let hostEmpty = false;
let syncOffer = null;
let syncDismissed = null;
const syncCopy = new SyncCopy({ area: api.storage.sync ?? null });

/** Actions the options page may ask for (it talks to the host only through here). */
const PAGE_ACTIONS = new Set([
  ACTIONS.importPreview, ACTIONS.importApply, ACTIONS.restorePreview, ACTIONS.restoreApply, ACTIONS.export, ACTIONS.backup,
  ACTIONS.rolesUpsert, ACTIONS.rolesDelete, ACTIONS.sourcesList, ACTIONS.sourcesAdd, ACTIONS.sourcesRemove, ACTIONS.sourcesSync,
  ACTIONS.awsCheck,
]);
const WRITE_ACTIONS = new Set([ACTIONS.importApply, ACTIONS.restoreApply, ACTIONS.rolesUpsert, ACTIONS.rolesDelete, ACTIONS.sourcesAdd, ACTIONS.sourcesRemove, ACTIONS.sourcesSync]);
const SLOW_ACTIONS = new Set([ACTIONS.importPreview, ACTIONS.importApply, ACTIONS.restorePreview, ACTIONS.restoreApply, ACTIONS.export, ACTIONS.backup, ACTIONS.sourcesSync]);

const loaded = api.storage.local
  .get([STORAGE_KEYS.cache, STORAGE_KEYS.settings, STORAGE_KEYS.learned, STORAGE_KEYS.pendingTouches, STORAGE_KEYS.syncOfferDismissed])
  .then((v) => {
    if (v[STORAGE_KEYS.cache]?.roles) cache = v[STORAGE_KEYS.cache];
    settings = { ...DEFAULT_SETTINGS, ...(v[STORAGE_KEYS.settings] ?? {}) };
    learned = new Set(v[STORAGE_KEYS.learned] ?? []);
    pendingTouches = v[STORAGE_KEYS.pendingTouches] ?? [];
    syncDismissed = v[STORAGE_KEYS.syncOfferDismissed] ?? null;
  })
  .catch(() => {});

const client = new NativeClient({
  connect: (name) => api.runtime.connectNative(name),
  hello: { browser: BROWSER, extensionVersion: api.runtime.getManifest().version },
  onStatus: (s) => {
    const before = hostStatus.state;
    hostStatus = s;
    if (s.state !== 'ready' || before !== 'ready') hostRevision = null;
    if (s.state === 'ready') {
      diagnostics.connected();
      flushTouches();
      refresh();
    } else if (before !== s.state) {
      broadcast();
    }
  },
  onEvent: (e) => {
    if (e.event === 'changed' && (cache.revision === null || !(e.revision <= cache.revision))) refresh();
  },
});
startManagedPreset({ api, client }); // team sources from browser policy (managed.js)

const diagnostics = createDiagnostics({
  request: (action, params) => client.request(action, params),
  capabilities: () => hostStatus.hello?.capabilities ?? [],
  browser: BROWSER,
  extensionVersion: api.runtime.getManifest().version,
  hostVersion: () => hostStatus.hello?.hostVersion ?? null,
});

// The list crosses to every open view as one JSON string, made once per list: Firefox structured-clones an
// array of 20,000 objects in about a second per message, a string of the same data in a few milliseconds.
let rolesJson = { of: null, text: '[]' };
function rolesText() {
  if (rolesJson.of !== cache.roles) rolesJson = { of: cache.roles, text: JSON.stringify(cache.roles) };
  return rolesJson.text;
}

/**
 * What views get. State broadcasts, and answers to requests with `json: true`, carry the list as one JSON string
 * `rolesJson` (ui/role-list.js rolesOf reads both forms); other answers carry the `roles` array.
 */
function state(json = false) {
  return {
    ...(json ? { rolesJson: rolesText() } : { roles: cache.roles }),
    revision: cache.revision,
    banner: bannerFor(hostStatus, cache.roles.length),
    host: {
      state: hostStatus.state,
      message: hostStatus.message,
      version: hostStatus.hello?.hostVersion ?? null,
      capabilities: hostStatus.hello?.capabilities ?? [],
    },
    settings,
    syncOffer,
    sync: { available: syncCopy.available, ...syncCopy.status },
  };
}

async function broadcast() {
  const message = { type: 'state', state: state(true) };
  // Open extension pages (popup, options) listen on runtime messages; none open is not an error.
  Promise.resolve(api.runtime.sendMessage(message)).catch(() => {});
  let tabs = [];
  try {
    tabs = await api.tabs.query({ url: CONSOLE_MATCHES });
  } catch {
    return;
  }
  for (const t of tabs) Promise.resolve(api.tabs.sendMessage(t.id, message)).catch(() => {});
}

// Reloads the list from the host and tells every open view; see refresher.js for changes during a reload.
const refresh = createRefresher(async () => {
  try {
    const roles = (await loadChanges()) ?? (await loadWhole());
    hostEmpty = roles.length === 0;
    if (settings.syncCopy !== false) syncCopy.schedule(roles);
    // Before the list is saved: open pages reload their state when it is, and must see the offer then.
    await updateSyncOffer();
  } catch {
    // The status listener has already put up the banner; the cached list stays.
  }
}, async () => {
  await broadcast();
  saveCache();
});

// The revision of the list this connection last loaded from the host, or null: then only a whole list is right
// (a new connection may be a new host on another database; the saved list may be stale).
let hostRevision = null;

async function loadWhole() {
  hostRevision = null;
  const result = await client.request(ACTIONS.rolesList, {}, 30000);
  cache = { roles: result.roles, revision: result.revision, savedAt: new Date().toISOString() };
  hostRevision = result.revision;
  return result.roles;
}

// Issue 6: at 20,000 entries a whole list takes over a second to fetch and reassemble, so after a change only
// what changed since the list we hold is asked for. Null when that cannot be done; the caller loads it whole.
async function loadChanges() {
  if (hostRevision === null || hostRevision !== cache.revision) return null;
  if (!(hostStatus.hello?.capabilities ?? []).includes(CAPABILITIES.rolesListSince)) return null;
  try {
    const base = hostRevision;
    const changes = await client.request(ACTIONS.rolesList, { sinceRevision: base }, 30000);
    // Another load may have replaced the list meanwhile; only a list at `since` takes these changes.
    if (changes.since !== base || cache.revision !== base || !Array.isArray(changes.deleted)) return null;
    // Nothing changed: keep the same array, so its JSON for the views is not made again.
    const same = changes.roles.length === 0 && changes.deleted.length === 0 && changes.live === cache.roles.length;
    const roles = same ? cache.roles : applyRoleChanges(cache.roles, changes);
    if (roles === null) return null;
    cache = { roles, revision: changes.revision, savedAt: new Date().toISOString() };
    hostRevision = changes.revision;
    return roles;
  } catch {
    return null;
  }
}

// Saving the list for offline use takes about a second at 20,000 entries, so it runs after the views were told,
// one save at a time, always the newest list.
let saving = null;
let saveAgain = false;
let saveTimer = null;
// Storing 20,000 entries blocks the background for about a second: wait until changes pause, so a change that
// arrives meanwhile is not held up behind the save of the one before.
const SAVE_QUIET_MS = 1500;
function saveCache() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveCacheNow, SAVE_QUIET_MS);
}

function saveCacheNow() {
  if (saving) {
    saveAgain = true;
    return;
  }
  saving = (async () => {
    do {
      saveAgain = false;
      try {
        await api.storage.local.set({ [STORAGE_KEYS.cache]: cache });
      } catch {
        // Over the storage quota or storage unavailable: the live list is unaffected.
      }
    } while (saveAgain);
    saving = null;
  })();
}

/** Offers the browser's sync copy when the host has no entries (a new machine) and the copy has some. */
async function updateSyncOffer() {
  let offer = null;
  if (hostEmpty && hostStatus.state === 'ready') {
    const copy = await syncCopy.read();
    if (copy.entries.length > 0 && copy.savedAt !== syncDismissed) {
      offer = { count: copy.entries.length, total: copy.total, savedAt: copy.savedAt, partial: copy.state === 'partial' };
    }
  }
  const changed = JSON.stringify(offer) !== JSON.stringify(syncOffer);
  syncOffer = offer;
  return changed;
}

async function restoreFromSync() {
  const copy = await syncCopy.read();
  if (copy.entries.length === 0) return { ok: false, error: "The browser's sync storage holds no SwitchRole entries." };
  const result = await client.request(ACTIONS.rolesUpsert, { roles: copy.entries.map((e) => ({ ...e, origin: 'import' })) }, 60000);
  syncOffer = null;
  await refresh();
  return { ok: true, added: result.added, updated: result.updated, unchanged: result.unchanged, partial: copy.state === 'partial' };
}

function isExtensionPage(sender) {
  const base = api.runtime.getURL('');
  return sender?.id === api.runtime.id && typeof sender?.url === 'string' && sender.url.startsWith(base);
}

/** One request from the options page to the host; errors come back as values, with the host's code and field. */
async function pageRequest(msg, sender) {
  if (!isExtensionPage(sender)) return { ok: false, error: 'Only SwitchRole\'s own pages can ask for this.' };
  const action = String(msg.action ?? '');
  if (!PAGE_ACTIONS.has(action)) return { ok: false, error: `Unknown action ${action}.` };
  const params = msg.params && typeof msg.params === 'object' ? msg.params : {};
  // The host exits on a frame over its cap; refuse here so the port survives.
  if (utf8Length(JSON.stringify(params)) > MAX_REQUEST_BYTES - 4096) {
    return { ok: false, error: 'The request is too large for the SwitchRole host (8 MB at most).' };
  }
  client.start();
  try {
    const timeoutMs = action === ACTIONS.awsCheck ? awsCheckTimeout(params) : SLOW_ACTIONS.has(action) ? 120000 : 15000;
    const result = await client.request(action, params, timeoutMs);
    if (WRITE_ACTIONS.has(action)) refresh();
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e), code: e?.code ?? null, field: e?.field ?? null };
  }
}

async function flushTouches() {
  if (pendingTouches.length === 0) return;
  const todo = pendingTouches;
  pendingTouches = [];
  await api.storage.local.set({ [STORAGE_KEYS.pendingTouches]: pendingTouches });
  for (const t of todo) {
    try {
      await client.request(ACTIONS.rolesTouch, t);
    } catch {
      // An entry deleted meanwhile: nothing to record.
    }
  }
}

async function touch(accountId, roleName) {
  cache = { ...cache, roles: touchInList(cache.roles, accountId, roleName, new Date().toISOString()) };
  saveCache();
  try {
    await client.request(ACTIONS.rolesTouch, { accountId, roleName });
  } catch (e) {
    if (e?.code !== 7 /* NotFound */) {
      pendingTouches.push({ accountId, roleName });
      await api.storage.local.set({ [STORAGE_KEYS.pendingTouches]: pendingTouches });
    }
  }
}

// Only from the cookies API (the tab's cookie store): never a value a page handed over.
async function readRoleInfoCookie(url, tab) {
  try {
    const c = await api.cookies?.get?.({ url, name: ROLE_INFO_COOKIE, ...(tab?.cookieStoreId ? { storeId: tab.cookieStoreId } : {}) });
    return c?.value ?? null;
  } catch {
    return null; // no permission for this host in this browser
  }
}

async function learnFromConsole(url, tab, pageAliases) {
  await loaded;
  if (settings.learnFromConsole === false || !isConsoleUrl(url)) return { learned: 0 };
  const parsed = parseRoleInfoCookie(await readRoleInfoCookie(url, tab));
  const aliases = pageAliases && typeof pageAliases === 'object' ? pageAliases : null;
  const skipped = unresolvedAliases(parsed, aliases);
  if (skipped > 0) console.info(`SwitchRole: skipped ${skipped} console history ${skipped === 1 ? 'entry' : 'entries'} naming an account alias; the page did not say which account id it is.`);
  const roles = rolesToLearn(parsed, knownKeys(cache.roles), learned, aliases);
  if (roles.length === 0) return { learned: 0 };
  await client.request(ACTIONS.rolesUpsert, { roles });
  for (const r of roles) learned.add(`${r.accountId}:${r.roleName}`);
  await api.storage.local.set({ [STORAGE_KEYS.learned]: [...learned] });
  await refresh();
  return { learned: roles.length };
}

const handlers = {
  'get-state': async (msg) => {
    await loaded;
    client.start();
    return state(msg.json === true);
  },
  touch: async (msg) => {
    await touch(String(msg.accountId), String(msg.roleName));
    return { ok: true };
  },
  'console-page': async (msg, sender) => learnFromConsole(sender.tab?.url ?? msg.url, sender.tab, msg.aliases),
  diagnostics: async (msg, sender) => diagnostics.record(sender.tab?.id, msg.report),
  'get-diagnostics': async (msg) => diagnostics.view(msg.tabId),
  'open-tab': async (msg, sender) => {
    if (!isConsoleUrl(msg.url)) return { ok: false, error: 'Refused to open a page outside the AWS console.' };
    await api.tabs.create(newTabProps(sender.tab, msg.url));
    return { ok: true };
  },
  'set-settings': async (msg) => {
    await loaded;
    settings = mergeSettings(settings, msg.settings);
    await api.storage.local.set({ [STORAGE_KEYS.settings]: settings });
    if (settings.syncCopy !== false && cache.roles.length > 0) syncCopy.schedule(cache.roles);
    return { ok: true, settings };
  },
  host: pageRequest,
  // "Open in a new window (federation)" from the popup or options page: the sign-in URL never leaves this function.
  'open-federated': async (msg, sender) => {
    if (!isExtensionPage(sender)) return { ok: false, error: 'Only SwitchRole\'s own pages can ask for this.' };
    client.start();
    return openWithFederation({ request: (action, params, timeoutMs) => client.request(action, params, timeoutMs), windows: api.windows, role: msg.role });
  },
  // The popup's Identity Center section: accounts and permission sets, and "Open" (the URL never leaves openSsoWithFederation).
  'sso-accounts': async (msg, sender) => {
    if (!isExtensionPage(sender)) return { ok: false, error: 'Only SwitchRole\'s own pages can ask for this.' };
    client.start();
    return listSsoAccounts({ request: (action, params, timeoutMs) => client.request(action, params, timeoutMs) });
  },
  'open-sso': async (msg, sender) => {
    if (!isExtensionPage(sender)) return { ok: false, error: 'Only SwitchRole\'s own pages can ask for this.' };
    client.start();
    return openSsoWithFederation({ request: (action, params, timeoutMs) => client.request(action, params, timeoutMs), windows: api.windows, accountId: msg.accountId, permissionSet: msg.permissionSet });
  },
  'sync-restore': async (msg, sender) => {
    if (!isExtensionPage(sender)) return { ok: false, error: 'Only SwitchRole\'s own pages can ask for this.' };
    try {
      return await restoreFromSync();
    } catch (e) {
      return { ok: false, error: String(e?.message ?? e) };
    }
  },
  'sync-dismiss': async (msg, sender) => {
    if (!isExtensionPage(sender)) return { ok: false };
    syncDismissed = syncOffer?.savedAt ?? null;
    syncOffer = null;
    await api.storage.local.set({ [STORAGE_KEYS.syncOfferDismissed]: syncDismissed });
    return { ok: true };
  },
  'sync-clear': async (msg, sender) => {
    if (!isExtensionPage(sender)) return { ok: false };
    await syncCopy.clear();
    syncOffer = null;
    return { ok: true };
  },
  refresh: async (msg) => {
    client.start();
    await refresh();
    return state(msg.json === true);
  },
};

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  // Only our own pages and content scripts can reach this listener (no externally_connectable).
  const handler = handlers[msg?.type];
  if (!handler) return false;
  handler(msg, sender).then(
    (v) => sendResponse(v),
    (e) => sendResponse({ ok: false, error: String(e?.message ?? e) }),
  );
  return true;
});

api.commands?.onCommand.addListener(async (command) => {
  if (command !== 'open-menu') return;
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  if (tab?.id !== undefined) Promise.resolve(api.tabs.sendMessage(tab.id, { type: 'open-menu' })).catch(() => {});
});

api.storage.onChanged?.addListener((changes, area) => {
  // A copy arriving from another machine (sync is eventually consistent, item by item).
  if (area === 'sync' && hostEmpty) updateSyncOffer().then((changed) => changed && broadcast());
});

loaded.then(() => client.start());

// Background (Chromium: module service worker; Firefox: module event page). Wires listeners only; the host
// is reached through native-client.js alone.
import { NativeClient } from './native-client.js';
import { createRefresher } from './refresher.js';
import { STORAGE_KEYS, DEFAULT_SETTINGS, bannerFor, touchInList, knownKeys } from './state.js';
import { ACTIONS } from '../lib/protocol.js';
import { isConsoleUrl } from '../lib/hosts.js';
import { parseRoleInfoCookie, rolesToLearn, ROLE_INFO_COOKIE } from '../lib/console-cookie.js';

const api = globalThis.browser ?? globalThis.chrome;
const CONSOLE_MATCHES = ['https://*.console.aws.amazon.com/*', 'https://*.console.amazonaws-us-gov.com/*', 'https://*.console.amazonaws.cn/*'];
const BROWSER = typeof globalThis.browser?.runtime?.getBrowserInfo === 'function' ? 'firefox' : 'chromium';

let cache = { roles: [], revision: null, savedAt: null };
let settings = { ...DEFAULT_SETTINGS };
let learned = new Set();
let pendingTouches = [];
let hostStatus = { state: 'idle', message: null };

const loaded = api.storage.local
  .get([STORAGE_KEYS.cache, STORAGE_KEYS.settings, STORAGE_KEYS.learned, STORAGE_KEYS.pendingTouches])
  .then((v) => {
    if (v[STORAGE_KEYS.cache]?.roles) cache = v[STORAGE_KEYS.cache];
    settings = { ...DEFAULT_SETTINGS, ...(v[STORAGE_KEYS.settings] ?? {}) };
    learned = new Set(v[STORAGE_KEYS.learned] ?? []);
    pendingTouches = v[STORAGE_KEYS.pendingTouches] ?? [];
  })
  .catch(() => {});

const client = new NativeClient({
  connect: (name) => api.runtime.connectNative(name),
  hello: { browser: BROWSER, extensionVersion: api.runtime.getManifest().version },
  onStatus: (s) => {
    const before = hostStatus.state;
    hostStatus = s;
    if (s.state === 'ready') {
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
    host: { state: hostStatus.state, message: hostStatus.message, version: hostStatus.hello?.hostVersion ?? null },
    settings,
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
    const result = await client.request(ACTIONS.rolesList, {}, 30000);
    cache = { roles: result.roles, revision: result.revision, savedAt: new Date().toISOString() };
  } catch {
    // The status listener has already put up the banner; the cached list stays.
  }
}, async () => {
  await broadcast();
  saveCache();
});

// Saving the list for offline use takes about a second at 20,000 entries, so it runs after the views were told,
// one save at a time, always the newest list.
let saving = null;
let saveAgain = false;
function saveCache() {
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

async function readRoleInfoCookie(url, tab, fallback) {
  try {
    if (api.cookies?.get) {
      const c = await api.cookies.get({ url, name: ROLE_INFO_COOKIE, ...(tab?.cookieStoreId ? { storeId: tab.cookieStoreId } : {}) });
      if (c?.value) return c.value;
    }
  } catch {
    // No permission for this host in this browser: use what the page could read.
  }
  return typeof fallback === 'string' ? fallback : null;
}

async function learnFromConsole(url, tab, pageValue) {
  await loaded;
  if (settings.learnFromConsole === false || !isConsoleUrl(url)) return { learned: 0 };
  const parsed = parseRoleInfoCookie(await readRoleInfoCookie(url, tab, pageValue));
  const roles = rolesToLearn(parsed, knownKeys(cache.roles), learned);
  if (roles.length === 0) return { learned: 0 };
  await client.request(ACTIONS.rolesUpsert, { roles });
  for (const r of roles) learned.add(`${r.accountId}:${r.roleName}`);
  await api.storage.local.set({ [STORAGE_KEYS.learned]: [...learned] });
  await refresh();
  return { learned: roles.length };
}

/** Writes are for the extension's own pages (popup, options), not for content scripts in web pages. */
function fromExtensionPage(sender) {
  return typeof sender?.url === 'string' && sender.url.startsWith(api.runtime.getURL('')) && !sender.tab?.url?.startsWith('http');
}

async function write(msg, action, params) {
  const result = await client.request(action, params);
  await refresh();
  return { ok: true, result, state: state(msg.json === true) };
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
  'console-page': async (msg, sender) => learnFromConsole(sender.tab?.url ?? msg.url, sender.tab, msg.roleInfoCookie),
  'open-tab': async (msg, sender) => {
    if (!isConsoleUrl(msg.url)) return { ok: false, error: 'Refused to open a page outside the AWS console.' };
    await api.tabs.create({ url: msg.url, index: (sender.tab?.index ?? 0) + 1, active: true });
    return { ok: true };
  },
  'set-settings': async (msg) => {
    settings = { ...settings, learnFromConsole: msg.settings?.learnFromConsole !== false };
    await api.storage.local.set({ [STORAGE_KEYS.settings]: settings });
    return { ok: true, settings };
  },
  'roles-upsert': async (msg, sender) => {
    if (!fromExtensionPage(sender)) return { ok: false, error: 'Only SwitchRole pages can change entries.' };
    return write(msg, ACTIONS.rolesUpsert, { roles: Array.isArray(msg.roles) ? msg.roles : [] });
  },
  'roles-delete': async (msg, sender) => {
    if (!fromExtensionPage(sender)) return { ok: false, error: 'Only SwitchRole pages can change entries.' };
    return write(msg, ACTIONS.rolesDelete, { accountId: String(msg.accountId), roleName: String(msg.roleName) });
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

loaded.then(() => client.start());

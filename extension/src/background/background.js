// The background: one state object (state.js), one broadcast, and the handlers for the runtime messages in
// lib/messages.js. The host is reached through the native client alone. index.js creates it with the browser's APIs;
// tests create it with stand-ins.
import { applyRoleChanges, patchSorted, sortRoles, SMALL_CHANGE } from '../lib/roles.js';
import { createRefresher } from './refresher.js';
import {
  STORAGE_KEYS, DEFAULT_SETTINGS, createState, replaceList, patchList, takeChange, viewState, recordError, isNoReceiver,
  touchInList, knownKeys, mergeSettings,
} from './state.js';
import { SyncCopy } from './sync-copy.js';
import { ACTIONS, CAPABILITIES, MAX_REQUEST_BYTES, ERROR_CODES } from '../lib/protocol.js';
import { MESSAGES, BACKGROUND_MESSAGES, PAGES_ONLY_ERROR } from '../lib/messages.js';
import { utf8Length } from '../lib/import-request.js';
import { isConsoleUrl, CONSOLE_MATCHES } from '../lib/hosts.js';
import { parseRoleInfoCookie, rolesToLearn, unresolvedAliases, ROLE_INFO_COOKIE } from '../lib/console-cookie.js';
import { awsCheckTimeout } from '../lib/aws-check.js';
import { openWithFederation, listSsoAccounts, listSsoSessions, openSsoWithFederation, SSO_SESSION } from './aws.js';
import { createDiagnostics, newTabProps } from './diagnostics.js';
import { applyManagedPreset, MANAGED_KEY } from './managed.js';

/** Actions the options page may ask the host for (it talks to the host only through here). */
const PAGE_ACTIONS = new Set([
  ACTIONS.importPreview, ACTIONS.importApply, ACTIONS.restorePreview, ACTIONS.restoreApply, ACTIONS.export, ACTIONS.backup,
  ACTIONS.rolesUpsert, ACTIONS.rolesDelete, ACTIONS.sourcesList, ACTIONS.sourcesAdd, ACTIONS.sourcesRemove, ACTIONS.sourcesSync,
  ACTIONS.awsCheck,
]);
const WRITE_ACTIONS = new Set([ACTIONS.importApply, ACTIONS.restoreApply, ACTIONS.rolesUpsert, ACTIONS.rolesDelete, ACTIONS.sourcesAdd, ACTIONS.sourcesRemove, ACTIONS.sourcesSync]);
const SLOW_ACTIONS = new Set([ACTIONS.importPreview, ACTIONS.importApply, ACTIONS.restorePreview, ACTIONS.restoreApply, ACTIONS.export, ACTIONS.backup, ACTIONS.sourcesSync]);

// Storing 20,000 entries blocks the background for about a second: wait until changes pause, so a change that
// arrives meanwhile is not held up behind the save of the one before.
export const SAVE_QUIET_MS = 1500;

/**
 * True for a message from one of this extension's own pages (popup, options), false for a content script: its
 * sender is this extension too, but its URL (and Chromium's `origin`) is the web page's.
 */
export function isExtensionPage(runtime, sender) {
  const base = runtime.getURL('');
  if (sender?.id !== runtime.id || typeof sender?.url !== 'string' || !sender.url.startsWith(base)) return false;
  if (typeof sender.origin === 'string' && !base.startsWith(`${sender.origin}/`)) return false;
  return true;
}

/**
 * @param {object} opts
 * @param {object} opts.api the browser's extension API (chrome / browser): runtime, tabs, windows, cookies, commands, storage
 * @param {import('./native-client.js').NativeClient} opts.client the one client of the host
 * @param {{ get: Function, set: Function }} opts.storage where the list, settings and learned roles are kept (storage.local)
 * @param {object} [opts.log] the console errors are logged to
 * @param {string} [opts.epoch] tells this background's list versions from an earlier run's (tests pin it)
 * @param {string} [opts.browser] 'chromium' or 'firefox', for the console diagnostics
 * @returns {{ state: object, broadcast: () => Promise<void>, handle: Function, listen: Function, start: Function, refresh: Function, loaded: Promise<void> }}
 */
export function createBackground({ api, client, storage, log = globalThis.console, epoch, browser = 'chromium' }) {
  const state = createState(epoch ? { epoch } : {});
  const note = (where, error) => recordError(state, where, error, log);
  const syncCopy = new SyncCopy({ area: api.storage?.sync ?? null, onError: note });
  const request = (action, params, timeoutMs) => client.request(action, params, timeoutMs);
  // The content scripts' console-hook reports, kept in the state object (state.hooks); pages get them by broadcast.
  const hooks = createDiagnostics({
    request,
    capabilities: () => state.host.hello?.capabilities ?? [],
    browser,
    extensionVersion: api.runtime.getManifest?.().version ?? null,
    hostVersion: () => state.host.hello?.hostVersion ?? null,
    onError: note,
    slot: state.hooks,
  });
  // Team sources from browser policy (managed.js): applied at each connection and when the policy changes.
  const applyManaged = () => applyManagedPreset({ managed: api.storage?.managed ?? null, request, slot: state.managed, onError: note });

  const loaded = Promise.resolve()
    .then(() => storage.get([STORAGE_KEYS.cache, STORAGE_KEYS.settings, STORAGE_KEYS.learned, STORAGE_KEYS.pendingTouches, STORAGE_KEYS.syncOfferDismissed]))
    .then((v) => {
      const saved = v[STORAGE_KEYS.cache];
      if (Array.isArray(saved?.roles)) state.list = { roles: saved.roles, revision: saved.revision ?? null, savedAt: saved.savedAt ?? null };
      state.settings = { ...DEFAULT_SETTINGS, ...(v[STORAGE_KEYS.settings] ?? {}) };
      state.learned = new Set(v[STORAGE_KEYS.learned] ?? []);
      state.pendingTouches = v[STORAGE_KEYS.pendingTouches] ?? [];
      state.syncDismissed = v[STORAGE_KEYS.syncOfferDismissed] ?? null;
    })
    .catch((e) => note('read saved state', e));

  client.listen({
    onStatus: (s) => {
      const before = state.host.state;
      state.host = s;
      if (s.state !== 'ready' || before !== 'ready') state.hostRevision = null;
      if (s.state === 'ready') {
        hooks.connected();
        flushTouches();
        refresh();
        applyManaged();
      } else if (before !== s.state) {
        broadcast();
      }
    },
    onEvent: (e) => {
      if (e.event === 'changed' && (state.list.revision === null || !(e.revision <= state.list.revision))) refresh();
    },
    onError: note,
  });

  function syncStatus() {
    return { available: syncCopy.available, ...syncCopy.status };
  }

  /**
   * Tells every open view: extension pages through runtime messages, console tabs' content scripts through their
   * tabs. Carries the state without the list, and the list's change since the last broadcast when there is one;
   * a view that cannot apply it (it holds another version) asks for the whole list (lib/state-view.js).
   */
  async function broadcast() {
    const change = takeChange(state);
    const base = { type: MESSAGES.state, ...(change ? { change } : {}) };
    const toPages = { ...base, state: viewState(state, { pages: true, sync: syncStatus(), consoleDiagnostics: hooks.views(state.diagnostics) }) };
    const toTabs = { ...base, state: viewState(state, { sync: syncStatus() }) };
    // None open is not an error; anything else is recorded.
    Promise.resolve(api.runtime.sendMessage(toPages)).catch((e) => isNoReceiver(e) || note('broadcast to pages', e));
    let tabs = [];
    try {
      tabs = await api.tabs.query({ url: CONSOLE_MATCHES });
    } catch (e) {
      note('broadcast: list console tabs', e);
      return;
    }
    for (const t of tabs) Promise.resolve(api.tabs.sendMessage(t.id, toTabs)).catch((e) => isNoReceiver(e) || note('broadcast to a tab', e));
  }

  /**
   * Tells the extension's pages only (the popup's diagnostics line): no list change goes with it, so a change still
   * waiting for its broadcast goes out to every view instead.
   */
  function broadcastPages() {
    if (state.change !== null) return broadcast();
    const message = { type: MESSAGES.state, state: viewState(state, { pages: true, sync: syncStatus(), consoleDiagnostics: hooks.views(state.diagnostics) }) };
    return Promise.resolve(api.runtime.sendMessage(message)).catch((e) => isNoReceiver(e) || note('broadcast to pages', e));
  }

  // Reloads the list from the host and tells every open view; see refresher.js for changes during a reload.
  const refresh = createRefresher(async () => {
    try {
      const roles = (await loadChanges()) ?? (await loadWhole());
      state.hostEmpty = roles.length === 0;
      if (state.settings.syncCopy !== false) syncCopy.schedule(roles);
      await updateSyncOffer();
    } catch (e) {
      // The status listener has already put up the banner; the saved list stays.
      note('reload the list', e);
    }
  }, async () => {
    await broadcast();
    saveCache();
  });

  async function loadWhole() {
    state.hostRevision = null;
    const result = await client.request(ACTIONS.rolesList, {}, 30000);
    replaceList(state, result.roles, result.revision);
    state.hostRevision = result.revision;
    return result.roles;
  }

  // At 20,000 entries a whole list takes over a second to fetch and reassemble, so after a change only what changed
  // since the list held is asked for. Null when that cannot be done; the caller loads it whole.
  async function loadChanges() {
    if (state.hostRevision === null || state.hostRevision !== state.list.revision) return null;
    if (!(state.host.hello?.capabilities ?? []).includes(CAPABILITIES.rolesListSince)) return null;
    try {
      const base = state.hostRevision;
      const changes = await client.request(ACTIONS.rolesList, { sinceRevision: base }, 30000);
      // Another load may have replaced the list meanwhile; only a list at `since` takes these changes.
      if (changes.since !== base || state.list.revision !== base || !Array.isArray(changes.deleted)) return null;
      // Nothing changed: keep the same array and version, so views have nothing to do.
      if (changes.roles.length === 0 && changes.deleted.length === 0 && changes.live === state.list.roles.length) {
        state.list = { ...state.list, revision: changes.revision };
        state.hostRevision = changes.revision;
        return state.list.roles;
      }
      // A few changes in a long list: patched in place of a pass that keys and re-checks every entry.
      const small = changes.roles.length + changes.deleted.length <= SMALL_CHANGE;
      const found = small ? new Set() : null;
      const roles = small ? patchSorted(state.list.roles, changes.roles, changes.deleted, found) : applyRoleChanges(state.list.roles, changes);
      if (roles === null || (Number.isInteger(changes.live) && roles.length !== changes.live)) return null;
      patchList(state, roles, changes.revision, changes.roles, changes.deleted, found);
      state.hostRevision = changes.revision;
      return roles;
    } catch (e) {
      note('roles.list since a revision', e);
      return null;
    }
  }

  function saveCache() {
    clearTimeout(state.save.timer);
    state.save.timer = setTimeout(saveCacheNow, SAVE_QUIET_MS);
  }

  // One save at a time, always the newest list.
  function saveCacheNow() {
    if (state.save.running) {
      state.save.again = true;
      return;
    }
    state.save.running = (async () => {
      do {
        state.save.again = false;
        try {
          await storage.set({ [STORAGE_KEYS.cache]: state.list });
        } catch (e) {
          // Over the storage quota or storage unavailable: the live list is unaffected.
          note('save the list', e);
        }
      } while (state.save.again);
      state.save.running = null;
    })();
  }

  /** Offers the browser's sync copy when the host has no entries (a new machine) and the copy has some. */
  async function updateSyncOffer() {
    let offer = null;
    if (state.hostEmpty && state.host.state === 'ready') {
      const copy = await syncCopy.read();
      if (copy.entries.length > 0 && copy.savedAt !== state.syncDismissed) {
        offer = { count: copy.entries.length, total: copy.total, savedAt: copy.savedAt, partial: copy.state === 'partial' };
      }
    }
    const changed = JSON.stringify(offer) !== JSON.stringify(state.syncOffer);
    state.syncOffer = offer;
    return changed;
  }

  async function restoreFromSync() {
    const copy = await syncCopy.read();
    if (copy.entries.length === 0) return { ok: false, error: "The browser's sync storage holds no SwitchRole entries." };
    const result = await client.request(ACTIONS.rolesUpsert, { roles: copy.entries.map((e) => ({ ...e, origin: 'import' })) }, 60000);
    state.syncOffer = null;
    await refresh();
    return { ok: true, added: result.added, updated: result.updated, unchanged: result.unchanged, partial: copy.state === 'partial' };
  }

  /** One request from the options page to the host; errors come back as values, with the host's code and field. */
  async function pageRequest(msg) {
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
    if (state.pendingTouches.length === 0) return;
    const todo = state.pendingTouches;
    state.pendingTouches = [];
    try {
      await storage.set({ [STORAGE_KEYS.pendingTouches]: state.pendingTouches });
    } catch (e) {
      note('save pending uses', e);
    }
    for (const t of todo) {
      try {
        await client.request(ACTIONS.rolesTouch, t);
      } catch (e) {
        // An entry deleted meanwhile has nothing to record; anything else is worth knowing.
        if (e?.code !== ERROR_CODES.NotFound) note('record a pending use', e);
      }
    }
  }

  async function touch(accountId, roleName) {
    // Kept in order (a use moves the entry to the top), so changes can be patched in by binary search.
    state.list = { ...state.list, roles: sortRoles(touchInList(state.list.roles, accountId, roleName, new Date().toISOString())) };
    saveCache();
    try {
      await client.request(ACTIONS.rolesTouch, { accountId, roleName });
    } catch (e) {
      if (e?.code !== ERROR_CODES.NotFound) {
        note('record a use (kept for later)', e);
        state.pendingTouches.push({ accountId, roleName });
        await storage.set({ [STORAGE_KEYS.pendingTouches]: state.pendingTouches });
      }
    }
  }

  // Only from the cookies API (the tab's cookie store, so a Firefox container's own): never a value a page handed over.
  async function readRoleInfoCookie(url, tab) {
    try {
      const c = await api.cookies?.get?.({ url, name: ROLE_INFO_COOKIE, ...(tab?.cookieStoreId ? { storeId: tab.cookieStoreId } : {}) });
      return c?.value ?? null;
    } catch (e) {
      // No permission for this host in this browser: nothing is learned.
      note('read the console history cookie', e);
      return null;
    }
  }

  async function learnFromConsole(url, tab, pageAliases) {
    await loaded;
    if (state.settings.learnFromConsole === false || !isConsoleUrl(url)) return { learned: 0 };
    const parsed = parseRoleInfoCookie(await readRoleInfoCookie(url, tab));
    const aliases = pageAliases && typeof pageAliases === 'object' ? pageAliases : null;
    const skipped = unresolvedAliases(parsed, aliases);
    if (skipped > 0) log?.info?.(`SwitchRole: skipped ${skipped} console history ${skipped === 1 ? 'entry' : 'entries'} naming an account alias; the page did not say which account id it is.`);
    const roles = rolesToLearn(parsed, knownKeys(state.list.roles), state.learned, aliases);
    if (roles.length === 0) return { learned: 0 };
    await client.request(ACTIONS.rolesUpsert, { roles });
    for (const r of roles) state.learned.add(`${r.accountId}:${r.roleName}`);
    await storage.set({ [STORAGE_KEYS.learned]: [...state.learned] });
    await refresh();
    return { learned: roles.length };
  }

  /** The state as a view asked for it: with the whole list (as one JSON string when `json`). */
  function stateFor(msg, sender) {
    const pages = isExtensionPage(api.runtime, sender);
    return viewState(state, { roles: msg.json === true ? 'json' : 'array', pages, sync: syncStatus(), consoleDiagnostics: pages ? hooks.views(state.diagnostics) : [] });
  }

  // One handler per message type; BACKGROUND_MESSAGES says who may send each.
  const handlers = {
    [MESSAGES.getState]: async (msg, sender) => {
      await loaded;
      client.start();
      return stateFor(msg, sender);
    },
    [MESSAGES.refresh]: async (msg, sender) => {
      client.start();
      await refresh();
      return stateFor(msg, sender);
    },
    [MESSAGES.touch]: async (msg) => {
      await touch(String(msg.accountId), String(msg.roleName));
      return { ok: true };
    },
    [MESSAGES.consolePage]: async (msg, sender) => learnFromConsole(sender.tab?.url ?? msg.url, sender.tab, msg.aliases),
    // A content script's console-hook report for its tab; open pages (the popup) get it with the next broadcast.
    [MESSAGES.diagnostics]: async (msg, sender) => {
      const answer = hooks.record(sender.tab?.id, msg.report);
      if (answer.ok) broadcastPages();
      return answer;
    },
    [MESSAGES.openTab]: async (msg, sender) => {
      if (!isConsoleUrl(msg.url)) return { ok: false, error: 'Refused to open a page outside the AWS console.' };
      // Next to the sender's tab, in its window and (Firefox) its container.
      await api.tabs.create(newTabProps(sender.tab, msg.url));
      return { ok: true };
    },
    [MESSAGES.setSettings]: async (msg) => {
      await loaded;
      state.settings = mergeSettings(state.settings, msg.settings);
      await storage.set({ [STORAGE_KEYS.settings]: state.settings });
      if (state.settings.syncCopy !== false && state.list.roles.length > 0) syncCopy.schedule(state.list.roles);
      broadcast();
      return { ok: true, settings: state.settings };
    },
    [MESSAGES.host]: pageRequest,
    // "Open in a new window (federation)" from the popup or options page: the sign-in URL never leaves this function.
    [MESSAGES.openFederated]: async (msg) => {
      client.start();
      return openWithFederation({
        request: (action, params, timeoutMs) => client.request(action, params, timeoutMs),
        windows: api.windows,
        role: msg.role,
        onError: note,
      });
    },
    // The popup's Identity Center section: accounts and permission sets, and "Open" (the URL never leaves openSsoWithFederation).
    // With two or more sso-sessions the popup offers a choice; the one last listed is remembered (storage.local).
    [MESSAGES.ssoSessions]: async () => {
      client.start();
      const res = await listSsoSessions({ request });
      if (!res.ok) return res;
      const saved = (await storage.get([STORAGE_KEYS.ssoSession]))[STORAGE_KEYS.ssoSession];
      return { ...res, chosen: res.sessions.some((s) => s.name === saved) ? saved : null };
    },
    [MESSAGES.ssoAccounts]: async (msg) => {
      client.start();
      // The person's choice, kept even when that session is not signed in: the next popup shows the same sentence.
      if (typeof msg.ssoSession === 'string' && SSO_SESSION.test(msg.ssoSession)) {
        await storage.set({ [STORAGE_KEYS.ssoSession]: msg.ssoSession });
      }
      return listSsoAccounts({ request, ssoSession: msg.ssoSession });
    },
    [MESSAGES.openSso]: async (msg) => {
      client.start();
      return openSsoWithFederation({ request, windows: api.windows, accountId: msg.accountId, permissionSet: msg.permissionSet, ssoSession: msg.ssoSession, onError: note });
    },
    [MESSAGES.syncRestore]: async () => {
      try {
        return await restoreFromSync();
      } catch (e) {
        return { ok: false, error: String(e?.message ?? e) };
      }
    },
    [MESSAGES.syncDismiss]: async () => {
      state.syncDismissed = state.syncOffer?.savedAt ?? null;
      state.syncOffer = null;
      await storage.set({ [STORAGE_KEYS.syncOfferDismissed]: state.syncDismissed });
      broadcast();
      return { ok: true };
    },
    [MESSAGES.syncClear]: async () => {
      await syncCopy.clear();
      state.syncOffer = null;
      broadcast();
      return { ok: true };
    },
  };

  /** Handles one runtime message: a promise of the answer, or null when the type is not the background's. */
  function handle(msg, sender) {
    const type = msg?.type;
    const who = Object.hasOwn(BACKGROUND_MESSAGES, type) ? BACKGROUND_MESSAGES[type] : null;
    if (!who || !handlers[type]) return null;
    if (who === 'pages' && !isExtensionPage(api.runtime, sender)) return Promise.resolve({ ok: false, error: PAGES_ONLY_ERROR });
    return handlers[type](msg, sender).catch((e) => {
      note(`handle ${type}`, e);
      return { ok: false, error: String(e?.message ?? e) };
    });
  }

  /** Registers the browser listeners. */
  function listen() {
    api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
      // Only our own pages and content scripts can reach this listener (no externally_connectable).
      const answer = handle(msg, sender);
      if (!answer) return false;
      answer.then(sendResponse);
      return true;
    });
    api.commands?.onCommand.addListener(async (command) => {
      if (command !== 'open-menu') return;
      try {
        const [tab] = await api.tabs.query({ active: true, currentWindow: true });
        if (tab?.id !== undefined) await api.tabs.sendMessage(tab.id, { type: MESSAGES.openMenu });
      } catch (e) {
        if (!isNoReceiver(e)) note('open the menu from the shortcut', e);
      }
    });
    // A closed tab's hook report goes with it.
    api.tabs?.onRemoved?.addListener((tabId) => hooks.forget(tabId));
    api.storage?.onChanged?.addListener((changes, area) => {
      // The administrator changed the policy while the host is connected.
      if (area === 'managed' && MANAGED_KEY in changes && state.host.state === 'ready') applyManaged();
      // A copy arriving from another machine (sync is eventually consistent, item by item).
      if (area === 'sync' && state.hostEmpty) {
        updateSyncOffer().then((changed) => changed && broadcast(), (e) => note('update the sync offer', e));
      }
    });
  }

  function start() {
    return loaded.then(() => client.start());
  }

  return { state, broadcast, handle, listen, start, refresh, loaded };
}

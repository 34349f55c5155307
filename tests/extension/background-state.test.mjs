// The background's one state object and its broadcast, through createBackground with stand-ins for the browser's
// APIs and a host that answers roles.list as PROTOCOL.md says (whole, or the changes since a revision). Views are
// lib/state-view.js fed with what the background broadcasts, as the popup, options page and content scripts are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBackground, isExtensionPage } from '../../extension/src/background/background.js';
import { STORAGE_KEYS, MAX_DIAGNOSTICS, MAX_PATCH_ENTRIES, LOG_PREFIX, createState, recordError, scrubMessage } from '../../extension/src/background/state.js';
import { createStateView } from '../../extension/src/lib/state-view.js';
import { HostError, ERROR_CODES } from '../../extension/src/lib/protocol.js';
import { MESSAGES, BACKGROUND_MESSAGES } from '../../extension/src/lib/messages.js';
import { sortRoles, roleKey } from '../../extension/src/lib/roles.js';
import { makeReport } from '../../extension/src/lib/diagnostics.js';

const EXT_ID = 'nocfbhnapafompiapfplkdilpjojbmip';
const BASE = `chrome-extension://${EXT_ID}/`;
const OPTIONS = { id: EXT_ID, url: `${BASE}options/options.html`, origin: `chrome-extension://${EXT_ID}`, tab: { id: 9, index: 1 } };
const POPUP = { id: EXT_ID, url: `${BASE}popup/popup.html` };
const CONTENT = { id: EXT_ID, url: 'https://us-east-1.console.aws.amazon.com/console/home', origin: 'https://us-east-1.console.aws.amazon.com', tab: { id: 4, index: 0 } };

const role = (accountId, roleName, displayName, extra = {}) => ({ accountId, roleName, displayName, origin: 'local', lastUsedAt: null, useCount: 0, ...extra });

/** Resolves when `check()` is truthy; fails after `ms` (never a fixed sleep). */
async function until(check, what, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** A host with a revision and a log of changes; roles.list answers whole, or with the changes since a revision. */
function fakeHost(initial) {
  const host = { revision: 1, roles: new Map(initial.map((r) => [roleKey(r), r])), log: [], failSince: null, requests: [] };
  host.write = (changes) => {
    host.revision += 1;
    for (const r of changes.put ?? []) {
      host.roles.set(roleKey(r), r);
      host.log.push({ revision: host.revision, key: roleKey(r), role: r });
    }
    for (const r of changes.del ?? []) {
      host.roles.delete(roleKey(r));
      host.log.push({ revision: host.revision, key: roleKey(r), role: null });
    }
  };
  host.answer = async (action, params) => {
    host.requests.push({ action, params });
    if (action === 'sources.list') return { sources: [] };
    if (action !== 'roles.list') return {};
    const all = sortRoles([...host.roles.values()]);
    if (params.sinceRevision === undefined) return { revision: host.revision, total: all.length, roles: all };
    if (host.failSince) throw host.failSince;
    const changed = new Map();
    for (const e of host.log) if (e.revision > params.sinceRevision) changed.set(e.key, e.role);
    const roles = [...changed.values()].filter(Boolean);
    const deleted = [...changed.entries()].filter(([, r]) => r === null).map(([k]) => ({ accountId: k.split(':')[0], roleName: k.slice(13) }));
    return { revision: host.revision, since: params.sinceRevision, live: all.length, total: roles.length, roles, deleted };
  };
  return host;
}

function makeWorld({ roles = [], epoch = 'e1', managed = null } = {}) {
  const w = { pageMessages: [], tabMessages: [], stored: {}, writes: [], logs: [], host: fakeHost(roles), listeners: null };
  const client = {
    listen: (l) => { w.listeners = l; },
    start: () => Promise.resolve(),
    request: (action, params) => w.host.answer(action, params),
  };
  const api = {
    runtime: {
      id: EXT_ID,
      getURL: (p) => `${BASE}${p}`,
      sendMessage: async (m) => { w.pageMessages.push(structuredClone(m)); },
      onMessage: { addListener: () => {} },
    },
    tabs: { query: async () => [{ id: 4 }], sendMessage: async (id, m) => { w.tabMessages.push(structuredClone(m)); }, create: async () => {} },
    windows: { create: async () => ({ id: 1 }) },
    storage: { sync: null, onChanged: { addListener: () => {} }, ...(managed ? { managed } : {}) },
  };
  const storage = {
    get: async (keys) => Object.fromEntries(keys.filter((k) => k in w.stored).map((k) => [k, structuredClone(w.stored[k])])),
    set: async (v) => {
      w.writes.push(Object.keys(v));
      Object.assign(w.stored, structuredClone(v));
    },
  };
  const log = { warn: (...args) => w.logs.push(args.join(' ')) };
  w.bg = createBackground({ api, client, storage, log, epoch });
  w.ready = async (capabilities = ['roles.list', 'roles.upsert', 'roles.touch', 'roles.list.since']) => {
    await w.bg.start();
    const seen = w.pageMessages.length;
    w.listeners.onStatus({ state: 'ready', message: null, hello: { hostVersion: '0.1.0', capabilities } });
    await until(() => w.pageMessages.length > seen && w.bg.state.list.revision === w.host.revision, 'the first list');
  };
  /** The host says it changed; resolves with the broadcast to pages that follows. */
  w.changed = async () => {
    const seen = w.pageMessages.length;
    w.listeners.onEvent({ event: 'changed', revision: w.host.revision });
    await until(() => w.pageMessages.length > seen, 'a broadcast');
    return w.pageMessages.at(-1);
  };
  return w;
}

test('a change from the host reaches open views as added, updated and removed keys; each view patches its copy', async () => {
  const a = role('111111111111', 'Admin', 'Alpha');
  const b = role('222222222222', 'ReadOnly', 'Bravo');
  const w = makeWorld({ roles: [a, b] });
  await w.ready();

  // A view opens: it asks for the whole list once.
  const asks = [];
  const popup = createStateView({
    ask: (m) => {
      asks.push(m.type);
      return w.bg.handle(m, POPUP);
    },
    onChange: () => {},
  });
  await popup.load();
  assert.deepEqual(popup.view.roles.map((r) => r.displayName), ['Alpha', 'Bravo']);

  const a2 = { ...a, displayName: 'Alpha (prod)' };
  const c = role('333333333333', 'ops/Deploy', 'Charlie');
  w.host.write({ put: [a2, c], del: [b] });
  const message = await w.changed();

  assert.equal(message.type, MESSAGES.state);
  assert.equal(message.state.roles, undefined, 'the broadcast does not carry the list');
  assert.equal(message.state.rolesJson, undefined);
  assert.equal(message.change.base, popup.view.version);
  assert.deepEqual(message.change.added.map((r) => r.displayName), ['Charlie']);
  assert.deepEqual(message.change.updated.map((r) => r.displayName), ['Alpha (prod)']);
  assert.deepEqual(message.change.removed, [{ accountId: '222222222222', roleName: 'ReadOnly' }]);
  assert.equal(message.change.count, 2);
  // Content scripts get the same change, without the diagnostics that only extension pages see.
  const toTab = w.tabMessages.at(-1);
  assert.deepEqual(toTab.change, message.change);
  assert.equal(toTab.state.diagnostics, undefined);
  assert.ok(Array.isArray(message.state.diagnostics));

  assert.equal(popup.receive(message), true);
  assert.deepEqual(popup.view.roles.map((r) => r.displayName), ['Alpha (prod)', 'Charlie']);
  assert.deepEqual(asks, [MESSAGES.getState], 'the patch needed no whole list');
  assert.equal(popup.view.version, message.state.listVersion);
});

test('a view that lost track asks for the whole list once, and ends with the background\'s list', async () => {
  const w = makeWorld({ roles: [role('111111111111', 'Admin', 'Alpha')] });
  await w.ready();
  const asks = [];
  const late = createStateView({
    ask: (m) => {
      asks.push(m.type);
      return w.bg.handle(m, CONTENT);
    },
    onChange: () => {},
  });
  // It missed the first change (it opened after it): the second cannot apply to what it holds.
  w.host.write({ put: [role('222222222222', 'Admin', 'Bravo')] });
  const first = await w.changed();
  w.host.write({ put: [role('333333333333', 'Admin', 'Charlie')] });
  const second = await w.changed();
  assert.equal(late.receive(first), true);
  assert.equal(late.receive(second), true);
  await until(() => late.view.version === second.state.listVersion, 'the whole list');
  assert.deepEqual(asks, [MESSAGES.getState], 'one whole list for both broadcasts');
  assert.deepEqual(late.view.roles.map((r) => r.displayName).sort(), ['Alpha', 'Bravo', 'Charlie']);
});

test('a reload of the whole list (a new connection) broadcasts no change: views ask for the list', async () => {
  const w = makeWorld({ roles: [role('111111111111', 'Admin', 'Alpha')] });
  await w.ready();
  const before = w.pageMessages.at(-1).state.listVersion;
  const seen = w.pageMessages.length;
  w.listeners.onStatus({ state: 'unavailable', message: 'gone', hello: null });
  w.host.write({ put: [role('222222222222', 'Admin', 'Bravo')] });
  w.listeners.onStatus({ state: 'ready', message: null, hello: { capabilities: ['roles.list.since'] } });
  await until(() => w.pageMessages.slice(seen).some((m) => m.state.listVersion !== before), 'the reload broadcast');
  const reload = w.pageMessages.slice(seen).find((m) => m.state.listVersion !== before);
  assert.equal(reload.change, undefined);
  assert.equal(reload.state.count, 2);
  assert.equal(w.host.requests.filter((r) => r.action === 'roles.list' && r.params.sinceRevision === undefined).length, 2);
});

test('set-settings is accepted from the extension\'s own pages only; the change is broadcast', async () => {
  const w = makeWorld();
  await w.ready();
  const refused = await w.bg.handle({ type: MESSAGES.setSettings, settings: { learnFromConsole: false } }, CONTENT);
  assert.equal(refused.ok, false);
  assert.match(refused.error, /SwitchRole's own pages/);
  // Right id and an extension URL, but the frame's origin is a web page's: a content script's message.
  const forged = { ...CONTENT, url: `${BASE}options/options.html` };
  assert.equal((await w.bg.handle({ type: MESSAGES.setSettings, settings: { learnFromConsole: false } }, forged)).ok, false);
  assert.equal((await w.bg.handle({ type: MESSAGES.setSettings, settings: { learnFromConsole: false } }, { ...POPUP, id: 'another-extension' })).ok, false);
  assert.equal(w.bg.state.settings.learnFromConsole, true);
  assert.ok(!w.writes.flat().includes(STORAGE_KEYS.settings), 'nothing written');

  const seen = w.pageMessages.length;
  const ok = await w.bg.handle({ type: MESSAGES.setSettings, settings: { learnFromConsole: false } }, OPTIONS);
  assert.equal(ok.ok, true);
  assert.equal(w.stored[STORAGE_KEYS.settings].learnFromConsole, false);
  await until(() => w.pageMessages.length > seen, 'the settings broadcast');
  assert.equal(w.pageMessages.at(-1).state.settings.learnFromConsole, false);
  assert.equal((await w.bg.handle({ type: MESSAGES.setSettings, settings: { learnFromConsole: true } }, POPUP)).ok, true);
});

test('who may send what: every handled type is in the message table, and page-only types refuse content scripts', async () => {
  const w = makeWorld();
  await w.ready();
  for (const [type, who] of Object.entries(BACKGROUND_MESSAGES)) {
    if (who !== 'pages') continue;
    const answer = await w.bg.handle({ type, settings: {}, role: { accountId: '111111111111', roleName: 'Admin' }, action: 'roles.list' }, CONTENT);
    assert.equal(answer.ok, false, type);
  }
  assert.equal(w.bg.handle({ type: 'no-such-type' }, POPUP), null);
  assert.equal(w.bg.handle({ type: 'toString' }, POPUP), null);
  assert.equal(isExtensionPage({ id: EXT_ID, getURL: (p) => `${BASE}${p}` }, OPTIONS), true);
  assert.equal(isExtensionPage({ id: EXT_ID, getURL: (p) => `${BASE}${p}` }, CONTENT), false);
  assert.equal(isExtensionPage({ id: EXT_ID, getURL: (p) => `${BASE}${p}` }, undefined), false);
});

test('a handled error is logged with the prefix and kept in diagnostics, without ids, URLs or tokens', async () => {
  const w = makeWorld({ roles: [role('111111111111', 'Admin', 'Alpha')] });
  await w.ready();
  w.host.failSince = new HostError(ERROR_CODES.DatabaseBusy, 'busy reading 123456789012 from https://signin.aws.amazon.com/federation?SigninToken=abcdefghijklmnopqrstuvwxyz0123 for "Prod admin"');
  w.host.write({ put: [role('222222222222', 'Admin', 'Bravo')] });
  const message = await w.changed();
  // It fell back to the whole list, and said so.
  assert.equal(message.state.count, 2);
  const d = w.bg.state.diagnostics.at(-1);
  assert.equal(d.where, 'roles.list since a revision');
  assert.equal(d.code, 'DatabaseBusy');
  assert.doesNotMatch(JSON.stringify(d), /123456789012|signin|abcdefghij|Prod admin/);
  assert.match(w.logs.at(-1), new RegExp(`^\\${LOG_PREFIX} roles.list since a revision: DatabaseBusy: busy reading <number> from <url> for <name>`));
  // Pages see the diagnostics in the state they ask for; content scripts do not.
  assert.equal((await w.bg.handle({ type: MESSAGES.getState }, OPTIONS)).diagnostics.length, w.bg.state.diagnostics.length);
  assert.equal((await w.bg.handle({ type: MESSAGES.getState }, CONTENT)).diagnostics, undefined);
});

test('diagnostics keep the newest few errors; scrubbing removes what names a person or account', () => {
  const state = createState({ epoch: 'x' });
  const quiet = { warn: () => {} };
  for (let i = 0; i < MAX_DIAGNOSTICS + 5; i++) recordError(state, 'step', new Error(`failure ${i}`), quiet);
  assert.equal(state.diagnostics.length, MAX_DIAGNOSTICS);
  assert.equal(state.diagnostics.at(-1).message, `failure ${MAX_DIAGNOSTICS + 4}`);
  assert.equal(state.diagnostics[0].message, 'failure 5');
  assert.equal(scrubMessage('role arn:aws:iam::123456789012:role/ops/Admin denied for alice@example.com'), 'role <arn> denied for <email>');
  assert.equal(scrubMessage('account 1234-5678-9012 and \'Team X\''), 'account <number> and <name>');
  assert.ok(scrubMessage('x'.repeat(500)).length <= 160);
});

test('the saved list is what the background starts with, until the host answers', async () => {
  const w = makeWorld();
  w.stored[STORAGE_KEYS.cache] = { roles: [role('111111111111', 'Admin', 'Saved')], revision: 7, savedAt: '2026-01-01T00:00:00Z' };
  const s = await w.bg.handle({ type: MESSAGES.getState, json: true }, POPUP);
  assert.deepEqual(JSON.parse(s.rolesJson).map((r) => r.displayName), ['Saved']);
  assert.equal(s.revision, 7);
});

test('a change bigger than MAX_PATCH_ENTRIES is sent as "load the whole list", one JSON string', async () => {
  const w = makeWorld({ roles: [role('111111111111', 'Admin', 'Alpha')] });
  await w.ready();
  const many = Array.from({ length: MAX_PATCH_ENTRIES + 1 }, (_, i) => role(String(200000000000 + i), 'Admin', `Bulk ${i}`));
  w.host.write({ put: many });
  const message = await w.changed();
  assert.equal(message.change, undefined);
  assert.equal(message.state.count, MAX_PATCH_ENTRIES + 2);
  // It was still loaded as changes from the host, not whole.
  assert.equal(w.host.requests.filter((r) => r.action === 'roles.list' && r.params.sinceRevision !== undefined).length >= 1, true);
  const asks = [];
  const v = createStateView({ ask: (m) => { asks.push(m); return w.bg.handle(m, POPUP); }, onChange: () => {} });
  await v.load();
  assert.equal(v.receive(message), true);
  assert.deepEqual(asks.map((m) => m.json), [true]);
  assert.equal(v.view.roles.length, MAX_PATCH_ENTRIES + 2);
});

test('the background keeps no mutable state at module level: no top-level let or var in background/', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dir = new URL('../../extension/src/background/', import.meta.url);
  const found = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    readFileSync(new URL(name, dir), 'utf8').split('\n').forEach((line, i) => {
      if (/^(let|var)\s/.test(line)) found.push(`${name}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});

test("a console tab's hook report reaches an open page through the broadcast, and the host once; content scripts get none", async () => {
  const w = makeWorld({ roles: [role('111111111111', 'Admin', 'Alpha')] });
  await w.ready(['roles.list', 'roles.list.since', 'diagnostics.report']);
  const seen = w.pageMessages.length;
  const report = makeReport({ found: ['menu-button', 'session-meta', 'csrf', 'sign-in-host', 'identity-global'], consoleHost: '{region}.console.aws.amazon.com', csrfSource: 'page-global' });
  assert.deepEqual(await w.bg.handle({ type: MESSAGES.diagnostics, report }, CONTENT), { ok: true });

  // The popup learns it from the broadcast that follows, keyed by the reporting tab.
  const msg = await until(() => w.pageMessages.slice(seen).find((m) => m.type === MESSAGES.state && m.state.consoleDiagnostics?.length), 'a broadcast with the report');
  const forTab = msg.state.consoleDiagnostics.find((d) => d.tabId === CONTENT.tab.id);
  assert.match(forTab.summary, /^Account menu not found/);
  assert.match(forTab.text, /hooks missing: dropdown/);
  assert.equal(w.bg.state.hooks.byTab.size, 1, 'kept in the one state object');

  // Sent to the host once; the same report again is not sent twice.
  await w.bg.handle({ type: MESSAGES.diagnostics, report }, CONTENT);
  await until(() => w.host.requests.some((r) => r.action === 'diagnostics.report'), 'diagnostics.report');
  await w.bg.state.hooks.pending;
  assert.equal(w.host.requests.filter((r) => r.action === 'diagnostics.report').length, 1);

  // A content script asking for the state gets no diagnostics of any tab.
  const own = await w.bg.handle({ type: MESSAGES.getState }, CONTENT);
  assert.equal(own.consoleDiagnostics, undefined);
  assert.equal(own.diagnostics, undefined);
  // A malformed report is refused and changes nothing.
  assert.deepEqual(await w.bg.handle({ type: MESSAGES.diagnostics, report: 'x' }, CONTENT), { ok: false });
});

test("the copied diagnostics text carries the background's recent errors, scrubbed", async () => {
  const w = makeWorld();
  await w.ready(['roles.list']);
  recordError(w.bg.state, 'save the list', new Error('quota exceeded for account 123456789012'), { warn: () => {} });
  await w.bg.handle({ type: MESSAGES.diagnostics, report: makeReport({ found: ['menu-button'] }) }, CONTENT);
  const page = await w.bg.handle({ type: MESSAGES.getState }, POPUP);
  const text = page.consoleDiagnostics.find((d) => d.tabId === CONTENT.tab.id).text;
  assert.match(text, /recent background errors:\n.*save the list: quota exceeded for account <number>/);
  assert.doesNotMatch(text, /123456789012/);
});

test('the managed team-source preset is added when the host connects; a bad policy entry is logged, not dropped', async () => {
  const policy = { teamSources: [{ name: 'platform', location: 'https://teams.example/platform.json' }, { name: '', location: 'x' }] };
  const managed = { get: async (key) => ({ [key]: policy[key] }) };
  const w = makeWorld({ managed });
  await w.ready(['roles.list', 'sources.add']);
  await until(() => w.host.requests.some((r) => r.action === 'sources.add'), 'sources.add');
  assert.deepEqual(w.host.requests.find((r) => r.action === 'sources.add').params, { name: 'platform', location: 'https://teams.example/platform.json' });
  await until(() => w.bg.state.managed.running === null && w.bg.state.diagnostics.some((d) => /managed teamSources\[1\]/.test(d.where)), 'the skipped entry in diagnostics');
  assert.ok(w.logs.some((l) => l.startsWith(LOG_PREFIX) && /teamSources\[1\] skipped/.test(l)));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NativeClient, BACKOFF_MS } from '../../extension/src/background/native-client.js';
import { ERROR_CODES, HostError, PROTOCOL_VERSION, checkHello, ListAssembler } from '../../extension/src/lib/protocol.js';

/** A Port as runtime.connectNative returns it, driven by the test. */
class FakePort {
  constructor() {
    this.sent = [];
    this.msgListeners = [];
    this.discListeners = [];
    this.disconnected = false;
    this.onMessage = { addListener: (f) => this.msgListeners.push(f) };
    this.onDisconnect = { addListener: (f) => this.discListeners.push(f) };
  }
  postMessage(m) { this.sent.push(structuredClone(m)); }
  disconnect() { this.disconnected = true; }
  reply(m) { for (const f of this.msgListeners) f(m); }
  drop(message) { for (const f of this.discListeners) f({ error: { message } }); }
}

/** Timers the test fires by hand, so timeouts and backoff are checked without waiting. */
class FakeTimers {
  constructor() { this.next = 1; this.timers = new Map(); }
  setTimeout = (fn, ms) => { const id = this.next++; this.timers.set(id, { fn, ms }); return id; };
  clearTimeout = (id) => { this.timers.delete(id); };
  fire(predicate = () => true) {
    for (const [id, t] of [...this.timers]) if (predicate(t)) { this.timers.delete(id); t.fn(); }
  }
  delays() { return [...this.timers.values()].map((t) => t.ms); }
}

const HELLO = { hostVersion: '0.1.0', protocolVersion: PROTOCOL_VERSION, capabilities: ['roles.list', 'roles.upsert', 'roles.delete', 'roles.touch', 'changed'], revision: 3 };
const flush = () => new Promise((r) => setImmediate(r));

function setup(opts = {}) {
  const ports = [];
  const timers = new FakeTimers();
  const statuses = [];
  const events = [];
  const client = new NativeClient({
    connect: (name) => { assert.equal(name, 'dev.switchrole.host'); const p = new FakePort(); ports.push(p); return p; },
    onStatus: (s) => statuses.push(s.state),
    onEvent: (e) => events.push(e),
    timers,
    timeoutMs: 777,
    ...opts,
  });
  return { client, ports, timers, statuses, events };
}

async function ready(t) {
  const started = t.client.start();
  const port = t.ports.at(-1);
  assert.equal(port.sent[0].action, 'hello');
  port.reply({ id: port.sent[0].id, ok: true, result: HELLO });
  await started;
  return port;
}

test('start sends hello and becomes ready when the protocol and capabilities fit', async () => {
  const t = setup({ hello: { browser: 'chromium', extensionVersion: '0.1.0' } });
  const port = await ready(t);
  assert.deepEqual(port.sent[0], { browser: 'chromium', extensionVersion: '0.1.0', id: 1, action: 'hello' });
  assert.deepEqual(t.statuses, ['connecting', 'ready']);
});

test('requests get increasing ids and are matched by id, whatever the answer order', async () => {
  const t = setup();
  const port = await ready(t);
  const a = t.client.request('roles.touch', { accountId: '111111111111', roleName: 'A' });
  const b = t.client.request('roles.touch', { accountId: '222222222222', roleName: 'B' });
  await flush();
  const [ra, rb] = port.sent.slice(1);
  assert.ok(rb.id > ra.id);
  port.reply({ id: rb.id, ok: true, result: { which: 'b' } });
  port.reply({ id: ra.id, ok: true, result: { which: 'a' } });
  assert.deepEqual(await a, { which: 'a' });
  assert.deepEqual(await b, { which: 'b' });
});

test('roles.list parts are reassembled in order into one list', async () => {
  const t = setup();
  const port = await ready(t);
  const p = t.client.request('roles.list', {});
  await flush();
  const id = port.sent[1].id;
  port.reply({ id, ok: true, result: { revision: 9, total: 3, part: 0, parts: 2, roles: [{ n: 1 }, { n: 2 }] } });
  port.reply({ id, ok: true, result: { revision: 9, total: 3, part: 1, parts: 2, roles: [{ n: 3 }] } });
  assert.deepEqual(await p, { revision: 9, total: 3, roles: [{ n: 1 }, { n: 2 }, { n: 3 }] });
});

test('an error response becomes a typed HostError with code, name and field', async () => {
  const t = setup();
  const port = await ready(t);
  const p = t.client.request('roles.touch', { accountId: '1', roleName: 'x' });
  await flush();
  port.reply({ id: port.sent[1].id, ok: false, error: { code: 7, name: 'NotFound', message: 'no such entry', field: 'roleName' } });
  await assert.rejects(p, (e) => e instanceof HostError && e.code === ERROR_CODES.NotFound && e.codeName === 'NotFound' && e.field === 'roleName');
});

test('a request with no answer fails with a Timeout error, and the client keeps working', async () => {
  const t = setup();
  const port = await ready(t);
  const p = t.client.request('roles.touch', {});
  await flush();
  t.timers.fire((x) => x.ms === 777);
  await assert.rejects(p, (e) => e.code === ERROR_CODES.Timeout && /did not answer roles\.touch within 777 ms/.test(e.message));
  const q = t.client.request('roles.touch', {});
  await flush();
  port.reply({ id: port.sent.at(-1).id, ok: true, result: { fine: true } });
  assert.deepEqual(await q, { fine: true });
});

test('a lost port rejects pending requests, reports unavailable and reconnects with growing backoff', async () => {
  const t = setup();
  const port = await ready(t);
  const p = t.client.request('roles.touch', {});
  await flush();
  port.drop('Native host has exited.');
  await assert.rejects(p, (e) => e.code === ERROR_CODES.HostUnavailable && /Native host has exited/.test(e.message));
  assert.equal(t.statuses.at(-1), 'unavailable');
  assert.deepEqual(t.timers.delays(), [BACKOFF_MS[0]]);
  t.timers.fire((x) => x.ms === BACKOFF_MS[0]);
  assert.equal(t.ports.length, 2);
  t.ports[1].drop('Specified native messaging host not found.');
  assert.deepEqual(t.timers.delays().filter((d) => d !== 777), [BACKOFF_MS[1]]);
  t.timers.fire((x) => x.ms === BACKOFF_MS[1]);
  const third = t.ports[2];
  third.reply({ id: third.sent[0].id, ok: true, result: HELLO });
  await flush();
  assert.equal(t.statuses.at(-1), 'ready');
});

test('a host that speaks an older protocol is reported as outdated ("update SwitchRole"), not as a failure to connect', async () => {
  const t = setup();
  const started = t.client.start();
  const port = t.ports[0];
  port.reply({ id: port.sent[0].id, ok: true, result: { ...HELLO, protocolVersion: 0, hostVersion: '0.0.1' } });
  await assert.rejects(started, (e) => e.code === ERROR_CODES.HostOutdated && /update SwitchRole/.test(e.message));
  assert.equal(t.statuses.at(-1), 'outdated');
  assert.deepEqual(t.timers.delays().filter((d) => d !== 777), []);
});

test('events are passed on and never taken for answers', async () => {
  const t = setup();
  const port = await ready(t);
  port.reply({ event: 'changed', revision: 12 });
  assert.deepEqual(t.events, [{ event: 'changed', revision: 12 }]);
});

test('checkHello names missing capabilities', () => {
  assert.deepEqual(checkHello(HELLO), { ok: true });
  assert.match(checkHello({ ...HELLO, capabilities: ['roles.list'] }).reason, /lacks roles\.upsert, roles\.touch: update SwitchRole/);
  assert.equal(checkHello(null).ok, false);
});

test('ListAssembler refuses parts out of order or from different snapshots', () => {
  const a = new ListAssembler();
  assert.throws(() => a.push({ part: 1, parts: 2, roles: [], revision: 1 }), /expected part 0/);
  const b = new ListAssembler();
  b.push({ part: 0, parts: 2, roles: [], revision: 1 });
  assert.throws(() => b.push({ part: 1, parts: 2, roles: [], revision: 2 }), /disagree/);
  assert.deepEqual(new ListAssembler().push({ part: 0, parts: 1, roles: [], revision: 5, total: 0 }), { revision: 5, total: 0, roles: [] });
});

test('ListAssembler joins the parts of a sinceRevision answer: changed roles and deleted keys in order', () => {
  const a = new ListAssembler();
  assert.equal(a.push({ part: 0, parts: 2, revision: 9, since: 4, total: 2, live: 7, roles: [{ accountId: '1' }, { accountId: '2' }], deleted: [] }), null);
  assert.deepEqual(a.push({ part: 1, parts: 2, revision: 9, since: 4, total: 2, live: 7, roles: [], deleted: [{ accountId: '3', roleName: 'A' }] }), {
    revision: 9,
    total: 2,
    roles: [{ accountId: '1' }, { accountId: '2' }],
    since: 4,
    live: 7,
    deleted: [{ accountId: '3', roleName: 'A' }],
  });
});

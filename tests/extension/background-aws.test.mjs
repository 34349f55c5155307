// The background's AWS handling: aws.check goes to the host with a long timeout, and the federation sign-in URL
// goes from the host's answer to windows.create and nowhere else. The background module runs against a stub of the
// chrome.* APIs it uses and a fake native port that answers as the host does.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { openWithFederation } from '../../extension/src/background/aws.js';
import { HostError, ERROR_CODES, PROTOCOL_VERSION } from '../../extension/src/lib/protocol.js';

const SECRET = 'SigninTokenSECRET0123456789abcdefghijklmnopqrstuvwxyz';
const SIGNIN_URL = `https://signin.aws.amazon.com/federation?Action=login&Issuer=switchrole&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=${SECRET}`;
const ROLE = { accountId: '123456789012', roleName: 'ops/Admin', region: 'eu-west-1' };

test('openWithFederation asks the host for the entry\'s region and opens the URL in a new window; the answer has no URL', async () => {
  const calls = [];
  const opened = [];
  const result = await openWithFederation({
    request: async (action, params, timeoutMs) => {
      calls.push({ action, params, timeoutMs });
      return { url: SIGNIN_URL, roleArn: 'arn:aws:iam::123456789012:role/ops/Admin', durationSeconds: 3600, roleChaining: false, notes: ['n'] };
    },
    windows: { create: async (o) => opened.push(o) },
    role: ROLE,
  });
  assert.deepEqual(calls, [{ action: 'aws.signinUrl', params: { accountId: '123456789012', roleName: 'ops/Admin', region: 'eu-west-1' }, timeoutMs: 60000 }]);
  assert.deepEqual(opened, [{ url: SIGNIN_URL }]);
  assert.deepEqual(result, { ok: true, roleArn: 'arn:aws:iam::123456789012:role/ops/Admin', notes: ['n'] });
});

test('openWithFederation without a region sends none; an AwsError comes back as the host sentence and nothing opens', async () => {
  const opened = [];
  let sent = null;
  const result = await openWithFederation({
    request: async (action, params) => {
      sent = params;
      throw new HostError(ERROR_CODES.AwsError, 'No AWS credentials found: run aws configure, or set AWS_PROFILE.', 'no-credentials');
    },
    windows: { create: async (o) => opened.push(o) },
    role: { accountId: '123456789012', roleName: 'Admin', region: null },
  });
  assert.deepEqual(sent, { accountId: '123456789012', roleName: 'Admin' });
  assert.deepEqual(opened, []);
  assert.deepEqual(result, { ok: false, error: 'No AWS credentials found: run aws configure, or set AWS_PROFILE.', code: 11, field: 'no-credentials' });
});

test('openWithFederation refuses a URL that is not https, and never repeats a browser error that could quote the URL', async () => {
  const opened = [];
  const bad = await openWithFederation({
    request: async () => ({ url: 'javascript:alert(1)' }),
    windows: { create: async (o) => opened.push(o) },
    role: ROLE,
  });
  assert.equal(bad.ok, false);
  assert.deepEqual(opened, []);
  const failed = await openWithFederation({
    request: async () => ({ url: SIGNIN_URL }),
    windows: { create: async (o) => { throw new Error(`Invalid url: ${o.url}`); } },
    role: ROLE,
  });
  assert.equal(failed.ok, false);
  assert.doesNotMatch(JSON.stringify(failed), new RegExp(SECRET));
  const noRole = await openWithFederation({ request: async () => assert.fail('no request without a role'), windows: { create: async () => {} }, role: { accountId: 'x' } });
  assert.equal(noRole.ok, false);
});

// ---- the background module itself, against stubbed browser APIs ------------------------------------------------

const EXT = 'chrome-extension://nocfbhnapafompiapfplkdilpjojbmip/';
const world = {
  ports: [],
  listener: null,
  storageWrites: [],
  runtimeMessages: [],
  tabMessages: [],
  windowsCreated: [],
  hostFrames: [],
  held: new Map(), // action -> frame, for requests the test answers itself
  timeouts: [],
  logs: [],
};

function fakePort() {
  const msg = [];
  const port = {
    onMessage: { addListener: (f) => msg.push(f) },
    onDisconnect: { addListener: () => {} },
    disconnect: () => {},
    reply: (m) => queueMicrotask(() => msg.forEach((f) => f(structuredClone(m)))),
    postMessage(frame) {
      world.hostFrames.push(structuredClone(frame));
      const answer = (result) => port.reply({ id: frame.id, ok: true, result });
      if (frame.action === 'hello') answer({ hostVersion: '0.1.0', protocolVersion: PROTOCOL_VERSION, capabilities: ['hello', 'roles.list', 'roles.upsert', 'roles.touch', 'aws.check', 'aws.signinUrl'], revision: 1 });
      else if (frame.action === 'roles.list') answer({ part: 0, parts: 1, roles: [], revision: 1, total: 0 });
      else if (frame.action === 'aws.signinUrl') answer({ url: SIGNIN_URL, roleArn: 'arn:aws:iam::123456789012:role/ops/Admin', durationSeconds: 3600, roleChaining: false, notes: [] });
      else world.held.set(frame.action, { frame, port });
    },
  };
  world.ports.push(port);
  return port;
}

const event = () => ({ addListener: () => {} });
globalThis.chrome = {
  runtime: {
    id: 'nocfbhnapafompiapfplkdilpjojbmip',
    connectNative: () => fakePort(),
    getManifest: () => ({ version: '0.1.0' }),
    getURL: (p) => `${EXT}${p}`,
    onMessage: { addListener: (f) => { world.listener = f; } },
    sendMessage: async (m) => { world.runtimeMessages.push(structuredClone(m)); },
    lastError: null,
  },
  storage: {
    local: { get: async () => ({}), set: async (v) => { world.storageWrites.push(structuredClone(v)); } },
    sync: { get: async () => ({}), set: async (v) => { world.storageWrites.push(structuredClone(v)); }, remove: async () => {} },
    onChanged: event(),
  },
  tabs: { query: async () => [], sendMessage: async (id, m) => { world.tabMessages.push(structuredClone(m)); }, create: async () => {} },
  windows: { create: async (o) => { world.windowsCreated.push(structuredClone(o)); return { id: 1 }; } },
  commands: { onCommand: event() },
  cookies: { get: async () => null },
};

function send(msg, sender) {
  return new Promise((resolve) => {
    const async = world.listener(msg, sender, resolve);
    assert.equal(async, true, `${msg.type} is answered asynchronously`);
  });
}

const PAGE = { id: 'nocfbhnapafompiapfplkdilpjojbmip', url: `${EXT}popup/popup.html` };
const CONTENT = { id: 'nocfbhnapafompiapfplkdilpjojbmip', url: 'https://us-east-1.console.aws.amazon.com/console/home', tab: { id: 4, index: 0 } };

before(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const orig = console[level];
    console[level] = (...args) => {
      world.logs.push(args.map(String).join(' '));
      orig.apply(console, args);
    };
  }
  await import('../../extension/src/background/index.js');
  assert.ok(world.listener, 'the background listens for messages');
});

test('background: aws.check of every entry goes to the host with a 10-minute timeout, one entry with a minute', async () => {
  const realSetTimeout = globalThis.setTimeout;
  const delays = [];
  globalThis.setTimeout = (fn, ms, ...rest) => {
    delays.push(ms);
    return realSetTimeout(fn, ms, ...rest);
  };
  let answer;
  try {
    answer = send({ type: 'host', action: 'aws.check', params: { all: true, profile: 'work' } }, { id: PAGE.id, url: `${EXT}options/options.html` });
    for (let i = 0; !world.held.has('aws.check'); i++) {
      assert.ok(i < 1000, 'aws.check reached the host');
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  const { frame, port } = world.held.get('aws.check');
  world.held.delete('aws.check');
  assert.equal(frame.all, true);
  assert.equal(frame.profile, 'work');
  assert.ok(delays.includes(600000), `a 10-minute timeout was set (saw ${delays.join(', ')})`);
  const report = { total: 1, assumable: 1, results: [{ accountId: '123456789012', roleName: 'Admin', status: 'assumable', message: 'ok', awsErrorCode: null }] };
  port.reply({ id: frame.id, ok: true, result: report });
  assert.deepEqual(await answer, { ok: true, result: report });

  delays.length = 0;
  globalThis.setTimeout = (fn, ms, ...rest) => {
    delays.push(ms);
    return realSetTimeout(fn, ms, ...rest);
  };
  try {
    answer = send({ type: 'host', action: 'aws.check', params: { accountId: '123456789012', roleName: 'Admin' } }, { id: PAGE.id, url: `${EXT}options/options.html` });
    for (let i = 0; !world.held.has('aws.check'); i++) {
      assert.ok(i < 1000, 'aws.check reached the host');
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  const one = world.held.get('aws.check');
  world.held.delete('aws.check');
  assert.ok(delays.includes(60000) && !delays.includes(600000), `a one-minute timeout was set (saw ${delays.join(', ')})`);
  one.port.reply({ id: one.frame.id, ok: false, error: { code: 11, name: 'AwsError', message: 'Your AWS session has expired: run aws sso login.', field: 'expired-credentials' } });
  assert.deepEqual(await answer, { ok: false, error: 'Your AWS session has expired: run aws sso login.', code: 11, field: 'expired-credentials' });
});

test('background: the sign-in URL goes to windows.create and nowhere else', async () => {
  const before = { storage: world.storageWrites.length, runtime: world.runtimeMessages.length, tabs: world.tabMessages.length };
  const answer = await send({ type: 'open-federated', role: ROLE }, PAGE);
  assert.deepEqual(answer, { ok: true, roleArn: 'arn:aws:iam::123456789012:role/ops/Admin', notes: [] });
  assert.deepEqual(world.windowsCreated, [{ url: SIGNIN_URL }]);
  const frame = world.hostFrames.find((f) => f.action === 'aws.signinUrl');
  assert.deepEqual({ accountId: frame.accountId, roleName: frame.roleName, region: frame.region }, { accountId: ROLE.accountId, roleName: ROLE.roleName, region: ROLE.region });
  // No fixed sleep before the absence check: make the background broadcast its whole state (settings changed) and wait,
  // with a deadline, until that broadcast has arrived; the token is then looked for in it and everywhere else.
  const seen = world.runtimeMessages.length;
  assert.equal((await send({ type: 'set-settings', settings: { learnFromConsole: true } }, PAGE)).ok, true);
  for (const deadline = Date.now() + 5000; !world.runtimeMessages.slice(seen).some((m) => m.type === 'state');) {
    assert.ok(Date.now() < deadline, 'the background broadcast its state');
    await new Promise((r) => setImmediate(r));
  }
  const full = await send({ type: 'get-state', json: true }, PAGE);
  const elsewhere = JSON.stringify({
    answer,
    full,
    storage: world.storageWrites.slice(before.storage),
    runtime: world.runtimeMessages.slice(before.runtime),
    tabs: world.tabMessages.slice(before.tabs),
    logs: world.logs,
  });
  assert.doesNotMatch(elsewhere, new RegExp(SECRET));
});

test('background: a content script cannot ask for a sign-in URL or an AWS check', async () => {
  const frames = world.hostFrames.length;
  const opened = world.windowsCreated.length;
  assert.equal((await send({ type: 'open-federated', role: ROLE }, CONTENT)).ok, false);
  assert.equal((await send({ type: 'host', action: 'aws.check', params: { all: true } }, CONTENT)).ok, false);
  assert.equal(world.hostFrames.length, frames);
  assert.equal(world.windowsCreated.length, opened);
});

// End to end: `switchrole install` writes the registrations, and real headless Chromium and Firefox (Debian
// packages) with the real extension (extension/dist, built here) reach the host through them. Then
// `switchrole uninstall` removes them and the browser can no longer find the host. Every run uses its own HOME,
// user-data-dir and SWITCHROLE_HOME.
//
// The host: $SWITCHROLE_E2E_HOST if set (e.g. the NativeAOT publish), else a cached Release build (lib/host.mjs)
// Run with the other e2e tests: npm --prefix tests run test:e2e.
// Firefox is observed through a fake console page (the e2e harness's fake AWS server and page helpers), since
// WebDriver BiDi may not open moz-extension:// pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startFakeAws } from './lib/fake-aws.mjs';
import { launch, closeBrowser, openShadowCopy } from './lib/browsers.mjs';
import { openAccountMenu, waitForRows } from './lib/console-page.mjs';
import { hostBinary, browserHostBeside, GECKO_ID } from './lib/host.mjs';
import { waitFor } from './lib/wait.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const DIST = path.join(repo, 'extension', 'dist');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/lib/chromium/chromium';
const HOST_NAME = 'dev.switchrole.host';

/** The Chromium id from the pinned key, the way Chromium derives it (sha256, 16 bytes, hex digits mapped to a-p). */
function chromiumId() {
  const { key } = JSON.parse(fs.readFileSync(path.join(repo, 'extension', 'manifest.chromium.json'), 'utf8'));
  const hex = crypto.createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

let binary, browserHost, tmp;

before(() => {
  binary = hostBinary();
  browserHost = browserHostBeside(binary);
  execFileSync('node', [path.join(repo, 'extension', 'scripts', 'build.mjs')], { stdio: 'ignore' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-e2e-install-'));
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs the switchrole CLI with a throwaway HOME and data folder; returns stdout, fails the test on a non-zero exit. */
function switchrole(env, ...args) {
  const result = spawnSync(binary, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(result.status, 0, `switchrole ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Asks the real extension's background for its state until the host is ready and the role is listed (bounded). */
async function waitForHostState(page, roleName) {
  let last;
  const state = await waitFor(async () => {
    last = await page.evaluate(() => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'get-state' }));
    if (last?.host?.state === 'unavailable' || last?.host?.state === 'outdated') return last; // settled: fail below
    return last?.host?.state === 'ready' && last.roles.some((r) => r.roleName === roleName) ? last : null;
  }, { timeout: 20000, interval: 100, what: `the host to be ready with ${roleName}` });
  if (state?.host?.state !== 'ready') assert.fail(`the extension did not reach the host: ${JSON.stringify(last?.host ?? last)}`);
  return state;
}

/** From an extension page: connectNative and report the first reply or the disconnect reason. */
function connectDirectly(page) {
  return page.evaluate((hostName) => new Promise((resolve) => {
    const api = globalThis.browser ?? globalThis.chrome;
    const port = api.runtime.connectNative(hostName);
    port.onMessage.addListener((reply) => { resolve({ reply }); port.disconnect(); });
    port.onDisconnect.addListener((p) => resolve({ error: api.runtime.lastError?.message ?? p?.error?.message ?? 'disconnected' }));
    port.postMessage({ id: 1, action: 'hello', browser: 'e2e-install' });
  }), HOST_NAME);
}

test('Chromium with --user-data-dir reaches the host through what install wrote, and not after uninstall', async () => {
  const home = path.join(tmp, 'chromium-home');
  const profile = path.join(tmp, 'chromium-profile');
  const env = { HOME: home, SWITCHROLE_HOME: path.join(tmp, 'chromium-data') };
  fs.mkdirSync(home, { recursive: true });
  switchrole(env, 'add', '--account', '123456789012', '--role', 'InstallCheck', '--name', 'install check');

  const out = switchrole(env, 'install', '--browser', 'chromium', '--user-data-dir', profile);
  const manifestPath = path.join(profile, 'NativeMessagingHosts', `${HOST_NAME}.json`);
  assert.match(out, /created/);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  assert.equal(manifest.path, browserHost, 'the manifest names switchrole-host beside the CLI');
  assert.deepEqual(manifest.allowed_origins, [`chrome-extension://${chromiumId()}/`]);

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    userDataDir: profile,
    enableExtensions: [path.join(DIST, 'chromium')],
    env: { ...process.env, ...env },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`chrome-extension://${chromiumId()}/popup/popup.html`);
    const state = await waitForHostState(page, 'InstallCheck');
    assert.ok(state.host.version, 'the host reported its version in hello');

    switchrole(env, 'uninstall', '--browser', 'chromium', '--user-data-dir', profile);
    assert.equal(fs.existsSync(manifestPath), false);
    const afterUninstall = await connectDirectly(page);
    assert.match(afterUninstall.error ?? '', /not found/i, JSON.stringify(afterUninstall));
  } finally {
    await browser.close();
  }
});

test('Firefox reaches the host through the manifest install wrote under HOME', async () => {
  const home = path.join(tmp, 'firefox-home');
  const env = { HOME: home, SWITCHROLE_HOME: path.join(tmp, 'firefox-data') };
  fs.mkdirSync(home, { recursive: true });
  switchrole(env, 'add', '--account', '210987654321', '--role', 'InstallCheck', '--name', 'install check');

  switchrole(env, 'install', '--browser', 'firefox');
  const manifestPath = path.join(home, '.mozilla', 'native-messaging-hosts', `${HOST_NAME}.json`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  assert.equal(manifest.path, browserHost, 'the manifest names switchrole-host beside the CLI');
  assert.deepEqual(manifest.allowed_extensions, [GECKO_ID]);

  const aws = await startFakeAws({ dir: path.join(tmp) });
  let b = null;
  try {
    // The menu is read through an open shadow root: the test copy of the build (the shipped one closes it).
    b = await launch('firefox', { port: aws.port, profileDir: path.join(tmp, 'firefox-profile'), home, env, extDir: openShadowCopy('firefox', tmp) });
    const page = await b.browser.newPage();
    await page.goto('https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1');
    await openAccountMenu(page);
    const menu = await waitForRows(page, [['210987654321', 'InstallCheck']]);
    assert.equal(menu.banner, null, `the menu shows a banner: ${menu.banner}`);
  } finally {
    // A browser that did not start must not leave the fake server holding the test file open (it hung the run).
    if (b) await closeBrowser(b.browser);
    await aws.close();
  }
});

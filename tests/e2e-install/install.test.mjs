// End to end: `switchrole install` writes the registrations, and real headless Chromium and Firefox (Debian
// packages) start the host through them. Then `switchrole uninstall` removes them and the browser can no
// longer find the host. Every run uses its own HOME, user-data-dir and SWITCHROLE_HOME.
//
// The host: $SWITCHROLE_BIN if set (e.g. the NativeAOT publish), else the Release build of host/SwitchRole.Host
// (built here if missing). Run: cd tests/e2e-install && npm ci && npm test
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const EXT = path.join(here, 'ext');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/lib/chromium/chromium';
const FIREFOX = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
const HOST_NAME = 'dev.switchrole.host';

function hostBinary() {
  if (process.env.SWITCHROLE_BIN) return path.resolve(process.env.SWITCHROLE_BIN);
  const built = path.join(repo, 'host/SwitchRole.Host/bin/Release/net10.0', process.platform === 'win32' ? 'switchrole.exe' : 'switchrole');
  if (!fs.existsSync(built)) {
    execFileSync('dotnet', ['build', path.join(repo, 'host/SwitchRole.Host'), '-c', 'Release', '--nologo', '-v', 'quiet'], { stdio: 'inherit' });
  }
  return built;
}

let binary, tmp, server, pageUrl;

before(async () => {
  binary = hostBinary();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-e2e-install-'));
  server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><html><body><h1>install check</h1></body></html>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${server.address().port}/`;
});

after(() => {
  server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs the switchrole CLI with a throwaway HOME and data folder; returns stdout, throws with stderr on failure. */
function switchrole(env, ...args) {
  const result = spawnSync(binary, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(result.status, 0, `switchrole ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Loads the page, waits for the content script's verdict and returns { state, result }. */
async function helloThroughPage(page) {
  await page.goto(pageUrl);
  const handle = await page.waitForSelector('#swr-e2e[data-state]', { timeout: 15000 });
  const [state, text] = await handle.evaluate((el) => [el.dataset.state, el.textContent]);
  return { state, result: JSON.parse(text) };
}

function assertHostAnswered({ state, result }, dataHome) {
  assert.equal(state, 'ok', `the extension could not reach the host: ${JSON.stringify(result)}`);
  assert.equal(result.reply.ok, true, JSON.stringify(result.reply));
  assert.equal(result.reply.result.protocolVersion, 1);
  // The browser started the very host install registered, with the environment this test gave it.
  assert.equal(result.reply.result.databasePath, path.join(dataHome, 'switchrole.db'));
}

test('Chromium with --user-data-dir reaches the host through what install wrote, and not after uninstall', async () => {
  const home = path.join(tmp, 'chromium-home');
  const profile = path.join(tmp, 'chromium-profile');
  const dataHome = path.join(tmp, 'chromium-data');
  fs.mkdirSync(home, { recursive: true });
  const env = { HOME: home, SWITCHROLE_HOME: dataHome };

  const out = switchrole(env, 'install', '--browser', 'chromium', '--user-data-dir', profile);
  const manifestPath = path.join(profile, 'NativeMessagingHosts', `${HOST_NAME}.json`);
  assert.match(out, /created/);
  assert.equal(JSON.parse(fs.readFileSync(manifestPath, 'utf8')).path, binary);

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    userDataDir: profile,
    enableExtensions: [EXT],
    env: { ...process.env, ...env },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    assertHostAnswered(await helloThroughPage(page), dataHome);

    switchrole(env, 'uninstall', '--browser', 'chromium', '--user-data-dir', profile);
    assert.equal(fs.existsSync(manifestPath), false);
    const afterUninstall = await helloThroughPage(page);
    assert.equal(afterUninstall.state, 'error');
    assert.match(afterUninstall.result.error, /not found/i);
  } finally {
    await browser.close();
  }
});

test('Firefox reaches the host through the manifest install wrote under HOME', async () => {
  const home = path.join(tmp, 'firefox-home');
  const dataHome = path.join(tmp, 'firefox-data');
  fs.mkdirSync(home, { recursive: true });
  const env = { HOME: home, SWITCHROLE_HOME: dataHome };

  switchrole(env, 'install', '--browser', 'firefox');
  const manifestPath = path.join(home, '.mozilla', 'native-messaging-hosts', `${HOST_NAME}.json`);
  assert.deepEqual(JSON.parse(fs.readFileSync(manifestPath, 'utf8')).allowed_extensions, ['switchrole@switchrole.dev']);

  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    env: { ...process.env, ...env },
  });
  try {
    assert.equal(await browser.installExtension(EXT), 'switchrole@switchrole.dev');
    const page = await browser.newPage();
    assertHostAnswered(await helloThroughPage(page), dataHome);

    switchrole(env, 'uninstall', '--browser', 'firefox');
    assert.equal(fs.existsSync(manifestPath), false);
    const afterUninstall = await helloThroughPage(page);
    assert.equal(afterUninstall.state, 'error');
  } finally {
    await browser.close();
  }
});

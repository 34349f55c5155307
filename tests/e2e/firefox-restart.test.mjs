// End to end: SwitchRole installed in Firefox as a packaged add-on (not a temporary one) survives a browser
// restart and reaches the host both times. Debian's firefox-esr, the real XPI (extension/dist, the file the release
// ships), placed in the profile's extensions/ folder as <gecko id>.xpi the way an administrator or a package
// would, with xpinstall.signatures.required=false (ESR honours it; a release XPI is signed instead, docs/deploy.md).
// The host is registered by `switchrole install --browser firefox` under a throwaway HOME.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { hostBinary, cli, register, GECKO_ID } from './lib/host.mjs';
import { FIREFOX, DIST, FIREFOX_EXTENSION_UUID, closeBrowser } from './lib/browsers.mjs';
import { waitFor } from './lib/wait.mjs';

const XPI = path.join(DIST, 'switchrole-firefox.xpi');
let bin, tmp;

before(() => {
  bin = hostBinary();
  if (!fs.existsSync(XPI)) execFileSync('node', [path.join(DIST, '..', 'scripts', 'build.mjs')], { stdio: 'ignore' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-e2e-ffrestart-'));
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function launchFirefox(profile, env) {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    env: { ...process.env, ...env },
    // Firefox >= 153 lets WebDriver open moz-extension:// pages only with this flag.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'xpinstall.signatures.required': false,
      // Add-ons found in the profile folder: enabled without the sideload prompt, looked for at every start.
      'extensions.autoDisableScopes': 0,
      'extensions.startupScanScopes': 1,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
    },
    protocolTimeout: 60000,
  });
}

/** The extension's own view of the host, from its popup page: ready, and listing `roleName`. */
async function hostStateWith(browser, roleName) {
  const page = await browser.newPage();
  try {
    const url = `moz-extension://${FIREFOX_EXTENSION_UUID}/popup/popup.html`;
    // Firefox's WebDriver BiDi never reports a moz-extension:// load as finished: start it, then wait for the page.
    page.goto(url, { timeout: 60000 }).catch(() => {});
    await waitFor(async () => (await page.evaluate(() => location.href)) === url && (await page.evaluate(() => typeof browser?.runtime?.sendMessage)) === 'function',
      { timeout: 30000, what: `${url} to open (is the add-on installed?)` });
    let last;
    await waitFor(async () => {
      last = await page.evaluate(() => browser.runtime.sendMessage({ type: 'get-state' }));
      return last?.host?.state === 'ready' && last.roles.some((r) => r.roleName === roleName);
    }, { timeout: 30000, interval: 200, what: `the extension to reach the host and list ${roleName}` }).catch((e) => {
      throw new Error(`${e.message}; extension state: ${JSON.stringify(last?.host ?? last)}`);
    });
    return last;
  } finally {
    await page.close();
  }
}

test('Firefox keeps the packaged SwitchRole add-on across a restart, and it reaches the host both times', async () => {
  const home = path.join(tmp, 'home');
  const profile = path.join(tmp, 'profile');
  const env = { HOME: home, SWITCHROLE_HOME: path.join(tmp, 'data') };
  fs.mkdirSync(path.join(profile, 'extensions'), { recursive: true });
  fs.copyFileSync(XPI, path.join(profile, 'extensions', `${GECKO_ID}.xpi`));
  await register(bin, env, 'firefox', { home });
  await cli(bin, env, 'add', '--account', '123456789012', '--role', 'BeforeRestart', '--name', 'before restart');

  let browser = await launchFirefox(profile, env);
  try {
    const first = await hostStateWith(browser, 'BeforeRestart');
    assert.ok(first.host.version, 'the host answered hello with its version');
  } finally {
    await closeBrowser(browser);
  }

  // Added while Firefox is closed: only a live host can show it after the restart (not the extension's saved list).
  await cli(bin, env, 'add', '--account', '210987654321', '--role', 'AfterRestart', '--name', 'after restart');
  browser = await launchFirefox(profile, env);
  try {
    const second = await hostStateWith(browser, 'AfterRestart');
    assert.deepEqual(second.roles.map((r) => r.roleName).sort(), ['AfterRestart', 'BeforeRestart']);
    assert.equal(second.banner, null, `the extension shows a banner: ${second.banner}`);
  } finally {
    await closeBrowser(browser);
  }
  // Still the packaged add-on in the profile, not a temporary copy.
  const addons = JSON.parse(fs.readFileSync(path.join(profile, 'extensions.json'), 'utf8')).addons;
  const ours = addons.find((a) => a.id === GECKO_ID);
  assert.ok(ours, 'extensions.json lists SwitchRole');
  assert.equal(ours.location, 'app-profile');
  assert.equal(ours.active, true);
});

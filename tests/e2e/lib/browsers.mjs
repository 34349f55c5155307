// Headless Debian chromium and firefox-esr through puppeteer-core (recipe: shared/reference/browser-e2e.md),
// each with its own profile and HOME, the real extension build, and AWS host names mapped to the fake server.
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { ROOT, CHROMIUM_ID, GECKO_ID } from './host.mjs';

export const CHROMIUM = process.env.SWITCHROLE_E2E_CHROMIUM ?? '/usr/lib/chromium/chromium';
export const FIREFOX = process.env.SWITCHROLE_E2E_FIREFOX ?? '/usr/bin/firefox-esr';
export const DIST = path.join(ROOT, 'extension', 'dist');
// Firefox gives each add-on a random internal UUID per profile (its moz-extension:// host); this pref pins it
// so tests know the extension's page URLs. (WebDriver BiDi refuses browsingContext.navigate to moz-extension://
// in Firefox ESR 153, "not allowed in this context", so the popup and options page are tested in Chromium only.)
export const FIREFOX_UUID = '6f1c2a4e-8d3b-4c57-9a10-5e2f7b8c9d01';

/**
 * @returns {Promise<{ browser: import('puppeteer-core').Browser, kind: string, extensionUrl: string }>}
 */
export async function launch(kind, { port, profileDir, home, env }) {
  if (kind === 'chromium') {
    const ext = path.join(DIST, 'chromium');
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: profileDir,
      pipe: true,
      enableExtensions: [ext],
      acceptInsecureCerts: true,
      env: { ...process.env, ...env, HOME: home },
      args: [
        `--host-resolver-rules=MAP *.aws.amazon.com 127.0.0.1:${port}`,
        '--ignore-certificate-errors', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
      ],
      protocolTimeout: 60000,
    });
    await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${CHROMIUM_ID}/`), { timeout: 20000 });
    return { browser, kind, extensionUrl: `chrome-extension://${CHROMIUM_ID}/` };
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profileDir,
    acceptInsecureCerts: true,
    env: { ...process.env, ...env, HOME: home },
    extraPrefsFirefox: {
      'network.dns.forceResolve': '127.0.0.1',
      'network.socket.forcePort': `443=${port}`,
      'extensions.webextensions.restrictedDomains': '',
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
    },
    protocolTimeout: 60000,
  });
  await browser.installExtension(path.join(DIST, 'firefox'));
  return { browser, kind, extensionUrl: `moz-extension://${FIREFOX_UUID}/` };
}

export async function closeBrowser(b) {
  if (!b) return;
  try {
    await b.close();
  } catch {
    try {
      b.process()?.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export function ensureDir(p) {
  fs.mkdirSync(p, { recursive: true });
  return p;
}

// Headless Debian chromium and firefox-esr through puppeteer-core (recipe: shared/reference/browser-e2e.md),
// each with its own profile and HOME, the real extension build, and AWS host names mapped to the fake server.
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { ROOT, CHROMIUM_ID, GECKO_ID } from './host.mjs';

export const CHROMIUM = process.env.SWITCHROLE_E2E_CHROMIUM ?? '/usr/lib/chromium/chromium';
export const FIREFOX = process.env.SWITCHROLE_E2E_FIREFOX ?? '/usr/bin/firefox-esr';
export const DIST = path.join(ROOT, 'extension', 'dist');
// Firefox gives each add-on a random moz-extension:// host unless this pref names it; fixed so tests can open its pages.
export const FIREFOX_EXTENSION_UUID = '5e1f0c3a-7b2d-4c6e-9a8f-53c0de5a1e00';

/**
 * @returns {Promise<{ browser: import('puppeteer-core').Browser, kind: string, extensionUrl: string }>}
 */
export async function launch(kind, { port, profileDir, home, env, extDir = null }) {
  if (kind === 'chromium') {
    const ext = extDir ?? path.join(DIST, 'chromium');
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: profileDir,
      pipe: true,
      enableExtensions: [ext],
      acceptInsecureCerts: true,
      env: { ...process.env, ...env, HOME: home },
      args: [
        `--host-resolver-rules=MAP *.aws.amazon.com 127.0.0.1:${port},MAP *.amazonaws-eusc.eu 127.0.0.1:${port}`,
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
    // Firefox >= 153 lets WebDriver open moz-extension:// pages (popup, options) only with this flag.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.forceResolve': '127.0.0.1',
      'network.socket.forcePort': `443=${port}`,
      'extensions.webextensions.restrictedDomains': '',
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
    },
    protocolTimeout: 60000,
  });
  await browser.installExtension(extDir ?? path.join(DIST, 'firefox'));
  return { browser, kind, extensionUrl: `moz-extension://${FIREFOX_EXTENSION_UUID}/` };
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

/**
 * A copy of the build whose menu shadow root is open, so tests can read the list. The shipped build (closed root)
 * is what `launch` loads without `extDir`; the suite runs that one too, to show a page cannot reach the list.
 */
export function openShadowCopy(kind, dir) {
  const out = path.join(dir, `ext-${kind}-open-shadow`);
  fs.cpSync(path.join(DIST, kind), out, { recursive: true });
  const file = path.join(out, 'content', 'content.js');
  const text = fs.readFileSync(file, 'utf8');
  const marker = "const SHADOW_MODE = 'closed';";
  if (!text.includes(marker)) throw new Error(`${file}: ${marker} not found; the test copy cannot open the shadow root`);
  fs.writeFileSync(file, text.replace(marker, "const SHADOW_MODE = 'open';"));
  return out;
}

// The end-to-end suite one browser runs: the real extension build, the real switchrole host registered by
// `switchrole install`, a fake console and sign-in service on loopback.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostBinary, cli, listRoles, register, hostProcesses } from './host.mjs';
import { startFakeAws } from './fake-aws.mjs';
import { launch, closeBrowser, ensureDir, openShadowCopy } from './browsers.mjs';
import { openAccountMenu, menuState, typeSearch, clickRole, waitForRows, MENU_BUTTON } from './console-page.mjs';
import { waitFor } from './wait.mjs';

/** `switchrole doctor` output, also when a check fails (exit status 1). */
async function doctorOutput(bin, env) {
  try {
    return await cli(bin, env, 'doctor');
  } catch (e) {
    if (typeof e?.stdout === 'string' && e.stdout.length > 0) return e.stdout;
    throw e;
  }
}

/** The form the console's own "Switch role" posts for ROLE_PROD: what the extension must send, field for field. */
function switchToProdForm(w) {
  return {
    action: 'switchFromBasis',
    src: 'nav',
    mfaNeeded: '0',
    csrf: w.aws.state.csrf,
    account: ROLE_PROD.accountId,
    roleName: ROLE_PROD.roleName,
    displayName: ROLE_PROD.displayName,
    color: ROLE_PROD.color,
    redirect_uri: encodeURIComponent('https://us-east-1.console.aws.amazon.com/console/home?region=eu-west-1'),
  };
}

export const CLASSIC_URL = 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1';
export const PRISM_SESSION = '111122223333-abcd1234';
export const PRISM_URL = `https://${PRISM_SESSION}.us-east-1.console.aws.amazon.com/console/home?region=us-east-1`;
export const XSS_NAME = '<img src=x onerror=alert(1)>';

export const ROLE_PROD = { accountId: '444455556666', roleName: 'ops/Admin', displayName: 'Prod admin', color: 'ff9900', region: 'eu-west-1' };
export const ROLE_XSS = { accountId: '777788889999', roleName: 'ReadOnly', displayName: XSS_NAME, color: '1d8102' };
export const ROLE_OTHER_BASE = { accountId: '222233334444', roleName: 'Elsewhere', displayName: 'Other base only', baseAccountId: '999999999999' };

export async function seed(bin, env) {
  await cli(bin, env, 'add', '--account', '4444-5555-6666', '--role', ROLE_PROD.roleName, '--name', ROLE_PROD.displayName, '--color', `#${ROLE_PROD.color}`, '--region', ROLE_PROD.region);
  await cli(bin, env, 'add', '--account', ROLE_XSS.accountId, '--role', ROLE_XSS.roleName, '--name', ROLE_XSS.displayName, '--color', ROLE_XSS.color);
  await cli(bin, env, 'add', '--account', ROLE_OTHER_BASE.accountId, '--role', ROLE_OTHER_BASE.roleName, '--name', ROLE_OTHER_BASE.displayName, '--base-account', ROLE_OTHER_BASE.baseAccountId);
}

/** A temp world for one browser: data home, HOME, profile, fake AWS, host registered. */
export async function makeWorld(kind, { swrHome = null, shipped = false } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `swr-e2e-${kind}-`));
  const bin = hostBinary();
  const env = { SWITCHROLE_HOME: swrHome ?? ensureDir(path.join(tmp, 'switchrole-home')) };
  const home = ensureDir(path.join(tmp, 'home'));
  const profileDir = ensureDir(path.join(tmp, 'profile'));
  const aws = await startFakeAws({ dir: tmp });
  const manifest = await register(bin, env, kind, { userDataDir: kind === 'chromium' ? profileDir : null, home });
  // Tests read the menu through an open shadow root; `shipped` loads the build as released (closed root).
  const extDir = shipped ? null : openShadowCopy(kind, tmp);
  return { kind, tmp, bin, env, home, profileDir, aws, manifest, extDir, b: null };
}

export async function startBrowser(world) {
  world.b = await launch(world.kind, { port: world.aws.port, profileDir: world.profileDir, home: world.home, env: world.env, extDir: world.extDir });
  return world.b.browser;
}

/**
 * Where each world's SwitchRole log folder is kept after its temp folder goes (artifacts/ is ignored):
 * a test that failed once in a full run can then be read in the host's and the worker's own words.
 */
export const KEPT_LOGS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../artifacts/e2e-logs');

export async function disposeWorld(world) {
  if (!world) return;
  await closeBrowser(world.b?.browser);
  await world.aws?.close();
  const logs = path.join(world.env.SWITCHROLE_HOME, 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(KEPT_LOGS, path.basename(world.tmp)), { recursive: true });
  fs.rmSync(world.tmp, { recursive: true, force: true });
}

export async function newPage(world) {
  const page = await world.b.browser.newPage();
  page.dialogs = [];
  page.on('dialog', (d) => {
    page.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  return page;
}

/** Opens an extension page (popup/popup.html, options/options.html) in a tab and waits until `selector` is in it. */
export async function openExtensionPage(world, page, selector, file = 'popup/popup.html') {
  const url = `${world.b.extensionUrl}${file}`;
  // Firefox's WebDriver BiDi never reports a moz-extension:// load as finished: start it, then wait for the page.
  const nav = page.goto(url, { timeout: 60000 }).catch(() => {});
  if (world.kind === 'chromium') await nav;
  await waitFor(async () => (await page.evaluate(() => location.href)) === url && (await page.$(selector)) !== null, {
    timeout: 30000,
    what: `${selector} in ${url}`,
  });
}

export function defineBrowserSuite(kind) {
  describe(`${kind}: the extension with the real host`, { timeout: 180000 }, () => {
    let w;
    before(async () => {
      const tmpWorld = await makeWorld(kind);
      w = tmpWorld;
      await seed(w.bin, w.env);
      await startBrowser(w);
    });
    after(async () => {
      await disposeWorld(w);
    });

    it('shows roles added with the CLI in the account menu, and only those that apply', async () => {
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await openAccountMenu(page);
      const m = await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName], [ROLE_XSS.accountId, ROLE_XSS.roleName]]);
      assert.deepEqual(m.rows.map((r) => r.accountId).sort(), [ROLE_PROD.accountId, ROLE_XSS.accountId]);
      const prod = m.rows.find((r) => r.accountId === ROLE_PROD.accountId);
      assert.equal(prod.name, 'Prod admin');
      assert.equal(prod.meta, '4444-5555-6666 · ops/Admin');
      assert.equal(prod.swatch, 'rgb(255, 153, 0)');
      assert.match(m.count, /2 of 2 roles \(1 for other base accounts hidden\)/);
      assert.equal(m.banner, null);
      await page.close();
    });

    if (kind === 'chromium') {
      it('shows the same list in the toolbar popup, and says when no console page is open', async () => {
        const page = await newPage(w);
        await page.goto(`${w.b.extensionUrl}popup/popup.html`);
        await page.waitForSelector(`.swr-row[data-account-id="${ROLE_PROD.accountId}"]`);
        const names = await page.$$eval('.swr-row .swr-name', (els) => els.map((e) => e.textContent).sort());
        assert.deepEqual(names, [XSS_NAME, 'Prod admin']);
        assert.match(await page.$eval('#swr-popup-note', (e) => e.textContent), /No AWS console page is open/);
        // The host offers aws.signinUrl: with no console tab, a role can open in a new window through federation.
        assert.match(await page.$eval('#swr-popup-note', (e) => e.textContent), /open it in a new window through federation/);
        await page.click(`.swr-row[data-account-id="${ROLE_PROD.accountId}"]`);
        await page.waitForFunction(() => !document.getElementById('swr-federate').hidden);
        assert.equal(await page.$eval('#swr-federate-text', (e) => e.textContent),
          "No signed-in AWS console tab. Open Prod admin (ops/Admin in 4444-5555-6666) with this machine's AWS credentials?");
        assert.equal(await page.$eval('#swr-federate-open', (e) => e.textContent), 'Open in a new window (federation)');
        assert.equal(await page.$eval('#swr-error', (e) => e.hidden), true);
        await page.close();
      });
    }

    if (kind === 'chromium') {
      it('the toolbar popup, opened over another tab, switches the most recently used console tab', async () => {
        w.aws.state.role = null;
        const consolePage = await newPage(w);
        let popup = null;
        try {
          await consolePage.goto(CLASSIC_URL);
          // The content script is up once the account menu shows the section.
          await openAccountMenu(consolePage);
          await waitForRows(consolePage, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
          const usesBefore = (await listRoles(w.bin, w.env)).find((r) => r.accountId === ROLE_PROD.accountId).useCount;
          popup = await newPage(w);
          await popup.goto(`${w.b.extensionUrl}popup/popup.html`);
          await popup.waitForSelector(`.swr-row[data-account-id="${ROLE_PROD.accountId}"]`);
          await popup.waitForFunction(() => !document.getElementById('swr-popup-note').hidden);
          assert.equal(await popup.$eval('#swr-popup-note', (e) => e.textContent), 'Switches in your most recently used console tab: Fake AWS console.');
          assert.match(await popup.$eval('.swr-who', (e) => e.textContent), /signed in to 1111-2222-3333/);
          const before = w.aws.requests.length;
          await Promise.all([consolePage.waitForNavigation({ timeout: 20000 }), popup.click(`.swr-row[data-account-id="${ROLE_PROD.accountId}"]`)]);
          const post = w.aws.requests.slice(before).find((r) => r.method === 'POST' && r.path === '/switchrole');
          assert.ok(post, 'the console tab posted to /switchrole');
          assert.equal(post.host, 'signin.aws.amazon.com');
          assert.equal(post.headers.origin, 'https://us-east-1.console.aws.amazon.com');
          assert.deepEqual(post.form, switchToProdForm(w));
          assert.equal(consolePage.url(), 'https://us-east-1.console.aws.amazon.com/console/home?region=eu-west-1');
          // The console tab was brought to the front, where the switched console now shows.
          await consolePage.waitForFunction(() => document.visibilityState === 'visible', { timeout: 10000 });
          assert.equal(await consolePage.$eval(MENU_BUTTON, (e) => e.textContent), 'Prod admin @ 444455556666');
          await waitFor(async () => (await listRoles(w.bin, w.env)).find((r) => r.accountId === ROLE_PROD.accountId)?.useCount === usesBefore + 1, { what: 'the popup switch recorded as a use' });
        } finally {
          w.aws.state.role = null;
          await popup?.close().catch(() => {});
          await consolePage.close();
        }
      });
    }

    it('renders a display name with markup as text and runs nothing', async () => {
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await openAccountMenu(page);
      const m = await waitForRows(page, [[ROLE_XSS.accountId, ROLE_XSS.roleName]]);
      assert.equal(m.rows.find((r) => r.accountId === ROLE_XSS.accountId).name, XSS_NAME);
      assert.equal(m.imgs, 0);
      assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
      assert.deepEqual(await page.evaluate(() => window.__alerts), []);
      assert.deepEqual(page.dialogs, []);
      await page.close();
    });

    it('filters by search and a click sends the exact classic switch request, then marks the role current', async () => {
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
      await typeSearch(page, '4444-5555');
      await page.waitForFunction(() => document.querySelector('#swr-menu-host').shadowRoot.querySelectorAll('.swr-row').length === 1);
      assert.deepEqual((await menuState(page)).rows.map((r) => r.name), ['Prod admin']);
      const usesBefore = (await listRoles(w.bin, w.env)).find((r) => r.accountId === ROLE_PROD.accountId).useCount;
      const before = w.aws.requests.length;
      await Promise.all([page.waitForNavigation({ timeout: 20000 }), clickRole(page, ROLE_PROD.accountId, ROLE_PROD.roleName)]);
      const post = w.aws.requests.slice(before).find((r) => r.method === 'POST' && r.path === '/switchrole');
      assert.ok(post, 'a POST to /switchrole');
      assert.equal(post.host, 'signin.aws.amazon.com');
      assert.equal(post.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.deepEqual(post.form, switchToProdForm(w));
      // The sign-in service sent the browser back to the console, in the entry's region.
      assert.equal(page.url(), 'https://us-east-1.console.aws.amazon.com/console/home?region=eu-west-1');
      // The switch was recorded as a use in the database every browser shares.
      await waitFor(async () => (await listRoles(w.bin, w.env)).find((r) => r.accountId === ROLE_PROD.accountId)?.useCount === usesBefore + 1, { what: 'roles.touch in the database' });
      await openAccountMenu(page);
      const m = await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
      assert.equal(m.rows.find((r) => r.accountId === ROLE_PROD.accountId).current, true);
      assert.equal(m.rows[0].accountId, ROLE_PROD.accountId, 'recently used first');
      await page.close();
    });

    it('while switched into a role, "Switch back" sends the exact switchToBasis request and lands on the base identity', async () => {
      // The sign-in service's state after a switch: the console now shows the role (page globals, nav button).
      w.aws.state.role = { account: ROLE_PROD.accountId, roleName: ROLE_PROD.roleName, displayName: ROLE_PROD.displayName, color: ROLE_PROD.color };
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
      const back = await page.waitForSelector('#swr-menu-host >>> #swr-switch-back:not([hidden])');
      assert.equal(await back.evaluate((e) => e.textContent), 'Switch back to alice @ 1111-2222-3333');
      const before = w.aws.requests.length;
      await Promise.all([page.waitForNavigation({ timeout: 20000 }), back.click()]);
      const posts = w.aws.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/switchrole');
      assert.equal(posts.length, 1, 'one POST to /switchrole');
      assert.equal(posts[0].host, 'signin.aws.amazon.com');
      assert.equal(posts[0].headers['content-type'], 'application/x-www-form-urlencoded');
      assert.deepEqual(posts[0].form, {
        action: 'switchToBasis',
        src: 'nav',
        csrf: w.aws.state.csrf,
        redirect_uri: encodeURIComponent(CLASSIC_URL),
      });
      // Back on the same page as the login identity: the nav shows the user, the menu no longer offers to switch back.
      assert.equal(page.url(), CLASSIC_URL);
      assert.equal(await page.$eval(MENU_BUTTON, (e) => e.textContent), 'alice @ 1111-2222-3333');
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
      assert.equal(await page.$eval('#swr-menu-host', (h) => h.shadowRoot.querySelector('#swr-switch-back').hidden), true);
      assert.equal((await menuState(page)).rows.some((r) => r.current), false);
      await page.close();
    });

    it('Alt+Shift+S on a console page opens the role list', async () => {
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await page.waitForSelector(MENU_BUTTON);
      await page.click('#page-path');
      // The content script may still be starting (document_idle): press until the list shows, bounded.
      await waitFor(async () => {
        await page.keyboard.down('Alt');
        await page.keyboard.down('Shift');
        await page.keyboard.press('KeyS');
        await page.keyboard.up('Shift');
        await page.keyboard.up('Alt');
        return page.$('#swr-floating:not([hidden]) #swr-menu-host');
      }, { timeout: 15000, interval: 200, what: 'the role list after Alt+Shift+S' });
      const m = await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName], [ROLE_XSS.accountId, ROLE_XSS.roleName]]);
      assert.equal(m.rows.length, 2);
      assert.equal(await page.evaluate(() => document.querySelector('#swr-menu-host').shadowRoot.activeElement?.id), 'swr-search');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#swr-floating', { hidden: true });
      await page.close();
    });

    it('shows a role added with the CLI in an open menu without a reload', async () => {
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
      await cli(w.bin, w.env, 'add', '--account', '5555-6666-7777', '--role', 'Auditor', '--name', 'Audit', '--group', 'security');
      const m = await waitForRows(page, [['555566667777', 'Auditor']]);
      assert.ok(m.rows.some((r) => r.name === 'Audit'));
      await page.close();
    });

    it('sends the JSON switch request on the multi-session console and opens the new session', async () => {
      const page = await newPage(w);
      await page.goto(PRISM_URL);
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_XSS.accountId, ROLE_XSS.roleName]]);
      const before = w.aws.requests.length;
      const opened = w.b.browser.waitForTarget((t) => t.url().startsWith(`https://${ROLE_XSS.accountId}-n3wsess.us-east-1.console.aws.amazon.com/`), { timeout: 20000 });
      await clickRole(page, ROLE_XSS.accountId, ROLE_XSS.roleName);
      const target = await opened;
      const post = w.aws.requests.slice(before).find((r) => r.method === 'POST' && r.path === `/sessions/${PRISM_SESSION}/v1/switchrole`);
      assert.ok(post, 'a POST to the multi-session switchrole endpoint');
      assert.equal(post.host, 'us-east-1.signin.aws.amazon.com');
      assert.equal(post.headers['x-csrf-protection'], '1');
      assert.match(post.headers['content-type'], /^application\/json/);
      assert.equal(post.headers.origin, `https://${PRISM_SESSION}.us-east-1.console.aws.amazon.com`);
      assert.deepEqual(post.json, {
        account: ROLE_XSS.accountId,
        color: ROLE_XSS.color,
        displayName: XSS_NAME,
        redirectUri: 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1',
        roleName: ROLE_XSS.roleName,
      });
      assert.equal(target.url(), `https://${ROLE_XSS.accountId}-n3wsess.us-east-1.console.aws.amazon.com/console/home?region=us-east-1&login_hint=sess-1`);
      await page.close();
    });

    it('falls back to a floating button on a console page without the known hooks, and the page keeps working', async () => {
      const page = await newPage(w);
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${CLASSIC_URL}&fake=nohooks`);
      await page.waitForSelector('#swr-fab', { timeout: 15000 });
      await page.click('#swr-fab');
      await page.waitForSelector(`#swr-floating #swr-menu-host >>> .swr-row[data-account-id="${ROLE_PROD.accountId}"]`);
      const m = await menuState(page);
      assert.ok(m.rows.some((r) => r.name === 'Prod admin'));
      assert.equal(await page.$eval('#page-path', (e) => e.textContent), `${CLASSIC_URL}&fake=nohooks`);
      assert.deepEqual(errors, []);
      await page.close();
    });

    // ---- Console shapes (issue 12): the evidence of 2024-2026, and what the extension does when a hook is missing ----

    it('the account menu as the console ships it: dropdown kept in the DOM and hidden, tile in the button', async () => {
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await page.waitForSelector(MENU_BUTTON);
      assert.equal(await page.$eval('#menu--account', (m) => m.hidden), true, 'the fake keeps the dropdown in the DOM, hidden');
      assert.ok(await page.$(`${MENU_BUTTON} [data-testid="awsc-account-info-tile"]`), 'the tile is inside the button');
      await openAccountMenu(page);
      const where = await page.evaluate((sel) => {
        const host = document.querySelector('#swr-menu-host');
        return { inButton: Boolean(host.closest('button')), inTile: Boolean(host.closest('[data-testid="awsc-account-info-tile"]')), buttonHolds: document.querySelector(sel).querySelectorAll('#swr-menu-host').length, parent: host.parentElement.id, active: document.activeElement?.id };
      }, MENU_BUTTON);
      assert.deepEqual(where, { inButton: false, inTile: false, buttonHolds: 0, parent: 'menu--account', active: 'swr-menu-host' });
      await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName], [ROLE_XSS.accountId, ROLE_XSS.roleName]]);
      // Closing the menu hides the section with it; no floating list appears.
      await page.click(MENU_BUTTON);
      await page.waitForFunction(() => document.getElementById('menu--account').hidden);
      assert.equal(await page.$('#swr-floating:not([hidden])'), null);
      await page.close();
    });

    it('a menu already open at load gets the section without taking focus from the console search box', async () => {
      const page = await newPage(w);
      await page.goto(`${CLASSIC_URL}&fake=menu-open`);
      await page.waitForSelector('#menu--account #swr-menu-host', { timeout: 15000 });
      await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'console-search');
      await page.close();
    });

    it('the older console that renders its menu on click still gets the section', async () => {
      const page = await newPage(w);
      await page.goto(`${CLASSIC_URL}&fake=render-on-click`);
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
      await page.close();
    });

    it('page scripts cannot open the list or switch: only trusted clicks and keys act', async () => {
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await page.waitForSelector(MENU_BUTTON);
      // A synthetic click opens the console's own dropdown (its handler runs) but not ours; a synthetic shortcut does nothing.
      await page.evaluate(async (sel) => {
        document.querySelector(sel).dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'S', code: 'KeyS', altKey: true, shiftKey: true, bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }, MENU_BUTTON);
      assert.equal(await page.$eval('#menu--account', (m) => m.hidden), false);
      assert.equal(await page.$('#swr-menu-host'), null, 'no section after synthetic events');
      // Now a person opens it; a synthetic Enter in the search box and a synthetic row click switch nothing.
      await page.click(MENU_BUTTON); // closes the console menu
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName], [ROLE_XSS.accountId, ROLE_XSS.roleName]]);
      const before = w.aws.requests.length;
      await page.evaluate(async (a) => {
        const root = document.querySelector('#swr-menu-host').shadowRoot;
        root.querySelector('#swr-search').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
        root.querySelector(`.swr-row[data-account-id="${a}"] .swr-name`).dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }, ROLE_PROD.accountId);
      await Promise.all([page.waitForNavigation({ timeout: 20000 }), clickRole(page, ROLE_XSS.accountId, ROLE_XSS.roleName)]);
      const posts = w.aws.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/switchrole');
      assert.deepEqual(posts.map((p) => p.form.account), [ROLE_XSS.accountId], 'only the real click switched');
      await page.close();
    });

    it('multi-session without the session meta: the mode and session come from the host name, and the switch is JSON', async () => {
      const page = await newPage(w);
      await page.goto(`${PRISM_URL}&fake=nometa`);
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_XSS.accountId, ROLE_XSS.roleName]]);
      const before = w.aws.requests.length;
      const opened = w.b.browser.waitForTarget((t) => t.url().includes('fake=nometa') && t.url().startsWith(`https://${ROLE_XSS.accountId}-n3wsess.us-east-1.console.aws.amazon.com/`), { timeout: 20000 });
      await clickRole(page, ROLE_XSS.accountId, ROLE_XSS.roleName);
      const target = await opened;
      const mine = w.aws.requests.slice(before);
      const post = mine.find((r) => r.method === 'POST' && r.path === `/sessions/${PRISM_SESSION}/v1/switchrole`);
      await (await target.page())?.close();
      assert.ok(post, 'a POST to the sessions API');
      assert.equal(post.host, 'signin.aws.amazon.com');
      assert.equal(post.headers['x-csrf-protection'], '1');
      assert.equal(post.json.account, ROLE_XSS.accountId);
      assert.equal(post.json.redirectUri, 'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1&fake=nometa');
      assert.equal(mine.filter((r) => r.method === 'POST' && r.path === '/switchrole').length, 0, 'never a classic form from a multi-session tab');
      await page.close();
    });

    it('multi-session refusals read in plain words and offer the console\'s own switch-role page', async () => {
      const page = await newPage(w);
      w.aws.state.prismRefusal = { status: 400, message: 'Maximum number of sessions reached' };
      try {
        await page.goto(PRISM_URL);
        await openAccountMenu(page);
        await waitForRows(page, [[ROLE_XSS.accountId, ROLE_XSS.roleName]]);
        await clickRole(page, ROLE_XSS.accountId, ROLE_XSS.roleName);
        await page.waitForFunction(() => !document.querySelector('#swr-menu-host').shadowRoot.querySelector('#swr-error').hidden, { timeout: 20000, polling: 100 });
        const err = await page.evaluate(() => {
          const e = document.querySelector('#swr-menu-host').shadowRoot.querySelector('#swr-error');
          return { text: e.textContent, href: e.querySelector('a')?.href };
        });
        assert.match(err.text, /The console allows at most 5 sessions at once/);
        const link = new URL(err.href);
        assert.equal(link.host, 'us-east-1.signin.aws.amazon.com');
        assert.equal(link.pathname, '/switchrole');
        assert.equal(link.searchParams.get('account'), ROLE_XSS.accountId);
        assert.equal(link.searchParams.get('roleName'), ROLE_XSS.roleName);
      } finally {
        w.aws.state.prismRefusal = null;
        await page.close();
      }
    });

    it('European Sovereign Cloud: the classic switch goes to the regional EUSC sign-in host', async () => {
      const url = 'https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1';
      const page = await newPage(w);
      await page.goto(url);
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_XSS.accountId, ROLE_XSS.roleName]]);
      const before = w.aws.requests.length;
      await Promise.all([page.waitForNavigation({ timeout: 20000 }), clickRole(page, ROLE_XSS.accountId, ROLE_XSS.roleName)]);
      const post = w.aws.requests.slice(before).find((r) => r.method === 'POST' && r.path === '/switchrole');
      assert.ok(post, 'a POST to /switchrole');
      assert.equal(post.host, 'eusc-de-east-1.signin.amazonaws-eusc.eu');
      assert.equal(post.form.csrf, w.aws.state.csrf);
      assert.equal(post.form.account, ROLE_XSS.accountId);
      assert.equal(post.form.redirect_uri, encodeURIComponent(url));
      assert.equal(page.url(), url);
      w.aws.state.role = null;
      await page.close();
    });

    it('CSRF only in the console\'s own form: read from there, and the switch is the exact classic request', async () => {
      const page = await newPage(w);
      await page.goto(`${CLASSIC_URL}&fake=csrfform`);
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
      const before = w.aws.requests.length;
      await Promise.all([page.waitForNavigation({ timeout: 20000 }), clickRole(page, ROLE_PROD.accountId, ROLE_PROD.roleName)]);
      const post = w.aws.requests.slice(before).find((r) => r.method === 'POST' && r.path === '/switchrole');
      assert.deepEqual(post.form, { ...switchToProdForm(w), redirect_uri: encodeURIComponent('https://us-east-1.console.aws.amazon.com/console/home?region=eu-west-1&fake=csrfform') });
      w.aws.state.role = null;
      await page.close();
    });

    it("no CSRF at all: each row links to the console's own switch-role page, prefilled, and a click goes there", async () => {
      const page = await newPage(w);
      await page.goto(`${CLASSIC_URL}&fake=nocsrf`);
      await openAccountMenu(page);
      await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
      const href = await page.evaluate((a) => document.querySelector('#swr-menu-host').shadowRoot.querySelector(`.swr-row[data-account-id="${a}"] a.swr-page-link`)?.href, ROLE_PROD.accountId);
      const expected = new URL('https://signin.aws.amazon.com/switchrole');
      expected.search = new URLSearchParams({ account: ROLE_PROD.accountId, roleName: ROLE_PROD.roleName, displayName: ROLE_PROD.displayName, color: ROLE_PROD.color, redirect_uri: 'https://us-east-1.console.aws.amazon.com/console/home?region=eu-west-1&fake=nocsrf' }).toString();
      assert.equal(href, expected.toString());
      const before = w.aws.requests.length;
      await Promise.all([page.waitForNavigation({ timeout: 20000 }), clickRole(page, ROLE_PROD.accountId, ROLE_PROD.roleName)]);
      const mine = w.aws.requests.slice(before);
      assert.equal(mine.filter((r) => r.method === 'POST').length, 0, 'nothing posted without a token');
      const get = mine.find((r) => r.method === 'GET' && r.path === '/switchrole');
      assert.equal(get.host, 'signin.aws.amazon.com');
      assert.equal(get.search, expected.search);
      // The console's page is prefilled for the person to confirm.
      assert.equal(await page.$eval('#accountId', (e) => e.value), ROLE_PROD.accountId);
      assert.equal(await page.$eval('#roleName', (e) => e.value), ROLE_PROD.roleName);
      await page.close();
    });

    it('learns from the history cookie as the console writes it: + for spaces, the display name encoded twice', async () => {
      const page = await newPage(w);
      // An older entry, kept as the console stored it: its display name with plain spaces (form-encoded to + in the value).
      w.aws.state.extraHistory = [{ a: '888877776666', r: 'PlainOps', d: 'Team Plain Role', c: '00aa00' }];
      await page.goto(CLASSIC_URL);
      await page.waitForSelector('#native-switch', { hidden: true });
      await Promise.all([
        page.waitForNavigation({ timeout: 20000 }),
        page.evaluate((redirect) => {
          const f = document.getElementById('native-switch');
          f.account.value = '888899990000';
          f.roleName.value = 'TeamOps';
          f.displayName.value = 'Team Ops Role';
          f.color.value = '3399ff';
          f.redirect_uri.value = encodeURIComponent(redirect);
          f.submit();
        }, CLASSIC_URL),
      ]);
      const landed = w.aws.requests.filter((r) => r.method === 'GET' && r.cookies['noflush_awsc-roleInfo']).at(-1);
      assert.match(landed.cookies['noflush_awsc-roleInfo'], /Team%2BOps%2BRole/, 'the display name arrives encoded twice');
      assert.match(landed.cookies['noflush_awsc-roleInfo'], /Team\+Plain\+Role/, 'spaces arrive as +');
      const learned = await waitFor(async () => {
        const roles = await listRoles(w.bin, w.env);
        const a = roles.find((r) => r.accountId === '888899990000' && r.roleName === 'TeamOps');
        const b = roles.find((r) => r.accountId === '888877776666' && r.roleName === 'PlainOps');
        return a && b ? [a, b] : null;
      }, { timeout: 20000, what: 'the roles learned from the console cookie' });
      assert.deepEqual(learned.map((r) => [r.displayName, r.origin]), [['Team Ops Role', 'console'], ['Team Plain Role', 'console']]);
      w.aws.state.role = null;
      await page.close();
    });

    it('on a page with the hooks removed, the popup and switchrole doctor say which hooks are missing', async () => {
      const page = await newPage(w);
      await page.goto(`${CLASSIC_URL}&fake=nohooks`);
      await page.waitForSelector('#swr-fab', { timeout: 15000 });
      const popup = await newPage(w);
      try {
        await openExtensionPage(w, popup, '#swr-diagnosis');
        await popup.waitForFunction(() => /Menu hook missing/.test(document.getElementById('swr-diagnosis').textContent), { timeout: 15000 });
        assert.equal(await popup.$eval('#swr-diagnosis', (e) => e.textContent), 'Menu hook missing: roles are under the SwitchRole button (bottom right of the page).');
        const text = await popup.$eval('#swr-diagnostics-text', (e) => e.textContent);
        assert.match(text, /hooks missing: menu-button, dropdown, identity-global, session-meta, csrf, sign-in-host/);
        assert.match(text, /console host: \{region\}\.console\.aws\.amazon\.com/);
        assert.match(text, new RegExp(`browser: ${kind}`));
        assert.doesNotMatch(text, /[0-9]{12}|[0-9]{4}-[0-9]{4}-[0-9]{4}|csrf-|alice|Admin/);
        assert.equal(await popup.$eval('#swr-copy-diagnostics', (e) => e.textContent), 'Copy diagnostics');
      } finally {
        await popup.close();
      }
      const line = await waitFor(async () => {
        const out = await doctorOutput(w.bin, w.env);
        return out.split('\n').find((l) => l.includes(`console hooks (${kind})`) && l.includes('missing: menu-button'));
      }, { timeout: 20000, what: `switchrole doctor to show the ${kind} diagnostics` });
      assert.match(line, /^\[warn\] console hooks \(.+\): \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, \{region\}\.console\.aws\.amazon\.com, classic console; found: none; missing: menu-button, dropdown, identity-global, session-meta, csrf, sign-in-host; csrf from none, sign-in host from default; extension \d+\.\d+\.\d+/);
      const stored = path.join(w.env.SWITCHROLE_HOME, `diagnostics-${kind}.json`);
      assert.equal(fs.statSync(stored).mode & 0o777, 0o600);
      await page.close();
    });

    if (kind === 'chromium') {
      it("a team entry named like the person's own shows its source in the account menu", async () => {
        // A shared file names its role exactly as the person named their own production entry.
        const file = path.join(w.tmp, 'platform.ini');
        fs.writeFileSync(file, '[Prod admin]\naws_account_id = 676767676767\nrole_name = Admin\n');
        await cli(w.bin, w.env, 'source', 'add', 'platform', file);
        const page = await newPage(w);
        try {
          await page.goto(CLASSIC_URL);
          await openAccountMenu(page);
          const m = await waitForRows(page, [['676767676767', 'Admin'], [ROLE_PROD.accountId, ROLE_PROD.roleName]], 20000);
          assert.equal(m.rows.find((r) => r.accountId === '676767676767' && r.roleName === 'Admin').name, 'Prod admin · team:platform');
          assert.equal(m.rows.find((r) => r.accountId === ROLE_PROD.accountId).name, 'Prod admin');
        } finally {
          await page.close();
          await cli(w.bin, w.env, 'source', 'remove', 'platform');
        }
      });
    }

    it('with the host gone, still shows the saved list with a banner naming the fix, and still switches', async () => {
      // Take the host away as an uninstall would: remove its registration, then end the running host.
      fs.rmSync(w.manifest);
      for (const pid of hostProcesses(w.bin, w.env.SWITCHROLE_HOME)) process.kill(pid, 'SIGKILL');
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await openAccountMenu(page);
      await page.waitForFunction(() => !document.querySelector('#swr-menu-host').shadowRoot.querySelector('#swr-banner').hidden, { timeout: 20000 });
      const m = await waitForRows(page, [[ROLE_PROD.accountId, ROLE_PROD.roleName]]);
      assert.match(m.banner, /cannot reach its host/);
      assert.match(m.banner, /Fix: run switchrole doctor/);
      assert.ok(m.rows.length >= 2);
      const before = w.aws.requests.length;
      // This time by keyboard: search, arrow down to the entry, Enter.
      await typeSearch(page, 'readonly');
      await page.waitForFunction(() => document.querySelector('#swr-menu-host').shadowRoot.querySelectorAll('.swr-row').length === 1);
      await page.keyboard.press('ArrowDown');
      await Promise.all([page.waitForNavigation({ timeout: 20000 }), page.keyboard.press('Enter')]);
      const post = w.aws.requests.slice(before).find((r) => r.method === 'POST' && r.path === '/switchrole');
      assert.equal(post.form.account, ROLE_XSS.accountId);
      assert.equal(post.form.roleName, ROLE_XSS.roleName);
      assert.equal(post.form.csrf, w.aws.state.csrf);
      await page.close();
    });
  });

  describe(`${kind}: the build as shipped (closed shadow root)`, { timeout: 180000 }, () => {
    let w;
    before(async () => {
      w = await makeWorld(kind, { shipped: true });
      await seed(w.bin, w.env);
      await startBrowser(w);
    });
    after(async () => {
      await disposeWorld(w);
    });

    it('the page cannot reach the list, and a person still searches and switches with the keyboard', async () => {
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await page.waitForSelector(MENU_BUTTON);
      await page.click(MENU_BUTTON);
      await page.waitForSelector('#menu--account #swr-menu-host', { timeout: 15000 });
      // Closed: no shadowRoot for page scripts; focus went into the list because the person opened the menu.
      assert.deepEqual(await page.evaluate(() => {
        const host = document.querySelector('#swr-menu-host');
        return { shadowRoot: host.shadowRoot, active: document.activeElement?.id };
      }), { shadowRoot: null, active: 'swr-menu-host' });
      const before = w.aws.requests.length;
      // The list renders asynchronously after the state arrives: type, then Enter, until the switch goes out.
      await page.keyboard.type('readonly');
      await Promise.all([page.waitForNavigation({ timeout: 20000 }), waitFor(async () => {
        await page.keyboard.press('Enter');
        return w.aws.requests.slice(before).some((r) => r.method === 'POST' && r.path === '/switchrole');
      }, { timeout: 15000, interval: 1000, what: 'the switch after Enter' })]);
      const posts = w.aws.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/switchrole');
      assert.ok(posts.length >= 1);
      assert.ok(posts.every((p) => p.form.account === ROLE_XSS.accountId), 'the role the search found');
      assert.equal(posts[0].form.csrf, w.aws.state.csrf);
      await page.close();
    });
  });
}

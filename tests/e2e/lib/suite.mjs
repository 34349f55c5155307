// The end-to-end suite one browser runs: the real extension build, the real switchrole host registered by
// `switchrole install`, a fake console and sign-in service on loopback.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostBinary, cli, listRoles, register, hostProcesses } from './host.mjs';
import { startFakeAws } from './fake-aws.mjs';
import { launch, closeBrowser, ensureDir } from './browsers.mjs';
import { openAccountMenu, menuState, typeSearch, clickRole, waitForRows, MENU_BUTTON } from './console-page.mjs';
import { waitFor } from './wait.mjs';

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
export async function makeWorld(kind, { swrHome = null } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `swr-e2e-${kind}-`));
  const bin = hostBinary();
  const env = { SWITCHROLE_HOME: swrHome ?? ensureDir(path.join(tmp, 'switchrole-home')) };
  const home = ensureDir(path.join(tmp, 'home'));
  const profileDir = ensureDir(path.join(tmp, 'profile'));
  const aws = await startFakeAws({ dir: tmp });
  const manifest = await register(bin, env, kind, { userDataDir: kind === 'chromium' ? profileDir : null, home });
  return { kind, tmp, bin, env, home, profileDir, aws, manifest, b: null };
}

export async function startBrowser(world) {
  world.b = await launch(world.kind, { port: world.aws.port, profileDir: world.profileDir, home: world.home, env: world.env });
  return world.b.browser;
}

export async function disposeWorld(world) {
  if (!world) return;
  await closeBrowser(world.b?.browser);
  await world.aws?.close();
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
}

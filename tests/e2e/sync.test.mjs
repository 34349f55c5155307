// Live sync between two real browsers open at once on one SWITCHROLE_HOME (each starts its own host process):
// a change made in one shows up in the other's open account menu and open popup without a reload.
// The add goes through Firefox's options page form; the delete and the benchmark's writes through the
// background's message API for extension pages ({type:'host'}, what the options page calls).
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeWorld, startBrowser, disposeWorld, newPage, openExtensionPage, CLASSIC_URL } from './lib/suite.mjs';
import { cli, listRoles, hostProcesses } from './lib/host.mjs';
import { openAccountMenu, waitForRows, menuState, clickRole, typeSearch } from './lib/console-page.mjs';
import { serve } from './lib/host-client.mjs';
import { waitFor } from './lib/wait.mjs';

const ALPHA = { accountId: '101010101010', roleName: 'Alpha', displayName: 'A alpha' };
const BRAVO = { accountId: '202020202020', roleName: 'Bravo', displayName: 'B bravo' };
const ADDED = { accountId: '303030303030', roleName: 'FromFirefox', displayName: 'C added in Firefox', color: '8a2be2' };

/** Calls the background's message API from an extension page, as the options page does. */
function sendFromExtensionPage(page, message) {
  return page.evaluate((m) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(m), message);
}

function popupRows(page) {
  return page.$$eval('.swr-row', (els) => els.map((e) => `${e.dataset.accountId}:${e.dataset.roleName}`));
}

describe('live sync between Chromium and Firefox sharing one database', { timeout: 240000 }, () => {
  const swrHome = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-e2e-sync-'));
  let chromium;
  let firefox;
  before(async () => {
    chromium = await makeWorld('chromium', { swrHome });
    firefox = await makeWorld('firefox', { swrHome });
    for (const r of [ALPHA, BRAVO]) await cli(chromium.bin, chromium.env, 'add', '--account', r.accountId, '--role', r.roleName, '--name', r.displayName);
    await Promise.all([startBrowser(chromium), startBrowser(firefox)]);
  });
  after(async () => {
    await Promise.all([disposeWorld(chromium), disposeWorld(firefox)]);
    fs.rmSync(swrHome, { recursive: true, force: true });
  });

  it('each browser runs its own host process on the shared database', async () => {
    const page = await newPage(firefox);
    await page.goto(CLASSIC_URL);
    await openAccountMenu(page);
    await waitForRows(page, [[ALPHA.accountId, ALPHA.roleName]], 30000);
    const cpage = await newPage(chromium);
    await cpage.goto(CLASSIC_URL);
    await openAccountMenu(cpage);
    await waitForRows(cpage, [[ALPHA.accountId, ALPHA.roleName]], 30000);
    await waitFor(() => hostProcesses(chromium.bin, swrHome).length >= 2, { what: 'two host processes' });
    await Promise.all([page.close(), cpage.close()]);
  });

  it("adds in Firefox's options page, and Chromium's open menu shows it without a reload", async () => {
    const console = await newPage(chromium);
    await console.goto(CLASSIC_URL);
    await openAccountMenu(console);
    await waitForRows(console, [[ALPHA.accountId, ALPHA.roleName], [BRAVO.accountId, BRAVO.roleName]], 30000);

    const ext = await newPage(firefox);
    await openExtensionPage(firefox, ext, `.swr-row[data-account-id="${ALPHA.accountId}"]`, 'options/options.html');
    await ext.click('#swr-add');
    for (const [field, value] of [['accountId', ADDED.accountId], ['roleName', ADDED.roleName], ['displayName', ADDED.displayName], ['color', ADDED.color]]) {
      await ext.type(`#swr-f-${field}`, value);
    }
    await ext.click('#swr-save');
    await ext.waitForFunction(() => /^Added /.test(document.getElementById('swr-notice').textContent), { timeout: 20000 });

    const m = await waitForRows(console, [[ADDED.accountId, ADDED.roleName]], 20000);
    const row = m.rows.find((r) => r.accountId === ADDED.accountId);
    assert.equal(row.name, ADDED.displayName);
    assert.equal(row.swatch, 'rgb(138, 43, 226)');
    assert.match(m.count, /^3 of 3 roles/);
    await Promise.all([console.close(), ext.close()]);
  });

  it('deletes in Chromium, and it is gone from Firefox\'s open menu and open popup', async () => {
    const menu = await newPage(firefox);
    await menu.goto(CLASSIC_URL);
    await openAccountMenu(menu);
    await waitForRows(menu, [[ADDED.accountId, ADDED.roleName]], 30000);
    const popup = await newPage(firefox);
    await openExtensionPage(firefox, popup, `.swr-row[data-account-id="${ADDED.accountId}"]`);

    const ext = await newPage(chromium);
    await openExtensionPage(chromium, ext, `.swr-row[data-account-id="${ADDED.accountId}"]`);
    const res = await sendFromExtensionPage(ext, { type: 'host', action: 'roles.delete', params: { accountId: ADDED.accountId, roleName: ADDED.roleName } });
    assert.equal(res.ok, true, JSON.stringify(res));
    // The deleting page's own list follows too.
    await ext.waitForFunction((a) => !document.querySelector(`.swr-row[data-account-id="${a}"]`), { timeout: 20000 }, ADDED.accountId);

    await menu.waitForFunction((a) => {
      const root = document.querySelector('#swr-menu-host')?.shadowRoot;
      return root && root.querySelectorAll('.swr-row').length === 2 && !root.querySelector(`.swr-row[data-account-id="${a}"]`);
    }, { timeout: 20000 }, ADDED.accountId);
    await popup.waitForFunction((a) => !document.querySelector(`.swr-row[data-account-id="${a}"]`), { timeout: 20000 }, ADDED.accountId);
    assert.deepEqual(await popupRows(popup), [`${ALPHA.accountId}:${ALPHA.roleName}`, `${BRAVO.accountId}:${BRAVO.roleName}`]);
    assert.ok(!(await listRoles(chromium.bin, chromium.env)).some((r) => r.accountId === ADDED.accountId));
    await Promise.all([menu.close(), popup.close(), ext.close()]);
  });

  it("switches in one browser, and the other's open menu puts that role first", async () => {
    const menu = await newPage(firefox);
    await menu.goto(CLASSIC_URL);
    await openAccountMenu(menu);
    const before = await waitForRows(menu, [[ALPHA.accountId, ALPHA.roleName], [BRAVO.accountId, BRAVO.roleName]], 30000);
    assert.equal(before.rows[0].accountId, ALPHA.accountId, 'by display name while nothing was used');

    const console = await newPage(chromium);
    await console.goto(CLASSIC_URL);
    await openAccountMenu(console);
    await waitForRows(console, [[BRAVO.accountId, BRAVO.roleName]], 30000);
    await Promise.all([console.waitForNavigation({ timeout: 20000 }), clickRole(console, BRAVO.accountId, BRAVO.roleName)]);

    await menu.waitForFunction((a) => {
      const rows = [...(document.querySelector('#swr-menu-host')?.shadowRoot?.querySelectorAll('.swr-row') ?? [])];
      rows.sort((x, y) => Number(x.dataset.row) - Number(y.dataset.row));
      return rows[0]?.dataset.accountId === a;
    }, { timeout: 20000 }, BRAVO.accountId);
    const after = await menuState(menu);
    assert.deepEqual(after.rows.map((r) => r.accountId), [BRAVO.accountId, ALPHA.accountId]);
    await Promise.all([menu.close(), console.close()]);
  });

  it('a 20,000-entry import by another process reaches both open menus, listed in parts and reassembled', async () => {
    const menus = [];
    for (const w of [chromium, firefox]) {
      const page = await newPage(w);
      await page.goto(CLASSIC_URL);
      await openAccountMenu(page);
      await waitForRows(page, [[ALPHA.accountId, ALPHA.roleName]], 30000);
      menus.push(page);
    }
    const roles = Array.from({ length: 20000 }, (_, i) => ({
      accountId: String(400000000000 + i),
      roleName: `team-${i % 9}/Role${i}`,
      displayName: `Bulk ${String(i).padStart(5, '0')} ${'x'.repeat(24)}`,
      color: 'ff9900',
      region: 'eu-west-1',
    }));
    const importer = serve(chromium.bin, chromium.env);
    try {
      const res = await importer.request('roles.upsert', { roles });
      assert.equal(res.added, 20000);
      // Over 1 MiB as JSON, so the host must send the list in several parts.
      assert.ok((await importer.request('roles.list')).parts > 1);
    } finally {
      await importer.close();
    }
    for (const page of menus) {
      await page.waitForFunction(() => /^20002 of 20002 roles/.test(document.querySelector('#swr-menu-host')?.shadowRoot?.querySelector('#swr-count')?.textContent ?? ''), { timeout: 60000 });
      await typeSearch(page, 'bulk 19999');
      const m = await waitForRows(page, [['400000019999', 'team-1/Role19999']], 20000);
      assert.equal(m.rows.length, 1);
    }
    await Promise.all(menus.map((p) => p.close()));
  });
});

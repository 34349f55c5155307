// The catalogue from AWS itself, end to end in headless Chromium with the real host: an Organizations team source
// adds a new account to an open console menu and drops a closed one, as the (loopback) organization changes.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { makeWorld, startBrowser, disposeWorld, newPage, openExtensionPage, CLASSIC_URL } from './lib/suite.mjs';
import { cli, listRoles } from './lib/host.mjs';
import { openAccountMenu, waitForRows, menuState } from './lib/console-page.mjs';
import { startFakeOrganizations } from './lib/fake-organizations.mjs';

describe('chromium: an Organizations source keeps the console menu in step with the organization', { timeout: 240000 }, () => {
  let w;
  let org;
  before(async () => {
    w = await makeWorld('chromium');
    org = await startFakeOrganizations({
      accounts: [
        { id: '500000000001', name: 'Platform', state: 'ACTIVE' },
        { id: '500000000002', name: 'Payments', state: 'ACTIVE' },
        { id: '500000000003', name: 'Old sandbox', state: 'SUSPENDED' },
      ],
    });
    Object.assign(w.env, org.env, { AWS_CONFIG_FILE: path.join(w.tmp, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(w.tmp, 'aws-credentials') });
    await cli(w.bin, w.env, 'source', 'add', 'org', '--organizations', '--role', 'OrgAdmin');
    await startBrowser(w);
  });
  after(async () => {
    await disposeWorld(w);
    await org?.close();
  });

  it('shows the active accounts, then a new account appears and a closed one goes without a reload', async () => {
    const page = await newPage(w);
    await page.goto(CLASSIC_URL);
    await openAccountMenu(page);
    const first = await waitForRows(page, [['500000000001', 'OrgAdmin'], ['500000000002', 'OrgAdmin']]);
    assert.deepEqual(first.rows.map((r) => r.name).sort(), ['Payments', 'Platform']);

    org.state.accounts = [
      { id: '500000000001', name: 'Platform', state: 'ACTIVE' },
      { id: '500000000002', name: 'Payments', state: 'CLOSED' },
      { id: '500000000004', name: 'New team', state: 'ACTIVE' },
    ];
    await cli(w.bin, w.env, 'source', 'sync', 'org');
    await waitForRows(page, [['500000000004', 'OrgAdmin']], 30000);
    await page.waitForFunction(() => !document.querySelector('#swr-menu-host')?.shadowRoot?.querySelector('.swr-row[data-account-id="500000000002"]'), { timeout: 30000 });
    const after = await menuState(page);
    assert.deepEqual(after.rows.map((r) => r.name).sort(), ['New team', 'Platform']);
    await page.close();
  });

  it('the options page adds an Organizations source from a profile-less role name, and its entries arrive', async () => {
    const page = await newPage(w);
    await openExtensionPage(w, page, '#swr-org-form', 'options/options.html');
    await page.waitForFunction(() => !document.getElementById('swr-sources').hidden, { timeout: 20000 });
    await page.click('#swr-org-add');
    await page.waitForFunction(() => /Role name is required/.test(document.getElementById('swr-source-status').textContent), { timeout: 10000 });
    await page.type('#swr-org-name', 'org-readonly');
    await page.type('#swr-org-role', 'ReadOnly');
    await page.click('#swr-org-add');
    await page.waitForFunction(() => document.querySelector('#swr-source-rows tr[data-name="org-readonly"]') || /error|not|refused/i.test(document.getElementById('swr-source-status').textContent), { timeout: 30000 });
    assert.equal(await page.$eval('#swr-source-status', (p) => p.textContent), 'Done.');
    const location = await page.$eval('#swr-source-rows tr[data-name="org-readonly"] td:nth-child(2)', (td) => td.textContent);
    assert.equal(location, 'organizations:role=ReadOnly');
    const roles = await listRoles(w.bin, w.env);
    assert.deepEqual(roles.filter((r) => r.roleName === 'ReadOnly').map((r) => r.accountId).sort(), ['500000000001', '500000000004']);
    await page.close();
  });
});

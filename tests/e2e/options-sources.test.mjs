// The options page's Team sources section (headless Chromium). Against a host with sources.* it adds, syncs and
// removes a file source; against a host without them, the page says so and offers no source controls.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeWorld, startBrowser, disposeWorld, newPage } from './lib/suite.mjs';
import { listRoles } from './lib/host.mjs';
import { serve } from './lib/host-client.mjs';
import { waitFor } from './lib/wait.mjs';

describe('chromium: team sources on the options page', { timeout: 180000 }, () => {
  let w;
  let hasSources;
  before(async () => {
    w = await makeWorld('chromium');
    const host = serve(w.bin, w.env);
    hasSources = (await host.request('hello')).capabilities.includes('sources.list');
    await host.close();
    await startBrowser(w);
  });
  after(async () => {
    await disposeWorld(w);
  });

  it('shows what the host offers: a file source added, synced and removed, or a note that there are none', async () => {
    const page = await newPage(w);
    await page.goto(`${w.b.extensionUrl}options/options.html`);
    await page.waitForFunction((has) => document.getElementById(has ? 'swr-sources' : 'swr-sources-missing').hidden === false, { timeout: 20000 }, hasSources);
    assert.equal(await page.$eval('#swr-sources', (e) => e.hidden), !hasSources);
    if (!hasSources) {
      assert.match(await page.$eval('#swr-sources-missing', (e) => e.textContent), /has no team sources yet/);
      await page.close();
      return;
    }

    const file = path.join(w.tmp, 'team.csv');
    fs.writeFileSync(file, 'account_id,role_name,display_name\n111122223333,Ops,Team ops\n');
    await page.type('#swr-source-name', 'platform');
    await page.type('#swr-source-location', file);
    await page.click('#swr-source-add');
    await page.waitForSelector('#swr-source-rows tr[data-name="platform"]', { timeout: 20000 });
    await page.waitForSelector('#swr-rows .swr-row[data-account-id="111122223333"]', { timeout: 20000 });
    assert.equal(await page.$eval('#swr-rows .swr-row[data-account-id="111122223333"] .swr-origin', (e) => e.textContent), 'team:platform');
    const cells = await page.$$eval('#swr-source-rows tr[data-name="platform"] td', (tds) => tds.map((t) => t.textContent));
    assert.equal(cells[1], file);
    assert.equal(cells[2], '1');

    fs.writeFileSync(file, 'account_id,role_name,display_name\n111122223333,Ops,Team ops\n444455556666,Dev,Team dev\n');
    await page.click('#swr-source-sync-all');
    await page.waitForSelector('#swr-rows .swr-row[data-account-id="444455556666"]', { timeout: 20000 });
    assert.match(await page.$eval('#swr-source-status', (e) => e.textContent), /platform: /);

    await page.click('#swr-source-rows tr[data-name="platform"] button:last-child');
    await page.waitForFunction(() => !document.querySelector('#swr-source-rows tr[data-name="platform"]'), { timeout: 20000 });
    await waitFor(async () => (await listRoles(w.bin, w.env)).length === 0, { what: 'the source entries removed' });
    await page.close();
  });
});

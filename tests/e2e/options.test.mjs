// The options page end to end in headless Chromium with the real host: import with the diff shown first, a
// malformed file that cannot be applied, add/edit/delete with validation as you type, export download, the
// size check before sending, and the browser-sync copy offered to an empty host.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeWorld, startBrowser, disposeWorld, newPage } from './lib/suite.mjs';
import { cli, listRoles } from './lib/host.mjs';
import { waitFor } from './lib/wait.mjs';
import { unpackEntries } from '../../extension/src/lib/sync-pack.js';

const SEEDED = { accountId: '444455556666', roleName: 'ops/Admin', displayName: 'Prod admin', color: 'ff9900' };

const AESR = `[Prod admin]
aws_account_id = 4444-5555-6666
role_name = ops/Admin
color = 00ff00

[Dev <b>bold</b>]
aws_account_id = 111122223333
role_name = Developer
region = eu-west-1

[Audit]
aws_account_id = 999988887777
role_name = Auditor
`;

const BAD_CSV = `account_id,role_name,color
123456789012,Admin,ff9900
12345,Ops,00ff00
210987654321,bad role,blue
`;

const text = (page, sel) => page.$eval(sel, (e) => e.textContent);
const isHidden = (page, sel) => page.$eval(sel, (e) => e.hidden || e.closest('[hidden]') !== null);

async function openOptions(w) {
  const page = await newPage(w);
  await page.goto(`${w.b.extensionUrl}options/options.html`);
  return page;
}

async function rowNames(page) {
  return page.$$eval('#swr-rows .swr-row', (rows) => rows.map((r) => `${r.dataset.accountId}:${r.dataset.roleName}:${r.querySelector('.swr-name').textContent}`).sort());
}

async function waitForRow(page, accountId, roleName) {
  await page.waitForSelector(`#swr-rows .swr-row[data-account-id="${accountId}"][data-role-name="${roleName}"]`, { timeout: 20000 });
}

async function paste(page, value) {
  // Setting the value and firing input is what a paste does; typing 300 characters adds nothing to the test.
  await page.$eval('#swr-import-text', (e, v) => {
    e.value = v;
    e.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

async function previewShown(page) {
  await page.click('#swr-preview');
  try {
    await page.waitForFunction(() => !document.getElementById('swr-diff').hidden && document.getElementById('swr-import-status').textContent === '', { timeout: 20000 });
  } catch (e) {
    // Say what the page showed instead: an error from the host, or still "Reading…".
    const shown = await page.evaluate(() => ({ status: document.getElementById('swr-import-status').textContent, diffHidden: document.getElementById('swr-diff').hidden }));
    throw new Error(`no diff within 20 s; the page showed status ${JSON.stringify(shown.status)}, diff ${shown.diffHidden ? 'hidden' : 'shown'}`, { cause: e });
  }
  return page.evaluate(() => ({
    summary: document.getElementById('swr-diff-summary').textContent,
    applyDisabled: document.getElementById('swr-apply').disabled,
    sections: Object.fromEntries([...document.querySelectorAll('#swr-diff-sections details')].map((d) => [
      d.dataset.section,
      { title: d.querySelector('summary').textContent, items: [...d.querySelectorAll('li')].map((li) => li.textContent) },
    ])),
  }));
}

async function typeInto(page, field, value) {
  await page.click(`#swr-f-${field}`, { clickCount: 3 });
  await page.keyboard.press('Backspace');
  if (value) await page.type(`#swr-f-${field}`, value);
  return text(page, `#swr-e-${field}`);
}

describe('chromium: the options page with the real host', { timeout: 240000 }, () => {
  let w;
  before(async () => {
    w = await makeWorld('chromium');
    await cli(w.bin, w.env, 'add', '--account', SEEDED.accountId, '--role', SEEDED.roleName, '--name', SEEDED.displayName, '--color', SEEDED.color);
    await startBrowser(w);
  });
  after(async () => {
    await disposeWorld(w);
  });

  it('imports pasted AESR text: shows the diff with lines first, applies it, lists the entries', async () => {
    const page = await openOptions(w);
    await waitForRow(page, SEEDED.accountId, SEEDED.roleName);
    await paste(page, AESR);
    const diff = await previewShown(page);

    assert.match(diff.summary, /<pasted text> \(aesr\): 3 entries read\. Preview: nothing is written until you apply\./);
    assert.equal(diff.sections.added.title, 'Added: 2');
    assert.deepEqual(diff.sections.added.items, [
      '+ Dev <b>bold</b> (Developer in 1111-2222-3333), line 6',
      '+ Audit (Auditor in 9999-8888-7777), line 11',
    ]);
    assert.deepEqual(diff.sections.updated.items, ['~ Prod admin (ops/Admin in 4444-5555-6666), line 1: colour ff9900 → 00ff00']);
    assert.equal(diff.applyDisabled, false);
    assert.equal(await page.$$eval('#swr-diff b', (b) => b.length), 0, 'markup from the file is shown as text');
    // A preview writes nothing.
    assert.equal((await listRoles(w.bin, w.env)).length, 1);

    await page.click('#swr-apply');
    await page.waitForFunction(() => document.getElementById('swr-import-status').textContent === 'Done.', { timeout: 20000 });
    assert.match(await text(page, '#swr-diff-summary'), /^Imported <pasted text> \(aesr\): 2 added, 1 updated, 0 unchanged\./);
    await waitForRow(page, '111122223333', 'Developer');
    await waitForRow(page, '999988887777', 'Auditor');
    assert.deepEqual(await rowNames(page), [
      '111122223333:Developer:Dev <b>bold</b>',
      '444455556666:ops/Admin:Prod admin',
      '999988887777:Auditor:Audit',
    ]);
    const stored = await listRoles(w.bin, w.env);
    assert.deepEqual(stored.map((r) => `${r.accountId}:${r.roleName}:${r.origin}:${r.color ?? '-'}:${r.region ?? '-'}`).sort(), [
      '111122223333:Developer:import:-:eu-west-1',
      '444455556666:ops/Admin:local:00ff00:-',
      '999988887777:Auditor:import:-:-',
    ]);
    assert.equal(await page.$eval('#swr-apply', (b) => b.disabled), true, 'applied once');
    await page.type('#swr-search', '9999-8888');
    await page.waitForFunction(() => document.querySelectorAll('#swr-rows .swr-row').length === 1);
    assert.equal(await text(page, '#swr-count'), '1 of 3 entries');
    await page.close();
  });

  it('shows every error of a malformed CSV with its line, cannot apply it, and leaves the database unchanged', async () => {
    const before = await cli(w.bin, w.env, 'list', '--json');
    const page = await openOptions(w);
    await waitForRow(page, SEEDED.accountId, SEEDED.roleName);
    await paste(page, BAD_CSV);
    const diff = await previewShown(page);

    assert.match(diff.summary, /<pasted text>: 3 errors; nothing can be imported until the file is fixed\./);
    assert.deepEqual(diff.sections.errors.items, [
      "line 3, column 1: account_id: must be 12 digits, got '12345'",
      "line 4, column 14: role_name: 'bad role' may contain only letters, digits and +=,.@_- (and / between path segments)",
      "line 4, column 23: color: must be 6 hex digits like ff9900 or #ff9900, got 'blue'",
    ]);
    assert.equal(diff.applyDisabled, true);
    // Clicking the disabled button does nothing either.
    await page.$eval('#swr-apply', (b) => b.click());
    assert.equal(await cli(w.bin, w.env, 'list', '--json'), before);
    await page.close();
  });

  it('imports a chosen file and refuses a file too big for the host before sending it', async () => {
    const page = await openOptions(w);
    await waitForRow(page, SEEDED.accountId, SEEDED.roleName);
    const file = path.join(w.tmp, 'team.csv');
    fs.writeFileSync(file, '\ufeffaccount_id;role_name;display_name;group\r\n555566667777;Billing;Billing (team);finance\r\n');
    const input = await page.$('#swr-import-file');
    await input.uploadFile(file);
    const diff = await previewShown(page);
    assert.match(diff.summary, /^team\.csv \(csv\): 1 entry read\./);
    assert.deepEqual(diff.sections.added.items, ['+ Billing (team) (Billing in 5555-6666-7777), line 2']);
    await page.click('#swr-apply');
    await waitForRow(page, '555566667777', 'Billing');

    const big = path.join(w.tmp, 'big.csv');
    fs.writeFileSync(big, `account_id,role_name\n${'123456789012,Admin\n'.repeat(400000)}`);
    const count = (await listRoles(w.bin, w.env)).length;
    await input.uploadFile(big);
    await page.waitForFunction(() => /takes at most/.test(document.getElementById('swr-import-status').textContent));
    assert.match(await text(page, '#swr-import-status'), /"big\.csv" is 7\.2 MB; through the browser SwitchRole takes at most 6\.0 MB\. Import it at a terminal instead: switchrole import FILE/);
    await page.click('#swr-preview');
    assert.match(await text(page, '#swr-import-status'), /takes at most/);
    assert.equal(await isHidden(page, '#swr-diff'), true);
    assert.equal((await listRoles(w.bin, w.env)).length, count);
    await page.close();
  });

  it('adds, edits and deletes an entry, validating as you type with the host\'s messages', async () => {
    const page = await openOptions(w);
    await waitForRow(page, SEEDED.accountId, SEEDED.roleName);
    await page.click('#swr-add');
    assert.equal(await page.$eval('#swr-save', (b) => b.disabled), true, 'nothing typed yet');

    assert.equal(await typeInto(page, 'accountId', '1234'), "must be 12 digits, got '1234'");
    assert.equal(await page.$eval('#swr-f-accountId', (e) => e.getAttribute('aria-invalid')), 'true');
    assert.equal(await typeInto(page, 'accountId', '2222-3333-4444'), '');
    assert.equal(await typeInto(page, 'roleName', 'bad role'), "'bad role' may contain only letters, digits and +=,.@_- (and / between path segments)");
    assert.equal(await page.$eval('#swr-save', (b) => b.disabled), true);
    assert.equal(await typeInto(page, 'roleName', 'team/Deployer'), '');
    assert.equal(await typeInto(page, 'color', 'blue'), "must be 6 hex digits like ff9900 or #ff9900, got 'blue'");
    assert.equal(await typeInto(page, 'color', '#3399FF'), '');
    assert.equal(await typeInto(page, 'region', 'europe'), "'europe' is not an AWS region code (like eu-west-1)");
    assert.equal(await typeInto(page, 'region', 'eu-central-1'), '');
    assert.equal(await typeInto(page, 'displayName', 'x'.repeat(65)), 'must be at most 64 characters, got 65');
    assert.equal(await typeInto(page, 'displayName', 'Deploy'), '');
    assert.equal(await page.$eval('#swr-save', (b) => b.disabled), false);
    await page.click('#swr-save');
    await waitForRow(page, '222233334444', 'team/Deployer');
    assert.match(await text(page, '#swr-notice'), /^Added Deploy\./);
    let stored = (await listRoles(w.bin, w.env)).find((r) => r.accountId === '222233334444');
    assert.deepEqual([stored.displayName, stored.color, stored.region, stored.origin], ['Deploy', '3399ff', 'eu-central-1', 'local']);

    // Edit: the identity is read-only; another name and group.
    await page.click('#swr-rows .swr-row[data-account-id="222233334444"] .swr-edit');
    assert.equal(await page.$eval('#swr-f-accountId', (e) => e.readOnly), true);
    assert.equal(await page.$eval('#swr-f-accountId', (e) => e.value), '2222-3333-4444');
    await typeInto(page, 'displayName', 'Deploy (prod)');
    await typeInto(page, 'group', 'delivery');
    await page.click('#swr-save');
    await page.waitForFunction(() => document.querySelector('#swr-rows .swr-row[data-account-id="222233334444"] .swr-name')?.textContent === 'Deploy (prod)', { timeout: 20000 });
    stored = (await listRoles(w.bin, w.env)).find((r) => r.accountId === '222233334444');
    assert.deepEqual([stored.displayName, stored.group, stored.color], ['Deploy (prod)', 'delivery', '3399ff']);

    // Delete asks once more, then removes it everywhere.
    const del = '#swr-rows .swr-row[data-account-id="222233334444"] .swr-delete';
    await page.click(del);
    assert.equal(await text(page, del), 'Really delete?');
    assert.ok((await listRoles(w.bin, w.env)).some((r) => r.accountId === '222233334444'));
    await page.click(del);
    await page.waitForFunction(() => !document.querySelector('#swr-rows .swr-row[data-account-id="222233334444"]'), { timeout: 20000 });
    assert.equal((await listRoles(w.bin, w.env)).some((r) => r.accountId === '222233334444'), false);
    await page.close();
  });

  it('downloads an export that is what the command line exports', async () => {
    const page = await openOptions(w);
    await waitForRow(page, SEEDED.accountId, SEEDED.roleName);
    const downloads = fs.mkdtempSync(path.join(w.tmp, 'dl-'));
    const session = await w.b.browser.target().createCDPSession();
    await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await page.select('#swr-export-format', 'csv');
    await page.click('#swr-export');
    const file = path.join(downloads, 'switchrole-export.csv');
    await waitFor(() => fs.existsSync(file) && fs.statSync(file).size > 0, { timeout: 20000, what: 'the downloaded export' });
    assert.equal(fs.readFileSync(file, 'utf8'), await cli(w.bin, w.env, 'export', '--format', 'csv'));
    assert.match(await text(page, '#swr-export-status'), /^Downloaded switchrole-export\.csv: 4 entries\.$/);
    await page.close();
  });

  it('downloads a backup and restores a backup file with the diff first, keeping a deletion made since', async () => {
    const page = await openOptions(w);
    await waitForRow(page, SEEDED.accountId, SEEDED.roleName);
    const downloads = fs.mkdtempSync(path.join(w.tmp, 'dl-'));
    const session = await w.b.browser.target().createCDPSession();
    await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await page.click('#swr-backup');
    const backupFile = await waitFor(() => fs.readdirSync(downloads).find((f) => /^switchrole-backup-\d{4}-\d\d-\d\d\.json$/.test(f)), { timeout: 20000, what: 'the downloaded backup' });
    // The file may still be being written: wait until it parses.
    const backup = await waitFor(() => JSON.parse(fs.readFileSync(path.join(downloads, backupFile), 'utf8')), { what: 'a complete backup file' });
    assert.equal(backup.format, 'switchrole-backup');
    assert.equal(backup.entries.length, 4);

    // Since the backup: one entry deleted here; and the backup gains an entry from "another machine", used 7 times.
    await cli(w.bin, w.env, 'remove', '--account', '555566667777', '--role', 'Billing');
    const at = new Date().toISOString();
    backup.entries.push({ accountId: '777788889999', roleName: 'Restored', displayName: 'From the old laptop', origin: 'local', createdAt: at, updatedAt: at, lastUsedAt: at, useCount: 7 });
    const file = path.join(w.tmp, 'old-laptop.json');
    fs.writeFileSync(file, JSON.stringify(backup, null, 2));

    await page.click('#swr-kind-restore');
    await (await page.$('#swr-import-file')).uploadFile(file);
    const diff = await previewShown(page);
    assert.match(diff.summary, /^old-laptop\.json \(json\): 5 entries read\./);
    assert.equal(diff.sections.added.items.length, 1);
    assert.match(diff.sections.added.items[0], /^\+ From the old laptop \(Restored in 7777-8888-9999\), line \d+$/);
    assert.match(diff.sections.keptDeleted.title, /^Kept deleted .*: 1$/);
    assert.match(diff.sections.keptDeleted.items[0], /^! Billing \(team\) \(Billing in 5555-6666-7777\)/);
    await page.click('#swr-apply');
    await page.waitForFunction(() => document.getElementById('swr-import-status').textContent === 'Done.', { timeout: 20000 });
    await waitForRow(page, '777788889999', 'Restored');
    const stored = await listRoles(w.bin, w.env);
    assert.equal(stored.find((r) => r.accountId === '777788889999').useCount, 7);
    assert.equal(stored.some((r) => r.accountId === '555566667777'), false, 'the deletion made after the backup stands');
    assert.equal(stored.length, 4);
    await page.close();
  });

  it('keeps a compact copy in sync storage and offers it when the host has no entries', async () => {
    const page = await openOptions(w);
    await waitForRow(page, SEEDED.accountId, SEEDED.roleName);
    const expected = (await listRoles(w.bin, w.env)).map((r) => `${r.accountId}:${r.roleName}`).sort();
    const copy = await waitFor(async () => {
      const c = unpackEntries(await page.evaluate(() => chrome.storage.sync.get(null)));
      return c.state === 'ok' && c.entries.map((e) => `${e.accountId}:${e.roleName}`).sort().join() === expected.join() ? c : null;
    }, { timeout: 20000, what: 'the sync copy to hold every entry' });
    assert.equal(copy.entries.find((e) => e.accountId === '444455556666').color, '00ff00');
    assert.equal(copy.entries.find((e) => e.accountId === '111122223333').displayName, 'Dev <b>bold</b>');

    // A new machine: the database is empty (here: every entry removed at the command line).
    for (const r of await listRoles(w.bin, w.env)) await cli(w.bin, w.env, 'remove', '--account', r.accountId, '--role', r.roleName);
    await page.waitForFunction(() => !document.getElementById('swr-sync-offer').hidden, { timeout: 20000 });
    assert.match(await text(page, '#swr-sync-offer-text'), /Restore 4 entries from your browser's sync\?/);
    const popup = await newPage(w);
    await popup.goto(`${w.b.extensionUrl}popup/popup.html`);
    await popup.waitForFunction(() => !document.getElementById('swr-sync-offer').hidden, { timeout: 20000 });
    assert.match(await text(popup, '#swr-sync-offer-text'), /Restore 4 entries from your browser's sync\?/);
    await popup.close();
    // The empty list did not overwrite the copy.
    assert.equal(unpackEntries(await page.evaluate(() => chrome.storage.sync.get(null))).entries.length, 4);

    await page.click('#swr-sync-restore');
    await waitForRow(page, '999988887777', 'Auditor');
    const restored = await listRoles(w.bin, w.env);
    assert.deepEqual(restored.map((r) => `${r.accountId}:${r.roleName}`).sort(), expected);
    assert.ok(restored.every((r) => r.origin === 'import'));
    assert.equal(restored.find((r) => r.accountId === '444455556666').displayName, 'Prod admin');
    assert.equal(await isHidden(page, '#swr-sync-offer'), true);
    await page.close();
  });
});

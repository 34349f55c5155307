// The AWS helpers end to end in headless Chromium and Firefox with the real host, which reaches a fake STS and federation
// endpoint on loopback (the browser passes its environment to the host it starts): "Check roles with AWS" on the
// options page, one entry's check, and "Open in a new window (federation)" from the popup.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeWorld, startBrowser, disposeWorld, newPage, openExtensionPage } from './lib/suite.mjs';
import { cli } from './lib/host.mjs';
import { startFakeSts } from './lib/fake-aws.mjs';
import { waitFor } from './lib/wait.mjs';

const GOOD = { accountId: '123456789012', roleName: 'Admin', displayName: 'Good <b>admin</b>', region: 'eu-west-1' };
const BROKEN = { accountId: '210987654321', roleName: 'Deploy', displayName: 'Broken deploy' };
const arn = (r) => `arn:aws:iam::${r.accountId}:role/${r.roleName}`;
const row = (r) => `#swr-rows tr[data-account-id="${r.accountId}"][data-role-name="${r.roleName}"]`;

async function checkCell(page, r) {
  return page.$eval(`${row(r)} .swr-check-result`, (td) => ({
    label: td.querySelector('.swr-check-label')?.textContent ?? null,
    message: td.querySelector('.swr-check-message')?.textContent ?? null,
    text: td.textContent,
    elements: td.querySelectorAll('b, img').length,
  }));
}

for (const kind of ['chromium', 'firefox']) {
  describe(`${kind}: AWS check and federation open with the real host and a loopback STS`, { timeout: 240000 }, () => {
    let w;
    let sts;
    before(async () => {
      w = await makeWorld(kind);
      sts = await startFakeSts({ roles: { [arn(GOOD)]: 'allow' } });
      Object.assign(w.env, sts.env(w.tmp));
      await cli(w.bin, w.env, 'add', '--account', GOOD.accountId, '--role', GOOD.roleName, '--name', GOOD.displayName, '--region', GOOD.region);
      await cli(w.bin, w.env, 'add', '--account', BROKEN.accountId, '--role', BROKEN.roleName, '--name', BROKEN.displayName);
      await startBrowser(w);
    });
    after(async () => {
      await disposeWorld(w);
      await sts?.close();
    });

    it('checks every entry: progress while it runs, then each row says assumable or denied by trust policy, as text', async () => {
      const page = await newPage(w);
      await openExtensionPage(w, page, row(BROKEN), 'options/options.html');
      await page.waitForFunction(() => !document.getElementById('swr-aws').hidden, { timeout: 20000 });

      let release;
      sts.state.gate = new Promise((r) => {
        release = r;
      });
      await page.click('#swr-check-all');
      await page.waitForFunction(() => document.getElementById('swr-check-status').textContent === 'Checking 2 roles…', { timeout: 20000 });
      assert.equal(await page.$eval('#swr-check-all', (b) => b.disabled), true);
      // The page stays usable while AWS answers: search still narrows the list.
      await page.type('#swr-search', 'broken');
      await page.waitForFunction(() => document.getElementById('swr-count').textContent === '1 of 2 entries', { timeout: 10000 });
      await waitFor(() => sts.requests.filter((r) => r.action === 'AssumeRole').length === 2, { what: 'both AssumeRole calls at the fake STS' });
      release();
      sts.state.gate = null;
      await page.waitForFunction(() => /^Checked 2 roles/.test(document.getElementById('swr-check-status').textContent), { timeout: 30000 });
      assert.equal(await page.$eval('#swr-check-status', (e) => e.textContent), 'Checked 2 roles: 1 assumable, 1 not.');

      await page.$eval('#swr-search', (e) => {
        e.value = '';
        e.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await page.waitForSelector(row(GOOD));
      const good = await checkCell(page, GOOD);
      const broken = await checkCell(page, BROKEN);
      assert.equal(good.label, 'assumable');
      assert.match(good.message, /arn:aws:iam::123456789012:role\/Admin/);
      assert.equal(broken.label, 'denied by trust policy');
      assert.match(broken.message, /arn:aws:iam::210987654321:role\/Deploy/);
      assert.equal(good.elements + broken.elements, 0);
      assert.deepEqual(sts.requests.filter((r) => r.action === 'AssumeRole').map((r) => r.roleArn).sort(), [arn(GOOD), arn(BROKEN)].sort());
      await page.close();
    });

    it('checks one entry from its row, shows the new answer, and an AWS failure as the host says it', async () => {
      sts.roles[arn(GOOD)] = 'deny-caller';
      try {
        const page = await newPage(w);
        await openExtensionPage(w, page, `${row(GOOD)} .swr-check`, 'options/options.html');
        const before = sts.requests.length;
        await page.click(`${row(GOOD)} .swr-check`);
        await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'denied by caller policy', { timeout: 30000 }, `${row(GOOD)} .swr-check-label`);
        const asked = sts.requests.slice(before).filter((r) => r.action === 'AssumeRole').map((r) => r.roleArn);
        assert.deepEqual(asked, [arn(GOOD)]);
        // Results live in the page only: the other row was not checked in this page.
        assert.equal((await checkCell(page, BROKEN)).text, '');

        // A failure for every entry (here an unknown profile) is the host's AwsError sentence with its fix.
        await page.type('#swr-aws-profile', 'no-such-profile');
        await page.click(`${row(BROKEN)} .swr-check`);
        await page.waitForFunction(() => /^The AWS check failed: /.test(document.getElementById('swr-check-status').textContent), { timeout: 30000 });
        assert.equal(await page.$eval('#swr-check-status', (e) => e.textContent),
          "The AWS check failed: The AWS profile 'no-such-profile' is not in your AWS config or credentials file: check the name with `aws configure list-profiles`.");
        assert.equal((await checkCell(page, BROKEN)).text, '');
        await page.close();
      } finally {
        sts.roles[arn(GOOD)] = 'allow';
      }
    });

    // The toolbar popup, opened in a tab: no console tab is open in this browser, so a role opens through federation.
    it('opens a role through federation in a new window from the popup when no console tab is open', async () => {
      const page = await newPage(w);
      await openExtensionPage(w, page, `.swr-row[data-account-id="${GOOD.accountId}"]`);
      const loginPrefix = `${sts.federationUrl}?Action=login`;
      await page.click(`.swr-row[data-account-id="${GOOD.accountId}"]`);
      await page.waitForFunction(() => !document.getElementById('swr-federate').hidden);
      const opened = w.b.browser.waitForTarget((t) => t.url().startsWith(loginPrefix), { timeout: 30000 });
      await page.click('#swr-federate-open');
      const target = await opened;
      const url = new URL(target.url());
      assert.equal(url.searchParams.get('Issuer'), 'switchrole');
      assert.equal(url.searchParams.get('SigninToken'), sts.state.signinTokens.at(-1));
      assert.match(url.searchParams.get('Destination'), /eu-west-1/);
      await waitFor(() => sts.requests.some((r) => r.path === '/federation' && r.search.startsWith('?Action=login')), { what: 'the new window loading the sign-in URL' });
      // The popup closes itself once the window is open (in a tab, as here, Firefox closes the tab).
      await (await target.page())?.close();
      await page.close().catch(() => {});
    });

    it('says why when federation cannot open a role (denied), as text', async () => {
      const page = await newPage(w);
      await openExtensionPage(w, page, `.swr-row[data-account-id="${BROKEN.accountId}"]`);
      await page.click(`.swr-row[data-account-id="${BROKEN.accountId}"]`);
      await page.waitForFunction(() => !document.getElementById('swr-federate').hidden);
      await page.click('#swr-federate-open');
      await page.waitForFunction(() => /^Not opened: /.test(document.getElementById('swr-federate-status').textContent), { timeout: 30000 });
      assert.match(await page.$eval('#swr-federate-status', (e) => e.textContent), /arn:aws:iam::210987654321:role\/Deploy/);
      await page.close();
    });
  });
}

// The popup's Identity Center section end to end in headless Chromium with the real host, which reads the token cache
// `switchrole login` leaves and reaches a fake IAM Identity Center portal and federation endpoint on loopback: the
// section lists the account and its permission sets, and "Open" opens a new window at the federation login URL.
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeWorld, startBrowser, disposeWorld, newPage, openExtensionPage } from './lib/suite.mjs';
import { startFakeSso } from './lib/fake-sso.mjs';
import { waitFor } from './lib/wait.mjs';

const ACCOUNTS = {
  '400000000001': { name: 'Development <b>team</b>', permissionSets: ['ReadOnly', 'Developer'] },
  '400000000002': { name: 'Production', permissionSets: ['ReadOnly'] },
};

describe('chromium: the popup opens the console for an Identity Center account and permission set', { timeout: 240000 }, () => {
  let w;
  let sso;
  before(async () => {
    w = await makeWorld('chromium');
    sso = await startFakeSso({ accounts: ACCOUNTS });
    Object.assign(w.env, sso.signIn(w.tmp, w.home));
    await startBrowser(w);
  });
  after(async () => {
    await disposeWorld(w);
    await sso?.close();
  });

  it('lists accounts and permission sets as text, and Open opens a window at the federation login URL', async () => {
    const page = await newPage(w);
    await openExtensionPage(w, page, '#swr-sso:not([hidden])');
    await page.click('#swr-sso summary');
    await page.waitForSelector('.swr-sso-account[data-account-id="400000000002"]', { timeout: 60000 });
    const shown = await page.$$eval('.swr-sso-account', (items) => items.map((i) => ({
      id: i.dataset.accountId,
      name: i.querySelector('.swr-sso-name').textContent,
      sets: [...i.querySelectorAll('.swr-sso-set')].map((s) => s.dataset.permissionSet),
      elements: i.querySelectorAll('b').length,
    })));
    assert.deepEqual(shown, [
      { id: '400000000001', name: 'Development <b>team</b>', sets: ['Developer', 'ReadOnly'], elements: 0 },
      { id: '400000000002', name: 'Production', sets: ['ReadOnly'], elements: 0 },
    ]);
    assert.equal(await page.$eval('#swr-sso-status', (e) => e.textContent), '2 accounts in IAM Identity Center.');

    const loginPrefix = `${sso.federationUrl}?Action=login`;
    const opened = w.b.browser.waitForTarget((t) => t.url().startsWith(loginPrefix), { timeout: 60000 });
    await page.click('.swr-sso-account[data-account-id="400000000001"] .swr-sso-set[data-permission-set="Developer"] .swr-sso-open');
    const target = await opened;
    const url = new URL(target.url());
    assert.equal(url.searchParams.get('Issuer'), 'switchrole');
    assert.equal(url.searchParams.get('SigninToken'), sso.state.signinTokens.at(-1));
    assert.ok(sso.state.requests.some((r) => r.path === '/federation/credentials' && r.search.includes('account_id=400000000001') && r.search.includes('role_name=Developer')));
    await waitFor(() => sso.state.requests.some((r) => r.path === '/signin/federation' && r.search.startsWith('?Action=login')), { what: 'the new window loading the sign-in URL' });
    await (await target.page())?.close();
    await page.close().catch(() => {});

    // The access token, role keys and sign-in token are nowhere in the SwitchRole data folder (database, logs).
    const secrets = [...sso.state.secrets, ...sso.state.signinTokens];
    const files = fs.readdirSync(w.env.SWITCHROLE_HOME, { recursive: true }).map((f) => path.join(w.env.SWITCHROLE_HOME, f)).filter((f) => fs.statSync(f).isFile());
    const leaks = files.filter((f) => { const text = fs.readFileSync(f, 'latin1'); return secrets.some((s) => text.includes(s)); });
    assert.deepEqual(leaks, []);
  });

  it('with two sso-sessions offers the choice, remembers it, and opens the console through the one chosen', async () => {
    // A second Identity Center (another client's), not signed in; sorted after "e2e".
    fs.appendFileSync(w.env.AWS_CONFIG_FILE, '\n[sso-session zz-client]\nsso_start_url = https://zz-client.awsapps.com/start\nsso_region = eu-west-1\n');
    const notSignedIn = 'You are not signed in to IAM Identity Center (sso-session zz-client): run `switchrole login --sso-session zz-client`.';
    const open = async () => {
      const p = await newPage(w);
      await openExtensionPage(w, p, '#swr-sso:not([hidden])');
      await p.click('#swr-sso summary');
      await p.waitForSelector('#swr-sso-session:not([hidden])', { timeout: 60000 });
      return p;
    };
    let page = await open();
    assert.deepEqual(await page.$$eval('#swr-sso-session option', (o) => o.map((x) => [x.value, x.textContent])),
      [['e2e', 'e2e (e2e.awsapps.com)'], ['zz-client', 'zz-client (zz-client.awsapps.com)']]);
    await page.waitForSelector('.swr-sso-account[data-account-id="400000000002"]', { timeout: 60000 });

    await page.select('#swr-sso-session', 'zz-client');
    await page.waitForFunction((t) => document.getElementById('swr-sso-status').textContent === t, { timeout: 60000 }, notSignedIn);
    assert.equal(await page.$$eval('.swr-sso-account', (l) => l.length), 0);
    await page.close();

    // The next popup lists the session chosen last.
    page = await open();
    await page.waitForFunction((t) => document.getElementById('swr-sso-status').textContent === t, { timeout: 60000 }, notSignedIn);
    assert.equal(await page.$eval('#swr-sso-session', (e) => e.value), 'zz-client');

    // Back to the signed-in one: Open goes through it (with two sessions and none named the host could not choose).
    await page.select('#swr-sso-session', 'e2e');
    await page.waitForSelector('.swr-sso-account[data-account-id="400000000001"]', { timeout: 60000 });
    const loginPrefix = `${sso.federationUrl}?Action=login`;
    const opened = w.b.browser.waitForTarget((t) => t.url().startsWith(loginPrefix), { timeout: 60000 });
    await page.click('.swr-sso-account[data-account-id="400000000001"] .swr-sso-set[data-permission-set="ReadOnly"] .swr-sso-open');
    const target = await opened;
    assert.ok(sso.state.requests.some((r) => r.path === '/federation/credentials' && r.search.includes('role_name=ReadOnly')));
    await (await target.page())?.close();
    await page.close().catch(() => {});
  });

  it('says to run switchrole login when the sign-in is gone, as text', async () => {
    fs.rmSync(path.join(w.home, '.aws', 'sso', 'cache'), { recursive: true, force: true });
    const page = await newPage(w);
    await openExtensionPage(w, page, '#swr-sso:not([hidden])');
    await page.click('#swr-sso summary');
    await page.waitForFunction(() => /switchrole login/.test(document.getElementById('swr-sso-status').textContent), { timeout: 60000 });
    assert.equal(await page.$eval('#swr-sso-status', (e) => e.textContent),
      'You are not signed in to IAM Identity Center (sso-session e2e): run `switchrole login --sso-session e2e`.');
    assert.equal(await page.$$eval('.swr-sso-account', (l) => l.length), 0);
    await page.close();
  });
});

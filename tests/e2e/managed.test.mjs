// End to end: an administrator's managed preset reaches the host with no one typing anything. Real Debian
// Chromium reads an extension policy (3rdparty -> extensions -> <id> -> teamSources, docs/deploy.md) from its
// managed policy folder /etc/chromium/policies/managed, the real extension gets it from storage.managed and hands
// the team source to the real host (sources.add), and the team's roles are in the database the CLI reads.
//
// That folder is machine-wide, so the browser runs in a private mount namespace (unshare -m; CI runs as root) with
// a temp folder bind-mounted over /etc/chromium: the machine's own policies stay as they are, and no other browser
// on the machine sees this one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { hostBinary, cli, listRoles, register, CHROMIUM_ID } from './lib/host.mjs';
import { CHROMIUM, DIST, closeBrowser } from './lib/browsers.mjs';
import { waitFor } from './lib/wait.mjs';

const POLICY_ROOT = '/etc/chromium';
let bin, tmp;

before(() => {
  bin = hostBinary();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-e2e-managed-'));
  // Fail with the reason, not a browser that silently ignores the policy.
  assert.ok(fs.existsSync(POLICY_ROOT), `${POLICY_ROOT} is missing: Debian's chromium package creates it`);
  const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', `mount --bind "${tmp}" ${POLICY_ROOT}`], { encoding: 'utf8' });
  assert.equal(probe.status, 0, `this test needs a private mount namespace (root, unshare -m): ${probe.stderr}`);
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A Chromium start script that sees `policyRoot` as /etc/chromium and nothing else changed. */
function chromiumWithPolicy(policyRoot) {
  const script = path.join(tmp, 'chromium-with-policy.sh');
  fs.writeFileSync(script, `#!/bin/sh
exec unshare --mount --propagation private sh -c 'mount --bind "$0" ${POLICY_ROOT} && exec "$@"' "${policyRoot}" "${CHROMIUM}" "$@"
`, { mode: 0o755 });
  return script;
}

test('Chromium hands the team sources of a managed policy to the host on first connect', async () => {
  const home = path.join(tmp, 'home');
  const profile = path.join(tmp, 'profile');
  const env = { HOME: home, SWITCHROLE_HOME: path.join(tmp, 'data') };
  fs.mkdirSync(home, { recursive: true });
  const teamFile = path.join(tmp, 'team-roles.csv');
  fs.writeFileSync(teamFile, 'account_id,role_name,display_name\n111122223333,Ops,Team ops\n444455556666,ReadOnly,Team audit\n');

  const teamSources = [
    { name: 'platform', location: teamFile },
    { name: 'bad name!', location: teamFile }, // skipped by the extension: the rest still applies
  ];
  const policyRoot = path.join(tmp, 'etc-chromium');
  fs.mkdirSync(path.join(policyRoot, 'policies', 'managed'), { recursive: true });
  fs.writeFileSync(path.join(policyRoot, 'policies', 'managed', 'switchrole.json'),
    JSON.stringify({ '3rdparty': { extensions: { [CHROMIUM_ID]: { teamSources } } } }));

  assert.deepEqual(await listRoles(bin, env), [], 'a fresh database');
  await register(bin, env, 'chromium', { userDataDir: profile, home });

  const browser = await puppeteer.launch({
    executablePath: chromiumWithPolicy(policyRoot),
    headless: true,
    pipe: true,
    userDataDir: profile,
    enableExtensions: [path.join(DIST, 'chromium')],
    env: { ...process.env, ...env },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    protocolTimeout: 60000,
  });
  try {
    // The team's entries arrive in the shared database, marked with the source.
    const roles = await waitFor(async () => {
      const r = await listRoles(bin, env);
      return r.length === 2 ? r : null;
    }, { timeout: 30000, interval: 250, what: 'the managed team source to be added by the extension' });
    assert.deepEqual(roles.map((r) => [r.accountId, r.roleName, r.displayName, r.origin]).sort(), [
      ['111122223333', 'Ops', 'Team ops', 'team:platform'],
      ['444455556666', 'ReadOnly', 'Team audit', 'team:platform'],
    ]);
    const sources = JSON.parse(await cli(bin, env, 'source', 'list', '--json'));
    assert.deepEqual(sources.map((s) => [s.name, s.location]), [['platform', teamFile]]);

    // The browser read the policy (not a leftover): the extension sees it in storage.managed.
    const page = await browser.newPage();
    await page.goto(`chrome-extension://${CHROMIUM_ID}/popup/popup.html`);
    const managed = await page.evaluate(() => chrome.storage.managed.get('teamSources'));
    assert.deepEqual(managed.teamSources, teamSources);
  } finally {
    await closeBrowser(browser);
  }
});

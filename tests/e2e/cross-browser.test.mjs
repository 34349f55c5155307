// A role switched the console's own way in one browser (the sign-in service sets the console's history
// cookie) is learned into the shared database and shows up in the other browser's account menu.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeWorld, startBrowser, disposeWorld, newPage, CLASSIC_URL } from './lib/suite.mjs';
import { listRoles } from './lib/host.mjs';
import { openAccountMenu, waitForRows } from './lib/console-page.mjs';
import { waitFor } from './lib/wait.mjs';

/** Submits the console's own (native) switch-role form, as a person using "Switch role" would. */
async function nativeSwitch(page, accountId, roleName, displayName) {
  await Promise.all([
    page.waitForNavigation({ timeout: 20000 }),
    page.evaluate((a, r, d, redirect) => {
      const f = document.getElementById('native-switch');
      f.account.value = a;
      f.roleName.value = r;
      f.displayName.value = d;
      f.color.value = '3399ff';
      f.redirect_uri.value = encodeURIComponent(redirect);
      f.submit();
    }, accountId, roleName, displayName, CLASSIC_URL),
  ]);
}

async function learnIn(kind, swrHome, accountId, roleName, displayName) {
  const w = await makeWorld(kind, { swrHome });
  try {
    await startBrowser(w);
    const page = await newPage(w);
    await page.goto(CLASSIC_URL);
    await nativeSwitch(page, accountId, roleName, displayName);
    const cookieSet = w.aws.requests.find((r) => r.path === '/switchrole' && r.form?.account === accountId);
    assert.ok(cookieSet, 'the native switch reached the sign-in service');
    return await waitFor(async () => (await listRoles(w.bin, w.env)).find((r) => r.accountId === accountId && r.roleName === roleName), {
      timeout: 20000,
      what: `${kind} to learn ${roleName} from the console cookie`,
    });
  } finally {
    await disposeWorld(w);
  }
}

async function menuIn(kind, swrHome, accountId, roleName) {
  const w = await makeWorld(kind, { swrHome });
  try {
    await startBrowser(w);
    const page = await newPage(w);
    await page.goto(CLASSIC_URL);
    await openAccountMenu(page);
    return await waitForRows(page, [[accountId, roleName]], 20000);
  } finally {
    await disposeWorld(w);
  }
}

describe('roles switched the native way travel between browsers', { timeout: 240000 }, () => {
  const swrHome = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-e2e-shared-'));
  after(() => fs.rmSync(swrHome, { recursive: true, force: true }));

  for (const [from, to] of [['chromium', 'firefox'], ['firefox', 'chromium']]) {
    it(`a role switched natively in ${from} appears in the ${to} menu`, async () => {
      const accountId = from === 'chromium' ? '222233334444' : '333344445555';
      const roleName = `NativeFrom${from[0].toUpperCase()}${from.slice(1)}`;
      const learned = await learnIn(from, swrHome, accountId, roleName, `Native ${from}`);
      assert.equal(learned.origin, 'console');
      assert.equal(learned.displayName, `Native ${from}`);
      assert.equal(learned.color, '3399ff');
      const menu = await menuIn(to, swrHome, accountId, roleName);
      assert.equal(menu.rows.find((r) => r.accountId === accountId).name, `Native ${from}`);
    });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeReport, validateReport, summarize, diagnosticsText, HOOKS } from '../../extension/src/lib/diagnostics.js';
import { createDiagnostics, newTabProps } from '../../extension/src/background/diagnostics.js';

const allFound = makeReport({ found: [...HOOKS], consoleHost: '{region}.console.aws.amazon.com', csrfSource: 'page-global', signInSource: 'awsc-session-data', modeSource: 'session-meta' });

test('a report holds only known hook names and sources; anything else from a page is dropped', () => {
  const r = makeReport({ found: ['menu-button', 'account 111122223333', 'csrf'], consoleHost: '111122223333-abcd1234.us-east-1.console.aws.amazon.com', mode: 'x', csrfSource: 'tok-abc', signInSource: 'evil', switchErrors: -3 });
  assert.deepEqual(r.found, ['menu-button', 'csrf']);
  assert.deepEqual(r.missing, ['dropdown', 'identity-global', 'session-meta', 'sign-in-host']);
  assert.equal(r.consoleHost, null, 'a host name with an account id in it is not a pattern');
  assert.equal(r.mode, 'classic');
  assert.equal(r.csrfSource, 'none');
  assert.equal(r.signInSource, 'default');
  assert.equal(r.switchErrors, 0);
  assert.equal(validateReport('x'), null);
  assert.deepEqual(validateReport(JSON.parse(JSON.stringify(allFound))), allFound);
});

test('the popup line names the first thing that broke and where the roles are instead', () => {
  assert.equal(summarize(makeReport({ found: [] })), 'Menu hook missing: roles are under the SwitchRole button (bottom right of the page).');
  assert.match(summarize(makeReport({ found: ['menu-button', 'csrf'], csrfSource: 'form' })), /^Account menu not found/);
  assert.match(summarize(makeReport({ found: ['menu-button', 'dropdown'], csrfSource: 'none' })), /^CSRF token missing: each role opens the console's own switch-role page/);
  assert.match(summarize(makeReport({ found: ['menu-button', 'dropdown', 'csrf'], mode: 'multi-session', modeSource: 'host-name', csrfSource: 'page-global' })), /^Session meta missing/);
  assert.equal(summarize(allFound), 'All console hooks found (classic console).');
  assert.match(summarize(null), /No diagnostics yet/);
});

test('the copied text has hook names, host pattern and versions, and no id, name or token', () => {
  const text = diagnosticsText(allFound, { extensionVersion: '1.2.3', hostVersion: '1.2.3', browser: 'firefox', at: '2026-12-05T09:00:00.000Z' });
  assert.match(text, /hooks found: menu-button, dropdown, identity-global, session-meta, csrf, sign-in-host/);
  assert.match(text, /console host: \{region\}\.console\.aws\.amazon\.com/);
  assert.match(text, /extension: 1\.2\.3/);
  assert.doesNotMatch(text, /[0-9]{12}/);
  assert.match(diagnosticsText(allFound, { extensionVersion: '<b>' }), /extension: unknown/);
});

test('background: the last report per tab for the popup, and one report per change to a host that knows the action', async () => {
  const sent = [];
  let caps = [];
  const d = createDiagnostics({ request: async (a, p) => sent.push([a, p]), capabilities: () => caps, browser: 'chromium', extensionVersion: '1.0.0', hostVersion: () => '1.0.0', now: () => '2026-12-05T09:00:00.000Z' });
  assert.deepEqual(d.record(7, { found: 'x' }), { ok: false });
  d.record(7, { found: ['menu-button'] });
  assert.equal(sent.length, 0, 'an older host without diagnostics.report is not asked');
  caps = ['diagnostics.report'];
  d.connected();
  d.record(7, { found: ['menu-button'] });
  assert.equal(sent.length, 1, 'the same report is sent once');
  assert.equal(sent[0][0], 'diagnostics.report');
  assert.equal(sent[0][1].browser, 'chromium');
  assert.deepEqual(sent[0][1].found, ['menu-button']);
  d.record(8, { found: [...HOOKS] });
  assert.equal(sent.length, 2);
  assert.match(d.view(7).summary, /^Account menu not found/);
  assert.match(d.view(8).text, /hooks missing: none/);
  assert.match(d.view(99).summary, /No diagnostics yet/);
});

test('a tab opened from a console tab stays in its window and Firefox container', () => {
  assert.deepEqual(newTabProps({ index: 2, windowId: 5, cookieStoreId: 'firefox-container-3' }, 'https://x'), { url: 'https://x', active: true, index: 3, windowId: 5, cookieStoreId: 'firefox-container-3' });
  assert.deepEqual(newTabProps({ index: 0 }, 'https://x'), { url: 'https://x', active: true, index: 1 });
});

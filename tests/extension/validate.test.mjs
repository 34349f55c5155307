import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeRole, normalizeRoleName, normalizeColor, normalizeRegion, cleanText } from '../../extension/src/lib/validate.js';
import { bannerFor, touchInList } from '../../extension/src/background/state.js';

test('role names follow IAM rules with an optional path, 64 characters at most', () => {
  assert.equal(normalizeRoleName('/ops/Admin/'), 'ops/Admin');
  assert.equal(normalizeRoleName('a+=,.@_-b'), 'a+=,.@_-b');
  assert.equal(normalizeRoleName('bad role'), null);
  assert.equal(normalizeRoleName('a//b'), null);
  assert.equal(normalizeRoleName('x'.repeat(65)), null);
});

test('colours, regions and text are normalised or refused', () => {
  assert.equal(normalizeColor('#FF9900'), 'ff9900');
  assert.equal(normalizeColor('red'), null);
  assert.equal(normalizeRegion('EU-West-1'), 'eu-west-1');
  assert.equal(normalizeRegion('us-gov-west-1'), 'us-gov-west-1');
  assert.equal(normalizeRegion('eusc-de-east-1'), 'eusc-de-east-1', 'European Sovereign Cloud');
  assert.equal(normalizeRegion('mars'), null);
  assert.equal(cleanText('a\u0007b'), null);
  assert.equal(cleanText('x'.repeat(70)).length, 64);
});

test('sanitizeRole keeps a switchable entry and drops one that is not', () => {
  const r = sanitizeRole({ accountId: '1234-5678-9012', roleName: 'Admin', displayName: '<b>x</b>', color: '#ABCDEF', useCount: 2 });
  assert.equal(r.accountId, '123456789012');
  assert.equal(r.displayName, '<b>x</b>');
  assert.equal(r.color, 'abcdef');
  assert.equal(sanitizeRole({ accountId: 'x', roleName: 'Admin' }), null);
  assert.equal(sanitizeRole({ accountId: '123456789012', roleName: 'Admin' }).displayName, 'Admin @ 123456789012');
});

test('the banner names the problem and the fixing command; no banner when the host is fine', () => {
  assert.equal(bannerFor({ state: 'ready' }, 3), null);
  const b = bannerFor({ state: 'unavailable', message: 'Specified native messaging host not found.' }, 3);
  assert.match(b.message, /cannot reach its host \(Specified native messaging host not found\.\)\. Showing the 3 saved roles/);
  assert.equal(b.command, 'switchrole doctor');
  assert.match(bannerFor({ state: 'outdated', message: 'update SwitchRole.' }, 0).message, /update SwitchRole/);
});

test('touchInList records a use on the matching entry only', () => {
  const out = touchInList([{ accountId: '1', roleName: 'A', useCount: 1 }, { accountId: '2', roleName: 'A' }], '1', 'A', '2026-01-01T00:00:00.000Z');
  assert.deepEqual(out, [{ accountId: '1', roleName: 'A', useCount: 2, lastUsedAt: '2026-01-01T00:00:00.000Z' }, { accountId: '2', roleName: 'A' }]);
});

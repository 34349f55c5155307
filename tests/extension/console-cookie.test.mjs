import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoleInfoCookie, cookieFromHeader, rolesToLearn, unresolvedAliases, decodeDisplayName } from '../../extension/src/lib/console-cookie.js';

const value = encodeURIComponent(JSON.stringify({
  bn: 'alice',
  ba: '111122223333',
  rl: [
    { a: '444455556666', r: 'Admin', d: 'Prod admin', c: 'FF9900' },
    { a: 'Not An Id!', r: 'X', d: 'bad', c: '000000' },
    { a: '777788889999', r: 'bad role!', d: 'bad', c: '000000' },
    { a: '1234-5678-9012', r: 'ops/ReadOnly', d: '<img src=x onerror=alert(1)>', c: 'zzz' },
  ],
}));

test('parseRoleInfoCookie reads {bn, ba, rl:[{a, r, d, c}]} and drops invalid entries with a reason', () => {
  const p = parseRoleInfoCookie(value);
  assert.equal(p.baseUser, 'alice');
  assert.equal(p.baseAccountId, '111122223333');
  assert.deepEqual(p.roles, [
    { accountId: '444455556666', roleName: 'Admin', displayName: 'Prod admin', color: 'ff9900' },
    { accountId: '123456789012', roleName: 'ops/ReadOnly', displayName: '<img src=x onerror=alert(1)>', color: null },
  ]);
  assert.deepEqual(p.rejected, ['rl[1].a: not a 12-digit account id or an account alias', 'rl[2].r: not an IAM role name']);
});

test('parseRoleInfoCookie returns null for anything that is not the JSON object', () => {
  assert.equal(parseRoleInfoCookie(''), null);
  assert.equal(parseRoleInfoCookie('%7B'), null);
  assert.equal(parseRoleInfoCookie(encodeURIComponent('[1,2]')), null);
  assert.deepEqual(parseRoleInfoCookie(encodeURIComponent('{"rl":"x"}')).roles, []);
});

test('cookieFromHeader finds one cookie in a document.cookie string', () => {
  assert.equal(cookieFromHeader('a=1; noflush_awsc-roleInfo=abc%20d; b=2', 'noflush_awsc-roleInfo'), 'abc%20d');
  assert.equal(cookieFromHeader('a=1', 'noflush_awsc-roleInfo'), null);
});

test('rolesToLearn skips known and previously learned roles and marks the rest as origin console', () => {
  const p = parseRoleInfoCookie(value);
  const out = rolesToLearn(p, new Set(['444455556666:Admin']), new Set());
  assert.deepEqual(out, [{ accountId: '123456789012', roleName: 'ops/ReadOnly', origin: 'console', displayName: '<img src=x onerror=alert(1)>' }]);
  assert.deepEqual(rolesToLearn(p, new Set(), new Set(['444455556666:Admin', '123456789012:ops/ReadOnly'])), []);
  assert.deepEqual(rolesToLearn(null, new Set(), new Set()), []);
});

// The console writes the cookie form-encoded and `d` encoded once more (aws-role-editor decodes it so).
function consoleCookie(obj) {
  return new URLSearchParams({ x: JSON.stringify(obj) }).toString().slice(2);
}

test('a learned "Team Ops Role" is stored with spaces, whether the cookie carries +, %20 or both', () => {
  const raw = consoleCookie({
    bn: 'alice',
    ba: '111122223333',
    rl: [
      { a: '444455556666', r: 'Ops', d: 'Team+Ops+Role', c: 'ff9900' },
      { a: '444455556667', r: 'Ops', d: 'Team%20Ops%20Role', c: 'ff9900' },
      { a: '444455556668', r: 'Ops', d: 'Team Ops Role', c: 'ff9900' },
    ],
  });
  assert.match(raw, /\+/, 'the raw value has + for spaces');
  const p = parseRoleInfoCookie(raw);
  assert.deepEqual(p.roles.map((r) => r.displayName), ['Team Ops Role', 'Team Ops Role', 'Team Ops Role']);
  const learned = rolesToLearn(p, new Set(), new Set());
  assert.ok(learned.every((r) => r.displayName === 'Team Ops Role'));
  assert.equal(decodeDisplayName('100%'), '100%', 'text that is not an escape stays as it is');
  assert.equal(decodeDisplayName(null), null);
});

test('an account alias in `a` is learned only when the page told its id; otherwise it is skipped and counted', () => {
  const p = parseRoleInfoCookie(consoleCookie({ rl: [{ a: 'prod-alias', r: 'Admin', d: 'Via alias' }, { a: '444455556666', r: 'Ops' }] }));
  assert.deepEqual(p.aliased, [{ alias: 'prod-alias', roleName: 'Admin', displayName: 'Via alias', color: null }]);
  assert.deepEqual(rolesToLearn(p, new Set(), new Set()).map((r) => r.accountId), ['444455556666']);
  assert.equal(unresolvedAliases(p, {}), 1);
  const withId = rolesToLearn(p, new Set(), new Set(), { 'prod-alias': '1234-5678-9012' });
  assert.deepEqual(withId.map((r) => [r.accountId, r.roleName]), [['444455556666', 'Ops'], ['123456789012', 'Admin']]);
  assert.equal(unresolvedAliases(p, { 'prod-alias': '123456789012' }), 0);
  // A page cannot make an alias name something that is not an account id.
  assert.deepEqual(rolesToLearn(p, new Set(), new Set(), { 'prod-alias': 'x' }).map((r) => r.accountId), ['444455556666']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoleInfoCookie, cookieFromHeader, rolesToLearn } from '../../extension/src/lib/console-cookie.js';

const value = encodeURIComponent(JSON.stringify({
  bn: 'alice',
  ba: '111122223333',
  rl: [
    { a: '444455556666', r: 'Admin', d: 'Prod admin', c: 'FF9900' },
    { a: 'not-an-id', r: 'X', d: 'bad', c: '000000' },
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
  assert.deepEqual(p.rejected, ['rl[1].a: not a 12-digit account id', 'rl[2].r: not an IAM role name']);
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

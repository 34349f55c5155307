import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeAccountId, formatAccountId, parseAccountDisplay, parseUserDisplay, isAccountAlias } from '../../extension/src/lib/account.js';

test('normalizeAccountId accepts dashes and spaces and rejects anything but 12 digits', () => {
  assert.equal(normalizeAccountId('1234-5678-9012'), '123456789012');
  assert.equal(normalizeAccountId(' 1234 5678 9012 '), '123456789012');
  assert.equal(normalizeAccountId('123456789012'), '123456789012');
  assert.equal(normalizeAccountId('12345678901'), null);
  assert.equal(normalizeAccountId('1234567890123'), null);
  assert.equal(normalizeAccountId('12345678901a'), null);
  assert.equal(normalizeAccountId('my-alias'), null);
  assert.equal(normalizeAccountId(null), null);
});

test('formatAccountId groups digits the way the console shows them', () => {
  assert.equal(formatAccountId('123456789012'), '1234-5678-9012');
  assert.equal(formatAccountId('alias'), 'alias');
});

test('parseAccountDisplay reads ids, aliases and the account tile form', () => {
  assert.deepEqual(parseAccountDisplay('1111-2222-3333'), { accountId: '111122223333', alias: null });
  assert.deepEqual(parseAccountDisplay('prod-main'), { accountId: null, alias: 'prod-main' });
  assert.deepEqual(parseAccountDisplay('prod-main (1111-2222-3333)'), { accountId: '111122223333', alias: 'prod-main' });
  assert.deepEqual(parseAccountDisplay('<img src=x>'), { accountId: null, alias: null });
  assert.equal(isAccountAlias('-bad'), false);
});

test('parseUserDisplay splits federated Role/session and strips IAM Identity Center names', () => {
  assert.deepEqual(parseUserDisplay('Admin/alice'), { role: 'Admin', session: 'alice', sso: false, permissionSet: null });
  assert.deepEqual(parseUserDisplay('alice'), { role: 'alice', session: null, sso: false, permissionSet: null });
  assert.deepEqual(parseUserDisplay('AWSReservedSSO_PowerUser_0123abcd4567ef89/alice@example.com'), {
    role: 'AWSReservedSSO_PowerUser_0123abcd4567ef89',
    session: 'alice@example.com',
    sso: true,
    permissionSet: 'PowerUser',
  });
  assert.equal(parseUserDisplay('AWSReservedSSO_Read_Only_abc123/bob').permissionSet, 'Read_Only');
  assert.equal(parseUserDisplay('').role, null);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkField, checkForm } from '../../extension/src/lib/role-form.js';

// The messages are the host's (RoleValidator.cs), so the page and the host say the same thing.
test('account ids: dashes and spaces removed, 12 digits, the host message otherwise', () => {
  assert.deepEqual(checkField('accountId', ' 1234-5678 9012 '), { value: '123456789012' });
  assert.deepEqual(checkField('accountId', ''), { error: 'is required (12 digits)' });
  assert.deepEqual(checkField('accountId', '12ab'), { error: "must be 12 digits, got '12ab'" });
  assert.deepEqual(checkField('baseAccountId', ''), { value: null });
  assert.deepEqual(checkField('baseAccountId', '1'), { error: "must be 12 digits, got '1'" });
});

test('role names: IAM characters, optional path, 64 at most', () => {
  assert.deepEqual(checkField('roleName', '/ops/Admin/'), { value: 'ops/Admin' });
  assert.deepEqual(checkField('roleName', ' '), { error: 'is required' });
  assert.deepEqual(checkField('roleName', 'a//b'), { error: "'a//b' has an empty path segment" });
  assert.deepEqual(checkField('roleName', 'bad role'), { error: "'bad role' may contain only letters, digits and +=,.@_- (and / between path segments)" });
  assert.deepEqual(checkField('roleName', 'x'.repeat(65)), { error: 'path and name must be at most 64 characters, got 65' });
});

test('colour, region, names and groups', () => {
  assert.deepEqual(checkField('color', '#FF9900'), { value: 'ff9900' });
  assert.deepEqual(checkField('color', 'blue'), { error: "must be 6 hex digits like ff9900 or #ff9900, got 'blue'" });
  assert.deepEqual(checkField('region', 'US-GOV-WEST-1'), { value: 'us-gov-west-1' });
  assert.deepEqual(checkField('region', 'mars'), { error: "'mars' is not an AWS region code (like eu-west-1)" });
  assert.deepEqual(checkField('displayName', 'x'.repeat(65)), { error: 'must be at most 64 characters, got 65' });
  assert.deepEqual(checkField('displayName', 'a\u0007b'), { error: 'must not contain control characters' });
  assert.deepEqual(checkField('group', 'g'.repeat(128)), { value: 'g'.repeat(128) });
  assert.deepEqual(checkField('roleName', `bad\u0001${'x'.repeat(90)}`).error.length < 150, true);
});

test('a whole form gives the normalised entry without empty optional fields, or every error', () => {
  assert.deepEqual(checkForm({ accountId: '1234-5678-9012', roleName: 'Admin', displayName: '', color: '#ABCDEF', region: '', group: ' ', baseAccountId: '' }), {
    ok: true, role: { accountId: '123456789012', roleName: 'Admin', color: 'abcdef', region: '', group: '', baseAccountId: '' }, errors: {},
  });
  const bad = checkForm({ accountId: '1', roleName: '', color: 'x' });
  assert.equal(bad.ok, false);
  assert.equal(bad.role, null);
  assert.deepEqual(Object.keys(bad.errors).sort(), ['accountId', 'color', 'roleName']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { organizationsLocation } from '../../extension/src/lib/aws-source-location.js';

test('organizationsLocation builds the host\'s location string from role, profile and grouping', () => {
  assert.deepEqual(organizationsLocation({ role: ' OrgAdmin ', profile: '', groupByOu: false }), { location: 'organizations:role=OrgAdmin' });
  assert.deepEqual(organizationsLocation({ role: 'ops/Admin', profile: 'management', groupByOu: true }), { location: 'organizations:role=ops/Admin;profile=management;group-by=ou' });
});

test('organizationsLocation names what is wrong instead of sending it', () => {
  assert.match(organizationsLocation({ role: '' }).error, /Role name is required/);
  assert.match(organizationsLocation({ role: 'Admin;profile=x' }).error, /not an IAM role name/);
  assert.match(organizationsLocation({ role: 'Admin', profile: 'a b' }).error, /not an AWS profile name/);
});

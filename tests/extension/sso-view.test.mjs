// The popup's Identity Center section: which accounts and permission sets a filter keeps, and the summary line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterSsoAccounts, ssoSummary } from '../../extension/src/lib/sso-view.js';

const ACCOUNTS = [
  { accountId: '400000000003', accountName: 'audit', permissionSets: ['SecurityAudit'] },
  { accountId: '400000000001', accountName: 'Development', permissionSets: ['Developer', 'ReadOnly'] },
  { accountId: '400000000002', accountName: 'Production', permissionSets: ['ReadOnly'] },
];

test('an empty filter keeps every account in the host\'s order', () => {
  assert.deepEqual(filterSsoAccounts(ACCOUNTS, '  '), ACCOUNTS);
  assert.deepEqual(filterSsoAccounts(null, 'x'), []);
});

test('a filter on the account name or id (dashes allowed) keeps the whole account', () => {
  assert.deepEqual(filterSsoAccounts(ACCOUNTS, 'PROD').map((a) => a.accountId), ['400000000002']);
  assert.deepEqual(filterSsoAccounts(ACCOUNTS, '4000-0000-0001'), [ACCOUNTS[1]]);
});

test('a filter on a permission set keeps only the matching sets of each account', () => {
  assert.deepEqual(filterSsoAccounts(ACCOUNTS, 'readonly'), [
    { accountId: '400000000001', accountName: 'Development', permissionSets: ['ReadOnly'] },
    { accountId: '400000000002', accountName: 'Production', permissionSets: ['ReadOnly'] },
  ]);
  assert.deepEqual(filterSsoAccounts(ACCOUNTS, 'nothing'), []);
});

test('the summary counts accounts and says when the host listed only the first ones', () => {
  assert.equal(ssoSummary({ total: 1, truncated: false, shown: 1 }), '1 account in IAM Identity Center.');
  assert.equal(ssoSummary({ total: 9000, truncated: true, shown: 5000 }), '9000 accounts; the first 5000 by name are listed (see switchrole discover sso for all).');
});

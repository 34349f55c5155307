import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shownNames, isTeamEntry, nameKey } from '../../extension/src/lib/shown-name.js';

const entry = (accountId, roleName, displayName, origin = 'local') => ({ accountId, roleName, displayName, origin });

test('a team entry named like one of the person\'s own entries is shown with its source', () => {
  const own = entry('111111111111', 'Admin', 'Prod admin');
  const team = entry('999999999999', 'Admin', 'Prod admin', 'team:platform');
  const label = shownNames([own, team]);
  assert.equal(label(team), 'Prod admin · team:platform');
  assert.equal(label(own), 'Prod admin', 'the person\'s own entry keeps its name');
});

test('names compare after trimming and in any case; learned and imported entries count as the person\'s own', () => {
  const label = shownNames([
    entry('111111111111', 'Admin', 'prod ADMIN', 'console'),
    entry('222222222222', 'ReadOnly', 'Billing', 'import'),
    entry('999999999999', 'Admin', '  Prod admin ', 'team:platform'),
    entry('999999999999', 'Billing', 'billing', 'team:finance'),
  ]);
  assert.equal(label(entry('999999999999', 'Admin', '  Prod admin ', 'team:platform')), '  Prod admin  · team:platform');
  assert.equal(label(entry('999999999999', 'Billing', 'billing', 'team:finance')), 'billing · team:finance');
});

test('a team entry with a name of its own, or named like another team entry, is shown as it is', () => {
  const a = entry('999999999999', 'Admin', 'Shared admin', 'team:platform');
  const b = entry('888888888888', 'Admin', 'Shared admin', 'team:security');
  const label = shownNames([entry('111111111111', 'Admin', 'Prod admin'), a, b]);
  assert.equal(label(a), 'Shared admin');
  assert.equal(label(b), 'Shared admin');
});

test('the rule looks at the whole list it was made from, not at the row being shown', () => {
  const team = entry('999999999999', 'Admin', 'Prod admin', 'team:platform');
  assert.equal(shownNames([team])(team), 'Prod admin');
  assert.equal(shownNames([team, entry('111111111111', 'Admin', 'Prod admin')])(team), 'Prod admin · team:platform');
});

test('isTeamEntry and nameKey', () => {
  assert.equal(isTeamEntry({ origin: 'team:x' }), true);
  assert.equal(isTeamEntry({ origin: 'local' }), false);
  assert.equal(isTeamEntry({}), false);
  assert.equal(nameKey('  A b '), 'a b');
  assert.equal(nameKey(null), '');
});

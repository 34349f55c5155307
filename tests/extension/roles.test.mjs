import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applicableRoles, sortRoles, indexRoles, filterIndex, buildMenuRows, isCurrentRole, applyRoleChanges } from '../../extension/src/lib/roles.js';

const role = (o) => ({ accountId: '111111111111', roleName: 'Admin', displayName: 'Admin', color: null, region: null, baseAccountId: null, group: null, lastUsedAt: null, useCount: 0, ...o });

test('applicableRoles: entries without a base always apply, entries with one only on that base', () => {
  const roles = [role({ displayName: 'free' }), role({ displayName: 'mine', baseAccountId: '222222222222' }), role({ displayName: 'other', baseAccountId: '333333333333' })];
  const r = applicableRoles(roles, { baseAccountId: '222222222222' });
  assert.deepEqual(r.roles.map((x) => x.displayName), ['free', 'mine']);
  assert.equal(r.hidden, 1);
  assert.equal(r.reason, null);
});

test('applicableRoles says why when nothing is left', () => {
  const roles = [role({ baseAccountId: '333333333333' })];
  const wrongBase = applicableRoles(roles, { baseAccountId: '222222222222' });
  assert.equal(wrongBase.roles.length, 0);
  assert.match(wrongBase.reason, /another base account \(3333-3333-3333\); you are signed in to 2222-2222-2222/);
  const unknownBase = applicableRoles(roles, { baseAccountId: null, baseAlias: 'corp-root' });
  assert.match(unknownBase.reason, /cannot tell which account corp-root is/);
  assert.match(applicableRoles([], {}).reason, /No roles yet/);
});

test('sortRoles: most recently used first, never used last, then display name, account, role', () => {
  const sorted = sortRoles([
    role({ displayName: 'b' }),
    role({ displayName: 'old', lastUsedAt: '2026-01-01T00:00:00.000Z' }),
    role({ displayName: 'A' }),
    role({ displayName: 'new', lastUsedAt: '2026-11-01T00:00:00.000Z' }),
    role({ displayName: 'a', accountId: '000000000000' }),
  ]);
  assert.deepEqual(sorted.map((r) => r.displayName), ['new', 'old', 'a', 'A', 'b']);
});

test('filterIndex matches display name, account id in either form, role name and group; all terms must match', () => {
  const idx = indexRoles([
    role({ displayName: 'Prod admin', accountId: '123456789012', roleName: 'ops/Admin', group: 'payments' }),
    role({ displayName: 'Dev', accountId: '210987654321', roleName: 'ReadOnly', group: 'sandbox' }),
  ]);
  const names = (q) => filterIndex(idx, q).map((r) => r.displayName);
  assert.deepEqual(names(''), ['Prod admin', 'Dev']);
  assert.deepEqual(names('PROD'), ['Prod admin']);
  assert.deepEqual(names('1234-5678'), ['Prod admin']);
  assert.deepEqual(names('210987'), ['Dev']);
  assert.deepEqual(names('readonly'), ['Dev']);
  assert.deepEqual(names('payments'), ['Prod admin']);
  assert.deepEqual(names('prod readonly'), []);
  assert.deepEqual(names('  dev   sand '), ['Dev']);
});

test('buildMenuRows: a flat list without groups; Recent plus groups (ungrouped last) with them', () => {
  const flat = buildMenuRows([role({ displayName: 'x' }), role({ displayName: 'y' })]);
  assert.deepEqual(flat.map((r) => r.kind), ['role', 'role']);
  const grouped = buildMenuRows([
    role({ displayName: 'used', group: 'zeta', lastUsedAt: '2026-01-01T00:00:00.000Z' }),
    role({ displayName: 'loose' }),
    role({ displayName: 'alpha1', group: 'alpha' }),
  ]);
  assert.deepEqual(grouped.map((r) => r.kind === 'header' ? `#${r.label}` : r.role.displayName), ['#Recent', 'used', '#alpha', 'alpha1', '#zeta', 'used', '#Other', 'loose']);
  const searching = buildMenuRows([role({ displayName: 'used', group: 'zeta', lastUsedAt: '2026-01-01T00:00:00.000Z' })], { searching: true });
  assert.deepEqual(searching.map((r) => r.kind === 'header' ? `#${r.label}` : r.role.displayName), ['#zeta', 'used']);
});

test('isCurrentRole marks the entry matching the switched account and role (with or without path)', () => {
  const ctx = { current: { accountId: '111111111111', roleName: 'Admin' } };
  assert.equal(isCurrentRole(role({ roleName: 'ops/Admin' }), ctx), true);
  assert.equal(isCurrentRole(role({ roleName: 'Admin' }), ctx), true);
  assert.equal(isCurrentRole(role({ roleName: 'ReadOnly' }), ctx), false);
  assert.equal(buildMenuRows([role({})], { context: ctx })[0].current, true);
  assert.equal(isCurrentRole(role({}), { current: null }), false);
});

test('applyRoleChanges replaces, adds and removes by (accountId, roleName) and keeps list order', () => {
  const held = sortRoles([
    role({ accountId: '111111111111', displayName: 'alpha' }),
    role({ accountId: '222222222222', displayName: 'bravo' }),
    role({ accountId: '333333333333', displayName: 'charlie', lastUsedAt: '2026-11-01T00:00:00.000Z' }),
    role({ accountId: '444444444444', displayName: 'delta' }),
  ]);
  const changes = {
    roles: [
      role({ accountId: '222222222222', displayName: 'zulu' }), // renamed: moves to the end
      role({ accountId: '111111111111', displayName: 'alpha', lastUsedAt: '2026-11-28T00:00:00.000Z' }), // used: moves first
      role({ accountId: '555555555555', displayName: 'echo' }), // new
      role({ accountId: '444444444444', roleName: 'Other', displayName: 'delta other' }), // new, same account
    ],
    deleted: [{ accountId: '333333333333', roleName: 'Admin' }, { accountId: '999999999999', roleName: 'Gone' }],
    live: 5,
  };

  const next = applyRoleChanges(held, changes);

  assert.deepEqual(next.map((r) => r.displayName), ['alpha', 'delta', 'delta other', 'echo', 'zulu']);
  assert.deepEqual(next, sortRoles(next));
  assert.equal(held.length, 4, 'the held list is not changed in place');
});

test('applyRoleChanges gives null when the result does not have the host\'s live count (the list was not the base)', () => {
  const held = [role({ accountId: '111111111111' })];
  assert.equal(applyRoleChanges(held, { roles: [role({ accountId: '222222222222' })], deleted: [], live: 3 }), null);
  assert.equal(applyRoleChanges(held, { roles: [], deleted: [], live: 1 }).length, 1);
});

test('applyRoleChanges sorts a held list left out of order by an offline use', () => {
  const held = [role({ accountId: '111111111111', displayName: 'a' }), role({ accountId: '222222222222', displayName: 'b', lastUsedAt: '2026-11-28T00:00:00.000Z' })];
  const next = applyRoleChanges(held, { roles: [role({ accountId: '333333333333', displayName: 'c' })], deleted: [] });
  assert.deepEqual(next.map((r) => r.displayName), ['b', 'a', 'c']);
});

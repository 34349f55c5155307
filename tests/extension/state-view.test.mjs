// A view's copy of the background's state (lib/state-view.js): patched from broadcasts, loaded whole once when it
// opens or loses track, entries checked on the way in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStateView, rolesOf } from '../../extension/src/lib/state-view.js';

const role = (accountId, roleName, displayName) => ({ accountId, roleName, displayName, origin: 'local', lastUsedAt: null, useCount: 0 });
const A = role('111111111111', 'Admin', 'Alpha');
const B = role('222222222222', 'Admin', 'Bravo');

function background(roles, version) {
  const bg = { roles, version, asks: 0, gate: null };
  bg.ask = async () => {
    bg.asks += 1;
    // The answer is the list when the background read it; it may arrive after later broadcasts.
    const answer = { rolesJson: JSON.stringify(bg.roles), listVersion: bg.version, banner: null };
    if (bg.gate) await bg.gate;
    return answer;
  };
  return bg;
}

const broadcast = (listVersion, change) => ({ type: 'state', state: { listVersion, banner: null }, ...(change ? { change } : {}) });

test('an entry that fails the checks is not added by a patch; markup in a name stays text', async () => {
  const bg = background([A, B], 'e.1');
  const updates = [];
  const v = createStateView({ ask: bg.ask, onChange: (_view, how) => updates.push(how) });
  await v.load();
  v.receive(broadcast('e.2', { base: 'e.1', version: 'e.2', added: [role('333333333333', 'Ops', '<img src=x>')], updated: [{ ...B, accountId: 'not-an-id' }, { ...A, roleName: '' }], removed: [], count: 3 }));
  assert.deepEqual(updates, ['whole', 'patch']);
  assert.deepEqual(v.view.roles.map((r) => `${r.accountId}:${r.roleName}:${r.displayName}`), [
    '333333333333:Ops:<img src=x>',
    '111111111111:Admin:Alpha',
    '222222222222:Admin:Bravo',
  ]);
  assert.equal(bg.asks, 1);
});

test('a broadcast that arrives while the whole list is on its way, newer than the answer, costs one more load', async () => {
  const bg = background([A], 'e.1');
  let release;
  bg.gate = new Promise((r) => { release = r; });
  const v = createStateView({ ask: bg.ask, onChange: () => {} });
  const loading = v.load();
  // The answer will say e.1; meanwhile the list moved to e.2.
  v.receive(broadcast('e.2', { base: 'e.1', version: 'e.2', added: [B], updated: [], removed: [], count: 2 }));
  release();
  bg.gate = null;
  bg.roles = [A, B];
  bg.version = 'e.2';
  await loading;
  assert.equal(v.view.version, 'e.2');
  assert.equal(bg.asks, 2);
  assert.deepEqual(v.view.roles.map((r) => r.displayName), ['Alpha', 'Bravo']);
});

test('a broadcast of the same list version changes only the state; one from another background run loads whole', async () => {
  const bg = background([A], 'e.1');
  const updates = [];
  const v = createStateView({ ask: bg.ask, onChange: (_view, how) => updates.push(how) });
  await v.load();
  v.receive({ type: 'state', state: { listVersion: 'e.1', banner: { kind: 'error', message: 'gone' } } });
  assert.equal(v.view.state.banner.message, 'gone');
  // A restarted service worker counts from 1 again under a new epoch: e.1 -> f.2 cannot be applied to e.1.
  bg.version = 'f.2';
  v.receive(broadcast('f.2', { base: 'f.1', version: 'f.2', added: [B], updated: [], removed: [], count: 2 }));
  await v.load();
  assert.deepEqual(updates, ['whole', 'state', 'whole']);
  assert.equal(v.view.version, 'f.2');
  assert.equal(v.receive({ type: 'open-menu' }), false);
});

test('rolesOf reads the list as an array or as one JSON string, and nothing else', () => {
  assert.deepEqual(rolesOf({ roles: [A] }), [A]);
  assert.deepEqual(rolesOf({ rolesJson: JSON.stringify([A]) }), [A]);
  assert.deepEqual(rolesOf({ rolesJson: '{"a":1}' }), []);
  assert.deepEqual(rolesOf({ rolesJson: 'not json' }), []);
  assert.deepEqual(rolesOf(null), []);
});

test('patchSorted: leaving entries go, new ones land in order, unchanged entry objects are kept, found names the old', async () => {
  const { patchSorted, sortRoles } = await import('../../extension/src/lib/roles.js');
  const list = sortRoles(Array.from({ length: 50 }, (_, i) => role(String(100000000000 + i), 'Admin', `N ${String(i).padStart(2, '0')}`)));
  const moved = { ...list[10], displayName: 'A first' };
  const added = role('999999999999', 'Admin', 'N 25b');
  const found = new Set();
  const out = patchSorted(list, [moved, added], [{ accountId: list[3].accountId, roleName: 'Admin' }], found);
  assert.deepEqual(out, sortRoles([...list.filter((_, i) => i !== 3 && i !== 10), moved, added]));
  assert.equal(out.length, 50);
  assert.equal(out[1], list[0], 'unchanged entries are the same objects');
  assert.deepEqual([...found].sort(), [`${list[10].accountId}:Admin`, `${list[3].accountId}:Admin`].sort());
});

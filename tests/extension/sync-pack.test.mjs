import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  packEntries, unpackEntries, planWrite, encodeEntry, decodeEntry, itemBytes, jsonBytes,
  SYNC_QUOTA, META_KEY, CHUNK_PREFIX, TOTAL_BUDGET,
} from '../../extension/src/lib/sync-pack.js';
import { SyncCopy } from '../../extension/src/background/sync-copy.js';

function role(i, extra = {}) {
  const id = String(100000000000 + i);
  return { accountId: id, roleName: `team/Role${i}`, displayName: `Entry ${i}`, color: 'ff9900', region: 'eu-west-1', group: `g${i % 7}`, baseAccountId: null, lastUsedAt: null, useCount: 0, ...extra };
}

function asStored(packed) {
  return { ...packed.items, [META_KEY]: packed.meta };
}

/** Every item within the per-item quota, the whole within the total, the item count within MAX_ITEMS. */
function assertWithinQuota(items) {
  let total = 0;
  for (const [k, v] of Object.entries(items)) {
    const n = itemBytes(k, v);
    assert.ok(n <= SYNC_QUOTA.QUOTA_BYTES_PER_ITEM, `${k} is ${n} bytes`);
    total += n;
  }
  assert.ok(total <= SYNC_QUOTA.QUOTA_BYTES, `${total} bytes in all`);
  assert.ok(Object.keys(items).length <= SYNC_QUOTA.MAX_ITEMS);
}

test('an entry is one tab-separated line; the default name and trailing empty fields are left out', () => {
  assert.equal(encodeEntry({ accountId: '123456789012', roleName: 'ops/Admin', displayName: 'Admin @ 123456789012' }), '123456789012\tops/Admin');
  assert.equal(encodeEntry({ accountId: '123456789012', roleName: 'A', displayName: 'Prod', color: 'ff9900', baseAccountId: '210987654321' }), '123456789012\tA\tProd\tff9900\t\t\t210987654321');
  assert.deepEqual(decodeEntry('123456789012\tA\tProd\tff9900\t\t\t210987654321'), { accountId: '123456789012', roleName: 'A', displayName: 'Prod', color: 'ff9900', baseAccountId: '210987654321' });
});

test('lines that break the host rules are dropped when read back', () => {
  assert.equal(decodeEntry('12345\tA'), null);
  assert.equal(decodeEntry('123456789012\tbad role'), null);
  assert.deepEqual(decodeEntry('123456789012\tA\t\tblue\tmars'), { accountId: '123456789012', roleName: 'A' });
  assert.equal(decodeEntry(42), null);
});

test('a small catalogue packs whole and unpacks to the same entries', () => {
  const roles = Array.from({ length: 300 }, (_, i) => role(i, { displayName: i === 5 ? 'Ünïcødé <b>' : `Entry ${i}` }));
  const packed = packEntries(roles, { savedAt: '2026-11-28T10:00:00.000Z' });
  assert.equal(packed.count, 300);
  assert.equal(packed.total, 300);
  assertWithinQuota(asStored(packed));
  const back = unpackEntries(asStored(packed));
  assert.equal(back.state, 'ok');
  assert.equal(back.savedAt, '2026-11-28T10:00:00.000Z');
  assert.deepEqual(back.entries.map((e) => e.accountId).sort(), roles.map((r) => r.accountId).sort());
  const five = back.entries.find((e) => e.accountId === '100000000005');
  assert.deepEqual(five, { accountId: '100000000005', roleName: 'team/Role5', displayName: 'Ünïcødé <b>', color: 'ff9900', region: 'eu-west-1', group: 'g5' });
});

test('a catalogue over the quota keeps the most recently used entries that fit, and says how many of how many', () => {
  const roles = Array.from({ length: 5000 }, (_, i) => role(i, {
    displayName: `A long display name for entry number ${i} of the big catalogue`,
    lastUsedAt: i % 10 === 0 ? new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString() : null,
    useCount: i % 10 === 0 ? 1 : 0,
  }));
  const packed = packEntries(roles);
  assertWithinQuota(asStored(packed));
  assert.equal(packed.total, 5000);
  assert.ok(packed.count > 500 && packed.count < 5000, `kept ${packed.count}`);
  assert.ok(packed.bytes <= TOTAL_BUDGET + 1024);
  const kept = new Set(unpackEntries(asStored(packed)).entries.map((e) => e.accountId));
  assert.equal(kept.size, packed.count);
  // All 500 used entries fit, and the most recent of them is certainly kept.
  for (let i = 0; i < 5000; i += 10) assert.ok(kept.has(String(100000000000 + i)), `used entry ${i} kept`);
  assert.equal(unpackEntries(asStored(packed)).total, 5000);
});

test('one changed entry rewrites about one chunk, not the whole copy', () => {
  const roles = Array.from({ length: 1000 }, (_, i) => role(i));
  const first = packEntries(roles);
  const stored = asStored(first);
  assert.ok(first.meta.keys.length > 10);
  const edited = roles.map((r, i) => (i === 500 ? { ...r, color: '00ff00' } : r));
  const plan = planWrite(stored, packEntries(edited));
  assert.equal(plan.changed, true);
  const chunks = Object.keys(plan.set).filter((k) => k.startsWith(CHUNK_PREFIX));
  assert.ok(chunks.length >= 1 && chunks.length <= 2, `${chunks.length} chunks rewritten`);
  assert.ok(META_KEY in plan.set);
  assert.equal(plan.remove.length, chunks.length);

  const same = planWrite(stored, packEntries(roles));
  assert.deepEqual([same.changed, Object.keys(same.set), same.remove], [false, [], []]);
});

test('a use elsewhere (order, counts) changes nothing while everything fits', () => {
  const roles = Array.from({ length: 50 }, (_, i) => role(i));
  const stored = asStored(packEntries(roles));
  const used = roles.map((r, i) => (i === 7 ? { ...r, lastUsedAt: '2026-11-28T10:00:00.000Z', useCount: 3 } : r));
  assert.equal(planWrite(stored, packEntries(used)).changed, false);
});

test('a chunk that has not arrived yet (or is stale) makes the copy partial, never wrong', () => {
  const packed = packEntries(Array.from({ length: 400 }, (_, i) => role(i)));
  const stored = asStored(packed);
  const [firstKey, secondKey] = packed.meta.keys;
  delete stored[firstKey];
  stored[secondKey] = ['999999999999\tIntruder'];
  const back = unpackEntries(stored);
  assert.equal(back.state, 'partial');
  assert.equal(back.missing, 2);
  assert.ok(!back.entries.some((e) => e.roleName === 'Intruder'));
  assert.equal(unpackEntries({}).state, 'none');
  assert.equal(unpackEntries({ [META_KEY]: { v: 99, keys: [] } }).state, 'none');
});

test('sizes are over-estimated for non-ASCII text', () => {
  assert.equal(jsonBytes('abc'), 5);
  assert.equal(jsonBytes('é'), 8);
  assert.equal(itemBytes('k', ['a']), 1 + 5);
});

/** storage.sync as the browser has it: quotas enforced on set. */
class FakeSyncArea {
  constructor() { this.data = {}; this.sets = 0; this.removes = 0; }
  async get() { return structuredClone(this.data); }
  async set(items) {
    const next = { ...this.data, ...structuredClone(items) };
    let total = 0;
    for (const [k, v] of Object.entries(next)) {
      const n = itemBytes(k, v);
      if (n > SYNC_QUOTA.QUOTA_BYTES_PER_ITEM) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
      total += n;
    }
    if (total > SYNC_QUOTA.QUOTA_BYTES) throw new Error('QUOTA_BYTES quota exceeded');
    this.data = next;
    this.sets += 1;
  }
  async remove(keys) { for (const k of keys) delete this.data[k]; this.removes += 1; }
}

class ManualTimers {
  constructor() { this.timers = new Map(); this.next = 1; }
  setTimeout = (fn) => { const id = this.next++; this.timers.set(id, fn); return id; };
  clearTimeout = (id) => { this.timers.delete(id); };
  fireAll() { const fns = [...this.timers.values()]; this.timers.clear(); for (const f of fns) f(); }
}

test('SyncCopy writes after a quiet period, only the latest list, never an empty one, and swaps a full copy within quota', async () => {
  const area = new FakeSyncArea();
  const timers = new ManualTimers();
  const copy = new SyncCopy({ area, timers });
  copy.schedule([role(1)]);
  copy.schedule(Array.from({ length: 3000 }, (_, i) => role(i)));
  assert.equal(area.sets, 0);
  timers.fireAll();
  await copy.flush();
  await copy.writing;
  assert.equal(area.sets, 1);
  assert.equal(copy.status.total, 3000);
  assert.ok(copy.status.count < 3000);

  // A completely different catalogue of the same size: old and new chunks do not fit side by side.
  copy.schedule(Array.from({ length: 3000 }, (_, i) => role(i + 5000)));
  timers.fireAll();
  await copy.writing;
  const back = unpackEntries(area.data);
  assert.equal(back.state, 'ok');
  assert.ok(back.entries.every((e) => Number(e.accountId) >= 100000005000));

  copy.schedule([]);
  assert.equal(timers.timers.size, 0);
  assert.equal((await copy.read()).entries.length, back.entries.length);

  await copy.clear();
  assert.deepEqual(area.data, {});
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { managedSources, applyManagedSources, MANAGED_KEY } from '../../extension/src/background/managed.js';

/** A host that keeps sources by name (case-insensitive, as PROTOCOL.md says) and can refuse one location. */
function host({ existing = [], unreadable = null } = {}) {
  const h = { sources: existing.map((name) => ({ name, location: `/old/${name}` })), calls: [] };
  h.request = async (action, params) => {
    h.calls.push([action, params]);
    if (action === 'sources.list') return { revision: 1, sources: h.sources.slice() };
    if (action === 'sources.add') {
      if (params.location === unreadable) throw new Error(`location: cannot read ${params.location}`);
      if (h.sources.some((s) => s.name.toLowerCase() === params.name.toLowerCase())) throw new Error('name: exists');
      h.sources.push({ name: params.name, location: params.location });
      return { name: params.name, status: 'applied' };
    }
    throw new Error(`unexpected ${action}`);
  };
  return h;
}

const managed = (value) => ({ get: async (key) => (key === MANAGED_KEY && value !== undefined ? { [key]: value } : {}) });

test('adds every managed source the host lacks, with its optional format and interval', async () => {
  const h = host();
  const r = await applyManagedSources({
    managed: managed([{ name: 'platform', location: '/srv/team.ini' }, { name: 'sec', location: 'https://example.com/r.csv', format: 'csv', intervalMinutes: 60 }]),
    request: h.request,
  });
  assert.deepEqual(r.added, ['platform', 'sec']);
  assert.deepEqual(h.sources.map((s) => s.name), ['platform', 'sec']);
  assert.deepEqual(h.calls[2], ['sources.add', { name: 'sec', location: 'https://example.com/r.csv', format: 'csv', intervalMinutes: 60 }]);
});

test('leaves a source the host already has (any letter case) as it is', async () => {
  const h = host({ existing: ['Platform'] });
  const r = await applyManagedSources({ managed: managed([{ name: 'platform', location: '/srv/new.ini' }]), request: h.request });
  assert.deepEqual(r.present, ['platform']);
  assert.deepEqual(h.calls.map(([a]) => a), ['sources.list']);
  assert.equal(h.sources[0].location, '/old/Platform');
});

test('a source the host cannot read is reported and the others are still added', async () => {
  const h = host({ unreadable: '/missing.ini' });
  const r = await applyManagedSources({
    managed: managed([{ name: 'gone', location: '/missing.ini' }, { name: 'ok', location: '/srv/ok.ini' }]),
    request: h.request,
  });
  assert.deepEqual(r.failed, [{ name: 'gone', error: 'location: cannot read /missing.ini' }]);
  assert.deepEqual(r.added, ['ok']);
});

test('no policy, or a browser without one (Firefox rejects), asks the host nothing', async () => {
  for (const m of [managed(undefined), { get: async () => { throw new Error('Managed storage manifest not found'); } }]) {
    const h = host();
    const r = await applyManagedSources({ managed: m, request: h.request });
    assert.deepEqual(r, { added: [], present: [], failed: [], skipped: [] });
    assert.deepEqual(h.calls, []);
  }
});

test('entries of the wrong shape are skipped with the reason; the policy value is not trusted', () => {
  const { sources, skipped } = managedSources([
    { name: 'ok', location: '/a' },
    'platform',
    { name: '-bad', location: '/a' },
    { name: 'x'.repeat(41), location: '/a' },
    { name: 'nolocation' },
    { name: 'fmt', location: '/a', format: 3 },
    { name: 'interval', location: '/a', intervalMinutes: 0 },
    { name: 'extra', location: '/a', evil: '<img src=x>' },
  ]);
  assert.deepEqual(sources, [{ name: 'ok', location: '/a' }, { name: 'extra', location: '/a' }]);
  assert.deepEqual(skipped.map((s) => s.index), [1, 2, 3, 4, 5, 6]);
  assert.match(skipped[0].reason, /not an object/);
  assert.match(skipped[1].reason, /^name:/);
  assert.match(skipped[3].reason, /^location:/);
  assert.match(skipped[5].reason, /^intervalMinutes:/);
  assert.deepEqual(managedSources({ name: 'x' }).skipped, [{ index: null, reason: 'teamSources is not a list' }]);
});

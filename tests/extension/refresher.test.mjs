import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRefresher } from '../../extension/src/background/refresher.js';

/** A database revision that moves when the test writes, and a load that reads it when it starts. */
function world() {
  const w = { revision: 1, shown: null, loads: 0, afters: 0, gates: [] };
  w.load = async () => {
    w.loads += 1;
    const read = w.revision; // the snapshot this reload sees
    await new Promise((resolve) => w.gates.push(resolve));
    w.shown = read;
  };
  w.after = async () => {
    w.afters += 1;
  };
  w.release = async () => {
    for (let spins = 0; w.gates.length === 0; spins++) {
      assert.ok(spins < 1000, 'expected another reload to be running');
      await new Promise((r) => setImmediate(r));
    }
    w.gates.shift()();
    await new Promise((r) => setImmediate(r));
  };
  return w;
}

test('a change announced during a reload is shown: one more reload runs after it', async () => {
  const w = world();
  const refresh = createRefresher(w.load, w.after);
  const first = refresh();
  w.revision = 2; // another browser writes while the first reload is reading
  const second = refresh();
  await w.release();
  await w.release();
  await Promise.all([first, second]);
  assert.equal(w.shown, 2);
  assert.equal(w.loads, 2);
  assert.equal(w.afters, 1, 'open views are told once, with the newest list');
});

test('many changes during one reload cost exactly one more reload', async () => {
  const w = world();
  const refresh = createRefresher(w.load, w.after);
  const all = [refresh()];
  for (let i = 0; i < 10; i++) {
    w.revision += 1;
    all.push(refresh());
  }
  await w.release();
  await w.release();
  await Promise.all(all);
  assert.equal(w.loads, 2);
  assert.equal(w.shown, 11);
});

test('a reload with no change meanwhile runs once, and the next request starts a new one', async () => {
  const w = world();
  const refresh = createRefresher(w.load, w.after);
  const first = refresh();
  await w.release();
  await first;
  assert.equal(w.loads, 1);
  w.revision = 5;
  const next = refresh();
  await w.release();
  await next;
  assert.equal(w.loads, 2);
  assert.equal(w.shown, 5);
  assert.equal(w.afters, 2);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeReport } from '../../extension/src/lib/import-view.js';

const counts = (c) => ({ read: 0, added: 0, updated: 0, unchanged: 0, deleted: 0, keptDeleted: 0, deletionsRecorded: 0, skipped: 0, warnings: 0, errors: 0, ...c });
const base = { kind: 'import', applied: false, planChanged: false, fileName: 'team.ini', format: 'aesr', added: [], updated: [], unchanged: [], deleted: [], keptDeleted: [], skipped: [], warnings: [], errors: [], errorsTruncated: false, listsTruncated: false, notes: [], plan: 'abc', revision: 3 };

test('a preview lists adds and updates with their lines and field changes, and can be applied', () => {
  const v = describeReport({
    ...base,
    counts: counts({ read: 2, added: 1, updated: 1 }),
    added: [{ accountId: '111122223333', roleName: 'Dev', displayName: 'Dev', line: 6 }],
    updated: [{ accountId: '444455556666', roleName: 'ops/Admin', displayName: 'Prod', line: 1, changes: [{ field: 'color', from: 'ff9900', to: '00ff00' }, { field: 'region', from: null, to: 'eu-west-1' }] }],
  });
  assert.equal(v.summary, 'team.ini (aesr): 2 entries read. Preview: nothing is written until you apply.');
  assert.deepEqual(v.sections.find((s) => s.id === 'added').items, ['+ Dev (Dev in 1111-2222-3333), line 6']);
  assert.deepEqual(v.sections.find((s) => s.id === 'updated').items, ['~ Prod (ops/Admin in 4444-5555-6666), line 1: colour ff9900 → 00ff00; region (none) → eu-west-1']);
  assert.equal(v.canApply, true);
});

test('errors block applying and are listed with line and column', () => {
  const v = describeReport({ ...base, plan: null, counts: counts({ errors: 2 }), errorsTruncated: true, errors: [{ file: 'x', line: 3, column: 1, field: 'account_id', reason: "must be 12 digits, got '1'" }] });
  assert.equal(v.canApply, false);
  assert.match(v.summary, /^team\.ini: 2 errors \(only the first ones are listed\); nothing can be imported until the file is fixed\.$/);
  const errors = v.sections.find((s) => s.id === 'errors');
  assert.deepEqual(errors.items, ["line 3, column 1: account_id: must be 12 digits, got '1'"]);
  assert.equal(errors.more, 1);
});

test('nothing to change, a changed plan, an applied restore, truncated lists', () => {
  assert.equal(describeReport({ ...base, counts: counts({ read: 1, unchanged: 1 }) }).canApply, false);
  assert.match(describeReport({ ...base, planChanged: true, counts: counts({ added: 1 }) }).summary, /changed since the preview/);
  const restored = describeReport({ ...base, kind: 'restore', applied: true, format: 'json', counts: counts({ added: 1, deleted: 2, deletionsRecorded: 1 }), listsTruncated: true });
  assert.match(restored.summary, /^Restored team\.ini \(json\): 1 added, 0 updated, 2 deleted, 0 unchanged\.$/);
  assert.equal(restored.canApply, false);
  assert.ok(restored.sections.some((s) => s.id === 'deleted'));
  assert.deepEqual(restored.notes, ['1 deletion recorded, so those entries do not come back later.', 'Long lists show their first items only; the counts are complete.']);
  const big = describeReport({ ...base, counts: counts({ added: 20000 }), added: [{ accountId: '111122223333', roleName: 'A', displayName: 'A', line: 2 }] });
  assert.equal(big.sections.find((s) => s.id === 'added').more, 19999);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextAssembler, HostError } from '../../extension/src/lib/protocol.js';
import { mergeSettings, DEFAULT_SETTINGS } from '../../extension/src/background/state.js';

test('TextAssembler joins export parts in order and keeps the header', () => {
  const a = new TextAssembler();
  assert.equal(a.push({ format: 'csv', fileName: 'f.csv', entries: 2, part: 0, parts: 2, text: 'ab' }), null);
  assert.deepEqual(a.push({ format: 'csv', fileName: 'f.csv', entries: 2, part: 1, parts: 2, text: 'c😀' }), { format: 'csv', fileName: 'f.csv', entries: 2, text: 'abc😀' });
  assert.throws(() => new TextAssembler().push({ part: 1, parts: 2, text: '' }), HostError);
  assert.throws(() => new TextAssembler().push({ part: 0, parts: 1 }), HostError);
});

test('settings change only known keys, only to booleans', () => {
  assert.deepEqual(mergeSettings(DEFAULT_SETTINGS, { syncCopy: false, evil: true, learnFromConsole: 'no' }), { learnFromConsole: true, syncCopy: false });
  assert.deepEqual(mergeSettings({ learnFromConsole: false, syncCopy: false }, { learnFromConsole: true }), { learnFromConsole: true, syncCopy: false });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importRequest, MAX_FILE_BYTES, base64FromBytes, utf8Length, formatBytes } from '../../extension/src/lib/import-request.js';
import { MAX_REQUEST_BYTES } from '../../extension/src/lib/protocol.js';

test('a file goes as base64 bytes (the host decodes it as the CLI does), with its name and format', () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x00, 0xff]);
  assert.deepEqual(importRequest({ bytes, fileName: 'roles.csv', format: 'csv' }), { params: { fileName: 'roles.csv', format: 'csv', data: Buffer.from(bytes).toString('base64') } });
  assert.deepEqual(importRequest({ text: '[a]', format: 'auto' }), { params: { text: '[a]' } });
});

test('the biggest file allowed still fits the host frame once encoded', () => {
  assert.ok(Math.ceil(MAX_FILE_BYTES / 3) * 4 + 1024 < MAX_REQUEST_BYTES);
  assert.ok(MAX_FILE_BYTES > 6_000_000);
});

test('too big is refused before reading or sending, with the size and the terminal alternative', () => {
  const r = importRequest({ size: MAX_FILE_BYTES + 1, fileName: 'big.ini' });
  assert.match(r.error, /^"big\.ini" is 6\.0 MB; through the browser SwitchRole takes at most 6\.0 MB\. Import it at a terminal instead: switchrole import FILE$/);
  assert.match(importRequest({ text: 'é'.repeat(4_200_000) }).error, /^The text is 8\.0 MB/);
  assert.match(importRequest({ text: '  ' }).error, /Paste the text of a role file, or choose a file\./);
  assert.match(importRequest({ bytes: new Uint8Array(0), fileName: 'e.csv' }).error, /"e\.csv" is empty\./);
});

test('helpers: base64 of large arrays, UTF-8 length, sizes', () => {
  const big = new Uint8Array(100_000).map((_, i) => i % 256);
  assert.equal(base64FromBytes(big), Buffer.from(big).toString('base64'));
  assert.equal(utf8Length('aé€😀'), Buffer.byteLength('aé€😀'));
  assert.equal(formatBytes(512), '512 bytes');
  assert.equal(formatBytes(2048), '2.0 KB');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build, buildManifest, deepMerge, inlineModules } from '../../extension/scripts/build.mjs';
import { ERROR_CODES, HOST_NAME, ACTIONS, PROTOCOL_VERSION } from '../../extension/src/lib/protocol.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const constants = fs.readFileSync(path.join(ROOT, 'host/SwitchRole.Core/Constants.cs'), 'utf8');
const csConst = (name) => new RegExp(`${name}\\s*=\\s*"([^"]+)"`).exec(constants)[1];

function chromiumIdFromKey(key) {
  const hex = crypto.createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

test('pinned identities line up: Chromium key -> id, gecko id and host name match the host\'s Constants.cs', () => {
  const chromium = buildManifest('chromium');
  const firefox = buildManifest('firefox');
  assert.equal(chromiumIdFromKey(chromium.key), csConst('ChromiumDevelopmentExtensionId'));
  assert.equal(chromiumIdFromKey(chromium.key), 'nocfbhnapafompiapfplkdilpjojbmip');
  assert.equal(firefox.browser_specific_settings.gecko.id, csConst('FirefoxAddonId'));
  assert.equal(HOST_NAME, csConst('HostName'));
  assert.equal(firefox.key, undefined);
  assert.equal(chromium.browser_specific_settings, undefined);
});

test('manifests: version from Directory.Build.props, background per browser, narrow permissions', () => {
  const version = /<Version>([^<]+)<\/Version>/.exec(fs.readFileSync(path.join(ROOT, 'Directory.Build.props'), 'utf8'))[1].trim();
  const chromium = buildManifest('chromium');
  const firefox = buildManifest('firefox');
  assert.equal(chromium.version, version);
  assert.deepEqual(chromium.background, { service_worker: 'background/index.js', type: 'module' });
  assert.deepEqual(firefox.background, { scripts: ['background/index.js'], type: 'module' });
  assert.equal(firefox.browser_specific_settings.gecko.strict_min_version, '128.0');
  for (const m of [chromium, firefox]) {
    assert.deepEqual(m.permissions, ['nativeMessaging', 'storage', 'unlimitedStorage', 'cookies']);
    assert.ok(m.host_permissions.every((h) => /^https:\/\/\*\.console\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn|amazonaws-eusc\.eu)\/\*$/.test(h)));
    assert.equal(m.content_scripts.find((c) => c.world === 'MAIN').js[0], 'page/page-world.js');
  }
});

test('deepMerge merges objects and replaces arrays and scalars', () => {
  assert.deepEqual(deepMerge({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2], e: 3 } }), { a: { b: 1, c: [2], e: 3 }, d: 1 });
});

test('PROTOCOL.md error table and protocol.js agree code for code', () => {
  const md = fs.readFileSync(path.join(ROOT, 'host/PROTOCOL.md'), 'utf8');
  const rows = [...md.matchAll(/^\|\s*(\d+)\s*\|\s*`(\w+)`\s*\|/gm)].map((m) => [m[2], Number(m[1])]);
  assert.ok(rows.length >= 10);
  for (const [name, code] of rows) assert.equal(ERROR_CODES[name], code, name);
  for (const action of Object.values(ACTIONS)) assert.match(md, new RegExp(`### ${action.replace('.', '\\.')}`));
  assert.match(md, new RegExp(`Protocol version: \\*\\*${PROTOCOL_VERSION}\\*\\*`));
});

test('the inlined content script is one classic script with no import left', () => {
  const code = inlineModules(path.join(ROOT, 'extension/src/content/index.js'));
  assert.doesNotMatch(code, /^\s*import\s/m);
  assert.doesNotMatch(code, /^\s*export\s/m);
  new vm.Script(code); // parses as a classic script
});

test('inlineModules refuses module forms it cannot inline, naming file and line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-inline-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.js'), "import { x as y } from './b.js';\n");
    fs.writeFileSync(path.join(dir, 'b.js'), 'export const x = 1;\n');
    assert.throws(() => inlineModules(path.join(dir, 'a.js')), /a\.js:1: 'import \{ a as b \}'/);
    fs.writeFileSync(path.join(dir, 'c.js'), 'export default 1;\n');
    assert.throws(() => inlineModules(path.join(dir, 'c.js')), /c\.js:1: only single-line/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no source file parses markup from strings: text goes through textContent only', () => {
  const srcDir = path.join(ROOT, 'extension/src');
  const files = fs.readdirSync(srcDir, { recursive: true }).filter((f) => f.endsWith('.js'));
  for (const f of files) {
    const code = fs.readFileSync(path.join(srcDir, f), 'utf8');
    assert.doesNotMatch(code, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/, f);
  }
});

function readZip(file) {
  const buf = fs.readFileSync(file);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const size = buf.readUInt32LE(at + 20);
    const local = buf.readUInt32LE(at + 42);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26);
    out.set(name, zlib.inflateRawSync(buf.subarray(dataAt, dataAt + size)));
    at += 46 + nameLen;
  }
  return out;
}

test('build writes both unpacked trees, a store zip without the key and an xpi, both with the icons', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-build-'));
  try {
    const dirs = build({ outDir: out });
    for (const b of ['chromium', 'firefox']) {
      const m = JSON.parse(fs.readFileSync(path.join(dirs[b], 'manifest.json'), 'utf8'));
      for (const cs of m.content_scripts) for (const js of cs.js) assert.ok(fs.existsSync(path.join(dirs[b], js)), `${b}: ${js}`);
      assert.ok(fs.existsSync(path.join(dirs[b], m.action.default_popup)));
      assert.ok(!fs.existsSync(path.join(dirs[b], 'content/index.js')));
    }
    const xpi = readZip(path.join(out, 'switchrole-firefox.xpi'));
    assert.equal(JSON.parse(xpi.get('manifest.json')).browser_specific_settings.gecko.id, 'switchrole@switchrole.dev');
    assert.deepEqual(xpi.get('content/content.js'), fs.readFileSync(path.join(dirs.firefox, 'content/content.js')));
    const zip = readZip(path.join(out, 'switchrole-chromium.zip'));
    // Stores refuse a "key": the store package has none, the unpacked build keeps it (a stable development id).
    assert.equal('key' in JSON.parse(zip.get('manifest.json')), false);
    assert.ok(JSON.parse(fs.readFileSync(path.join(dirs.chromium, 'manifest.json'), 'utf8')).key);
    // Both packages carry the icons the manifest names, as PNGs of the size it says.
    for (const [name, files] of [['zip', zip], ['xpi', xpi]]) {
      const m = JSON.parse(files.get('manifest.json'));
      assert.deepEqual(Object.keys(m.icons).sort(), ['128', '16', '32', '48']);
      assert.deepEqual(m.action.default_icon, m.icons);
      for (const [size, file] of Object.entries(m.icons)) {
        const png = files.get(file);
        assert.ok(png, `${name}: ${file} is in the package`);
        assert.deepEqual(png.subarray(1, 4), Buffer.from('PNG'), `${name}: ${file} is a PNG`);
        assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(size), Number(size)], `${name}: ${file} is ${size} px`);
      }
    }
    // Reproducible: building again gives the same bytes.
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-build-again-'));
    try {
      build({ outDir: again });
      assert.deepEqual(fs.readFileSync(path.join(again, 'switchrole-chromium.zip')), fs.readFileSync(path.join(out, 'switchrole-chromium.zip')));
      assert.deepEqual(fs.readFileSync(path.join(again, 'switchrole-firefox.xpi')), fs.readFileSync(path.join(out, 'switchrole-firefox.xpi')));
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

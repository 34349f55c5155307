#!/usr/bin/env node
// Builds the extension for every browser from one source:
//   dist/chromium/, dist/firefox/        unpacked (load these in the browser)
//   dist/switchrole-chromium.zip         for the Chrome Web Store / Edge (without the development "key": stores refuse it)
//   dist/switchrole-firefox.xpi          for addons.mozilla.org or self-distribution
// Options: --out DIR (default extension/dist), --firefox-update-url URL (gecko.update_url in the Firefox build, for a
// self-distributed XPI; see docs/deploy.md).
// manifest.json is deep-merged with manifest.<browser>.json (objects merge, arrays and scalars replace) and
// gets its version from <Version> in the repository's Directory.Build.props. src/ is copied as it is (ES modules), except the content
// script: content scripts cannot use static `import`, so content/index.js and the lib/ and ui/ modules it
// imports are inlined into one classic script, content/content.js (see inlineModules below). No bundler, no
// dependencies.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const EXT_DIR = path.resolve(here, '..');
const SRC = path.join(EXT_DIR, 'src');
const ROOT = path.resolve(EXT_DIR, '..');
export const BROWSERS = ['chromium', 'firefox'];

/** The product version: <Version> in Directory.Build.props, the one place it is set. */
export function productVersion() {
  const props = fs.readFileSync(path.join(ROOT, 'Directory.Build.props'), 'utf8');
  const match = /<Version>([^<]+)<\/Version>/.exec(props);
  if (!match) throw new Error('Directory.Build.props: no <Version> element');
  return match[1].trim();
}

export function deepMerge(base, overlay) {
  if (overlay === null || typeof overlay !== 'object' || Array.isArray(overlay)) return overlay;
  const out = { ...(base !== null && typeof base === 'object' && !Array.isArray(base) ? base : {}) };
  for (const [k, v] of Object.entries(overlay)) out[k] = deepMerge(out[k], v);
  return out;
}

export function buildManifest(browser, { firefoxUpdateUrl = null } = {}) {
  const read = (f) => JSON.parse(fs.readFileSync(path.join(EXT_DIR, f), 'utf8'));
  const manifest = deepMerge(read('manifest.json'), read(`manifest.${browser}.json`));
  manifest.version = productVersion();
  if (browser === 'firefox' && firefoxUpdateUrl) {
    if (!/^https:\/\//.test(firefoxUpdateUrl)) throw new Error(`build: --firefox-update-url must be an https:// URL, got ${firefoxUpdateUrl}`);
    manifest.browser_specific_settings.gecko.update_url = firefoxUpdateUrl;
  }
  return manifest;
}

/** The manifest a store gets: no "key" (the Chrome Web Store and Edge Add-ons refuse one; they assign the id). */
export function storeManifest(manifest) {
  const { key: _key, ...rest } = manifest;
  return rest;
}

const IMPORT = /^\s*import\s*\{([^}]*)\}\s*from\s*'(\.{1,2}\/[^']+)';\s*$/;
const EXPORT_DECL = /^export\s+(?:async\s+)?(function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/;

/**
 * Inlines an ES module graph (relative named imports, `export function|const|let|class` only) into one
 * classic script. Each module becomes an IIFE in strict mode that returns its exports, so private names
 * never collide; anything else (default exports, `export {}`, import renames, bare specifiers) fails the build.
 */
export function inlineModules(entryFile) {
  const order = [];
  const seen = new Map();
  const exportOwner = new Map();
  function visit(file, stack) {
    if (seen.has(file)) return;
    if (stack.includes(file)) throw new Error(`build: import cycle through ${path.relative(SRC, file)}`);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const body = [];
    const exports = [];
    for (const [i, line] of lines.entries()) {
      const where = `${path.relative(SRC, file)}:${i + 1}`;
      const imp = IMPORT.exec(line);
      if (imp) {
        if (/\bas\b/.test(imp[1])) throw new Error(`build: ${where}: 'import { a as b }' is not supported in content-script modules`);
        visit(path.resolve(path.dirname(file), imp[2]), [...stack, file]);
        continue;
      }
      if (/^\s*import\b/.test(line) || /^export\s+(default|\{|\*)/.test(line)) {
        throw new Error(`build: ${where}: only single-line relative named imports and 'export <declaration>' can be inlined`);
      }
      const exp = EXPORT_DECL.exec(line);
      if (exp) {
        exports.push(exp[2]);
        body.push(line.replace(/^export\s+/, ''));
        continue;
      }
      body.push(line);
    }
    for (const name of exports) {
      if (exportOwner.has(name)) throw new Error(`build: '${name}' is exported by both ${exportOwner.get(name)} and ${path.relative(SRC, file)}`);
      exportOwner.set(name, path.relative(SRC, file));
    }
    seen.set(file, { body, exports });
    order.push(file);
  }
  visit(entryFile, []);
  const parts = ["'use strict';"];
  for (const file of order) {
    const { body, exports } = seen.get(file);
    parts.push(`// ---- ${path.relative(SRC, file)}`);
    const code = body.join('\n');
    if (file === entryFile) parts.push(`(() => {\n${code}\n})();`);
    else parts.push(`const { ${exports.join(', ')} } = (() => {\n${code}\nreturn { ${exports.join(', ')} };\n})();`);
  }
  return `// Generated by extension/scripts/build.mjs from src/${path.relative(SRC, entryFile)}: do not edit.\n(() => {\n${parts.join('\n')}\n})();\n`;
}

function copyDir(from, to, skip) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    if (skip(src)) continue;
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyDir(src, dst, skip);
    else fs.copyFileSync(src, dst);
  }
}

function listFiles(dir, prefix = '') {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(path.join(dir, e.name), rel));
    else out.push(rel);
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A plain deflate zip of a directory, entries sorted and time-stamped 1980-01-01 so builds are reproducible. */
export function zipDir(dir, outFile) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const rel of listFiles(dir)) {
    const data = fs.readFileSync(path.join(dir, rel));
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const name = Buffer.from(rel, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(outFile, Buffer.concat([...locals, cd, end]));
}

export function build({ outDir = path.join(EXT_DIR, 'dist'), archives = true, firefoxUpdateUrl = null } = {}) {
  const content = inlineModules(path.join(SRC, 'content', 'index.js'));
  const results = {};
  for (const browser of BROWSERS) {
    const dir = path.join(outDir, browser);
    fs.rmSync(dir, { recursive: true, force: true });
    // The content entry is replaced by its inlined form; everything else is used as written.
    copyDir(SRC, dir, (p) => p === path.join(SRC, 'content', 'index.js') || p.endsWith('.test.js'));
    fs.writeFileSync(path.join(dir, 'content', 'content.js'), content);
    fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(buildManifest(browser, { firefoxUpdateUrl }), null, 2)}\n`);
    const icons = path.join(EXT_DIR, 'icons');
    if (fs.existsSync(icons)) copyDir(icons, path.join(dir, 'icons'), () => false);
    results[browser] = dir;
  }
  if (archives) {
    // The unpacked build keeps the key (a stable development id); the store package is the same files without it.
    const manifestPath = path.join(results.chromium, 'manifest.json');
    const unpacked = fs.readFileSync(manifestPath);
    fs.writeFileSync(manifestPath, `${JSON.stringify(storeManifest(JSON.parse(unpacked)), null, 2)}\n`);
    try {
      zipDir(results.chromium, path.join(outDir, 'switchrole-chromium.zip'));
    } finally {
      fs.writeFileSync(manifestPath, unpacked);
    }
    zipDir(results.firefox, path.join(outDir, 'switchrole-firefox.xpi'));
  }
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opts = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out' && args[i + 1]) opts.outDir = path.resolve(args[++i]);
    else if (args[i] === '--firefox-update-url' && args[i + 1]) opts.firefoxUpdateUrl = args[++i];
    else {
      console.error(`build.mjs: unknown or incomplete option '${args[i]}' (options: --out DIR, --firefox-update-url URL)`);
      process.exit(2);
    }
  }
  const out = build(opts);
  for (const [b, d] of Object.entries(out)) console.log(`${b}: ${path.relative(process.cwd(), d)}`);
}

// What a person waits for on the first connect: in real headless Chromium, an extension page calls
// chrome.runtime.connectNative, sends hello and times the first reply. Our switchrole-host (what the manifests
// name) against the C echo host from tests/bench/ColdStart, interleaved in the same browser, median of --runs.
// Usage: npm --prefix tests run bench:connect -- [--host path/to/switchrole-host] [--runs 30]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { launch, closeBrowser, ensureDir } from '../../e2e/lib/browsers.mjs';
import { ROOT, CHROMIUM_ID } from '../../e2e/lib/host.mjs';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: path.join(ROOT, 'artifacts', 'aot', 'switchrole-host') },
    runs: { type: 'string', default: '30' },
  },
});
const runs = Number.parseInt(values.runs, 10);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive whole number, got "${values.runs}"`);
const ours = path.resolve(values.host);
if (!fs.existsSync(ours)) {
  console.error(`no switchrole-host at ${ours}: run tests/run-all.sh (it publishes artifacts/aot) or pass --host`);
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-connect-bench-'));
try {
  const echo = path.join(work, 'echo-host');
  execFileSync('cc', ['-O2', '-o', echo, path.join(ROOT, 'tests', 'bench', 'ColdStart', 'echo-host.c')]);
  const profileDir = ensureDir(path.join(work, 'profile'));
  const manifests = ensureDir(path.join(profileDir, 'NativeMessagingHosts'));
  // Two manifests of the same shape: only the binary differs. The bench names are not the extension's own host,
  // so the service worker's long-lived connection never shares a process with a measured one.
  const hosts = { 'dev.switchrole.bench_c': echo, 'dev.switchrole.bench_ours': ours };
  for (const [name, bin] of Object.entries(hosts)) {
    const manifest = { name, description: 'SwitchRole connect bench', path: bin, type: 'stdio', allowed_origins: [`chrome-extension://${CHROMIUM_ID}/`] };
    fs.writeFileSync(path.join(manifests, `${name}.json`), JSON.stringify(manifest), { mode: 0o600 });
  }
  const home = ensureDir(path.join(work, 'home'));
  const b = await launch('chromium', { port: 9, profileDir, home, env: { SWITCHROLE_HOME: path.join(work, 'data') } });
  try {
    const page = await b.browser.newPage();
    await page.goto(`${b.extensionUrl}options/options.html`);
    // Warm-up: one connect each, so the first-ever spawn (page cache, database creation) is not measured.
    const times = await page.evaluate(async (names, n) => {
      const once = (name) => new Promise((resolve, reject) => {
        const t0 = performance.now();
        const port = chrome.runtime.connectNative(name);
        port.onMessage.addListener(() => {
          const ms = performance.now() - t0;
          port.disconnect();
          resolve(ms);
        });
        port.onDisconnect.addListener(() => reject(new Error(`${name}: ${chrome.runtime.lastError?.message ?? 'disconnected before replying'}`)));
        port.postMessage({ id: 1, action: 'hello', protocolVersion: 1 });
      });
      const out = Object.fromEntries(names.map((x) => [x, []]));
      for (const x of names) await once(x);
      for (let i = 0; i < n; i++) for (const x of (i % 2 ? [...names].reverse() : names)) out[x].push(await once(x));
      return out;
    }, Object.keys(hosts), runs);
    const stats = (xs) => {
      const s = [...xs].sort((p, q) => p - q);
      const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
      return { median, min: s[0], max: s[s.length - 1] };
    };
    const c = stats(times['dev.switchrole.bench_c']);
    const o = stats(times['dev.switchrole.bench_ours']);
    const f = (x) => x.toFixed(1).padStart(6);
    console.log(`connectNative -> first reply in headless Chromium, median of ${runs} interleaved runs (min-max), ms`);
    console.log(`  C echo host      ${f(c.median)}  (${c.min.toFixed(1)}-${c.max.toFixed(1)})`);
    console.log(`  switchrole-host  ${f(o.median)}  (${o.min.toFixed(1)}-${o.max.toFixed(1)})  ${ours}`);
    console.log(`  ratio            ${(o.median / c.median).toFixed(2).padStart(6)}x   difference ${(o.median - c.median).toFixed(1)} ms`);
  } finally {
    await closeBrowser(b.browser);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

// The real switchrole binary for end-to-end tests: built once per source state (cached under the temp dir),
// registered with each test browser by `switchrole install`, and driven through its CLI.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const HOST_NAME = 'dev.switchrole.host';
export const CHROMIUM_ID = 'nocfbhnapafompiapfplkdilpjojbmip';
export const GECKO_ID = 'switchrole@switchrole.dev';

function hashSources() {
  const h = crypto.createHash('sha256');
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === 'bin' || e.name === 'obj') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(cs|csproj|props|json)$/.test(e.name)) h.update(p).update(fs.readFileSync(p));
    }
  };
  walk(path.join(ROOT, 'host'));
  for (const f of ['Directory.Build.props', 'Directory.Packages.props', 'global.json']) {
    const p = path.join(ROOT, f);
    if (fs.existsSync(p)) h.update(f).update(fs.readFileSync(p));
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * The host binary: $SWITCHROLE_E2E_HOST when set (CI can pass a published NativeAOT binary), else a Release
 * build of host/SwitchRole.Host (the CLI and network worker) and host/SwitchRole.Bridge (switchrole-host, what the
 * manifests name) into one folder, cached per source hash, so a second run starts at once.
 */
export function hostBinary() {
  if (process.env.SWITCHROLE_E2E_HOST) return process.env.SWITCHROLE_E2E_HOST;
  const out = path.join(os.tmpdir(), `switchrole-e2e-host-${hashSources()}`);
  const bin = path.join(out, 'switchrole');
  if (!fs.existsSync(bin)) {
    const staging = `${out}.partial-${process.pid}`;
    for (const project of ['host/SwitchRole.Host', 'host/SwitchRole.Bridge']) {
      execFileSync('dotnet', ['build', path.join(ROOT, project), '-c', 'Release', '-o', staging, '-nologo', '-v', 'q'], { stdio: 'inherit' });
    }
    fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(staging, out);
  }
  return bin;
}

/** Runs the CLI against one SWITCHROLE_HOME (and HOME) and returns stdout. */
export async function cli(bin, env, ...args) {
  const { stdout } = await run(bin, args, { env: { ...process.env, ...env }, timeout: 60000 });
  return stdout;
}

export async function listRoles(bin, env) {
  return JSON.parse(await cli(bin, env, 'list', '--json'));
}

/**
 * Registers the host for one browser profile with `switchrole install` and checks that the manifest is
 * where that browser looks. Returns the manifest path.
 */
export async function register(bin, env, browser, { userDataDir = null, home }) {
  const args = ['install', '--browser', browser, ...(userDataDir ? ['--user-data-dir', userDataDir] : [])];
  const manifest = browser === 'firefox'
    ? path.join(home, '.mozilla', 'native-messaging-hosts', `${HOST_NAME}.json`)
    : path.join(userDataDir, 'NativeMessagingHosts', `${HOST_NAME}.json`);
  await cli(bin, { ...env, HOME: home }, ...args);
  const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  if (m.name !== HOST_NAME || !path.isAbsolute(m.path)) throw new Error(`switchrole install wrote an unexpected manifest: ${manifest}`);
  return manifest;
}

/** What the manifests name and browsers start: switchrole-host, installed beside the CLI `bin`. */
export function browserHostBeside(bin) {
  return path.join(path.dirname(bin), 'switchrole-host');
}

/**
 * Host processes started for this test: switchrole-host beside the CLI `bin` (what the manifests name) running
 * with SWITCHROLE_HOME = `home` (a temp dir unique to the test), whichever browser started them.
 */
export function hostProcesses(bin, home) {
  const browserHost = browserHostBeside(bin);
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (cmd[0] !== browserHost) continue;
      const environ = fs.readFileSync(`/proc/${d}/environ`, 'utf8').split('\0');
      if (environ.includes(`SWITCHROLE_HOME=${home}`)) out.push(Number(d));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

// The release as a user gets it: installers/package.sh makes every linux-x64 artifact with SHA256SUMS over
// them; the .deb holds what it should; and installers/linux/install.sh --from-archive installs the archive on a
// machine without dotnet, clang or node (a PATH without them, a throwaway HOME), registers Chromium and Firefox,
// and `switchrole doctor` passes. A damaged archive is refused with nothing written.
//
// Packaging reuses the NativeAOT publish folder of $SWITCHROLE_E2E_HOST when tests/run-all.sh has made one
// (package.sh --from-publish); otherwise package.sh publishes (minutes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, HOST_NAME, CHROMIUM_ID, GECKO_ID, browserHostBeside } from './lib/host.mjs';

const STORE_ID = 'abcdefghijklmnopabcdefghijklmnop'; // stands for a store-assigned id passed to package.sh
let tmp, out, version;

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'swr-e2e-release-'));
  out = path.join(tmp, 'release');
  version = /<Version>([^<]+)<\/Version>/.exec(fs.readFileSync(path.join(ROOT, 'Directory.Build.props'), 'utf8'))[1];
  const args = [path.join(ROOT, 'installers', 'package.sh'), '--out', out, '--chromium-id', STORE_ID];
  const published = process.env.SWITCHROLE_E2E_HOST;
  if (published) args.push('--from-publish', path.dirname(published));
  execFileSync('bash', args, { stdio: ['ignore', 'ignore', 'inherit'] });
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A bin folder with every command of /usr/bin and /bin except the build tools a user need not have. */
function pathWithoutBuildTools() {
  const dir = path.join(tmp, 'path');
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(dir);
  for (const from of ['/usr/bin', '/bin']) {
    for (const name of fs.readdirSync(from)) {
      if (/^(dotnet|clang.*|node.*|nodejs|npm|npx|cc|gcc.*|c\+\+|g\+\+.*|ld.*)$/.test(name)) continue;
      const link = path.join(dir, name);
      if (!fs.existsSync(link)) fs.symlinkSync(path.join(from, name), link);
    }
  }
  return dir;
}

function cleanEnv(home) {
  return { HOME: home, PATH: pathWithoutBuildTools(), LANG: 'C.UTF-8', TMPDIR: tmp };
}

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

test('package.sh makes every linux-x64 artifact, and SHA256SUMS verifies them', () => {
  assert.deepEqual(fs.readdirSync(out).sort(), [
    'SHA256SUMS',
    `switchrole-${version}-linux-x64.tar.gz`,
    `switchrole-chromium-${version}.zip`,
    `switchrole-firefox-${version}.xpi`,
    `switchrole_${version}_amd64.deb`,
  ].sort());
  const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.equal(check.stdout.trim().split('\n').length, 4);

  const listing = execFileSync('tar', ['-tzvf', path.join(out, `switchrole-${version}-linux-x64.tar.gz`)], { encoding: 'utf8' });
  const top = `switchrole-${version}-linux-x64`;
  for (const f of ['bin/switchrole', 'bin/switchrole-host', 'LICENSE', 'README.txt', 'install.sh', 'uninstall.sh', 'lib/install-posix.sh', 'lib/uninstall-posix.sh']) {
    assert.match(listing, new RegExp(`\\s${top}/${f.replace('.', '\\.')}\\n`), `the archive holds ${f}`);
  }
  assert.match(listing, new RegExp(`^-rwxr-xr-x .* ${top}/bin/switchrole$`, 'm'), 'bin/switchrole is executable');
  assert.match(listing, new RegExp(`^-rwxr-xr-x .* ${top}/bin/switchrole-host$`, 'm'), 'bin/switchrole-host is executable');
  assert.doesNotMatch(listing, /\.(dbg|pdb)\n/, 'no debug symbols shipped');
});

test('the .deb installs the binary under /usr/lib/switchrole and system host manifests for every browser family', () => {
  const deb = path.join(out, `switchrole_${version}_amd64.deb`);
  const info = execFileSync('dpkg-deb', ['-I', deb], { encoding: 'utf8' });
  assert.match(info, /^ Package: switchrole$/m);
  assert.match(info, new RegExp(`^ Version: ${version.replaceAll('.', '\\.')}$`, 'm'));
  assert.match(info, /^ Architecture: amd64$/m);
  const contents = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' });
  assert.match(contents, /^-rwxr-xr-x root\/root .* \.\/usr\/lib\/switchrole\/switchrole$/m);
  assert.match(contents, /^-rwxr-xr-x root\/root .* \.\/usr\/lib\/switchrole\/switchrole-host$/m);
  assert.match(contents, /^lrwxrwxrwx root\/root .* \.\/usr\/bin\/switchrole -> \.\.\/lib\/switchrole\/switchrole$/m);

  const root = path.join(tmp, 'deb-root');
  execFileSync('dpkg-deb', ['-x', deb, root]);
  const chromiumDirs = ['etc/opt/chrome', 'etc/chromium', 'etc/opt/edge', 'etc/opt/vivaldi'];
  const firefoxDirs = ['usr/lib/mozilla', 'usr/lib/librewolf'];
  for (const d of [...chromiumDirs, ...firefoxDirs]) {
    const file = path.join(root, d, 'native-messaging-hosts', `${HOST_NAME}.json`);
    const stat = fs.statSync(file);
    assert.equal(stat.mode & 0o777, 0o644, `${d}: readable by every user`);
    const m = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(m.name, HOST_NAME);
    assert.equal(m.type, 'stdio');
    assert.equal(m.path, '/usr/lib/switchrole/switchrole-host', `${d} points at the shipped browser host`);
    if (chromiumDirs.includes(d)) {
      assert.deepEqual(m.allowed_origins, [`chrome-extension://${STORE_ID}/`, `chrome-extension://${CHROMIUM_ID}/`]);
    } else {
      assert.deepEqual(m.allowed_extensions, [GECKO_ID]);
    }
  }
  // The /etc manifests are configuration: an administrator's edit survives an upgrade.
  const control = path.join(tmp, 'deb-control');
  execFileSync('dpkg-deb', ['-e', deb, control]);
  assert.deepEqual(fs.readFileSync(path.join(control, 'conffiles'), 'utf8').trim().split('\n'),
    chromiumDirs.map((d) => `/${d}/native-messaging-hosts/${HOST_NAME}.json`));
});

test('install.sh --from-archive installs without dotnet, clang or node, registers Chromium and Firefox, and doctor passes', () => {
  const home = path.join(tmp, 'home-ok');
  fs.mkdirSync(home);
  const env = cleanEnv(home);
  for (const tool of ['dotnet', 'clang', 'node']) {
    assert.notEqual(spawnSync('sh', ['-c', `command -v ${tool}`], { env }).status, 0, `${tool} is not on the test PATH`);
  }
  const archive = path.join(out, `switchrole-${version}-linux-x64.tar.gz`);
  const run = spawnSync(path.join(ROOT, 'installers', 'linux', 'install.sh'), ['--from-archive', archive], { env, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /Verified switchrole-.*-linux-x64\.tar\.gz against SHA256SUMS/);

  const bin = path.join(home, '.local', 'share', 'SwitchRole', 'bin', 'switchrole');
  assert.ok(fs.statSync(bin).mode & 0o100, 'the installed switchrole is executable');
  const chromium = JSON.parse(fs.readFileSync(path.join(home, '.config', 'chromium', 'NativeMessagingHosts', `${HOST_NAME}.json`), 'utf8'));
  const firefox = JSON.parse(fs.readFileSync(path.join(home, '.mozilla', 'native-messaging-hosts', `${HOST_NAME}.json`), 'utf8'));
  const host = browserHostBeside(bin);
  assert.ok(fs.statSync(host).mode & 0o100, 'the installed switchrole-host is executable');
  assert.equal(chromium.path, host, 'browsers start switchrole-host');
  assert.equal(firefox.path, host, 'browsers start switchrole-host');

  const doctor = spawnSync(bin, ['doctor'], { env, encoding: 'utf8' });
  assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  assert.doesNotMatch(doctor.stdout, /\[FAIL\]/);
  assert.match(doctor.stdout, /^\[ ok \] Chromium: registered/m);
  assert.match(doctor.stdout, /^\[ ok \] Firefox: registered/m);
  assert.match(doctor.stdout, /^\[ ok \] self-test \(as Chromium starts it\): hello answered/m);
  assert.match(doctor.stdout, /^\[ ok \] self-test \(as Firefox starts it\): hello answered/m);
});

test('install.sh --from-archive refuses an archive with one flipped byte and writes nothing', () => {
  const home = path.join(tmp, 'home-bad');
  fs.mkdirSync(home);
  const dir = path.join(tmp, 'download');
  fs.mkdirSync(dir);
  const name = `switchrole-${version}-linux-x64.tar.gz`;
  fs.copyFileSync(path.join(out, 'SHA256SUMS'), path.join(dir, 'SHA256SUMS'));
  const bytes = fs.readFileSync(path.join(out, name));
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  fs.writeFileSync(path.join(dir, name), bytes);

  const run = spawnSync(path.join(ROOT, 'installers', 'linux', 'install.sh'), ['--from-archive', path.join(dir, name)], { env: cleanEnv(home), encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, new RegExp(`${name.replaceAll('.', '\\.')} does not match SHA256SUMS .*Nothing was installed`));
  assert.equal(run.stdout, '');
  assert.deepEqual(filesUnder(home), [], 'nothing written under HOME');
  assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.startsWith('switchrole-install.')), [], 'no temp folder left');
});

/** The ELF facts of one binary, from readelf (binutils). */
function elf(file) {
  const read = (flag) => execFileSync('readelf', ['-W', flag, file], { encoding: 'utf8' });
  const header = read('-h');
  const segments = read('-l');
  const dynamic = read('-d');
  const stack = /^\s*GNU_STACK\s.*\s([RWE ]{3})\s+0x[0-9a-f]+$/m.exec(segments);
  return {
    pie: /Type:\s+DYN /.test(header) && /FLAGS_1\).*\bPIE\b/.test(dynamic),
    relro: /^\s*GNU_RELRO\s/m.test(segments),
    bindNow: /\(FLAGS\).*\bBIND_NOW\b/.test(dynamic) || /\(FLAGS_1\).*\bNOW\b/.test(dynamic),
    stack: stack ? stack[1].replaceAll(' ', '') : null,
  };
}

/** Text that marks network code in a NativeAOT binary: the AWS SDK's namespaces, the HTTP client, TLS, decompressors. */
const NETWORK_CODE = /Amazon\.Runtime|AWSSDK|System\.Net\.Http\.dll|HttpClient|SslStream|BrotliDecoder|CryptoNative_Ssl/;

test('every shipped Linux binary is PIE with full RELRO and a non-executable stack; the browser-started one has no AWS, HTTP, import-format or NonBacktracking regex code', () => {
  const root = path.join(tmp, 'elf-check');
  fs.mkdirSync(root, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(out, `switchrole-${version}-linux-x64.tar.gz`), '-C', root]);
  const bin = path.join(root, `switchrole-${version}-linux-x64`, 'bin');
  const binaries = fs.readdirSync(bin).filter((f) => fs.readFileSync(path.join(bin, f)).subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])));
  assert.deepEqual(binaries.filter((f) => !f.endsWith('.so')).sort(), ['switchrole', 'switchrole-host']);
  for (const f of binaries) {
    const facts = elf(path.join(bin, f));
    if (!f.endsWith('.so')) assert.ok(facts.pie, `${f}: position-independent executable (ELF type DYN, FLAGS_1 PIE)`);
    assert.ok(facts.relro, `${f}: PT_GNU_RELRO`);
    assert.ok(facts.bindNow, `${f}: BIND_NOW (full RELRO)`);
    assert.equal(facts.stack, 'RW', `${f}: PT_GNU_STACK is RW, not executable`);
  }
  // The same marker test on both: it finds the CLI's network code, so finding nothing in the host means something.
  const text = (f) => fs.readFileSync(path.join(bin, f)).toString('latin1');
  assert.match(text('switchrole'), NETWORK_CODE, 'the CLI (the network worker) does carry the AWS SDK and HttpClient');
  const host = text('switchrole-host');
  assert.doesNotMatch(host, NETWORK_CODE, 'switchrole-host carries no AWS SDK, HttpClient, TLS or decompressor code');
  assert.doesNotMatch(host, /Amazon\./, 'switchrole-host names no Amazon.* type');
  // Imports, restores, exports and team-source parsing run in the worker too (docs/architecture.md).
  const PARSING_CODE = /CsvHelper|ImportPlanner|AesrFormat|BackupFormat/;
  assert.match(text('switchrole'), PARSING_CODE, 'the CLI (the worker) does carry the import formats');
  assert.doesNotMatch(host, PARSING_CODE, 'switchrole-host carries no import-format or team-file parsing code');
  // It reads and writes its messages by hand: no JsonSerializer and no source-generated metadata (docs/performance.md).
  const SERIALIZER = /JsonSerializerContext|JsonTypeInfo`1/;
  assert.match(text('switchrole'), SERIALIZER, 'the CLI does use source-generated JSON metadata');
  assert.doesNotMatch(host, SERIALIZER, 'switchrole-host carries no JsonSerializer metadata');
  // The regular-expression engine's NonBacktracking mode is substituted away (host/SwitchRole.Bridge/Trimming.xml).
  const NON_BACKTRACKING = /SymbolicRegexMatcher/;
  assert.match(text('switchrole'), NON_BACKTRACKING, 'the CLI does carry the NonBacktracking regex engine');
  assert.doesNotMatch(host, NON_BACKTRACKING, 'switchrole-host carries no NonBacktracking regex engine');
});

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
import { ROOT, HOST_NAME, CHROMIUM_ID, GECKO_ID } from './lib/host.mjs';

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
  for (const f of ['bin/switchrole', 'LICENSE', 'README.txt', 'install.sh', 'uninstall.sh', 'lib/install-posix.sh', 'lib/uninstall-posix.sh']) {
    assert.match(listing, new RegExp(`\\s${top}/${f.replace('.', '\\.')}\\n`), `the archive holds ${f}`);
  }
  assert.match(listing, new RegExp(`^-rwxr-xr-x .* ${top}/bin/switchrole$`, 'm'), 'bin/switchrole is executable');
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
    assert.equal(m.path, '/usr/lib/switchrole/switchrole', `${d} points at the shipped binary`);
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
  assert.equal(chromium.path, bin);
  assert.equal(firefox.path, bin);

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

// The Dockerfile: lint-clean (dockerfilelint), multi-stage Debian 12 -> Debian 12 slim, non-root
// uid 10001, and its runtime stage holds exactly what `make install DESTDIR=/out PREFIX=/usr/local`
// produces (read from the install() rules of CMakeLists.txt), with the contract's entrypoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, mkdtemp, rm, access } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dockerfile = await readFile(path.join(root, 'Dockerfile'), 'utf8');

// Instructions with continuation lines joined and comments dropped.
function instructions(text) {
  const out = [];
  let buf = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!buf && (/^\s*#/.test(line) || !line.trim())) continue;
    if (buf && /^\s*#/.test(line)) continue;
    if (line.endsWith('\\')) { buf += line.slice(0, -1) + ' '; continue; }
    buf += line;
    const m = /^\s*(\w+)\s+(.*)$/s.exec(buf);
    out.push({ op: m[1].toUpperCase(), args: m[2].trim() });
    buf = '';
  }
  return out;
}

const all = instructions(dockerfile);
const globalArgs = Object.fromEntries(
  all.slice(0, all.findIndex((i) => i.op === 'FROM')).filter((i) => i.op === 'ARG')
    .map((i) => i.args.split('=')));
const expand = (s) => s.replace(/\$\{(\w+)\}/g, (_, v) => globalArgs[v] ?? '');
const stages = [];
for (const ins of all) {
  if (ins.op === 'FROM') {
    const [image, , name] = expand(ins.args).split(/\s+/);
    stages.push({ image, name, ins: [] });
  } else if (stages.length) {
    stages.at(-1).ins.push(ins);
  }
}
const build = stages.find((st) => st.name === 'build');
const runtime = stages.at(-1);
const runtimeOps = (op) => runtime.ins.filter((i) => i.op === op);

// The installed layout from CMakeLists.txt install() rules, relative to PREFIX.
async function installLayout() {
  const cmake = await readFile(path.join(root, 'CMakeLists.txt'), 'utf8');
  const layout = [];
  for (const m of cmake.matchAll(/install\s*\(([^)]*)\)/g)) {
    const body = m[1].replace(/\s+/g, ' ').trim();
    let t;
    if ((t = /^TARGETS (\S+) RUNTIME DESTINATION (\S+)/.exec(body))) layout.push(`${t[2]}/${t[1]}`);
    else if ((t = /^DIRECTORY \S+ DESTINATION (\S+)/.exec(body))) layout.push(t[1]);
    else if ((t = /^(?:FILES|PROGRAMS) .* DESTINATION (\S+)/.exec(body))) layout.push(t[1]);
    else throw new Error(`install() rule this test does not understand: ${body}`);
  }
  return layout.sort();
}

// The contract of the server: bin/healthflow and share/healthflow/{migrations,data,web}.
const CONTRACT_LAYOUT = ['bin/healthflow', 'share/healthflow/data', 'share/healthflow/migrations', 'share/healthflow/web'];

test('dockerfilelint finds no issue', () => {
  const { run } = require('dockerfilelint');
  const issues = run(root, dockerfile);
  assert.deepEqual(issues.map((i) => `line ${i.line}: ${i.title}`), []);
});

test('stages: Node 20 toolchain, build on debian:12, run on debian:12-slim', () => {
  assert.deepEqual(stages.map((st) => st.name), ['node', 'build', 'runtime']);
  assert.match(stages[0].image, /^node:20(\.\d+)*-bookworm/, 'Node 20 on Debian 12 (bookworm), as Vite 8 needs');
  assert.equal(build.image, 'debian:12');
  assert.equal(build.name, 'build');
  assert.equal(runtime.image, 'debian:12-slim');
});

test('the build stage builds with make and installs into /out', () => {
  const runs = build.ins.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
  assert.match(runs, /make build/);
  assert.match(runs, /make install DESTDIR=\/out PREFIX=\/usr\/local/);
  assert.match(runs, /npm ci/);
  for (const pkg of ['cmake', 'ninja-build', 'g++', 'git']) {
    assert.match(runs, new RegExp(`\\s${pkg.replace('+', '\\+')}(\\s|$)`), `build stage installs ${pkg}`);
  }
  const copies = build.ins.filter((i) => i.op === 'COPY').map((i) => i.args);
  assert.ok(copies.includes('--from=node /usr/local/bin/node /usr/local/bin/node'), 'node from the Node stage');
  assert.match(runs, /npm-cli\.js \/usr\/local\/bin\/npm/);
});

test('every REQUIRED dependency of CMakeLists.txt has its -dev package in the build stage', async () => {
  const cmake = await readFile(path.join(root, 'CMakeLists.txt'), 'utf8');
  const runs = build.ins.filter((i) => i.op === 'RUN').map((i) => i.args).join(' ');
  const devPackage = {
    Boost: 'libboost1.81-dev', PkgConfig: 'pkg-config', PostgreSQL: 'libpq-dev', OpenSSL: 'libssl-dev',
    spdlog: 'libspdlog-dev', CLI11: 'libcli11-dev', Threads: null, GTest: 'libgtest-dev',
    libsodium: 'libsodium-dev', sqlite3: 'libsqlite3-dev', libqrencode: 'libqrencode-dev', fmt: 'libfmt-dev',
  };
  const required = [];
  for (const m of cmake.matchAll(/find_package\(\s*(\w+)([^)]*)\)/g)) {
    if (!/QUIET/.test(m[2])) required.push(m[1]);
  }
  for (const m of cmake.matchAll(/pkg_check_modules\(\s*\w+\s+REQUIRED[^)]*?IMPORTED_TARGET\s+([\w.-]+)\)/g)) required.push(m[1]);
  assert.ok(required.length > 3, 'found the dependencies');
  for (const dep of required) {
    assert.ok(dep in devPackage, `CMakeLists.txt needs ${dep}: add its Debian package to the Dockerfile and to this map`);
    if (devPackage[dep]) assert.ok(runs.includes(devPackage[dep]), `build stage installs ${devPackage[dep]} for ${dep}`);
  }
  if (/Boost[^)]*COMPONENTS[^)]*json/.test(cmake)) assert.ok(runs.includes('libboost-json1.81-dev'));
  if (/Boost[^)]*COMPONENTS[^)]*url/.test(cmake)) assert.ok(runs.includes('libboost-url1.81-dev'));
});

test('the build stage already has every package scripts/install-deps.sh run wants (make build installs nothing)', async () => {
  const deps = await readFile(path.join(root, 'scripts/install-deps.sh'), 'utf8').catch(() => null);
  if (deps === null) return;
  const m = /run_pkgs=\(([^)]*)\)/.exec(deps);
  assert.ok(m, 'run_pkgs=(...) in scripts/install-deps.sh');
  const wanted = m[1].split(/\s+/).filter(Boolean);
  const have = new Set(build.ins.filter((i) => i.op === 'RUN').map((i) => i.args).join(' ').split(/\s+/));
  assert.deepEqual(wanted.filter((p) => !have.has(p)), [], 'add these to the build stage of the Dockerfile');
});

test('the runtime stage installs the runtime libraries, curl and CA certificates', () => {
  const runs = runtimeOps('RUN').map((i) => i.args).join(' ');
  for (const pkg of ['libsqlite3-0', 'libpq5', 'libsodium23', 'libssl3', 'libqrencode4', 'libspdlog1.10',
    'libfmt9', 'libboost-json1.81.0', 'libboost-url1.81.0', 'ca-certificates', 'curl']) {
    assert.ok(runs.split(/\s+/).includes(pkg), `runtime installs ${pkg}`);
  }
  assert.doesNotMatch(runs, /-dev\b/, 'no -dev packages at run time');
  assert.match(runs, /--no-install-recommends/);
  assert.match(runs, /rm -rf \/var\/lib\/apt\/lists/);
});

test('the runtime stage copies exactly the installed files (CMake install rules = contract layout)', async () => {
  const layout = await installLayout();
  assert.deepEqual(layout, CONTRACT_LAYOUT, 'CMakeLists.txt install() rules changed: update the Dockerfile COPY list');
  const copies = [...runtimeOps('COPY'), ...runtimeOps('ADD')];
  const copied = copies.map((c) => {
    const parts = c.args.split(/\s+/);
    assert.ok(parts.some((p) => p === '--from=build'), `runtime copies only from the build stage: ${c.args}`);
    const [src, dest] = parts.filter((p) => !p.startsWith('--'));
    assert.equal(src, `/out${dest}`, 'copied to the same path it was installed to');
    return dest;
  });
  assert.deepEqual(copied.sort(), layout.map((p) => `/usr/local/${p}`).sort());
});

test('non-root user healthflow uid 10001, port, health check, stop signal, entrypoint, command', () => {
  const runs = runtimeOps('RUN').map((i) => i.args).join(' ');
  assert.match(runs, /useradd[^&]*--uid \$\{HF_UID\}[^&]*healthflow/);
  assert.ok(runtimeOps('ARG').some((a) => a.args === 'HF_UID=10001'));
  const user = runtimeOps('USER');
  assert.equal(user.length, 1);
  assert.match(user[0].args, /^(10001|healthflow)(:10001|:healthflow)?$/);
  assert.deepEqual(runtimeOps('EXPOSE').map((i) => i.args), ['8080']);
  const hc = runtimeOps('HEALTHCHECK');
  assert.equal(hc.length, 1);
  assert.match(hc[0].args, /CMD curl -fsS .*\/health/);
  assert.deepEqual(runtimeOps('STOPSIGNAL').map((i) => i.args), ['SIGTERM']);
  assert.deepEqual(JSON.parse(runtimeOps('ENTRYPOINT')[0].args), ['healthflow']);
  assert.deepEqual(JSON.parse(runtimeOps('CMD')[0].args), ['serve', '--host', '0.0.0.0', '--port', '8080']);
  // the binary the entrypoint names is on PATH at the installed place
  assert.ok(runtimeOps('COPY').some((c) => c.args.endsWith(' /usr/local/bin/healthflow')));
});

test('configuration by environment points at the installed directories; no secrets baked in', () => {
  const env = runtimeOps('ENV').map((i) => i.args).join(' ');
  assert.match(env, /HF_WEB_ROOT=\/usr\/local\/share\/healthflow\/web/);
  assert.match(env, /HF_MIGRATIONS_DIR=\/usr\/local\/share\/healthflow\/migrations/);
  assert.match(env, /HF_REFERENCE_DATA_DIR=\/usr\/local\/share\/healthflow\/data/);
  assert.match(env, /PORT=8080/);
  const settings = all.filter((i) => i.op === 'ENV' || i.op === 'ARG').map((i) => i.args).join(' ');
  assert.doesNotMatch(settings, /JWT_SECRET|PRESCRIPTION_SIGNING_KEY|DATA_ENCRYPTION_KEY|SMS_API_KEY|DATABASE_URL|PASSWORD/);
});

test('.dockerignore keeps local state and secrets out, keeps what the build needs', async () => {
  const ignore = (await readFile(path.join(root, '.dockerignore'), 'utf8'))
    .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const p of ['node_modules/', 'build/', 'web/dist/', '.env', '*.tfstate']) assert.ok(ignore.includes(p), p);
  for (const p of ['.git', 'src', 'src/', 'migrations', 'data', 'web', 'web/', 'package-lock.json', 'CMakeLists.txt', 'cmake/']) {
    assert.ok(!ignore.includes(p), `must not ignore ${p}`);
  }
});

// Opt-in (it builds): HF_DEPLOY_REAL_INSTALL=1 runs the real `make install DESTDIR=... PREFIX=/usr/local`
// and compares the tree with the Dockerfile's COPY list.
test('make install DESTDIR produces what the Dockerfile copies', { skip: process.env.HF_DEPLOY_REAL_INSTALL !== '1' && 'set HF_DEPLOY_REAL_INSTALL=1 to run make install' }, async () => {
  await access(path.join(root, 'Makefile'));
  const dest = await mkdtemp(path.join(os.tmpdir(), 'hf-install-'));
  try {
    const buildDir = process.env.HF_DEPLOY_INSTALL_BUILD_DIR ?? 'build';
    execFileSync('make', ['install', `BUILD_DIR=${buildDir}`, `DESTDIR=${dest}`, 'PREFIX=/usr/local'], { cwd: root, stdio: 'inherit', timeout: 1_800_000 });
    const prefix = path.join(dest, 'usr/local');
    const found = [];
    for (const top of await readdir(prefix)) {
      if (top === 'bin') for (const f of await readdir(path.join(prefix, 'bin'))) found.push(`bin/${f}`);
      else if (top === 'share') for (const f of await readdir(path.join(prefix, 'share/healthflow'))) found.push(`share/healthflow/${f}`);
      else found.push(top);
    }
    assert.deepEqual(found.sort(), CONTRACT_LAYOUT);
  } finally {
    await rm(dest, { recursive: true, force: true });
  }
});

// When a build exists on this machine: every shared library the binary needs (ELF NEEDED) comes
// from a package the runtime stage installs or from the slim base image.
const binary = path.join(root, 'build/healthflow');
const haveTools = (() => {
  try {
    execFileSync('sh', ['-c', `test -x '${binary}' && command -v readelf && command -v dpkg-query && command -v ldconfig`], { stdio: 'ignore' });
    return true;
  } catch { return false; }
})();
test('the runtime stage provides every library build/healthflow links', { skip: !haveTools && 'no build/healthflow (or readelf/dpkg) on this machine' }, () => {
  const base = new Set(['libc6', 'libstdc++6', 'libgcc-s1']);
  const baseLibs = /^(libc|libm|libdl|librt|libpthread|ld-linux[\w-]*|libgcc_s|libstdc\+\+)\.so/;
  const runtimePkgs = new Set(runtimeOps('RUN').map((i) => i.args).join(' ').split(/\s+/));
  const needed = execFileSync('readelf', ['-d', binary], { encoding: 'utf8' })
    .split('\n').map((l) => /\(NEEDED\).*\[(.+)\]/.exec(l)?.[1]).filter(Boolean);
  assert.ok(needed.length > 0);
  const cache = execFileSync('ldconfig', ['-p'], { encoding: 'utf8' });
  const problems = [];
  for (const lib of needed) {
    if (baseLibs.test(lib)) continue;
    const file = new RegExp(`^\\s*${lib.replace(/[.+]/g, '\\$&')} \\(.*=> (\\S+)$`, 'm').exec(cache)?.[1];
    let pkg = '';
    for (const candidate of [file, file?.replace(/^\/lib/, '/usr/lib'), file?.replace(/^\/usr\/lib/, '/lib')]) {
      if (!candidate || pkg) continue;
      try {
        pkg = execFileSync('dpkg-query', ['-S', candidate], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(':')[0];
      } catch { /* try the next spelling */ }
    }
    if (!pkg) problems.push(`${lib}: no Debian package found`);
    else if (!runtimePkgs.has(pkg) && !base.has(pkg)) problems.push(`${lib} comes from ${pkg}, which the runtime stage does not install`);
  }
  assert.deepEqual(problems, []);
});

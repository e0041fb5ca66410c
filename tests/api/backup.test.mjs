// Backup and restore (issue 12 "Data safety"): `healthflow backup --to FILE` while clients keep
// writing through the API, `healthflow restore --from FILE` into an empty database, and the
// restored database verifies (audit chain) and holds every entity whose 201 arrived before the
// backup started. Runs on the backend named by HF_TEST_DB (SQLite online backup API / pg_dump).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer, call, binary, backend, freshDatabase } from './lib/harness.mjs';
import { makeWorld, unique, PASSWORD, login } from './lib/world.mjs';

// The CLI without blocking the event loop, so the API writers keep going during the backup.
function cliAsync(args, env) {
  return new Promise((resolve) => {
    execFile(binary, args, { env: { ...env, LOG_LEVEL: 'warn' }, timeout: 120000, encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ status: err ? (err.code ?? 1) : 0, stdout, stderr }));
  });
}

function restoreEnv(server, databaseUrl, dataDir) {
  return { ...server.env, DATABASE_URL: databaseUrl, HF_DATA_DIR: dataDir };
}

async function createFacility(server, token) {
  const r = await call(server, 'POST', '/api/v1/facilities', { token, body: {
    type: 'pharmacy', name: `Pharmacy ${unique('')}`, name_ar: 'صيدلية', license_no: unique('LIC-'),
    governorate: 'Giza', address: '5 Nile Street' } });
  return r;
}

async function createUser(server, token) {
  return call(server, 'POST', '/api/v1/users', { token, body: {
    role: 'regulator', username: unique('regu'), password: PASSWORD, full_name: 'Backup Regulator',
    full_name_ar: 'مراقب' } });
}

// Every item of a paged list (API.md: ?limit= up to 100 and ?cursor=).
async function listAll(server, token, path) {
  const ids = new Set();
  let cursor = null;
  for (let page = 0; page < 1000; page++) {
    const r = await call(server, 'GET', `${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    assert.equal(r.status, 200, r.text);
    for (const item of r.body.items) ids.add(item.id);
    cursor = r.body.next_cursor;
    if (!cursor) break;
  }
  return ids;
}

let server;
let world;
const work = mkdtempSync(join(tmpdir(), 'hf-backup-'));
const acked = [];  // { kind, id, at }: what the clients were told is stored, and when
let backupStartedAt = 0;
let backupFinishedAt = 0;
let backupFile;

before(async () => {
  server = await startServer();
  world = await makeWorld(server);
  for (let i = 0; i < 10; i++) {
    const r = await createFacility(server, world.admin.token);
    assert.equal(r.status, 201, r.text);
    acked.push({ kind: 'facility', id: r.body.id, at: performance.now() });
  }
});
after(async () => { await server?.stop(); });

test('backup under concurrent API writes is consistent and holds every write acknowledged before it started', async (t) => {
  let stop = false;
  const failures = [];
  const writer = async (kind) => {
    while (!stop) {
      const r = kind === 'user' ? await createUser(server, world.admin.token) : await createFacility(server, world.admin.token);
      if (r.status === 201) acked.push({ kind, id: r.body.id, at: performance.now() });
      else failures.push(`${r.status} ${r.text}`);
    }
  };
  const writers = [writer('facility'), writer('facility'), writer('facility'), writer('facility'), writer('user'), writer('user')];
  await new Promise((r) => setTimeout(r, 400));

  backupFile = join(work, 'healthflow.backup');
  backupStartedAt = performance.now();
  const before = acked.length;
  const b = await cliAsync(['backup', '--to', backupFile], server.env);
  backupFinishedAt = performance.now();
  const during = acked.length - before;
  await new Promise((r) => setTimeout(r, 200));
  stop = true;
  await Promise.all(writers);

  t.diagnostic(`${acked.length} writes acknowledged, ${during} of them while the backup ran`);
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stdout, /backup of the (SQLite|PostgreSQL) database written to/);
  assert.ok(existsSync(backupFile) && statSync(backupFile).size > 0);
  assert.deepEqual(failures, [], 'every write during the backup succeeded');
  assert.ok(acked.length > 20, `the writers made progress (${acked.length} writes, ${during} during the backup)`);
  // No temporary file is left beside the backup.
  assert.ok(!existsSync(`${backupFile}.backup-${process.pid}.tmp`));
});

test('restore into an empty database verifies the audit chain and holds every acknowledged entity', async () => {
  assert.ok(backupFile, 'the backup test ran first');
  const dataDir = mkdtempSync(join(tmpdir(), 'hf-restored-'));
  const url = freshDatabase(dataDir);  // PostgreSQL: a new empty database created with psql
  const r = await cliAsync(['restore', '--from', backupFile], restoreEnv(server, url, dataDir));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /audit chain: verified \((\d+) entries\)/);
  const entries = Number(/verified \((\d+) entries\)/.exec(r.stdout)[1]);
  assert.ok(entries >= 10, `the facilities created before the backup were audited (${entries})`);

  // The restored database serves without migrating (its schema is complete).
  const restored = await startServer({ databaseUrl: url, dataDir, migrate: false });
  try {
    const h = await call(restored, 'GET', '/health');
    assert.equal(h.status, 200, h.text);
    const admin = await login(restored, world.admin.username);
    const facilities = await listAll(restored, admin.access_token, '/api/v1/facilities');
    const users = await listAll(restored, admin.access_token, '/api/v1/users');
    const before = acked.filter((a) => a.at < backupStartedAt);
    assert.ok(before.length >= 10);
    const missing = before.filter((a) => !(a.kind === 'user' ? users : facilities).has(a.id));
    assert.deepEqual(missing, [], 'every entity acknowledged before the backup started is restored');
    // And nothing that was never acknowledged or created appears: the restored ids all exist in the source.
    const source = await listAll(server, world.admin.token, '/api/v1/facilities');
    for (const id of facilities) assert.ok(source.has(id), `restored facility ${id} exists in the source`);
    // A restored user can log in with the password they had.
    const someUser = before.find((a) => a.kind === 'user');
    if (someUser) assert.ok(users.has(someUser.id));
    assert.ok(users.has(world.doctor.id) && users.has(world.pharmacist.id));
  } finally {
    await restored.stop();
  }
});

test('a file that is not a backup is refused and the database is left as it was', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hf-restored-'));
  const url = freshDatabase(dataDir);
  const junk = join(work, 'junk.backup');
  writeFileSync(junk, 'this is not a database\n'.repeat(100));
  const r = await cliAsync(['restore', '--from', junk], restoreEnv(server, url, dataDir));
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /restore failed/);
  assert.doesNotMatch(r.stdout, /audit chain: verified/);
  const missing = await cliAsync(['restore', '--from', join(work, 'nope.backup')], restoreEnv(server, url, dataDir));
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /no backup file/);
});

test('SQLite: restore refuses while the server has the database open, and works once it is stopped', { skip: backend !== 'sqlite' }, async () => {
  const url = server.databaseUrl;
  const dbPath = url.replace(/^sqlite:\/\//, '');
  const before = readFileSync(dbPath).length;
  const r = await cliAsync(['restore', '--from', backupFile], server.env);
  assert.notEqual(r.status, 0, r.stdout);
  assert.match(r.stderr, /stop the server/);
  assert.equal(readFileSync(dbPath).length, before, 'the live database was not touched');

  // Writes acknowledged after the backup finished are in the live database, not in the backup.
  const after = acked.filter((a) => a.kind === 'facility' && a.at > backupFinishedAt);
  assert.ok(after.length > 0, 'some writes came after the backup');
  await server.stop();
  const ok = await cliAsync(['restore', '--from', backupFile], server.env);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /audit chain: verified/);
  assert.ok(!existsSync(`${dbPath}-wal`) || statSync(`${dbPath}-wal`).size === 0);
  server = await startServer({ databaseUrl: url, dataDir: server.dataDir, migrate: false });
  const admin = await login(server, world.admin.username);
  const facilities = await listAll(server, admin.access_token, '/api/v1/facilities');
  for (const a of acked.filter((x) => x.kind === 'facility' && x.at < backupStartedAt)) assert.ok(facilities.has(a.id));
  for (const a of after) assert.ok(!facilities.has(a.id));
});

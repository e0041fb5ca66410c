// Secrets and identities at rest (security/data_cipher.hpp, migration 0010): TOTP seeds, webhook
// signing secrets, national IDs and phone numbers never lie in the database (or a backup) in
// clear; lookups by national ID still work through the blind index; a rotated key still reads old
// rows while the previous key is configured, and `healthflow keys reencrypt` retires it; migrate
// down opens the data again and migrate up seals rows found in clear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { startServer, call, isProblem, cli, backend } from './lib/harness.mjs';
import { makeWorld, PASSWORD, unique } from './lib/world.mjs';
import { nationalId, registerPatient, drugByName, item, prescribe } from './lib/clinic.mjs';
import { totp } from './lib/totp.mjs';

const NID_SYSTEM = 'https://healthflow.gov.eg/fhir/NamingSystem/egyptian-national-id';
const mobile = () => `+2010${String(randomInt(10000000, 99999999))}`;

let server, w;
const s = {};  // what the tests wrote, in clear
const servers = [];
before(async () => {
  server = await startServer({ env: { WEBHOOK_ALLOW_PRIVATE: '1' } });
  servers.push(server);
  w = await makeWorld(server);
});
after(async () => { for (const x of servers) await x.stop(); });

async function restart(env) {
  await server.stop();
  server = await startServer({ databaseUrl: server.databaseUrl, dataDir: server.dataDir,
    env: { WEBHOOK_ALLOW_PRIVATE: '1', ...env } });
  servers.push(server);
}

function sql(text) {
  if (server.databaseUrl.startsWith('sqlite://')) {
    return execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.databaseUrl.slice('sqlite://'.length), text],
      { encoding: 'utf8' }).trim();
  }
  return execFileSync('psql', [server.databaseUrl, '-qAtc', text], { encoding: 'utf8' }).trim();
}

// Everything an attacker holding the database would read: every table dumped, and on SQLite the raw
// bytes of the file and its write-ahead log as well.
function dumpAll() {
  if (server.databaseUrl.startsWith('sqlite://')) {
    const file = server.databaseUrl.slice('sqlite://'.length);
    let text = execFileSync('sqlite3', ['-cmd', '.timeout 5000', file, '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    for (const f of [file, `${file}-wal`]) if (existsSync(f)) text += readFileSync(f).toString('latin1');
    return text;
  }
  return execFileSync('pg_dump', ['--no-owner', server.databaseUrl], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

function secretsFound(text) {
  const needles = {
    'patient national ID': s.nid, 'patient phone': s.phone, 'patient phone (local digits)': s.phone.slice(3),
    'staff national ID': s.staffNid, 'staff phone': s.staffPhone.slice(3),
    'TOTP seed': s.seed.replace(/=+$/, ''), 'pending TOTP seed': s.pendingSeed.replace(/=+$/, ''),
    'webhook secret': s.webhookSecret,
  };
  return Object.entries(needles).filter(([, v]) => text.includes(v)).map(([k]) => k);
}

// The next TOTP code the server has not seen for this user (one use per code, ±1 step window).
function nextCode(u) {
  const now = Math.floor(Date.now() / 30000);
  const step = Math.max(now, (u.lastStep ?? now - 1) + 1);
  u.lastStep = step;
  return totp(u.seed, Date.now(), step - now);
}

// Users enrolled before any rotation: each check logs one of them in (its seed sealed by the first
// key), so no check waits for the next 30-second step.
async function enrolledUser() {
  const u = await w.user('doctor', { license_no: unique('EMS-'), facility_ids: [w.clinic.id] });
  const e = await call(server, 'POST', '/api/v1/auth/totp/enroll', { token: u.token });
  assert.equal(e.status, 200, e.text);
  u.seed = e.body.secret;
  const ok = await call(server, 'POST', '/api/v1/auth/totp/confirm', { token: u.token, body: { totp: nextCode(u) } });
  assert.equal(ok.status, 204, ok.text);
  return u;
}

async function checkReads(label) {
  const found = await call(server, 'GET', `/api/v1/patients?national_id=${s.nid}`, { token: w.doctor.token });
  assert.equal(found.status, 200, `${label}: ${found.text}`);
  assert.equal(found.body.items.length, 1, `${label}: the patient is found by national ID`);
  assert.equal(found.body.items[0].id, s.patient.id);
  assert.equal(found.body.items[0].national_id, s.nid);
  assert.equal(found.body.items[0].phone, s.phone);
  const fhir = await call(server, 'GET', `/fhir/r4/Patient?identifier=${encodeURIComponent(`${NID_SYSTEM}|${s.nid}`)}`,
    { token: w.doctor.token, headers: { accept: 'application/fhir+json' } });
  assert.equal(fhir.status, 200, `${label}: ${fhir.text}`);
  assert.equal(fhir.body.entry?.length, 1, `${label}: FHIR search by identifier`);
  assert.equal(fhir.body.entry[0].resource.identifier[0].value, s.nid);
  const dup = await call(server, 'POST', '/api/v1/patients', { token: w.doctor.token, body: {
    national_id: s.nid, full_name: 'Same Person', allergies: [], conditions: [] } });
  assert.ok(isProblem(dup, 409), `${label}: the national ID stays unique (${dup.status})`);
  const u = s.totpUsers.shift();
  const l = await call(server, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: PASSWORD,
    totp: nextCode(u) } });
  assert.equal(l.status, 200, `${label}: TOTP log-in: ${l.text}`);
}

const sealedPrefixes = () => sql(
  "SELECT DISTINCT substr(v, 1, 13) FROM (SELECT national_id AS v FROM patients UNION ALL SELECT phone FROM patients " +
  "UNION ALL SELECT totp_secret FROM users UNION ALL SELECT national_id FROM users UNION ALL SELECT secret FROM webhooks " +
  "UNION ALL SELECT phone FROM sms_outbox) x WHERE v IS NOT NULL ORDER BY 1").split('\n').filter(Boolean);

test('TOTP seeds, webhook secrets, national IDs and phones are sealed in the database and its backup', async () => {
  s.nid = nationalId();
  s.phone = mobile();
  s.patient = await registerPatient(server, w.doctor.token, { national_id: s.nid, phone: s.phone });
  s.staffNid = nationalId();
  s.staffPhone = mobile();
  await w.user('regulator', { national_id: s.staffNid, phone: s.staffPhone });
  s.totpUsers = [];
  for (let i = 0; i < 4; ++i) s.totpUsers.push(await enrolledUser());
  s.seed = s.totpUsers[0].seed;
  const pending = await w.user('doctor', { license_no: unique('EMS-'), facility_ids: [w.clinic.id] });
  const pe = await call(server, 'POST', '/api/v1/auth/totp/enroll', { token: pending.token });
  assert.equal(pe.status, 200, pe.text);
  s.pendingSeed = pe.body.secret;
  s.webhookSecret = `whsec-${randomBytes(16).toString('hex')}`;
  const hook = await call(server, 'POST', '/api/v1/webhooks', { token: w.admin.token, body: {
    url: 'http://127.0.0.1:9/hook', event_types: ['recall.issued'], secret: s.webhookSecret } });
  assert.equal(hook.status, 201, hook.text);
  // A prescription queues an SMS to the patient's phone (sms_outbox).
  await prescribe(server, w, s.patient, [item(await drugByName(server, w.doctor.token, 'Panadol 500 mg'))]);
  assert.ok(Number(sql('SELECT count(*) FROM sms_outbox')) >= 1, 'an SMS is queued');

  assert.deepEqual(secretsFound(dumpAll()), [], 'nothing in clear in the database');
  assert.equal(sql(`SELECT count(*) FROM patients WHERE national_id NOT LIKE 'hfe1.%' OR phone NOT LIKE 'hfe1.%'`), '0');
  assert.equal(sql(`SELECT count(*) FROM sms_outbox WHERE phone NOT LIKE 'hfe1.%'`), '0');
  assert.equal(sql(`SELECT count(*) FROM users WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'hfe1.%'`), '0');
  // The key came from <data-dir>/secrets, readable by the server's user only.
  const keyFile = join(server.dataDir, 'secrets', 'data-encryption.key');
  assert.equal(statSync(keyFile).mode & 0o077, 0, 'the generated key file is private');

  const file = join(mkdtempSync(join(tmpdir(), 'hf-sealed-')), 'db.backup');
  const b = cli(['backup', '--to', file], { env: server.env });
  assert.equal(b.status, 0, b.stderr);
  const backupText = backend === 'postgres'
    ? execFileSync('pg_restore', ['--file=-', file], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : readFileSync(file).toString('latin1');
  assert.ok(backupText.includes('hfe1.'), 'the backup holds the sealed values');
  assert.deepEqual(secretsFound(backupText), [], 'nothing in clear in the backup');
});

test('lookups by national ID, uniqueness, FHIR identifiers and TOTP log-in work on sealed data', async () => {
  await checkReads('current key');
});

test('a new key with the old one as DATA_ENCRYPTION_KEY_PREVIOUS reads old rows; keys reencrypt retires the old key', async () => {
  const oldKey = readFileSync(join(server.dataDir, 'secrets', 'data-encryption.key'), 'utf8').trim();
  const newKey = randomBytes(32).toString('base64url');
  const rotating = { DATA_ENCRYPTION_KEY: newKey, DATA_ENCRYPTION_KEY_PREVIOUS: oldKey };
  await restart(rotating);
  await checkReads('during the rotation');
  // Written under the new key meanwhile.
  const later = await registerPatient(server, w.doctor.token, { phone: mobile() });
  assert.ok(sealedPrefixes().length > 1, `values under both keys before re-encryption: ${sealedPrefixes()}`);
  const r = cli(['keys', 'reencrypt'], { env: server.env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /re-encrypted \d+ of \d+ protected values/);
  await restart({ DATA_ENCRYPTION_KEY: newKey });
  await checkReads('after re-encryption, with the new key only');
  const again = await call(server, 'GET', `/api/v1/patients/${later.id}`, { token: w.doctor.token });
  assert.equal(again.status, 200, again.text);
  assert.equal(sealedPrefixes().length, 1, `one key id left: ${sealedPrefixes()}`);
  assert.deepEqual(secretsFound(dumpAll()), []);
  s.key = newKey;
});

test('a server without the key that sealed the rows refuses to read them rather than answer wrongly', async () => {
  await restart({ DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64url') });
  const found = await call(server, 'GET', `/api/v1/patients/${s.patient.id}`, { token: w.doctor.token });
  assert.ok(isProblem(found, 500), found.text);
  assert.ok(!found.text.includes(s.nid));
  // A malformed key stops the server at start-up.
  await server.stop();
  const bad = cli(['migrate', 'status'], { env: { ...server.env, DATA_ENCRYPTION_KEY: 'short' } });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /DATA_ENCRYPTION_KEY/);
});

test('migrate down opens the data again; migrate up seals every row it finds in clear', async () => {
  const env = { ...server.env, DATA_ENCRYPTION_KEY: s.key };
  // Down one migration at a time until 0010 is reverted (later migrations come off first).
  for (let steps = 0; ; ++steps) {
    const down = cli(['migrate', 'down'], { env });
    assert.equal(down.status, 0, down.stderr);
    if (/reverted 10\b/.test(down.stdout)) break;
    assert.ok(steps < 20 && /reverted (\d+)/.exec(down.stdout)?.[1] > 10, down.stdout);
  }
  assert.equal(sql(`SELECT national_id FROM patients WHERE id = '${s.patient.id}'`), s.nid,
    'the schema before 0010 reads national IDs in clear');
  // A row the previous version wrote (in clear) while the database was at that schema.
  const oldNid = nationalId();
  const oldPhone = mobile();
  sql(`INSERT INTO patients (id, national_id, full_name, birth_date, sex, governorate, phone, created_at) VALUES ` +
      `('${randomUUID()}', '${oldNid}', 'Written In Clear', '19${oldNid.slice(1, 3)}-${oldNid.slice(3, 5)}-` +
      `${oldNid.slice(5, 7)}', 'male', '01', '${oldPhone}', 0)`);
  const up = cli(['migrate', 'up'], { env });
  assert.equal(up.status, 0, up.stderr);
  assert.match(up.stdout, /applied 10/);
  await restart({ DATA_ENCRYPTION_KEY: s.key });
  assert.deepEqual(secretsFound(dumpAll()), []);
  const dump = dumpAll();
  assert.ok(!dump.includes(oldNid) && !dump.includes(oldPhone.slice(3)), 'the row written in clear is sealed');
  await checkReads('after migrate down and up');
  const old = await call(server, 'GET', `/api/v1/patients?national_id=${oldNid}`, { token: w.doctor.token });
  assert.equal(old.status, 200, old.text);
  assert.equal(old.body.items[0]?.phone, oldPhone);
});

// Tamper-evident audit log (issue 6; DOMAIN.md "Audit"; API.md "Audit and reports"): the chain
// verifies after concurrent writers (and two server processes on PostgreSQL), each kind of
// tampering is caught and the first bad entry named by the CLI and the endpoint, every audited
// action appends exactly one entry, and the patient's access log tells who read the record and why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, call, isProblem, cli, backend } from './lib/harness.mjs';
import { makeWorld, login } from './lib/world.mjs';

let server, w;
before(async () => { server = await startServer(); w = await makeWorld(server); });
after(async () => { await server?.stop(); });

// Plain SQL on the server's database, as an attacker with database access would.
export function sql(srv, text) {
  if (srv.databaseUrl.startsWith('sqlite://')) {
    const file = srv.databaseUrl.slice('sqlite://'.length);
    return execFileSync('sqlite3', ['-cmd', '.timeout 5000', file, text], { encoding: 'utf8' }).trim();
  }
  return execFileSync('psql', [srv.databaseUrl, '-qAtc', text], { encoding: 'utf8' }).trim();
}

let counter = 0;
const pick = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
function nationalId(gov = '01') {
  counter += 1;
  const two = (n) => String(n).padStart(2, '0');
  return `2${two(pick(40, 99))}${two(pick(1, 12))}${two(pick(1, 28))}${gov}${pick(1000, 9999)}${counter % 10}`;
}

async function newPatient(srv = server, world = w, name = 'Audit Patient') {
  const r = await call(srv, 'POST', '/api/v1/patients', { token: world.doctor.token,
    body: { national_id: nationalId(), full_name: name } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function verify(srv, token) {
  const r = await call(srv, 'GET', '/api/v1/audit/verify', { token });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

function cliVerify(srv) {
  return cli(['audit', 'verify'], { env: srv.env });
}

async function auditList(srv, token, query) {
  const r = await call(srv, 'GET', `/api/v1/audit?${query}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

test('the chain verifies (endpoint and CLI) and anchors are logged', async () => {
  const v = await verify(server, w.admin.token);
  assert.equal(v.ok, true);
  assert.ok(v.entries > 0);
  const c = cliVerify(server);
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /^ok: \d+ entries/);
  const anchor = server.lines.map((l) => { try { return JSON.parse(l); } catch { return {}; } })
    .find((o) => o.msg === 'audit anchor');
  assert.ok(anchor, 'an audit anchor is logged at start');
  assert.match(anchor.hash, /^[0-9a-f]{64}$/);
  assert.equal(typeof anchor.seq, 'number');
});

test('every audited action appends exactly one entry: log-in, failed log-in, patient read', async () => {
  const before = (await verify(server, w.admin.token)).entries;
  const l = await call(server, 'POST', '/api/v1/auth/login', { body: { username: w.pharmacist.username,
    password: 'correct horse battery staple 42' }, headers: { 'x-request-id': 'req-login-1' } });
  assert.equal(l.status, 200, l.text);
  const bad = await call(server, 'POST', '/api/v1/auth/login', { body: { username: w.pharmacist.username,
    password: 'wrong password entirely' }, headers: { 'x-request-id': 'req-login-2' } });
  assert.equal(bad.status, 401);
  const p = await newPatient();
  const afterCreate = (await verify(server, w.admin.token)).entries;
  const read = await call(server, 'GET', `/api/v1/patients/${p.id}?reason=follow-up`,
    { token: w.doctor.token, headers: { 'x-request-id': 'req-read-1' } });
  assert.equal(read.status, 200, read.text);
  const after = (await verify(server, w.admin.token)).entries;
  assert.equal(after - afterCreate, 1, 'one read, one entry');
  assert.equal(afterCreate - before, 3, 'log-in, failed log-in, patient create');

  const logins = await auditList(server, w.admin.token, `actor=${w.pharmacist.id}&action=auth.login`);
  const byRequest = (id) => logins.items.filter((e) => e.request_id === id);
  assert.equal(byRequest('req-login-1').length, 1);
  assert.equal(byRequest('req-login-1')[0].outcome, 'success');
  const reads = await auditList(server, w.admin.token, `patient_id=${p.id}&action=patient.read`);
  assert.equal(reads.items.length, 1);
  const e = reads.items[0];
  assert.equal(e.request_id, 'req-read-1');
  assert.equal(e.actor_id, w.doctor.id);
  assert.equal(e.actor_role, 'doctor');
  assert.equal(e.reason, 'follow-up');
  assert.equal(e.outcome, 'success');
  assert.match(e.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  const failed = await auditList(server, w.admin.token, `action=auth.login`);
  assert.ok(failed.items.some((x) => x.request_id === 'req-login-2' && x.outcome === 'failure'));
});

test('GET /api/v1/audit: newest first, filters, keyset paging, bad filters name the field, admin only', async () => {
  const p = await newPatient();
  for (let i = 0; i < 5; i++) {
    assert.equal((await call(server, 'GET', `/api/v1/patients/${p.id}`, { token: w.doctor.token })).status, 200);
  }
  const first = await auditList(server, w.admin.token, `patient_id=${p.id}&limit=2`);
  assert.equal(first.items.length, 2);
  assert.ok(first.items[0].seq > first.items[1].seq, 'newest first');
  assert.ok(first.next_cursor);
  const seen = [...first.items];
  let cursor = first.next_cursor;
  while (cursor) {
    const page = await auditList(server, w.admin.token, `patient_id=${p.id}&limit=2&cursor=${cursor}`);
    seen.push(...page.items);
    cursor = page.next_cursor;
  }
  assert.equal(seen.length, 6, 'create + 5 reads');
  assert.equal(new Set(seen.map((e) => e.id)).size, 6);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1].seq > seen[i].seq);

  const today = new Date().toISOString().slice(0, 10);
  const inRange = await auditList(server, w.admin.token, `patient_id=${p.id}&from=${today}&to=${today}`);
  assert.equal(inRange.items.length, 6);
  const future = await auditList(server, w.admin.token, `patient_id=${p.id}&from=2999-01-01T00:00:00Z`);
  assert.equal(future.items.length, 0);

  for (const [q, field] of [['from=yesterday', 'from'], ['to=2026-13-01', 'to'], ['limit=0', 'limit'],
    ['cursor=MTIzYQ', 'cursor']]) {
    const r = await call(server, 'GET', `/api/v1/audit?${q}`, { token: w.admin.token });
    assert.equal(r.status, 400, q);
    assert.ok(isProblem(r, 400), q);
    assert.ok(r.body.errors?.some((e) => e.field === field), `${q}: ${r.text}`);
  }
  for (const who of [w.doctor, w.pharmacist, w.regulator]) {
    assert.equal((await call(server, 'GET', '/api/v1/audit', { token: who.token })).status, 403);
    assert.equal((await call(server, 'GET', '/api/v1/audit/verify', { token: who.token })).status, 403);
  }
  assert.equal((await call(server, 'GET', '/api/v1/audit')).status, 401);
});

test("the access log shows a doctor's read with its reason, in plain words; only the patient and admins see it", async () => {
  const p = await newPatient(server, w, 'Karim Access');
  const read = await call(server, 'GET', `/api/v1/patients/${p.id}?reason=${encodeURIComponent('Emergency: chest pain')}`,
    { token: w.doctor.token });
  assert.equal(read.status, 200);
  const me = await w.patientAccount(p.id);
  const r = await call(server, 'GET', `/api/v1/patients/${p.id}/access-log`, { token: me.token });
  assert.equal(r.status, 200, r.text);
  const entry = r.body.items.find((e) => e.action === 'patient.read');
  assert.ok(entry, r.text);
  assert.equal(entry.reason, 'Emergency: chest pain');
  assert.equal(entry.actor.name, 'Test doctor');
  assert.equal(entry.actor.role, 'doctor');
  assert.equal(entry.actor.facility, w.clinic.name);
  assert.match(entry.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.match(entry.description_en, /Test doctor \(doctor, .*\) opened your record/);
  assert.match(entry.description_ar, /فتح ملفك الطبي/);
  const created = r.body.items.find((e) => e.action === 'patient.create');
  assert.ok(created);
  assert.match(created.description_en, /registered you/);
  // Newest first: the read came after the registration.
  assert.ok(r.body.items.indexOf(entry) < r.body.items.indexOf(created));

  const admin = await call(server, 'GET', `/api/v1/patients/${p.id}/access-log`, { token: w.admin.token });
  assert.equal(admin.status, 200);
  // The patient's own look at the log is itself logged.
  assert.ok(admin.body.items.some((e) => e.action === 'patient.access_log.read' && e.actor.role === 'patient'));

  const other = await newPatient();
  const theirs = await call(server, 'GET', `/api/v1/patients/${other.id}/access-log`, { token: me.token });
  assert.equal(theirs.status, 404);
  assert.ok(isProblem(theirs, 404));
  assert.equal((await call(server, 'GET', `/api/v1/patients/${p.id}/access-log`, { token: w.doctor.token })).status, 403);
  assert.equal((await call(server, 'GET', `/api/v1/patients/00000000-0000-4000-8000-000000000000/access-log`,
    { token: w.admin.token })).status, 404);
});

test('the chain stays linear under concurrent writers', async () => {
  const patients = await Promise.all([1, 2, 3, 4].map(() => newPatient()));
  const clients = Array.from({ length: 8 }, (_, c) => (async () => {
    for (let i = 0; i < 15; i++) {
      const p = patients[(c + i) % patients.length];
      const r = i % 5 === 0
        ? await call(server, 'POST', '/api/v1/patients', { token: w.doctor.token,
          body: { national_id: nationalId(), full_name: 'Concurrent' } })
        : await call(server, 'GET', `/api/v1/patients/${p.id}?reason=c${c}`, { token: w.doctor.token });
      assert.ok(r.status === 200 || r.status === 201, r.text);
    }
  })());
  await Promise.all(clients);
  const v = await verify(server, w.admin.token);
  assert.equal(v.ok, true, JSON.stringify(v));
  assert.equal(Number(sql(server, 'SELECT COUNT(*) FROM audit_log')), v.entries);
  assert.equal(Number(sql(server, 'SELECT MAX(seq) FROM audit_log')), v.entries);
});

function metric(text, name) {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

test('audited reads are group-committed: 64 parallel reads, one entry each, fewer commits than entries', async () => {
  const p = await newPatient();
  const before = await call(server, 'GET', '/metrics');
  const reads = await Promise.all(Array.from({ length: 64 }, (_, i) =>
    call(server, 'GET', `/api/v1/patients/${p.id}?reason=batch${i}`, { token: w.doctor.token })));
  for (const r of reads) assert.equal(r.status, 200, r.text);
  // Each read was answered only after its own entry committed: all 64 are in the table now.
  const rows = sql(server, `SELECT reason FROM audit_log WHERE patient_id = '${p.id}' AND action = 'patient.read'`);
  assert.deepEqual(rows.split('\n').sort(), Array.from({ length: 64 }, (_, i) => `batch${i}`).sort());
  const m = await call(server, 'GET', '/metrics');
  const entries = metric(m.text, 'audit_group_entries_total') - metric(before.text, 'audit_group_entries_total');
  // On SQLite audited reads share the one writer's batches (store/write_queue.hpp); on PostgreSQL
  // the audit appender has batches of its own.
  const commitsMetric = backend === 'sqlite' ? 'db_write_batches_total' : 'audit_group_commits_total';
  const commits = metric(m.text, commitsMetric) - metric(before.text, commitsMetric);
  assert.equal(entries, 64);
  assert.ok(commits >= 1 && commits < 64, `64 entries in ${commits} commits`);
  const v = await verify(server, w.admin.token);
  assert.equal(v.ok, true, JSON.stringify(v));
});

test('two server processes on one PostgreSQL database append to one chain', { skip: backend !== 'postgres' }, async () => {
  const second = await startServer({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
  try {
    const p = await newPatient();
    const hammer = (srv) => Array.from({ length: 4 }, () => (async () => {
      for (let i = 0; i < 15; i++) {
        const r = await call(srv, 'GET', `/api/v1/patients/${p.id}?reason=two-processes`, { token: w.doctor.token });
        assert.equal(r.status, 200, r.text);
      }
    })());
    await Promise.all([...hammer(server), ...hammer(second)]);
    const v = await verify(second, w.admin.token);
    assert.equal(v.ok, true, JSON.stringify(v));
    const reads = Number(sql(server, `SELECT COUNT(*) FROM audit_log WHERE patient_id = '${p.id}' AND action = 'patient.read'`));
    assert.equal(reads, 120);
  } finally {
    await second.stop();
  }
});

test('tampering is caught and the first bad entry named: a changed, a deleted and a swapped entry', async () => {
  const srv = await startServer();
  try {
    const world = await makeWorld(srv);
    const p = await newPatient(srv, world);
    for (let i = 0; i < 6; i++) {
      assert.equal((await call(srv, 'GET', `/api/v1/patients/${p.id}?reason=r${i}`, { token: world.doctor.token })).status, 200);
    }
    const total = (await verify(srv, world.admin.token)).entries;
    const k = total - 4;
    const idAt = (seq) => sql(srv, `SELECT id FROM audit_log WHERE seq = ${seq}`);
    const expectBroken = async (badId, what) => {
      const v = await verify(srv, world.admin.token);
      assert.equal(v.ok, false, what);
      assert.equal(v.first_bad_entry, badId, what);
      const c = cliVerify(srv);
      assert.equal(c.status, 1, what);
      assert.ok(c.stdout.includes(badId), `${what}: ${c.stdout}`);
    };
    const expectIntact = async () => {
      const v = await verify(srv, world.admin.token);
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.equal(cliVerify(srv).status, 0);
    };

    // 1. Change one stored entry.
    const changedId = idAt(k);
    const oldReason = sql(srv, `SELECT reason FROM audit_log WHERE seq = ${k}`);
    sql(srv, `UPDATE audit_log SET reason = 'nothing to see' WHERE seq = ${k}`);
    await expectBroken(changedId, 'changed entry');
    sql(srv, `UPDATE audit_log SET reason = '${oldReason}' WHERE seq = ${k}`);
    await expectIntact();

    // 2. Delete one: the entry after the gap is the first that no longer verifies.
    const cols = 'seq, id, at, actor_id, actor_role, action, patient_id, record_type, record_id, source_ip, request_id, outcome, reason, prev_hash, hash';
    sql(srv, `CREATE TABLE audit_saved AS SELECT ${cols} FROM audit_log WHERE seq = ${k}`);
    sql(srv, `DELETE FROM audit_log WHERE seq = ${k}`);
    await expectBroken(idAt(k + 1), 'deleted entry');
    sql(srv, `INSERT INTO audit_log (${cols}) SELECT ${cols} FROM audit_saved`);
    sql(srv, 'DROP TABLE audit_saved');
    await expectIntact();

    // 3. Swap two: exchange the positions of entries k and k+1.
    const a = idAt(k), b = idAt(k + 1);
    sql(srv, `UPDATE audit_log SET seq = -1 WHERE seq = ${k}`);
    sql(srv, `UPDATE audit_log SET seq = ${k} WHERE seq = ${k + 1}`);
    sql(srv, `UPDATE audit_log SET seq = ${k + 1} WHERE seq = -1`);
    await expectBroken(b, 'swapped entries');
    assert.notEqual(a, b);

    // And a change early in the chain is named even though later entries are fine.
    sql(srv, `UPDATE audit_log SET seq = -1 WHERE seq = ${k}`);
    sql(srv, `UPDATE audit_log SET seq = ${k} WHERE seq = ${k + 1}`);
    sql(srv, `UPDATE audit_log SET seq = ${k + 1} WHERE seq = -1`);
    await expectIntact();
    sql(srv, `UPDATE audit_log SET action = 'tampered' WHERE seq = 2`);
    await expectBroken(idAt(2), 'changed early entry');
  } finally {
    await srv.stop();
  }
});

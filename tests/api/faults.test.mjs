// Faults (issue 12): nothing acknowledged is ever lost, and the server keeps working through the
// failures that happen in production. Runs on the backend named by HF_TEST_DB; some tests are for
// one backend only. Every loop is bounded in time; the whole file stays within a few minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt, createHash } from 'node:crypto';
import net from 'node:net';
import { startServer, call, cli, backend, root, freePort } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';
import { drugByName, item, nationalId, adultBirth } from './lib/clinic.mjs';
import { startBalancer } from './lib/balancer.mjs';


const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(condition, ms) {
  for (const end = Date.now() + ms; !condition() && Date.now() < end;) await sleep(50);
}
const pgScript = join(root, 'scripts/pg-cluster.sh');

// One request with a deadline. Never throws: a failure before the answer's headers is stage
// "connect", a failure while reading the body (an answer cut off mid-way) is stage "body".
async function req(base, method, path, { token, body, headers = {}, timeoutMs = 20000 } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const t0 = Date.now();
  let res;
  try {
    res = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    return { status: 0, stage: 'connect', error: String(e.cause?.code || e.cause?.message || e.name), t0, ms: Date.now() - t0 };
  }
  let text;
  try { text = await res.text(); } catch (e) {
    return { status: res.status, stage: 'body', error: String(e.cause?.code || e.name), t0, ms: Date.now() - t0 };
  }
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, body: json, text, t0, ms: Date.now() - t0 };
}

function patientBody() {
  return { national_id: nationalId(randomInt(0, 5000) * 2 + 1, adultBirth()), full_name: 'Load Patient', full_name_ar: 'مريض',
    phone: '+201001234567', allergies: [], conditions: [] };
}

// Several clients, each in a loop: register a patient, prescribe two items (4 of each), verify
// its code and dispense part, then two pharmacy attempts at the rest at the same moment (at most one may succeed).
// Records every answer and what was acknowledged (201).
function startLoad({ base, w, drugs, clients = 4 }) {
  const acked = { prescriptions: new Map(), dispensations: new Map(), patients: 0 };
  const log = [];
  let running = true;
  const record = (kind, r) => {
    log.push({ kind, status: r.status, stage: r.stage, error: r.error, t0: r.t0, t1: r.t0 + r.ms, ms: r.ms,
      retryAfter: r.headers?.get('retry-after') ?? null, type: r.headers?.get('content-type') ?? null,
      detail: r.body?.detail });
    return r;
  };
  const dispense = (id, items) => req(base(), 'POST', `/api/v1/prescriptions/${id}/dispensations`,
    { token: w.pharmacist.token, body: { items } });
  const ack = (d, prescription) => {
    if (d.status === 201) acked.dispensations.set(d.body.id, { prescription, lines: d.body.items.length });
  };
  async function client() {
    while (running) {
      const pat = record('patient', await req(base(), 'POST', '/api/v1/patients', { token: w.doctor.token, body: patientBody() }));
      if (pat.status !== 201) { await sleep(100); continue; }
      acked.patients++;
      const p = record('prescribe', await req(base(), 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body: {
        patient_id: pat.body.id, facility_id: w.clinic.id, diagnosis_codes: ['J06.9'],
        items: [item(drugs[0], { quantity: 4 }), item(drugs[1], { quantity: 4 })] } }));
      if (p.status !== 201) { await sleep(100); continue; }
      acked.prescriptions.set(p.body.id, p.body.items.length);
      // The pharmacy verifies the code before it dispenses, as at the counter.
      const v = record('verify', await req(base(), 'POST', '/api/v1/prescriptions/verify',
        { token: w.pharmacist.token, body: { code: p.body.code } }));
      if (v.status !== 200) { await sleep(100); continue; }
      const [a, b] = p.body.items;
      const d1 = record('dispense', await dispense(p.body.id, [{ item_id: a.id, quantity: 1 }, { item_id: b.id, quantity: 2 }]));
      ack(d1, p.body.id);
      if (d1.status !== 201) continue;
      const rest = [{ item_id: a.id, quantity: 3 }, { item_id: b.id, quantity: 2 }];
      const both = await Promise.all([dispense(p.body.id, rest), dispense(p.body.id, rest)]);
      for (const d of both) { record('dispense-race', d); ack(d, p.body.id); }
    }
  }
  const done = Promise.all([...Array(clients)].map(client));
  return { acked, log, async stop() { running = false; await done; } };
}

// Rows as JSON objects, read straight from the database (not through the server).
function sqlRows(databaseUrl, query) {
  if (databaseUrl.startsWith('postgres')) {
    const out = execFileSync('psql', [databaseUrl, '-XAtqc', `SELECT coalesce(json_agg(t), '[]') FROM (${query}) t`],
      { encoding: 'utf8' });
    return JSON.parse(out);
  }
  const file = databaseUrl.replace(/^sqlite:\/\//, '');
  const out = execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-json', file, query], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

function sqlRun(databaseUrl, statement) {
  if (databaseUrl.startsWith('postgres')) execFileSync('psql', [databaseUrl, '-XqAtc', statement], { stdio: 'pipe' });
  else execFileSync('sqlite3', ['-cmd', '.timeout 10000', databaseUrl.replace(/^sqlite:\/\//, ''), statement], { stdio: 'pipe' });
}

// Every acknowledged prescription and dispensation is there and complete; every prescription has
// its items, every dispensation its lines; each item's dispensed quantity is the sum of its lines
// and within what was prescribed (no double dispensing).
function checkAcknowledged(databaseUrl, acked) {
  const pres = new Map(sqlRows(databaseUrl, `SELECT p.id AS id,
      (SELECT count(*) FROM prescription_items i WHERE i.prescription_id = p.id) AS n FROM prescriptions p`)
    .map((r) => [r.id, Number(r.n)]));
  for (const [id, n] of acked.prescriptions) {
    assert.ok(pres.has(id), `acknowledged prescription ${id} is missing`);
    assert.equal(pres.get(id), n, `acknowledged prescription ${id} has ${pres.get(id)} of its ${n} items`);
  }
  for (const [id, n] of pres) assert.ok(n > 0, `prescription ${id} has no items`);
  const disp = new Map(sqlRows(databaseUrl, `SELECT d.id AS id, d.prescription_id AS prescription_id,
      (SELECT count(*) FROM dispensation_items x WHERE x.dispensation_id = d.id) AS n FROM dispensations d`)
    .map((r) => [r.id, { prescription: r.prescription_id, lines: Number(r.n) }]));
  for (const [id, d] of acked.dispensations) {
    assert.ok(disp.has(id), `acknowledged dispensation ${id} is missing`);
    assert.deepEqual(disp.get(id), d, `acknowledged dispensation ${id} is incomplete`);
  }
  for (const [id, d] of disp) assert.ok(d.lines > 0, `dispensation ${id} has no lines`);
  const items = sqlRows(databaseUrl, `SELECT i.id AS id, i.quantity * (1 + i.repeats) AS allowed,
      i.dispensed_quantity AS dispensed,
      (SELECT coalesce(sum(x.quantity), 0) FROM dispensation_items x WHERE x.item_id = i.id) AS given
      FROM prescription_items i`);
  for (const i of items) {
    assert.equal(Number(i.dispensed), Number(i.given), `item ${i.id}: remaining quantity disagrees with its dispensations`);
    assert.ok(Number(i.given) <= Number(i.allowed), `item ${i.id}: ${i.given} dispensed of ${i.allowed} prescribed`);
  }
  return { prescriptions: pres.size, dispensations: disp.size };
}

function auditVerifies(env) {
  const r = cli(['audit', 'verify'], { env });
  assert.equal(r.status, 0, `audit verify: ${r.stdout} ${r.stderr}`);
}

async function worldAndDrugs(server) {
  const w = await makeWorld(server);
  const drugs = [await drugByName(server, w.doctor.token, 'Panadol 500 mg'), await drugByName(server, w.doctor.token, 'Brufen 400 mg')];
  return { w, drugs };
}

const summary = (log) => {
  const by = {};
  for (const e of log) { const k = e.status || e.error; by[k] = (by[k] || 0) + 1; }
  return JSON.stringify(by);
};

test('kill -9 during creates and dispenses, three times at random moments: every acknowledged write is there and complete, the audit chain verifies',
  { timeout: 150000 }, async () => {
    let server = await startServer();
    const { dataDir, databaseUrl } = server;
    const { w, drugs } = await worldAndDrugs(server);
    const acked = { prescriptions: new Map(), dispensations: new Map() };
    try {
      for (let round = 1; round <= 3; round++) {
        const srv = server;
        const load = startLoad({ base: () => srv.url, w, drugs, clients: 4 });
        // A random moment once the load is under way (slow builds such as ASan take longer to start).
        await until(() => load.acked.dispensations.size > 0, 30000);
        await sleep(500 + randomInt(0, 2500));
        server.proc.kill('SIGKILL');
        const gone = await server.exited;
        assert.equal(gone.signal, 'SIGKILL');
        await load.stop();
        for (const [k, v] of load.acked.prescriptions) acked.prescriptions.set(k, v);
        for (const [k, v] of load.acked.dispensations) acked.dispensations.set(k, v);
        assert.ok(load.acked.prescriptions.size > 0, `round ${round}: the load acknowledged nothing (${summary(load.log)})`);
        const fiveHundreds = load.log.filter((e) => e.status >= 500);
        assert.equal(fiveHundreds.length, 0, `round ${round}: ${JSON.stringify(fiveHundreds.slice(0, 3))}`);
        server = await startServer({ dataDir, databaseUrl });
        const counts = checkAcknowledged(databaseUrl, acked);
        assert.ok(counts.prescriptions >= acked.prescriptions.size);
        auditVerifies(server.env);
        // And it serves again: an acknowledged prescription reads back whole through the API.
        const [someId, n] = [...load.acked.prescriptions][0];
        const back = await call(server, 'GET', `/api/v1/prescriptions/${someId}`, { token: w.doctor.token });
        assert.equal(back.status, 200, back.text);
        assert.equal(back.body.items.length, n);
      }
    } finally {
      await server.stop();
    }
  });

test('a server that dies between committing a prescription and storing its answer does not create it twice on retry',
  { timeout: 90000 }, async () => {
    let server = await startServer({ env: { HF_TEST_HOOKS: '1' } });
    const { dataDir, databaseUrl } = server;
    try {
      const { w, drugs } = await worldAndDrugs(server);
      const patient = await req(server.url, 'POST', '/api/v1/patients', { token: w.doctor.token, body: patientBody() });
      assert.equal(patient.status, 201, patient.text);
      const body = { patient_id: patient.body.id, facility_id: w.clinic.id, diagnosis_codes: ['J06.9'],
        items: [item(drugs[0], { quantity: 2 })] };
      const key = `commit-then-crash-${randomInt(0, 1e9)}`;
      // The hook ends the process right after the write committed, before the answer is stored or sent.
      const first = await req(server.url, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body,
        headers: { 'idempotency-key': key, 'x-test-crash': 'after-commit' } });
      assert.equal(first.status, 0, `the client never got an answer: ${first.text}`);
      await server.exited;
      const countOf = () => Number(sqlRows(databaseUrl,
        `SELECT count(*) AS n FROM prescriptions WHERE patient_id = '${patient.body.id}'`)[0].n);
      assert.equal(countOf(), 1, 'the write committed before the crash');
      server = await startServer({ dataDir, databaseUrl, env: { HF_TEST_HOOKS: '1' } });
      // Past the abandonment window, as if the client retried a minute later.
      sqlRun(databaseUrl, `UPDATE idempotency_keys SET created_at = created_at - 120000 WHERE idem_key = '${key}'`);
      const retry = await req(server.url, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body,
        headers: { 'idempotency-key': key } });
      assert.equal(retry.status, 409, retry.text);
      assert.equal(retry.body.type, 'https://healthflow.gov.eg/problems/idempotency-key-completed');
      const location = retry.headers.get('location');
      assert.match(location, /^\/api\/v1\/prescriptions\/[0-9a-f-]{36}$/);
      assert.equal(countOf(), 1, 'the retry did not prescribe a second time');
      const back = await req(server.url, 'GET', location, { token: w.doctor.token });
      assert.equal(back.status, 200, back.text);
      assert.equal(back.body.patient_id, patient.body.id);
      const again = await req(server.url, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body,
        headers: { 'idempotency-key': key } });
      assert.equal(again.status, 409);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(again.headers.get('location'), location, 'the replayed answer keeps its Location');
    } finally {
      await server.stop();
    }
  });

test('a 5xx after the write committed keeps the Idempotency-Key claim: the retry is told where the result is, not run again',
  { timeout: 60000 }, async () => {
    const server = await startServer({ env: { HF_TEST_HOOKS: '1' } });
    try {
      const { w, drugs } = await worldAndDrugs(server);
      const patient = await req(server.url, 'POST', '/api/v1/patients', { token: w.doctor.token, body: patientBody() });
      assert.equal(patient.status, 201, patient.text);
      const body = { patient_id: patient.body.id, facility_id: w.clinic.id, diagnosis_codes: ['J06.9'],
        items: [item(drugs[0], { quantity: 2 })] };
      const key = `fail-after-commit-${randomInt(0, 1e9)}`;
      // As when an audit append or the answer to COMMIT fails after the write committed.
      const first = await req(server.url, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body,
        headers: { 'idempotency-key': key, 'x-test-crash': 'fail-after-commit' } });
      assert.equal(first.status, 500, first.text);
      const countOf = () => Number(sqlRows(server.databaseUrl,
        `SELECT count(*) AS n FROM prescriptions WHERE patient_id = '${patient.body.id}'`)[0].n);
      assert.equal(countOf(), 1);
      const retry = await req(server.url, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body,
        headers: { 'idempotency-key': key } });
      assert.equal(retry.status, 409, retry.text);
      assert.match(retry.headers.get('location'), /^\/api\/v1\/prescriptions\/[0-9a-f-]{36}$/);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      assert.equal(countOf(), 1, 'not prescribed a second time');
    } finally {
      await server.stop();
    }
  });

test('the same holds for the other creating POSTs that have no natural key (an adverse-event report)',
  { timeout: 90000 }, async () => {
    let server = await startServer({ env: { HF_TEST_HOOKS: '1' } });
    const { dataDir, databaseUrl } = server;
    try {
      const { w, drugs } = await worldAndDrugs(server);
      const body = { drug_id: drugs[0].id, patient_age_band: '45-64', patient_sex: 'female',
        reaction: 'Urticaria after the second dose', seriousness: 'non_serious', outcome: 'recovered' };
      const key = `report-then-crash-${randomInt(0, 1e9)}`;
      const countOf = () => Number(sqlRows(databaseUrl,
        `SELECT count(*) AS n FROM adverse_events WHERE reporter_id = '${w.doctor.id}'`)[0].n);
      const first = await req(server.url, 'POST', '/api/v1/adverse-events', { token: w.doctor.token, body,
        headers: { 'idempotency-key': key, 'x-test-crash': 'after-commit' } });
      assert.equal(first.status, 0, first.text);
      await server.exited;
      assert.equal(countOf(), 1);
      server = await startServer({ dataDir, databaseUrl, env: { HF_TEST_HOOKS: '1' } });
      sqlRun(databaseUrl, `UPDATE idempotency_keys SET created_at = created_at - 120000 WHERE idem_key = '${key}'`);
      const retry = await req(server.url, 'POST', '/api/v1/adverse-events', { token: w.doctor.token, body,
        headers: { 'idempotency-key': key } });
      assert.equal(retry.status, 409, retry.text);
      assert.match(retry.headers.get('location'), /^\/api\/v1\/adverse-events\/[0-9a-f-]{36}$/);
      assert.equal(countOf(), 1, 'reported once, not twice');
    } finally {
      await server.stop();
    }
  });

test('a retry whose first attempt died with its server after claiming the Idempotency-Key is served, not refused forever',
  { timeout: 60000 }, async () => {
    const server = await startServer();
    try {
      const { w } = await worldAndDrugs(server);
      // What kill -9 leaves when it lands between claiming the key and storing the answer: a claim
      // "in progress" that nobody will finish. Written straight into the database, two minutes old.
      const body = patientBody();
      const raw = JSON.stringify(body);
      const key = `crash-${randomInt(0, 1e9)}`;
      const hash = createHash('sha256').update(`POST /api/v1/patients\n${raw}`).digest('hex');
      const caller = `user:${w.doctor.id}`;
      sqlRun(server.databaseUrl, `INSERT INTO idempotency_keys (caller, idem_key, request_hash, status, response, created_at)
        VALUES ('${caller}', '${key}', '${hash}', 0, '', ${Date.now() - 120000})`);
      const retry = await req(server.url, 'POST', '/api/v1/patients', { token: w.doctor.token, body, headers: { 'idempotency-key': key } });
      assert.equal(retry.status, 201, retry.text);
      // And from then on the key replays that answer.
      const again = await req(server.url, 'POST', '/api/v1/patients', { token: w.doctor.token, body, headers: { 'idempotency-key': key } });
      assert.equal(again.status, 201, again.text);
      assert.equal(again.body.id, retry.body.id);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
    } finally {
      await server.stop();
    }
  });

test('PostgreSQL stopped during load: 503 with Retry-After within seconds (no hangs, no 500s), /health says so, recovery by itself',
  { skip: backend !== 'postgres' && 'PostgreSQL only', timeout: 150000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-pgfault-'));
    const port = await freePort();
    const url = execFileSync(pgScript, ['start', dir, String(port)], { encoding: 'utf8' }).trim();
    let server;
    let load;
    try {
      server = await startServer({ databaseUrl: url });
      const { w, drugs } = await worldAndDrugs(server);
      load = startLoad({ base: () => server.url, w, drugs, clients: 4 });
      await sleep(1500);
      const stopping = Date.now();
      await run(pgScript, ['stop', dir]);
      const down = Date.now();
      // While it is down: /health 503 and every request answered (503, Retry-After) within seconds.
      await sleep(1000);
      const health = await req(server.url, 'GET', '/health', { timeoutMs: 10000 });
      assert.equal(health.status, 503, health.text);
      assert.equal(health.body.status, 'unavailable');
      assert.equal(health.body.checks.database.status, 'unavailable');
      assert.ok(health.headers.get('retry-after'));
      await sleep(3000);
      const starting = Date.now();
      await run(pgScript, ['start', dir, String(port)]);
      const up = Date.now();
      // Recovery by itself: a write succeeds again within seconds of PostgreSQL accepting connections.
      let recovered = 0;
      while (Date.now() - up < 20000) {
        const r = await req(server.url, 'POST', '/api/v1/patients', { token: w.doctor.token, body: patientBody(), timeoutMs: 10000 });
        if (r.status === 201) { recovered = Date.now(); break; }
        await sleep(200);
      }
      assert.ok(recovered, 'no write succeeded within 20 s of PostgreSQL starting again');
      const health2 = await req(server.url, 'GET', '/health');
      assert.equal(health2.status, 200);
      await sleep(1500);
      await load.stop();
      const log = load.log;
      const during = log.filter((e) => e.t0 >= down && e.t1 <= starting);
      assert.ok(during.length >= 10, `only ${during.length} requests while PostgreSQL was down (${summary(log)})`);
      for (const e of during) {
        assert.equal(e.status, 503, `while PostgreSQL was down: ${JSON.stringify(e)}`);
        assert.ok(Number(e.retryAfter) > 0, `503 without Retry-After: ${JSON.stringify(e)}`);
        assert.match(e.type, /^application\/problem\+json/);
      }
      // Nothing hangs, nothing is a 500, no connection is dropped, at any time of the run.
      const slow = log.filter((e) => e.t0 >= stopping && e.ms > 5000);
      assert.equal(slow.length, 0, `answers slower than 5 s: ${JSON.stringify(slow.slice(0, 3))}`);
      const bad = log.filter((e) => e.status === 0 || e.status >= 500 && e.status !== 503);
      assert.equal(bad.length, 0, `failed requests: ${JSON.stringify(bad.slice(0, 5))}`);
      const after = log.filter((e) => e.t0 >= recovered && e.status === 201);
      assert.ok(after.length > 0, `no write acknowledged after recovery (${summary(log)})`);
      checkAcknowledged(url, load.acked);
      auditVerifies(server.env);
      console.log(`# PostgreSQL down ${starting - down} ms: ${during.length} requests all 503; ` +
        `writes again ${recovered - up} ms after it started; whole run ${summary(log)}`);
    } finally {
      await load?.stop();
      await server?.stop();
      execFileSync(pgScript, ['stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

test('scale-out: two servers behind nginx on one PostgreSQL, one killed mid-load: the other carries on, nothing acknowledged lost, no double dispensing',
  { skip: backend !== 'postgres' && 'PostgreSQL only', timeout: 150000 }, async () => {
    const a = await startServer();
    const b = await startServer({ databaseUrl: a.databaseUrl, dataDir: a.dataDir, migrate: false });
    let lb;
    let load;
    let reading = false;
    try {
      lb = await startBalancer([a.port, b.port]);
      const { w, drugs } = await worldAndDrugs(a);
      load = startLoad({ base: () => lb.url, w, drugs, clients: 6 });
      // Readers through the balancer: a GET caught on the killed server is retried on the other.
      reading = true;
      const reads = [];
      const readers = Promise.all([0, 1].map(async (n) => {
        while (reading) {
          const ids = [...load.acked.prescriptions.keys()];
          const path = n === 0 || ids.length === 0 ? '/api/v1/drugs?q=bru&limit=20' : `/api/v1/prescriptions/${ids[randomInt(0, ids.length)]}`;
          const r = await req(lb.url, 'GET', path, { token: w.doctor.token });
          reads.push({ path, status: r.status, error: r.error, text: r.text?.slice(0, 200) });
        }
      }));
      await until(() => load.acked.dispensations.size > 0, 30000);
      await sleep(1000 + randomInt(0, 1500));
      const before = load.log.filter((e) => e.status === 201).length;
      b.proc.kill('SIGKILL');
      const killed = Date.now();
      await b.exited;
      await sleep(3000);
      reading = false;
      await readers;
      await load.stop();
      const log = load.log;
      const failedReads = reads.filter((r) => r.status !== 200);
      assert.equal(failedReads.length, 0, `reads through the balancer failed: ${JSON.stringify(failedReads.slice(0, 3))}`);
      // Only requests in flight on the killed server at that moment may fail (502 from nginx);
      // everything started afterwards is served by the survivor.
      const later = log.filter((e) => e.t0 > killed + 200);
      assert.ok(later.length >= 10, `only ${later.length} requests after the kill`);
      const failedLater = later.filter((e) => e.status === 0 || e.status >= 500);
      assert.equal(failedLater.length, 0, `after the kill: ${JSON.stringify(failedLater.slice(0, 5))}`);
      assert.ok(later.some((e) => e.status === 201), 'writes acknowledged after the kill');
      // 409 only for the racing dispensers: a POST replayed on the second server after reaching the
      // first would show up as a 409 (patient already registered, nothing left to dispense).
      const unexpected = log.filter((e) => !([201, 502].includes(e.status) || e.status === 409 && e.kind === 'dispense-race' ||
        e.status === 200 && e.kind === 'verify'));
      assert.equal(unexpected.length, 0, JSON.stringify(unexpected.slice(0, 5)));
      // The two pharmacies' simultaneous attempts at the same remainder: never both.
      const races = log.filter((e) => e.kind === 'dispense-race');
      assert.ok(races.some((e) => e.status === 409), 'the racing attempts conflicted');
      checkAcknowledged(a.databaseUrl, load.acked);
      auditVerifies(a.env);
      console.log(`# balancer: ${before} acknowledged before the kill; ${later.length} requests after it, all served; ` +
        `${reads.length} reads all 200; ${summary(log)}`);
    } finally {
      reading = false;
      await load?.stop();
      await lb?.stop();
      await b.stop();
      await a.stop();
    }
  });

test('SQLite: disk full, then a read-only data directory: 503 problem+json with a clear message, no crash; works again afterwards and the database is intact',
  { skip: backend !== 'sqlite' && 'SQLite only', timeout: 120000 }, async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hf-diskfull-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dataDir], { stdio: 'pipe' });
    } catch (e) {
      t.skip(`cannot mount a tmpfs here (needs root): ${e.message}`);
      return;
    }
    let server;
    const filler = join(dataDir, 'filler');
    try {
      server = await startServer({ dataDir });
      const { w } = await worldAndDrugs(server);
      const register = () => req(server.url, 'POST', '/api/v1/patients', { token: w.doctor.token, body: patientBody() });
      const ok = await register();
      assert.equal(ok.status, 201, ok.text);
      // Fill the file system to the last byte (dd stops with "No space left on device").
      try { execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'pipe' }); } catch { /* full */ }
      try { execFileSync('dd', ['if=/dev/zero', `of=${filler}2`, 'bs=512'], { stdio: 'pipe' }); } catch { /* full */ }
      const answers = [];
      for (let i = 0; i < 40; i++) answers.push(await register());
      const full = answers.filter((r) => r.status !== 201);
      assert.ok(full.length > 0, 'writes kept succeeding on a full disk');
      for (const r of full) {
        assert.equal(r.status, 503, `${r.status} ${r.text}`);
        assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
        assert.match(r.body.detail, /cannot be written|disk|space|full/i, r.text);
        assert.ok(Number(r.headers.get('retry-after')) > 0);
      }
      // Reads that write nothing still work (a patient read is audited, so it is a write) and the
      // process is alive.
      const read = await req(server.url, 'GET', '/api/v1/drugs?q=panadol&limit=5', { token: w.doctor.token });
      assert.equal(read.status, 200, read.text);
      assert.equal(server.proc.exitCode, null, 'the server is still running');
      // Space returns: writes work again without a restart.
      rmSync(filler, { force: true });
      rmSync(`${filler}2`, { force: true });
      let back;
      for (let i = 0; i < 30 && back?.status !== 201; i++) { back = await register(); if (back.status !== 201) await sleep(200); }
      assert.equal(back.status, 201, back.text);

      const h = await call(server, 'GET', '/health');
      assert.equal(h.status, 200, h.text);
      const stopped = await server.stop();
      assert.equal(stopped.code, 0);
      let integrity = execFileSync('sqlite3', [join(dataDir, 'healthflow.db'), 'PRAGMA integrity_check'], { encoding: 'utf8' });
      assert.equal(integrity.trim(), 'ok');

      // Read-only data directory. Root ignores chmod, and a file system with files open for writing
      // cannot be remounted read-only, so: stopped server, read-only file system, start again.
      execFileSync('mount', ['-o', 'remount,ro', dataDir]);
      let refused;
      try {
        const again = await startServer({ dataDir, databaseUrl: server.databaseUrl, migrate: false });
        // If it starts, writes must answer 503 with a clear message.
        const r = await req(again.url, 'POST', '/api/v1/patients', { token: w.doctor.token, body: patientBody() });
        await again.stop();
        assert.equal(r.status, 503, `${r.status} ${r.text}`);
        assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
        refused = r.body.detail;
      } catch (e) {
        if (e.code === 'ERR_ASSERTION') throw e;
        refused = e.message;
        assert.match(refused, /read-only|readonly|cannot be (opened|used|written)/i, refused);
      }
      execFileSync('mount', ['-o', 'remount,rw', dataDir]);
      server = await startServer({ dataDir, databaseUrl: server.databaseUrl });
      back = await register();
      assert.equal(back.status, 201, back.text);
      assert.equal((await server.stop()).code, 0);
      integrity = execFileSync('sqlite3', [join(dataDir, 'healthflow.db'), 'PRAGMA integrity_check'], { encoding: 'utf8' });
      assert.equal(integrity.trim(), 'ok');
      console.log(`# disk full: ${full.length} of 40 writes answered 503 (${full[0].body.detail}); read-only: ${refused.split('\n')[0].slice(0, 200)}`);
      auditVerifies(server.env);
    } finally {
      await server?.stop('SIGKILL');
      try { execFileSync('mount', ['-o', 'remount,rw', dataDir], { stdio: 'pipe' }); } catch { /* already */ }
      try { execFileSync('umount', [dataDir], { stdio: 'pipe' }); } catch { /* best effort */ }
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

test('graceful deploy: SIGTERM during load answers every accepted request (2xx/4xx, none cut off), exits 0, loses no acknowledged write',
  { timeout: 120000 }, async () => {
    let server = await startServer();
    const { w, drugs } = await worldAndDrugs(server);
    const srv = server;
    const load = startLoad({ base: () => srv.url, w, drugs, clients: 6 });
    // Readers too, so reads are in flight when the signal comes.
    let reading = true;
    const readLog = [];
    const readers = Promise.all([0, 1].map(async () => {
      while (reading) {
        const r = await req(srv.url, 'GET', '/api/v1/drugs?q=para&limit=20', { token: w.doctor.token });
        readLog.push(r);
        if (r.status === 0) await sleep(50);
      }
    }));
    try {
      await until(() => load.acked.dispensations.size > 0, 30000);
      await sleep(500 + randomInt(0, 1500));
      const termAt = Date.now();
      server.proc.kill('SIGTERM');
      const exit = await server.exited;
      assert.equal(exit.code, 0, `exit ${JSON.stringify(exit)}`);
      reading = false;
      await readers;
      await load.stop();
      const all = [...load.log, ...readLog.map((r) => ({ ...r, t1: r.t0 + r.ms }))];
      // No answer cut off mid-way; every answer 2xx/4xx (409 is the racing dispensers' loser).
      const cut = all.filter((e) => e.stage === 'body');
      assert.equal(cut.length, 0, `answers cut off: ${JSON.stringify(cut.slice(0, 3))}`);
      const answered = all.filter((e) => e.status > 0);
      const bad = answered.filter((e) => e.status >= 500);
      assert.equal(bad.length, 0, `5xx answers: ${JSON.stringify(bad.slice(0, 3))}`);
      // Those that got no answer were not accepted: refused or closed before being read.
      const unanswered = all.filter((e) => e.status === 0);
      for (const e of unanswered) assert.ok(e.t1 >= termAt - 50, `a request failed before SIGTERM: ${JSON.stringify(e)}`);
      assert.ok(answered.some((e) => e.t1 >= termAt), 'requests in flight at SIGTERM were answered');
      server = await startServer({ dataDir: srv.dataDir, databaseUrl: srv.databaseUrl });
      const counts = checkAcknowledged(srv.databaseUrl, load.acked);
      // A drain finishes what it started: every write done was also answered (the world made no
      // prescriptions), so the database holds exactly what the clients were told.
      assert.equal(counts.prescriptions, load.acked.prescriptions.size, 'prescriptions written but not answered');
      assert.equal(counts.dispensations, load.acked.dispensations.size, 'dispensations written but not answered');
      auditVerifies(server.env);
      console.log(`# SIGTERM: ${answered.filter((e) => e.t1 >= termAt).length} answered after the signal, ` +
        `${unanswered.length} not accepted; ${summary(load.log)}`);
    } finally {
      reading = false;
      await load.stop();
      await server.stop();
    }
  });

test('slowloris (200 trickling connections) and oversized headers and bodies do not stop others being served quickly',
  { timeout: 90000 }, async () => {
    const server = await startServer({ env: { REQUEST_TIMEOUT_SECONDS: '15' } });
    const sockets = [];
    let trickling = true;
    try {
      for (let i = 0; i < 200; i++) {
        const s = net.connect(server.port, '127.0.0.1');
        s.on('error', () => {});
        s.write('GET /health HTTP/1.1\r\nHost: x\r\n');
        sockets.push(s);
      }
      const trickle = (async () => {
        for (let n = 0; trickling; n++) {
          for (const s of sockets) if (!s.destroyed) s.write(n % 2 ? ':' : 'X');
          await sleep(1000);
        }
      })();
      const big = (async () => {
        const out = [];
        for (let i = 0; i < 10 && trickling; i++) {
          out.push(await req(server.url, 'GET', '/health', { headers: { 'x-big': 'a'.repeat(20000) } }));
          out.push(await req(server.url, 'POST', '/api/v1/auth/login', { body: { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) } }));
        }
        return out;
      })();
      const times = [];
      const start = Date.now();
      while (Date.now() - start < 8000) {
        const r = await req(server.url, 'GET', '/health', { timeoutMs: 10000 });
        assert.equal(r.status, 200, r.text || r.error);
        times.push(r.ms);
        await sleep(100);
      }
      trickling = false;
      await trickle;
      const oversized = await big;
      for (const r of oversized) assert.ok([413, 431].includes(r.status) || r.status === 0, `${r.status} ${r.text}`);
      assert.ok(oversized.some((r) => r.status === 431) && oversized.some((r) => r.status === 413 || r.status === 0));
      times.sort((x, y) => x - y);
      const worst = times.at(-1);
      assert.ok(worst < 3000, `slowest /health ${worst} ms under the slow clients`);
      assert.ok(sockets.filter((s) => !s.destroyed).length > 0 || true);
      console.log(`# /health under 200 slow connections: ${times.length} calls, median ${times[times.length >> 1]} ms, worst ${worst} ms`);
    } finally {
      trickling = false;
      for (const s of sockets) s.destroy();
      await server.stop();
    }
  });

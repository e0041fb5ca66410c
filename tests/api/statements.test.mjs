// A list page costs a bounded number of statements whatever its length: its rows, their items and
// the names shown next to them are read by joins or batched IN queries, never one query per row.
// Measured with /metrics' db_statements_total (every statement any connection sent) and
// db_statements_dedicated_total (the share run on the writers' own connections: the group commit).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe, verifyAtCounter } from './lib/clinic.mjs';

// A page of a list reads at most this many statements (issue: "one request, one unit of work").
const PAGE_STATEMENTS = 3;
const ROWS = 20;
// Background workers (SMS outbox, webhooks, directory watch) poll the database now and then; a
// poll falling inside a measurement adds to it, so each figure is the least of a few runs.
const RUNS = 4;

let server, w, patient, drugs;
before(async () => {
  server = await startServer({ env: { SMS_POLL_MS: '60000', WEBHOOK_POLL_MS: '60000' } });
  w = await makeWorld(server);
  drugs = [await drugByName(server, w.doctor.token, 'Panadol 500 mg'),
    await drugByName(server, w.doctor.token, 'Brufen 400 mg'),
    await drugByName(server, w.doctor.token, 'Augmentin 1 g')];
  patient = await registerPatient(server, w.doctor.token);
  for (let i = 0; i < ROWS; i++) {
    const p = await prescribe(server, w, patient, drugs.map((d) => item(d)), { body: { overrides: overridesFor() } });
    assert.equal(p.items.length, 3);
    await verifyAtCounter(server, w.pharmacist.token, p);
    const r = await call(server, 'POST', `/api/v1/prescriptions/${p.id}/dispensations`, { token: w.pharmacist.token,
      body: { items: p.items.map((x) => ({ item_id: x.id, quantity: 1 })) } });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { await server?.stop(); });

// The same three products again and again for one patient raise duplicate-therapy alerts; an
// override with a reason lets each prescription be signed whatever the alert's severity.
function overridesFor() {
  return ['duplicate_therapy', 'interaction', 'allergy', 'max_dose', 'age']
    .map((alert_kind) => ({ alert_kind, reason: 'chronic treatment, reviewed' }));
}

async function totals() {
  const r = await call(server, 'GET', '/metrics');
  assert.equal(r.status, 200);
  const value = (name) => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(r.text);
    assert.ok(m, `${name} is on /metrics`);
    return Number(m[1]);
  };
  return { all: value('db_statements_total'), dedicated: value('db_statements_dedicated_total') };
}

// Statements a request ran on pooled connections (the request path), and in all. An audited read
// also appends its audit entry: that goes through the group commit on the writers' own connection
// (the audit appender, or SQLite's one writer), shared with other requests' entries, so it is
// counted in db_statements_total but is not a statement of the page.
async function cost(request) {
  let least;
  for (let i = 0; i < RUNS; i++) {
    const before = await totals();
    const r = await request();
    const after = await totals();
    assert.equal(r.status, 200, r.text);
    const pooled = (after.all - after.dedicated) - (before.all - before.dedicated);
    if (least === undefined || pooled < least.pooled) least = { pooled, all: after.all - before.all, answer: r.body };
  }
  return least;
}

// Authenticating the request reads the database too (the user, their facilities, the session):
// that is the same for every request of a caller and is not part of the page, so it is measured
// on a request that does nothing else with the database (a product from the in-memory catalogue)
// and taken off.
async function authentication(token) {
  const r = await cost(() => call(server, 'GET', `/api/v1/drugs/${drugs[0].id}`, { token }));
  return r.pooled;
}

async function pageCost(token, path) {
  const auth = await authentication(token);
  const page = await cost(() => call(server, 'GET', path, { token }));
  return { statements: page.pooled - auth, auth, answer: page.answer };
}

test('a doctor\'s list of 20 prescriptions of 3 items costs at most 3 statements', async (t) => {
  const { statements, auth, answer } = await pageCost(w.doctor.token, `/api/v1/prescriptions?limit=${ROWS}`);
  assert.equal(answer.items.length, ROWS);
  for (const p of answer.items) {
    assert.equal(p.items.length, 3);
    assert.equal(p.prescriber.name, 'Test doctor');
    assert.equal(p.facility.name, w.clinic.name);
    assert.ok(p.items.every((i) => typeof i.trade_name === 'string' && i.dispensed === 1));
  }
  t.diagnostic(`page: ${statements} statements, authentication: ${auth}`);
  assert.ok(statements <= PAGE_STATEMENTS, `the page cost ${statements} statements (authentication ${auth} aside)`);
});

test('a patient\'s history of 20 prescriptions costs at most 3 statements besides its audit entry', async (t) => {
  const path = `/api/v1/patients/${patient.id}/prescriptions?reason=${encodeURIComponent('follow-up visit')}&limit=${ROWS}`;
  const { statements, auth, answer } = await pageCost(w.doctor.token, path);
  assert.equal(answer.items.length, ROWS);
  assert.ok(answer.items.every((p) => p.items.length === 3 && p.patient_id === patient.id && p.facility.name));
  t.diagnostic(`page: ${statements} statements, authentication: ${auth}`);
  assert.ok(statements <= PAGE_STATEMENTS, `the page cost ${statements} statements (authentication ${auth} aside)`);
});

test('a pharmacy\'s dispensations of the day, 20 of 3 lines each, cost at most 3 statements', async (t) => {
  const { statements, auth, answer } = await pageCost(w.pharmacist.token, `/api/v1/dispensations?limit=${ROWS}`);
  // The limit counts dispensations, not their lines: all 20 come back, each with its 3 lines.
  assert.equal(answer.items.length, ROWS);
  assert.ok(answer.items.every((d) => d.items.length === 3 && d.pharmacy_id === w.pharmacy.id));
  t.diagnostic(`page: ${statements} statements, authentication: ${auth}`);
  assert.ok(statements <= PAGE_STATEMENTS, `the page cost ${statements} statements (authentication ${auth} aside)`);
});

test('a FHIR search of the patient\'s MedicationRequests (60 items of 20 prescriptions) costs at most 3 statements', async (t) => {
  const path = `/fhir/r4/MedicationRequest?patient=${patient.id}&_count=${3 * ROWS}`;
  const { statements, auth, answer } = await pageCost(w.doctor.token, path);
  assert.equal(answer.entry.length, 3 * ROWS);
  assert.ok(answer.entry.every((e) => e.resource.subject.reference === `Patient/${patient.id}`));
  t.diagnostic(`page: ${statements} statements, authentication: ${auth}`);
  assert.ok(statements <= PAGE_STATEMENTS, `the page cost ${statements} statements (authentication ${auth} aside)`);
});

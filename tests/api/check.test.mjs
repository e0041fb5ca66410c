// POST /api/v1/prescriptions/check (issue 4; API.md "Prescriptions"; DOMAIN.md "Clinical
// decision support"): the alerts for a proposed prescription, with the body validated exactly as
// POST /prescriptions will validate it, and nothing stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, call, isProblem, backend } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';

let server, w;
const drug = {};
const patient = {};

let counter = 0;
function nationalId(century, yy, mm, dd, sex = 'male') {
  counter += 1;
  const two = (n) => String(n).padStart(2, '0');
  const seq = String(100 + Math.floor(Math.random() * 900)) + (sex === 'male' ? '1' : '2');
  return `${century}${two(yy)}${two(mm)}${two(dd)}01${seq}${counter % 10}`;
}

async function product(q, tradeName) {
  const r = await call(server, 'GET', `/api/v1/drugs?q=${encodeURIComponent(q)}&limit=50`, { token: w.doctor.token });
  const d = r.body.items.find((x) => x.trade_name === tradeName);
  assert.ok(d, `${tradeName} not found for ${q}`);
  return d.id;
}

async function registerPatient(nid, allergies = []) {
  const r = await call(server, 'POST', '/api/v1/patients', { token: w.doctor.token,
    body: { national_id: nid, full_name: 'CDS Patient', allergies } });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

before(async () => {
  server = await startServer();
  w = await makeWorld(server);
  drug.warfarin = await product('warfarin', 'Marevan 5 mg');
  drug.ibuprofen = await product('brufen', 'Brufen 400 mg');
  drug.amoxicillin = await product('amoxil', 'Amoxil 500 mg');
  drug.aspirin = await product('aspocid', 'Aspocid 75 mg');
  drug.paracetamol = await product('panadol', 'Panadol 500 mg');
  drug.omeprazole = await product('risek', 'Risek 20 mg');
  const now = new Date();
  const tenYearsAgo = now.getUTCFullYear() - 10;
  patient.adult = await registerPatient(nationalId(2, 80, 5, 5));
  patient.allergic = await registerPatient(nationalId(2, 82, 3, 3, 'female'), ['penicillin']);
  patient.child = await registerPatient(nationalId(3, tenYearsAgo % 100, 1, 1));
});
after(async () => { await server?.stop(); });

const item = (drugId, extra = {}) => ({ drug_id: drugId, dose_amount: 1, dose_unit: 'tablet', times_per_day: 2,
  duration_days: 5, quantity: 1, substitution_allowed: true, repeats: 0, ...extra });
const body = (patientId, items, extra = {}) => ({ patient_id: patientId, facility_id: w.clinic.id,
  diagnosis_codes: ['J06.9'], items, ...extra });
const check = (b, token = w.doctor.token) => call(server, 'POST', '/api/v1/prescriptions/check', { token, body: b });
const fieldsOf = (r) => (r.body?.errors || []).map((e) => e.field);

function prescriptionCount() {
  const sql = 'SELECT COUNT(*) FROM prescriptions';
  if (backend === 'postgres') return Number(execFileSync('psql', [server.databaseUrl, '-tAc', sql], { encoding: 'utf8' }).trim());
  const file = server.databaseUrl.replace(/^sqlite:\/\//, '');
  return Number(execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim());
}

test('warfarin with ibuprofen raises a major interaction naming both items', async () => {
  const r = await check(body(patient.adult, [item(drug.warfarin), item(drug.ibuprofen)]));
  assert.equal(r.status, 200, r.text);
  const a = r.body.alerts.find((x) => x.kind === 'interaction');
  assert.ok(a, JSON.stringify(r.body));
  assert.equal(a.severity, 'major');
  assert.deepEqual(a.items, [0, 1]);
  assert.match(a.message, /bleeding/i);
  assert.ok(a.message_ar.length > 0 && /[\u0600-\u06FF]/.test(a.message_ar));
  assert.equal(a.blocking, true);
});

test('a penicillin-allergic patient prescribed amoxicillin gets a contraindicated allergy alert', async () => {
  const r = await check(body(patient.allergic, [item(drug.amoxicillin, { dose_unit: 'capsule', times_per_day: 3 })]));
  assert.equal(r.status, 200, r.text);
  const a = r.body.alerts.find((x) => x.kind === 'allergy');
  assert.ok(a, JSON.stringify(r.body));
  assert.equal(a.severity, 'contraindicated');
  assert.deepEqual(a.items, [0]);
  assert.match(a.message, /amoxicillin/i);
  // The same product for a patient without the allergy raises none.
  const other = await check(body(patient.adult, [item(drug.amoxicillin, { dose_unit: 'capsule', times_per_day: 3 })]));
  assert.equal(other.status, 200);
  assert.ok(!other.body.alerts.some((x) => x.kind === 'allergy'));
});

test('aspirin for a 10-year-old raises an age alert', async () => {
  const r = await check(body(patient.child, [item(drug.aspirin, { times_per_day: 1 })]));
  assert.equal(r.status, 200, r.text);
  const a = r.body.alerts.find((x) => x.kind === 'age');
  assert.ok(a, JSON.stringify(r.body));
  assert.deepEqual(a.items, [0]);
  assert.match(a.message, /16|Reye/i);
  const adult = await check(body(patient.adult, [item(drug.aspirin, { times_per_day: 1 })]));
  assert.ok(!adult.body.alerts.some((x) => x.kind === 'age'));
});

test('a harmless pair raises no alert', async () => {
  const r = await check(body(patient.adult, [item(drug.paracetamol, { times_per_day: 3 }),
    item(drug.omeprazole, { dose_unit: 'capsule', times_per_day: 1 })]));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.alerts, []);
});

test('a dose above the adult maximum raises a max_dose alert', async () => {
  // Brufen 400 mg, 3 tablets 4 times a day = 4800 mg/day, above 2400 mg.
  const r = await check(body(patient.adult, [item(drug.ibuprofen, { dose_amount: 3, times_per_day: 4 })]));
  assert.equal(r.status, 200);
  assert.ok(r.body.alerts.some((x) => x.kind === 'max_dose'), JSON.stringify(r.body));
});

test('checking stores no prescription', async () => {
  const before = prescriptionCount();
  for (let i = 0; i < 3; i += 1) {
    assert.equal((await check(body(patient.adult, [item(drug.warfarin), item(drug.ibuprofen)]))).status, 200);
  }
  assert.equal(prescriptionCount(), before);
});

test('type errors answer 400 and rule breaks 422, with field paths', async () => {
  const missing = await check(body(patient.adult, [{ drug_id: drug.paracetamol, dose_amount: 1, dose_unit: 'tablet',
    times_per_day: 2, duration_days: 5 }]));
  assert.ok(isProblem(missing, 400), missing.text);
  assert.deepEqual(fieldsOf(missing), ['items[0].quantity']);
  const types = await check(body(patient.adult, [item(drug.paracetamol, { quantity: 'two', substitution_allowed: 'yes' })]));
  assert.ok(isProblem(types, 400));
  assert.deepEqual(fieldsOf(types).sort(), ['items[0].quantity', 'items[0].substitution_allowed']);
  const noPatient = await check({ facility_id: w.clinic.id, items: [item(drug.paracetamol)] });
  assert.ok(isProblem(noPatient, 400));
  assert.deepEqual(fieldsOf(noPatient), ['patient_id']);

  const zero = await check(body(patient.adult, [item(drug.paracetamol), item(drug.omeprazole, { quantity: 0 })]));
  assert.ok(isProblem(zero, 422), zero.text);
  assert.deepEqual(fieldsOf(zero), ['items[1].quantity']);
  const unknownDrug = await check(body(patient.adult, [item('7d0c1a4e-5f57-4b8e-9d7c-2d1f0e1f2a3b')]));
  assert.ok(isProblem(unknownDrug, 422));
  assert.deepEqual(fieldsOf(unknownDrug), ['items[0].drug_id']);
  const sig = await check(body(patient.adult, [item(drug.paracetamol, { dose_unit: 'cc', times_per_day: 30 })]));
  assert.ok(isProblem(sig, 422), sig.text);
  assert.deepEqual(fieldsOf(sig).sort(), ['items[0].dose_unit', 'items[0].times_per_day']);
  const repeats = await check(body(patient.adult, [item(drug.paracetamol, { repeats: 2 })]));
  assert.ok(isProblem(repeats, 422));
  assert.deepEqual(fieldsOf(repeats), ['items[0].repeat_interval_days']);
  const none = await check(body(patient.adult, []));
  assert.ok(isProblem(none, 422));
  assert.deepEqual(fieldsOf(none), ['items']);
  const eleven = await check(body(patient.adult, Array.from({ length: 11 }, () => item(drug.paracetamol))));
  assert.ok(isProblem(eleven, 422));
  assert.deepEqual(fieldsOf(eleven), ['items']);
  const icd = await check(body(patient.adult, [item(drug.paracetamol)], { diagnosis_codes: ['flu'] }));
  assert.ok(isProblem(icd, 422));
  assert.deepEqual(fieldsOf(icd), ['diagnosis_codes[0]']);
  const unknownPatient = await check(body('7d0c1a4e-5f57-4b8e-9d7c-2d1f0e1f2a3b', [item(drug.paracetamol)]));
  assert.ok(isProblem(unknownPatient, 422));
  assert.deepEqual(fieldsOf(unknownPatient), ['patient_id']);
  const notMine = await check(body(patient.adult, [item(drug.paracetamol)], { facility_id: w.pharmacy.id }));
  assert.ok(isProblem(notMine, 422));
  assert.deepEqual(fieldsOf(notMine), ['facility_id']);
  const notJson = await call(server, 'POST', '/api/v1/prescriptions/check', { token: w.doctor.token, raw: '{',
    headers: { 'content-type': 'application/json' } });
  assert.ok(isProblem(notJson, 400));
});

test('only doctors may check', async () => {
  const b = body(patient.adult, [item(drug.paracetamol)]);
  for (const who of [w.pharmacist, w.regulator, w.admin]) assert.ok(isProblem(await check(b, who.token), 403));
  const account = await w.patientAccount(patient.adult);
  assert.ok(isProblem(await check(b, account.token), 403));
  assert.ok(isProblem(await call(server, 'POST', '/api/v1/prescriptions/check', { body: b }), 401));
});

test('the patient\'s other active prescriptions take part in the check', async (t) => {
  const p = await registerPatient(nationalId(2, 75, 8, 8));
  const created = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token,
    body: body(p, [item(drug.warfarin, { times_per_day: 1, duration_days: 30 })]) });
  if (created.status === 404 || created.status === 405) { t.skip('POST /api/v1/prescriptions is not built yet'); return; }
  assert.equal(created.status, 201, created.text);
  const r = await check(body(p, [item(drug.ibuprofen)]));
  assert.equal(r.status, 200, r.text);
  const a = r.body.alerts.find((x) => x.kind === 'interaction');
  assert.ok(a, JSON.stringify(r.body));
  assert.deepEqual(a.items, [0]);
  assert.deepEqual(a.active_drug_ids, [drug.warfarin]);
});

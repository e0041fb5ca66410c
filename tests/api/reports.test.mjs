// Regulator reports (issue 6; DOMAIN.md "Reports for regulators"; definitions in docs/reports.md):
// figures checked against a small hand-computed data set inserted with plain SQL, the WHO/INRUD
// indicators, CSV export, trends, providers (pseudonymous prescribers for regulators), controlled-
// substance alerts by pseudonym, no name or national ID in any answer, role checks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startServer, call, isProblem } from './lib/harness.mjs';
import { makeWorld, unique } from './lib/world.mjs';

let server, w;
const seeded = { names: [], nids: [], patientIds: [] };
const D = {};  // drug ids
const F = {};  // facilities
const U = {};  // prescribers

function sql(text) {
  if (server.databaseUrl.startsWith('sqlite://')) {
    const file = server.databaseUrl.slice('sqlite://'.length);
    return execFileSync('sqlite3', ['-cmd', '.timeout 5000', file, text], { encoding: 'utf8' }).trim();
  }
  return execFileSync('psql', [server.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qAtc', text], { encoding: 'utf8' }).trim();
}
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const at = (d, h = 12) => Date.parse(`${d}T${String(h).padStart(2, '0')}:00:00Z`);

let n = 0;
function nationalId(gov = '01') {
  n += 1;
  const r = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
  const two = (x) => String(x).padStart(2, '0');
  return `2${two(r(40, 99))}${two(r(1, 12))}${two(r(1, 28))}${gov}${r(1000, 9999)}${n % 10}`;
}

function drug(key, tradeName, ingredient, form, route, essential) {
  const id = randomUUID();
  const ingredients = JSON.stringify([{ name: ingredient, strength: 500, unit: 'mg' }]);
  sql(`INSERT INTO drugs (id, registration_no, trade_name, trade_name_ar, ingredients, form, route, pack_size, pack_unit,
    price_piastres, atc_code, controlled_schedule, essential, requires_approval, popularity, status, updated_at)
    VALUES (${q(id)}, ${q(unique('RPT-'))}, ${q(tradeName)}, 'دواء', ${q(ingredients)}, ${q(form)}, ${q(route)}, 10, 'tablet',
    1000, 'X00', 0, ${essential}, 0, 1, 'active', 0)`);
  D[key] = id;
}

function prescription({ patient, prescriber, facility, issued, items, controlled = 0 }) {
  const id = randomUUID();
  sql(`INSERT INTO prescriptions (id, code, patient_id, prescriber_id, facility_id, status, controlled, issued_at, expires_at,
    qr_token, updated_at) VALUES (${q(id)}, ${q(unique('RX'))}, ${q(patient)}, ${q(prescriber)}, ${q(facility)}, 'active',
    ${controlled}, ${issued}, ${issued + 30 * 86400000}, 'token', ${issued})`);
  items.forEach(([drugKey, subst], i) => {
    sql(`INSERT INTO prescription_items (id, prescription_id, position, drug_id, dose_amount, dose_unit, times_per_day,
      duration_days, quantity, substitution_allowed, sig_en, sig_ar) VALUES (${q(randomUUID())}, ${q(id)}, ${i + 1},
      ${q(D[drugKey])}, 1, 'tablet', 2, 5, 1, ${subst}, 'sig', 'sig')`);
  });
  return id;
}

function dispense(prescriptionId, pharmacy, when) {
  sql(`INSERT INTO dispensations (id, prescription_id, pharmacist_id, pharmacy_id, patient_id_checked, dispensed_at)
    VALUES (${q(randomUUID())}, ${q(prescriptionId)}, ${q(w.pharmacist.id)}, ${q(pharmacy)}, 1, ${when})`);
}

async function facility(type, governorate) {
  const r = await call(server, 'POST', '/api/v1/facilities', { token: w.admin.token, body: {
    type, name: `${type} ${unique('')}`, name_ar: 'منشأة', license_no: unique('LIC-'), governorate, address: 'x' } });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

async function patient(name) {
  const nid = nationalId();
  const r = await call(server, 'POST', '/api/v1/patients', { token: w.doctor.token, body: { national_id: nid, full_name: name } });
  assert.equal(r.status, 201, r.text);
  seeded.names.push(name);
  seeded.nids.push(nid);
  seeded.patientIds.push(r.body.id);
  return r.body.id;
}

before(async () => {
  server = await startServer();
  w = await makeWorld(server);
  F.clinic = w.clinic.id;  // Cairo (01)
  F.hospital = await facility('hospital', 'Giza');  // 21
  F.pharmacyA = w.pharmacy.id;  // 02
  F.pharmacyB = await facility('pharmacy', '03');
  F.pharmacyC = await facility('pharmacy', '04');
  U.d1 = w.doctor.id;
  U.d2 = (await w.user('doctor', { license_no: unique('EMS-'), facility_ids: [F.hospital] })).id;
  U.d3 = (await w.user('doctor', { license_no: unique('EMS-'), facility_ids: [F.clinic] })).id;
  drug('amoxil', 'Amoxil Report 500', 'amoxicillin', 'capsule', 'oral', 1);  // antibiotic, essential
  drug('ceftriaxone', 'Ceftriaxone Report 1 g', 'ceftriaxone', 'injection', 'im', 1);  // antibiotic, injection, INN name
  drug('panadol', 'Panadol Report', 'paracetamol', 'tablet', 'oral', 0);
  const p1 = await patient('Samira Reportson');
  const p2 = await patient('Omar Hidden');
  const p3 = await patient('Layla Controlled');
  const p4 = await patient('Tarek Pharmacies');

  // The hand-computed set: 2025-03-10 and 2025-03-11.
  const rx1 = prescription({ patient: p1, prescriber: U.d1, facility: F.clinic, issued: at('2025-03-10', 9),
    items: [['amoxil', 0], ['panadol', 1]] });
  const rx2 = prescription({ patient: p2, prescriber: U.d2, facility: F.hospital, issued: at('2025-03-10', 15),
    items: [['ceftriaxone', 0]] });
  prescription({ patient: p1, prescriber: U.d1, facility: F.clinic, issued: at('2025-03-11', 10), items: [['panadol', 0]] });
  dispense(rx1, F.pharmacyA, at('2025-03-10', 18));
  dispense(rx2, F.pharmacyA, at('2025-03-11', 9));

  // Controlled substances in February: p3 from three prescribers; p4 at three pharmacies; p1 from two.
  for (const [d, u] of [['2025-02-10', U.d1], ['2025-02-14', U.d2], ['2025-02-18', U.d3]]) {
    prescription({ patient: p3, prescriber: u, facility: F.clinic, issued: at(d), items: [['panadol', 0]], controlled: 1 });
  }
  for (const [d, ph] of [['2025-02-11', F.pharmacyA], ['2025-02-15', F.pharmacyB], ['2025-02-19', F.pharmacyC]]) {
    const rx = prescription({ patient: p4, prescriber: U.d1, facility: F.clinic, issued: at(d), items: [['panadol', 0]], controlled: 1 });
    dispense(rx, ph, at(d, 16));
  }
  for (const [d, u] of [['2025-02-12', U.d1], ['2025-02-13', U.d2]]) {
    prescription({ patient: p1, prescriber: u, facility: F.clinic, issued: at(d), items: [['panadol', 0]], controlled: 1 });
  }
});
after(async () => { await server?.stop(); });

const RANGE = 'from=2025-03-10&to=2025-03-11';
async function get(path, token = w.regulator.token) {
  const r = await call(server, 'GET', path, { token });
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  return r;
}
function noLeak(text, what) {
  for (const s of [...seeded.names, ...seeded.nids, ...seeded.patientIds]) {
    assert.ok(!text.includes(s), `${what} leaks ${s}`);
  }
}

test('summary: counts by day, governorate and facility type, top ingredients, WHO indicators', async () => {
  const r = await get(`/api/v1/reports/summary?${RANGE}`);
  const s = r.body;
  noLeak(r.text, 'summary');
  assert.equal(s.from, '2025-03-10');
  assert.equal(s.to, '2025-03-11');
  assert.deepEqual(s.totals, { prescriptions: 3, items: 4, dispensations: 2, controlled_prescriptions: 0 });
  assert.deepEqual(s.by_day.map((d) => [d.date, d.prescriptions, d.items, d.dispensations]),
    [['2025-03-10', 2, 3, 1], ['2025-03-11', 1, 1, 1]]);
  const gov = Object.fromEntries(s.by_governorate.map((g) => [g.governorate.code, [g.prescriptions, g.items, g.dispensations]]));
  assert.deepEqual(gov, { '01': [2, 3, 0], 21: [1, 1, 0], '02': [0, 0, 2] });
  assert.equal(s.by_governorate.find((g) => g.governorate.code === '21').governorate.name, 'Giza');
  const types = Object.fromEntries(s.by_facility_type.map((t) => [t.facility_type, [t.prescriptions, t.items, t.dispensations]]));
  assert.deepEqual(types, { clinic: [2, 3, 0], hospital: [1, 1, 0], pharmacy: [0, 0, 2] });
  assert.deepEqual(s.top_ingredients.map((t) => [t.ingredient, t.items]),
    [['paracetamol', 2], ['amoxicillin', 1], ['ceftriaxone', 1]]);
  const ind = s.indicators;
  assert.equal(ind.avg_drugs_per_prescription.value, 1.33);
  assert.deepEqual([ind.pct_generic.value, ind.pct_generic.numerator, ind.pct_generic.denominator], [50, 2, 4]);
  assert.deepEqual([ind.pct_antibiotic.value, ind.pct_antibiotic.numerator], [66.67, 2]);
  assert.deepEqual([ind.pct_injection.value, ind.pct_injection.numerator], [33.33, 1]);
  assert.deepEqual([ind.pct_essential.value, ind.pct_essential.numerator], [50, 2]);
  for (const v of Object.values(ind)) assert.ok(v.definition.length > 20);

  const cairo = (await get(`/api/v1/reports/summary?${RANGE}&governorate=Cairo`, w.admin.token)).body;
  assert.deepEqual(cairo.totals, { prescriptions: 2, items: 3, dispensations: 0, controlled_prescriptions: 0 });
  assert.equal(cairo.governorate.code, '01');
  assert.deepEqual(cairo.top_ingredients.map((t) => [t.ingredient, t.items]), [['paracetamol', 2], ['amoxicillin', 1]]);
  assert.equal(cairo.indicators.pct_antibiotic.value, 50);
});

test('summary.csv: the same figures as CSV with a header row', async () => {
  const r = await get(`/api/v1/reports/summary.csv?${RANGE}`);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  noLeak(r.text, 'csv');
  const lines = r.text.trim().split(/\r?\n/);
  assert.equal(lines[0], 'section,key,prescriptions,items,dispensations,value');
  assert.ok(lines.includes('total,all,3,4,2,'));
  assert.ok(lines.includes('indicator,pct_antibiotic,,,,66.67'));
  assert.ok(lines.includes('day,2025-03-10,2,3,1,'));
  assert.ok(lines.includes('governorate,21,1,1,0,'));
  assert.ok(lines.includes('facility_type,pharmacy,0,0,2,'));
  assert.ok(lines.includes('top_ingredient,paracetamol,,,,2'));
});

test('trends by day, week and month', async () => {
  const day = (await get(`/api/v1/reports/trends?interval=day&${RANGE}`)).body;
  assert.deepEqual(day.series.map((b) => [b.start, b.prescriptions, b.items, b.dispensations]),
    [['2025-03-10', 2, 3, 1], ['2025-03-11', 1, 1, 1]]);
  assert.equal(day.series[0].indicators.pct_antibiotic, 100);
  assert.equal(day.series[1].indicators.pct_antibiotic, 0);
  const week = (await get(`/api/v1/reports/trends?interval=week&${RANGE}`)).body;
  assert.deepEqual(week.series.map((b) => [b.start, b.prescriptions]), [['2025-03-10', 3]]);
  const month = (await get(`/api/v1/reports/trends?interval=month&from=2025-02-01&to=2025-03-31`)).body;
  assert.deepEqual(month.series.map((b) => [b.start, b.prescriptions]), [['2025-02-01', 8], ['2025-03-01', 3]]);
  assert.equal(month.series[0].controlled_prescriptions, 8);
});

test('providers: per facility and per prescriber, antibiotic rate against the national rate', async () => {
  const r = await get(`/api/v1/reports/providers?${RANGE}`);
  noLeak(r.text, 'providers');
  const p = r.body;
  assert.equal(p.national.prescriptions, 3);
  assert.equal(p.national.indicators.pct_antibiotic, 66.67);
  assert.equal(p.pseudonymous, true);
  assert.equal(p.prescribers.length, 2);
  assert.ok(p.prescribers.every((x) => /^PR-[0-9a-f]{16}$/.test(x.prescriber) && !('prescriber_id' in x) && !('name' in x)));
  assert.ok(!r.text.includes(U.d1) && !r.text.includes(U.d2), 'no prescriber ids for regulators');
  assert.deepEqual(p.prescribers.map((x) => [x.prescriptions, x.indicators.pct_antibiotic, x.antibiotic_rate_vs_national]),
    [[1, 100, 1.5], [2, 50, 0.75]]);
  const hospital = p.facilities.find((f) => f.facility_id === F.hospital);
  assert.equal(hospital.prescriptions, 1);
  assert.equal(hospital.antibiotic_rate_vs_national, 1.5);
  const again = (await get(`/api/v1/reports/providers?${RANGE}`)).body;
  assert.deepEqual(again.prescribers.map((x) => x.prescriber), p.prescribers.map((x) => x.prescriber), 'stable pseudonyms');

  const admin = (await get(`/api/v1/reports/providers?${RANGE}`, w.admin.token)).body;
  assert.equal(admin.pseudonymous, false);
  assert.deepEqual(admin.prescribers.map((x) => x.prescriber_id), [U.d2, U.d1]);
});

test('controlled-substance alerts: three prescribers or three pharmacies in 90 days, by pseudonym only', async () => {
  const r = await get('/api/v1/reports/controlled-alerts?to=2025-03-31');
  noLeak(r.text, 'controlled alerts');
  const a = r.body;
  assert.deepEqual(a.thresholds, { prescribers: 3, pharmacies: 3, days: 90 });
  assert.equal(a.items.length, 2, r.text);
  const byReason = Object.fromEntries(a.items.map((x) => [x.reasons.join('+'), x]));
  assert.equal(byReason.prescribers.prescribers, 3);
  assert.equal(byReason.prescribers.controlled_prescriptions, 3);
  assert.equal(byReason.pharmacies.pharmacies, 3);
  assert.equal(byReason.pharmacies.prescribers, 1);
  for (const x of a.items) assert.match(x.patient, /^PT-[0-9a-f]{16}$/);
  const again = (await get('/api/v1/reports/controlled-alerts?to=2025-03-31', w.admin.token)).body;
  assert.deepEqual(again.items.map((x) => x.patient).sort(), a.items.map((x) => x.patient).sort(), 'stable across reports');
  // Outside the 90-day window nothing is flagged.
  assert.equal((await get('/api/v1/reports/controlled-alerts?to=2025-07-01')).body.items.length, 0);
});

test('thresholds are settings', async () => {
  const srv = await startServer({ env: { CONTROLLED_ALERT_PRESCRIBERS: '2', CONTROLLED_ALERT_DAYS: '30' },
    databaseUrl: server.databaseUrl, dataDir: server.dataDir });
  try {
    const r = await call(srv, 'GET', '/api/v1/reports/controlled-alerts?to=2025-03-01', { token: w.regulator.token });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.thresholds, { prescribers: 2, pharmacies: 3, days: 30 });
    // p3 (three prescribers) and p1 (two) now; p4 (one prescriber, three pharmacies) too.
    assert.equal(r.body.items.length, 3, r.text);
  } finally {
    await srv.stop();
  }
});

test('bad parameters answer 400 naming the parameter', async () => {
  for (const [path, field] of [
    ['/api/v1/reports/summary?from=yesterday', 'from'], ['/api/v1/reports/summary?to=2025-02-30', 'to'],
    ['/api/v1/reports/summary?from=2025-03-12&to=2025-03-11', 'from'],
    ['/api/v1/reports/summary?governorate=Atlantis', 'governorate'],
    ['/api/v1/reports/trends?interval=year', 'interval'], ['/api/v1/reports/providers?limit=0', 'limit'],
    ['/api/v1/reports/controlled-alerts?to=soon', 'to']]) {
    const r = await call(server, 'GET', path, { token: w.regulator.token });
    assert.ok(isProblem(r, 400), `${path}: ${r.status} ${r.text}`);
    assert.ok(r.body.errors.some((e) => e.field === field), `${path}: ${r.text}`);
  }
});

test('only regulators and admins see reports', async () => {
  const me = await w.patientAccount(seeded.patientIds[0]);
  for (const path of ['/api/v1/reports/summary', '/api/v1/reports/summary.csv', '/api/v1/reports/trends',
    '/api/v1/reports/providers', '/api/v1/reports/controlled-alerts']) {
    for (const who of [w.doctor, w.pharmacist, me]) {
      assert.equal((await call(server, 'GET', path, { token: who.token })).status, 403, path);
    }
    assert.equal((await call(server, 'GET', path)).status, 401, path);
    assert.equal((await call(server, 'GET', path, { token: w.admin.token })).status, 200, path);
  }
});

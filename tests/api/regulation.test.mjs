// Regulation (issue 7; API.md "Regulation (EDA)"; DOMAIN.md "Medicine directory, recalls and
// adverse events"): the medicine directory, recalls with the pharmacies to follow up, and
// adverse-event reports, over HTTP on the backend named by HF_TEST_DB.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startServer, call, isProblem, backend } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';

let server, w;
before(async () => { server = await startServer(); w = await makeWorld(server); });
after(async () => { await server?.stop(); });

const reg = () => randomBytes(4).toString('hex').toUpperCase();
const search = (q, token = w.doctor.token) =>
  call(server, 'GET', `/api/v1/drugs?q=${encodeURIComponent(q)}&limit=20`, { token });

function newProduct(extra = {}) {
  const tag = reg();
  return {
    registration_no: `EDA-T-${tag}`, trade_name: `Zyntrofen ${tag}`, trade_name_ar: `زينتروفين ${tag}`,
    ingredients: [{ name: 'paracetamol', strength: 500, unit: 'mg' }], form: 'tablet', route: 'oral',
    pack_size: 20, pack_unit: 'tablet', price: { amount: '31.50', currency: 'EGP' }, atc_code: 'N02BE01',
    controlled_schedule: null, essential: true, requires_approval: false, popularity: 10, ...extra,
  };
}
async function createProduct(extra = {}) {
  const r = await call(server, 'POST', '/api/v1/drugs', { token: w.regulator.token, body: newProduct(extra) });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('a regulator adds a product: it is searchable at once, with its status', async () => {
  const body = newProduct();
  const r = await call(server, 'POST', '/api/v1/drugs', { token: w.regulator.token, body });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.id, /^[0-9a-f-]{36}$/);
  assert.equal(r.body.trade_name, body.trade_name);
  assert.equal(r.body.status, 'active');
  assert.deepEqual(r.body.price, { amount: '31.50', currency: 'EGP' });
  const found = await search(body.trade_name);
  assert.equal(found.status, 200);
  assert.deepEqual(found.body.items.map((d) => d.id), [r.body.id]);
  assert.equal(found.body.items[0].status, 'active');
  const again = await call(server, 'POST', '/api/v1/drugs', { token: w.regulator.token, body });
  assert.ok(isProblem(again, 409), again.text);
});

test('only regulators manage the directory', async () => {
  for (const who of ['doctor', 'pharmacist', 'admin']) {
    const r = await call(server, 'POST', '/api/v1/drugs', { token: w[who].token, body: newProduct() });
    assert.ok(isProblem(r, 403), `${who}: ${r.text}`);
    const p = await call(server, 'POST', '/api/v1/drugs/bulk', { token: w[who].token, body: { csv: 'x' } });
    assert.ok(isProblem(p, 403), `${who}: ${p.text}`);
  }
  const d = await createProduct();
  const e = await call(server, 'PATCH', `/api/v1/drugs/${d.id}`, { token: w.pharmacist.token, body: { status: 'recalled' } });
  assert.ok(isProblem(e, 403));
  const anon = await call(server, 'POST', '/api/v1/drugs', { body: newProduct() });
  assert.ok(isProblem(anon, 401));
});

test('a product is checked by the catalogue rules: bad values answer 422 naming the fields', async () => {
  const r = await call(server, 'POST', '/api/v1/drugs', { token: w.regulator.token, body: newProduct({
    form: 'lollipop', atc_code: 'XX', ingredients: [{ name: 'unobtainium', strength: 5, unit: 'mg' }] }) });
  assert.ok(isProblem(r, 422), r.text);
  const fields = r.body.errors.map((e) => e.field);
  for (const f of ['form', 'atc_code', 'ingredients']) assert.ok(fields.includes(f), fields.join(','));
  const types = await call(server, 'POST', '/api/v1/drugs', { token: w.regulator.token, body: newProduct({ pack_size: 'ten', patient: 1 }) });
  assert.ok(isProblem(types, 400), types.text);
  assert.deepEqual(types.body.errors.map((e) => e.field).sort(), ['pack_size', 'patient']);
});

test('edits and status changes show in search at once; disabled products leave prescriber search', async () => {
  const d = await createProduct();
  const renamed = `Zyntrofen Forte ${reg()}`;
  const e = await call(server, 'PATCH', `/api/v1/drugs/${d.id}`, { token: w.regulator.token, body: { trade_name: renamed, requires_approval: true } });
  assert.equal(e.status, 200, e.text);
  assert.equal(e.body.trade_name, renamed);
  assert.equal(e.body.requires_approval, true);
  let s = await search(renamed);
  assert.deepEqual(s.body.items.map((x) => [x.id, x.requires_approval]), [[d.id, true]]);

  for (const status of ['partially_disabled', 'recalled', 'permanently_disabled', 'active']) {
    const p = await call(server, 'PATCH', `/api/v1/drugs/${d.id}`, { token: w.regulator.token, body: { status } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.status, status);
    const g = await call(server, 'GET', `/api/v1/drugs/${d.id}`, { token: w.regulator.token });
    assert.equal(g.body.status, status);
    s = await search(renamed);
    const ids = s.body.items.map((x) => x.id);
    if (status === 'permanently_disabled') assert.deepEqual(ids, []);
    else assert.deepEqual(ids, [d.id], status);
  }
  const bad = await call(server, 'PATCH', `/api/v1/drugs/${d.id}`, { token: w.regulator.token, body: { status: 'banned' } });
  assert.ok(isProblem(bad, 400));
  const reg2 = await call(server, 'PATCH', `/api/v1/drugs/${d.id}`, { token: w.regulator.token, body: { registration_no: 'OTHER-1' } });
  assert.ok(isProblem(reg2, 422));
  const missing = await call(server, 'PATCH', '/api/v1/drugs/00000000-0000-4000-8000-000000000000', { token: w.regulator.token, body: { status: 'active' } });
  assert.ok(isProblem(missing, 404));
});

const HEADER = 'registration_no,trade_name,trade_name_ar,ingredients,form,route,pack_size,pack_unit,price_egp,atc_code,controlled_schedule,essential,requires_approval,popularity';

test('bulk upload as CSV: all or nothing, every bad row reported by line', async () => {
  const t = reg();
  const good = (n) => `EDA-B-${t}-${n},Bulkamol ${t} ${n},بلكامول ${n},paracetamol:500:mg,tablet,oral,20,tablet,12.50,N02BE01,,1,0,5`;
  const bad = [HEADER, good(1), `EDA-B-${t}-2,Bulkamol ${t} 2,بلكامول,paracetamol:500:mg,tablet,oral,20,tablet,twelve,N02BE01,,1,0,5`,
    good(3), `EDA-B-${t}-4,Bulkamol ${t} 4,بلكامول,paracetamol:500:mg,lollipop,oral,20,tablet,1.00,N02BE01,,1,0,5`].join('\n') + '\n';
  const r = await call(server, 'POST', '/api/v1/drugs/bulk', { token: w.regulator.token, raw: bad, headers: { 'content-type': 'text/csv' } });
  assert.ok(isProblem(r, 422), r.text);
  const lines = r.body.errors.map((e) => e.field);
  assert.ok(lines.includes('line 3') && lines.includes('line 5'), JSON.stringify(r.body.errors));
  assert.ok(!lines.includes('line 2') && !lines.includes('line 4'));
  assert.match(r.body.errors.find((e) => e.field === 'line 3').message, /price_egp/);
  assert.match(r.body.errors.find((e) => e.field === 'line 5').message, /form/);
  assert.deepEqual((await search(`Bulkamol ${t}`)).body.items, [], 'nothing was loaded');

  const ok = [HEADER, good(1), good(3)].join('\n') + '\n';
  const r2 = await call(server, 'POST', '/api/v1/drugs/bulk', { token: w.regulator.token, raw: ok, headers: { 'content-type': 'text/csv' } });
  assert.equal(r2.status, 200, r2.text);
  assert.deepEqual(r2.body, { rows: 2, inserted: 2, updated: 0 });
  assert.equal((await search(`Bulkamol ${t}`)).body.items.length, 2);
  // The JSON form, updating one of them.
  const r3 = await call(server, 'POST', '/api/v1/drugs/bulk', { token: w.regulator.token,
    body: { csv: [HEADER, good(1).replace('12.50', '13.00')].join('\n') } });
  assert.equal(r3.status, 200, r3.text);
  assert.deepEqual(r3.body, { rows: 1, inserted: 0, updated: 1 });
  const s = await search(`Bulkamol ${t} 1`);
  assert.deepEqual(s.body.items[0].price, { amount: '13.00', currency: 'EGP' });
});

test('directory changes are announced in the events feed as drug.updated', async () => {
  const d = await createProduct();
  await call(server, 'PATCH', `/api/v1/drugs/${d.id}`, { token: w.regulator.token, body: { status: 'partially_disabled' } });
  const feed = await call(server, 'GET', '/api/v1/events?after=0&limit=500', { token: w.admin.token });
  assert.equal(feed.status, 200, feed.text);
  const mine = feed.body.items.filter((e) => e.type === 'drug.updated' && e.data.drug_id === d.id);
  assert.deepEqual(mine.map((e) => [e.data.change, e.data.status]), [['created', 'active'], ['status', 'partially_disabled']]);
});

// ---- recalls --------------------------------------------------------------------------------


// Rows written straight into the database, for when the prescribing endpoints are not there.
function sql(script) {
  if (backend === 'postgres') execFileSync('psql', [server.databaseUrl, '-qc', script], { stdio: 'pipe' });
  else execFileSync('sqlite3', [server.databaseUrl.replace(/^sqlite:\/\//, '')], { input: script, stdio: ['pipe', 'pipe', 'pipe'] });
}

// A dispensation of `drug` with batch `batch` at the world's pharmacy, through the API (API.md
// "Prescriptions"): patient, prescription, verify, dispense. Falls back to inserting the rows when the
// prescribing endpoints are not built yet (returns null then).
async function dispenseThroughApi(drug, batch) {
  const p = await call(server, 'POST', '/api/v1/patients', { token: w.doctor.token, body: {
    national_id: `2900101${'01'}${String(randomInt(1, 4999) * 2 + 1).padStart(4, '0')}1`, full_name: 'Recall Patient',
    allergies: [], conditions: [] } });
  assert.equal(p.status, 201, p.text);
  const probe = await call(server, 'GET', '/api/v1/prescriptions/00000000-0000-4000-8000-000000000000', { token: w.doctor.token });
  if (probe.status === 404 && /no such endpoint/i.test(probe.body?.detail || '')) {
    const now = Date.now();
    const [rx, item, ds, di] = [0, 1, 2, 3].map(() => crypto.randomUUID());
    sql(`INSERT INTO prescriptions (id, code, patient_id, prescriber_id, facility_id, status, issued_at, expires_at, qr_token, updated_at)
           VALUES ('${rx}', 'HF-T${reg()}', '${p.body.id}', '${w.doctor.id}', '${w.clinic.id}', 'active', ${now}, ${now + 86400000}, 'x', ${now});
         INSERT INTO prescription_items (id, prescription_id, position, drug_id, dose_amount, dose_unit, times_per_day, duration_days, quantity, sig_en, sig_ar, dispensed_quantity)
           VALUES ('${item}', '${rx}', 0, '${drug.id}', 1, 'tablet', 2, 3, 1, 's', 's', 1);
         INSERT INTO dispensations (id, prescription_id, pharmacist_id, pharmacy_id, dispensed_at)
           VALUES ('${ds}', '${rx}', '${w.pharmacist.id}', '${w.pharmacy.id}', ${now});
         INSERT INTO dispensation_items (id, dispensation_id, item_id, drug_id, quantity, batch_no)
           VALUES ('${di}', '${ds}', '${item}', '${drug.id}', 1, '${batch}');`);
    return null;
  }
  const rx = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body: {
    patient_id: p.body.id, facility_id: w.clinic.id, diagnosis_codes: ['R51'], items: [{ drug_id: drug.id,
      dose_amount: 1, dose_unit: 'tablet', times_per_day: 2, duration_days: 3, quantity: 1, substitution_allowed: false, repeats: 0 }] } });
  assert.equal(rx.status, 201, rx.text);
  const v = await call(server, 'POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token, body: { code: rx.body.code } });
  assert.equal(v.status, 200, v.text);
  const ds = await call(server, 'POST', `/api/v1/prescriptions/${rx.body.id}/dispensations`, { token: w.pharmacist.token,
    body: { items: [{ item_id: rx.body.items[0].id, quantity: 1, batch_no: batch }] } });
  assert.equal(ds.status, 201, ds.text);
  return rx.body;
}

test('recall flow: issued by a regulator, listed for pharmacists, affected pharmacies followed up', async () => {
  const drug = await createProduct();
  const batch = `LOT-${reg()}`;
  const rx = await dispenseThroughApi(drug, batch.toLowerCase());  // batch numbers compare case-insensitively

  const r = await call(server, 'POST', '/api/v1/recalls', { token: w.regulator.token, body: {
    drug_ids: [drug.id], batch_numbers: [batch], class: 1, reason: 'Contamination found in stability testing' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.status, 'active');
  assert.equal(r.body.class, 1);
  assert.deepEqual(r.body.drug_ids, [drug.id]);
  assert.deepEqual(r.body.batch_numbers, [batch]);
  const id = r.body.id;

  // Pharmacists (and doctors) see active recalls, active first.
  const list = await call(server, 'GET', '/api/v1/recalls', { token: w.pharmacist.token });
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.items[0].status, 'active');
  const listed = list.body.items.find((x) => x.id === id);
  assert.ok(listed);
  assert.equal(listed.products[0].trade_name, drug.trade_name);
  assert.equal(listed.affected_dispensings, undefined);
  const asDoctor = await call(server, 'GET', `/api/v1/recalls/${id}`, { token: w.doctor.token });
  assert.equal(asDoctor.status, 200);
  assert.equal(asDoctor.body.affected_dispensings, undefined, 'only regulators see who dispensed');

  // The regulator sees every pharmacy that dispensed the batch in the look-back window.
  const g = await call(server, 'GET', `/api/v1/recalls/${id}`, { token: w.regulator.token });
  assert.equal(g.status, 200, g.text);
  assert.equal(g.body.lookback_days, 90);
  assert.equal(g.body.affected_dispensings.length, 1, g.text);
  const a = g.body.affected_dispensings[0];
  assert.equal(a.facility_id, w.pharmacy.id);
  assert.equal(a.name, w.pharmacy.name);
  assert.equal(a.count, 1);
  assert.equal(a.governorate.code, '02');
  assert.ok(Math.abs(Date.parse(a.last_dispensed_at) - Date.now()) < 120000);

  if (rx) {
    // Verifying a prescription with the recalled product shows the recall (once prescribing calls
    // service::recalls_for_drugs), and dispensing the recalled batch is refused with 409.
    const v = await call(server, 'POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token, body: { code: rx.code } });
    assert.equal(v.status, 200, v.text);
    assert.ok(Array.isArray(v.body.recalls));
  }

  const forbidden = await call(server, 'POST', '/api/v1/recalls', { token: w.pharmacist.token, body: {
    drug_ids: [drug.id], class: 2, reason: 'x' } });
  assert.ok(isProblem(forbidden, 403));
  const patientList = await call(server, 'GET', '/api/v1/recalls', { token: w.admin.token });
  assert.ok(isProblem(patientList, 403));
});

test('a recall without batch numbers recalls the whole product; bad recalls are refused', async () => {
  const drug = await createProduct();
  const r = await call(server, 'POST', '/api/v1/recalls', { token: w.regulator.token, body: {
    drug_ids: [drug.id], class: 2, reason: 'Registration withdrawn' } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.batch_numbers, []);
  assert.equal(r.body.products[0].whole_product, true);
  const g = await call(server, 'GET', `/api/v1/drugs/${drug.id}`, { token: w.doctor.token });
  assert.equal(g.body.status, 'recalled');
  const s = await search(drug.trade_name);
  assert.equal(s.body.items[0].status, 'recalled');

  const unknown = await call(server, 'POST', '/api/v1/recalls', { token: w.regulator.token, body: {
    drug_ids: ['00000000-0000-4000-8000-000000000000'], class: 1, reason: 'x' } });
  assert.ok(isProblem(unknown, 422), unknown.text);
  assert.equal(unknown.body.errors[0].field, 'drug_ids[0]');
  const cls = await call(server, 'POST', '/api/v1/recalls', { token: w.regulator.token, body: {
    drug_ids: [drug.id], class: 4, reason: 'x' } });
  assert.ok(isProblem(cls, 400), cls.text);
  const none = await call(server, 'GET', '/api/v1/recalls/00000000-0000-4000-8000-000000000000', { token: w.pharmacist.token });
  assert.ok(isProblem(none, 404));
});

// ---- adverse events -------------------------------------------------------------------------

const report = (token, extra = {}) => call(server, 'POST', '/api/v1/adverse-events', { token, body: {
  drug_id: extra.drug_id, patient_age_band: '45-64', patient_sex: 'female', reaction: 'Urticaria after the second dose',
  seriousness: 'non_serious', outcome: 'recovered', narrative: 'Rash resolved after stopping.', ...extra } });

test('adverse-event reports: doctors and pharmacists report, without patient identity', async () => {
  const drug = await createProduct();
  const r = await report(w.pharmacist.token, { drug_id: drug.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.status, 'received');
  assert.equal(r.body.trade_name, drug.trade_name);
  const d = await report(w.doctor.token, { drug_id: drug.id, seriousness: 'serious', outcome: 'recovering' });
  assert.equal(d.status, 201, d.text);

  for (const field of ['patient_name', 'national_id', 'full_name', 'phone']) {
    const bad = await report(w.doctor.token, { drug_id: drug.id, [field]: 'x' });
    assert.ok(isProblem(bad, 422), bad.text);
    assert.equal(bad.body.errors[0].field, field);
  }
  const nid = await report(w.doctor.token, { drug_id: drug.id, narrative: 'Patient 29001010112345 had a rash' });
  assert.ok(isProblem(nid, 422));
  const band = await report(w.doctor.token, { drug_id: drug.id, patient_age_band: '30-40', seriousness: 'mild' });
  assert.ok(isProblem(band, 422));
  assert.deepEqual(band.body.errors.map((e) => e.field).sort(), ['patient_age_band', 'seriousness']);
  const unknownDrug = await report(w.doctor.token, { drug_id: '00000000-0000-4000-8000-000000000000' });
  assert.ok(isProblem(unknownDrug, 422));
  const byRegulator = await report(w.regulator.token, { drug_id: drug.id });
  assert.ok(isProblem(byRegulator, 403));
  const listByDoctor = await call(server, 'GET', '/api/v1/adverse-events', { token: w.doctor.token });
  assert.ok(isProblem(listByDoctor, 403));
});

test('adverse-event triage: received -> under_review -> closed, counts by product and seriousness', async () => {
  const drug = await createProduct();
  const a = (await report(w.pharmacist.token, { drug_id: drug.id })).body;
  await report(w.doctor.token, { drug_id: drug.id, seriousness: 'serious', outcome: 'fatal' });
  await report(w.doctor.token, { drug_id: drug.id, seriousness: 'serious' });

  const list = await call(server, 'GET', `/api/v1/adverse-events?drug_id=${drug.id}`, { token: w.regulator.token });
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.items.length, 3);
  assert.ok(list.body.items.every((x) => x.national_id === undefined && x.patient_name === undefined));
  assert.deepEqual(list.body.summary.by_product, [{ drug_id: drug.id, trade_name: drug.trade_name, serious: 2, non_serious: 1, total: 3 }]);
  assert.deepEqual(list.body.summary.by_seriousness, { serious: 2, non_serious: 1 });
  const summary = await call(server, 'GET', `/api/v1/adverse-events/summary?drug_id=${drug.id}`, { token: w.regulator.token });
  assert.equal(summary.status, 200);
  assert.equal(summary.body.total, 3);

  const skip = await call(server, 'PATCH', `/api/v1/adverse-events/${a.id}`, { token: w.regulator.token, body: { status: 'closed' } });
  assert.ok(isProblem(skip, 409), skip.text);
  assert.match(skip.body.detail, /received/);
  const review = await call(server, 'PATCH', `/api/v1/adverse-events/${a.id}`, { token: w.regulator.token, body: { status: 'under_review' } });
  assert.equal(review.status, 200, review.text);
  assert.equal(review.body.status, 'under_review');
  const filtered = await call(server, 'GET', `/api/v1/adverse-events?status=under_review&drug_id=${drug.id}`, { token: w.regulator.token });
  assert.deepEqual(filtered.body.items.map((x) => x.id), [a.id]);
  const close = await call(server, 'PATCH', `/api/v1/adverse-events/${a.id}`, { token: w.regulator.token, body: { status: 'closed' } });
  assert.equal(close.status, 200);
  const reopen = await call(server, 'PATCH', `/api/v1/adverse-events/${a.id}`, { token: w.regulator.token, body: { status: 'under_review' } });
  assert.ok(isProblem(reopen, 409));
  assert.match(reopen.body.detail, /closed/);
  const byPharmacist = await call(server, 'PATCH', `/api/v1/adverse-events/${a.id}`, { token: w.pharmacist.token, body: { status: 'closed' } });
  assert.ok(isProblem(byPharmacist, 403));
  const none = await call(server, 'PATCH', '/api/v1/adverse-events/00000000-0000-4000-8000-000000000000', { token: w.regulator.token, body: { status: 'under_review' } });
  assert.ok(isProblem(none, 404));
});

test('a second server copy on the same database sees directory changes within about a second', async () => {
  const other = await startServer({ databaseUrl: server.databaseUrl, dataDir: server.dataDir, env: { CATALOGUE_REFRESH_MS: '300' } });
  try {
    const d = await createProduct();
    const seen = async (pred) => {
      const end = Date.now() + 5000;
      while (Date.now() < end) {
        const r = await call(other, 'GET', `/api/v1/drugs/${d.id}`, { token: w.regulator.token });
        if (pred(r)) return r;
        await new Promise((res) => setTimeout(res, 100));
      }
      assert.fail('the other copy did not follow');
    };
    const started = Date.now();
    await seen((r) => r.status === 200);
    const p = await call(server, 'PATCH', `/api/v1/drugs/${d.id}`, { token: w.regulator.token, body: { status: 'permanently_disabled' } });
    assert.equal(p.status, 200);
    await seen((r) => r.body?.status === 'permanently_disabled');
    assert.ok(Date.now() - started < 5000);
    const s = await call(other, 'GET', `/api/v1/drugs?q=${encodeURIComponent(d.trade_name)}`, { token: w.doctor.token });
    assert.deepEqual(s.body.items, [], 'hidden from prescribers on the other copy too');
  } finally {
    await other.stop();
  }
});

// The prescribing side of the directory and recalls (the prescribing service calls
// service::check_prescribable, service::recalls_for_drugs and service::check_batch_not_recalled).
test('a product that is not active cannot be newly prescribed; recalled batches are refused at dispensing', async (t) => {
  const probe = await call(server, 'GET', '/api/v1/prescriptions/00000000-0000-4000-8000-000000000000', { token: w.doctor.token });
  if (probe.status === 404 && /no such endpoint/i.test(probe.body?.detail || '')) return t.skip('prescribing endpoints not built');
  const drug = await createProduct();
  const patient = await call(server, 'POST', '/api/v1/patients', { token: w.doctor.token, body: {
    national_id: `2900101${'01'}${String(randomInt(1, 4999) * 2 + 1).padStart(4, '0')}1`, full_name: 'Directory Patient',
    allergies: [], conditions: [] } });
  const body = () => ({ patient_id: patient.body.id, facility_id: w.clinic.id, diagnosis_codes: ['R51'], items: [{ drug_id: drug.id,
    dose_amount: 1, dose_unit: 'tablet', times_per_day: 2, duration_days: 3, quantity: 2, substitution_allowed: false, repeats: 0 }] });
  const rx = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body: body() });
  assert.equal(rx.status, 201, rx.text);

  await call(server, 'PATCH', `/api/v1/drugs/${drug.id}`, { token: w.regulator.token, body: { status: 'partially_disabled' } });
  const refused = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body: body() });
  assert.ok(isProblem(refused, 422), refused.text);
  assert.match(refused.text, /partially_disabled|partially disabled/, 'names the status');
  assert.ok(refused.text.includes(drug.trade_name) || refused.body.errors?.some((e) => e.field.includes('drug_id')), 'names the product');
  await call(server, 'PATCH', `/api/v1/drugs/${drug.id}`, { token: w.regulator.token, body: { status: 'active' } });

  const batch = `LOT-${reg()}`;
  const recall = await call(server, 'POST', '/api/v1/recalls', { token: w.regulator.token, body: {
    drug_ids: [drug.id], batch_numbers: [batch], class: 2, reason: 'Wrong label' } });
  assert.equal(recall.status, 201);
  const v = await call(server, 'POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token, body: { code: rx.body.code } });
  assert.equal(v.status, 200, v.text);
  if (!v.body.recalls?.length) return t.skip('verify does not list recalls yet (service::recalls_for_drugs)');
  assert.ok(v.body.recalls.some((r) => r.recall_id === recall.body.id), v.text);
  const item = rx.body.items[0].id;
  const bad = await call(server, 'POST', `/api/v1/prescriptions/${rx.body.id}/dispensations`, { token: w.pharmacist.token,
    body: { items: [{ item_id: item, quantity: 1, batch_no: batch.toLowerCase() }] } });
  assert.ok(isProblem(bad, 409), bad.text);
  assert.match(bad.body.detail, new RegExp(recall.body.id));
  const good = await call(server, 'POST', `/api/v1/prescriptions/${rx.body.id}/dispensations`, { token: w.pharmacist.token,
    body: { items: [{ item_id: item, quantity: 1, batch_no: 'OTHER-LOT' }] } });
  assert.equal(good.status, 201, good.text);
});

// JSON bodies: nothing in a body is ignored silently. A key given twice in one object (at any
// depth) and a key the endpoint does not read both answer 400 problem+json whose errors name the
// field, on every JSON endpoint family, nested objects included. A FHIR transaction Bundle with a
// duplicated property is refused the same way (unknown FHIR elements follow FHIR's own rules).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call, isProblem } from './lib/harness.mjs';
import { makeWorld, unique, PASSWORD } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe, nationalId } from './lib/clinic.mjs';

let server, w, panadol, patientA, patientB, rx;
before(async () => {
  server = await startServer();
  w = await makeWorld(server);
  panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
  patientA = await registerPatient(server, w.doctor.token);
  patientB = await registerPatient(server, w.doctor.token, { national_id: nationalId(), full_name: 'Omar Adel' });
  rx = await prescribe(server, w, patientA, [item(panadol)]);
});
after(async () => { await server?.stop(); });

// The object's JSON with `key` given once more, last, with another value (Boost.JSON kept the last).
const dupLast = (obj, key, value) =>
  JSON.stringify(obj).slice(0, -1) + `,${JSON.stringify(key)}:${JSON.stringify(value)}}`;
// The body's JSON with one member's value replaced by raw JSON text.
const withRaw = (obj, key, rawText) => JSON.stringify({ ...obj, [key]: '\u0000RAW' }).replace('"\\u0000RAW"', rawText);

const send = (method, path, { token, raw, body }) => call(server, method, path, raw !== undefined
  ? { token, raw, headers: { 'content-type': 'application/json' } } : { token, body });

// 400 problem+json with an error for each of `fields`.
function refused(r, fields, what) {
  assert.ok(isProblem(r, 400), `${what}: ${r.status} ${r.text}`);
  const named = (r.body.errors || []).map((e) => e.field);
  for (const f of fields) assert.ok(named.includes(f), `${what}: ${f} not named in ${r.text}`);
}

const rxBody = (extra = {}) => ({ patient_id: patientA.id, facility_id: w.clinic.id, diagnosis_codes: ['J06.9'],
  items: [item(panadol)], ...extra });

async function prescriptionsOf(patient) {
  const r = await call(server, 'GET', `/api/v1/patients/${patient.id}/prescriptions?reason=check`, { token: w.doctor.token });
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

test('prescription create: patient_id twice is refused, and no prescription is written for either patient', async () => {
  const beforeA = (await prescriptionsOf(patientA)).length;
  const r = await send('POST', '/api/v1/prescriptions', { token: w.doctor.token, raw: dupLast(rxBody(), 'patient_id', patientB.id) });
  refused(r, ['patient_id'], 'patient_id twice');
  assert.match(r.body.detail, /patient_id/);
  assert.equal((await prescriptionsOf(patientB)).length, 0, 'nothing for the second patient');
  assert.equal((await prescriptionsOf(patientA)).length, beforeA, 'nothing for the first');
});

test('prescription create: fields the server sets (status, prescriber_id, signed, ...) are refused, not ignored', async () => {
  for (const [key, value] of [['status', 'dispensed'], ['prescriber_id', w.pharmacist.id], ['signed', true],
    ['id', '00000000-0000-4000-8000-000000000000'], ['code', 'HF-AAAA-BBBB']]) {
    const r = await send('POST', '/api/v1/prescriptions', { token: w.doctor.token, body: rxBody({ [key]: value }) });
    refused(r, [key], key);
    assert.match(r.body.detail, new RegExp(key));
  }
  // Several at once: each one named.
  const r = await send('POST', '/api/v1/prescriptions', { token: w.doctor.token,
    body: rxBody({ status: 'active', prescriber_id: w.doctor.id, signed: true }) });
  refused(r, ['status', 'prescriber_id', 'signed'], 'three unknown');
});

test('prescription items and overrides: an unknown or duplicated nested key is refused with its path', async () => {
  const unknownItem = await send('POST', '/api/v1/prescriptions', { token: w.doctor.token,
    body: rxBody({ items: [item(panadol), item(panadol, { price: 0 })] }) });
  refused(unknownItem, ['items[1].price'], 'unknown item key');
  const dupItem = await send('POST', '/api/v1/prescriptions', { token: w.doctor.token,
    raw: withRaw(rxBody(), 'items', `[${dupLast(item(panadol), 'quantity', 90)}]`) });
  refused(dupItem, ['items[0].quantity'], 'duplicate item key');
  const override = await send('POST', '/api/v1/prescriptions', { token: w.doctor.token,
    body: rxBody({ overrides: [{ alert_kind: 'duplicate_therapy', reason: 'known', approved_by: 'me' }] }) });
  refused(override, ['overrides[0].approved_by'], 'unknown override key');
  // The check endpoint takes no overrides or TOTP: sending them is an error, not a no-op.
  const check = await send('POST', '/api/v1/prescriptions/check', { token: w.doctor.token,
    body: rxBody({ overrides: [], totp: '123456' }) });
  refused(check, ['overrides', 'totp'], 'check with overrides');
  const checkDup = await send('POST', '/api/v1/prescriptions/check', { token: w.doctor.token,
    raw: dupLast(rxBody(), 'facility_id', w.pharmacy.id) });
  refused(checkDup, ['facility_id'], 'check with facility_id twice');
});

test('prescription actions: cancel, approve, reject, verify and dispense refuse unknown and duplicate keys', async () => {
  refused(await send('POST', `/api/v1/prescriptions/${rx.id}/cancel`, { token: w.doctor.token,
    body: { reason: 'wrong drug', notify: false } }), ['notify'], 'cancel');
  refused(await send('POST', `/api/v1/prescriptions/${rx.id}/cancel`, { token: w.doctor.token,
    raw: dupLast({ reason: 'wrong drug' }, 'reason', 'other') }), ['reason'], 'cancel twice');
  refused(await send('POST', `/api/v1/prescriptions/${rx.id}/approve`, { token: w.regulator.token,
    body: { approved: true } }), ['approved'], 'approve');
  refused(await send('POST', `/api/v1/prescriptions/${rx.id}/reject`, { token: w.regulator.token,
    body: { reason: 'no', status: 'rejected' } }), ['status'], 'reject');
  refused(await send('POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token,
    raw: dupLast({ code: rx.code }, 'code', 'HF-AAAA-BBBB') }), ['code'], 'verify twice');
  refused(await send('POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token,
    body: { code: rx.code, pharmacy_id: w.pharmacy.id } }), ['pharmacy_id'], 'verify');
  const line = { item_id: rx.items[0].id, quantity: 1 };
  refused(await send('POST', `/api/v1/prescriptions/${rx.id}/dispensations`, { token: w.pharmacist.token,
    body: { items: [line], pharmacist_id: w.doctor.id } }), ['pharmacist_id'], 'dispense');
  refused(await send('POST', `/api/v1/prescriptions/${rx.id}/dispensations`, { token: w.pharmacist.token,
    body: { items: [{ ...line, price: 1 }] } }), ['items[0].price'], 'dispense line');
  refused(await send('POST', `/api/v1/prescriptions/${rx.id}/dispensations`, { token: w.pharmacist.token,
    raw: withRaw({}, 'items', `[${dupLast(line, 'quantity', 50)}]`) }), ['items[0].quantity'], 'dispense line twice');
  // Nothing was cancelled or dispensed along the way.
  const now = await call(server, 'GET', `/api/v1/prescriptions/${rx.id}`, { token: w.doctor.token });
  assert.equal(now.body.status, 'active');
  assert.equal(now.body.items[0].remaining, rx.items[0].remaining);
});

test('identity: login, refresh, logout, TOTP and staff administration refuse unknown and duplicate keys', async () => {
  const doctorName = w.doctor.username;
  refused(await send('POST', '/api/v1/auth/login', { raw: dupLast({ username: 'nobody', password: PASSWORD }, 'username', doctorName) }),
    ['username'], 'login twice');
  refused(await send('POST', '/api/v1/auth/login', { body: { username: doctorName, password: PASSWORD, role: 'admin' } }),
    ['role'], 'login');
  refused(await send('POST', '/api/v1/auth/refresh', { body: { refresh_token: w.doctor.refresh, user_id: w.admin.id } }),
    ['user_id'], 'refresh');
  refused(await send('POST', '/api/v1/auth/logout', { token: w.regulator.token, body: { refresh_token: 'x' } }),
    ['refresh_token'], 'logout');
  refused(await send('POST', '/api/v1/auth/totp/enroll', { token: w.regulator.token, body: { secret: 'AAAA' } }),
    ['secret'], 'totp enroll');
  refused(await send('POST', '/api/v1/auth/totp/confirm', { token: w.regulator.token, body: { totp: '123456', force: true } }),
    ['force'], 'totp confirm');
  // An empty object is no field at all: logout still works with {}.
  const extra = await call(server, 'POST', '/api/v1/auth/login', { body: { username: w.regulator.username, password: PASSWORD } });
  assert.equal((await send('POST', '/api/v1/auth/logout', { token: extra.body.access_token, body: {} })).status, 204);

  const facility = { type: 'clinic', name: unique('Clinic '), name_ar: 'عيادة', license_no: unique('LIC-'),
    governorate: '01', address: '1 Nile St' };
  refused(await send('POST', '/api/v1/facilities', { token: w.admin.token, body: { ...facility, id: 'mine' } }),
    ['id'], 'facility');
  refused(await send('POST', '/api/v1/facilities', { token: w.admin.token, raw: dupLast(facility, 'type', 'pharmacy') }),
    ['type'], 'facility twice');
  const user = { role: 'doctor', username: unique('doc'), password: PASSWORD, full_name: 'Dr Test', facility_ids: [w.clinic.id] };
  refused(await send('POST', '/api/v1/users', { token: w.admin.token, body: { ...user, status: 'active', totp_secret: 'X' } }),
    ['status', 'totp_secret'], 'user');
  refused(await send('POST', '/api/v1/users', { token: w.admin.token, raw: dupLast(user, 'role', 'admin') }),
    ['role'], 'user role twice');
  refused(await send('PATCH', `/api/v1/users/${w.doctor.id}`, { token: w.admin.token,
    raw: dupLast({ status: 'suspended' }, 'status', 'active') }), ['status'], 'user status twice');
  const key = { name: 'HIS', facility_id: w.clinic.id, permissions: ['drugs:read'] };
  refused(await send('POST', '/api/v1/api-keys', { token: w.admin.token, body: { ...key, expires: 'never' } }),
    ['expires'], 'api key');
  refused(await send('POST', '/api/v1/api-keys', { token: w.admin.token, raw: dupLast(key, 'facility_id', w.pharmacy.id) }),
    ['facility_id'], 'api key twice');
});

test('patients: unknown and duplicate keys are refused', async () => {
  const p = { national_id: nationalId(), full_name: 'Sara Ali' };
  refused(await send('POST', '/api/v1/patients', { token: w.doctor.token, body: { ...p, verified: true } }),
    ['verified'], 'patient');
  refused(await send('POST', '/api/v1/patients', { token: w.doctor.token, raw: dupLast(p, 'national_id', nationalId()) }),
    ['national_id'], 'patient twice');
  // The governorate may be a number (read as such): still a known field.
  const ok = await send('POST', '/api/v1/patients', { token: w.doctor.token, body: { ...p, governorate: 1 } });
  assert.equal(ok.status, 201, ok.text);
});

test('regulation: drugs (nested price and ingredients), bulk, recalls, adverse events', async () => {
  const drug = { registration_no: unique('EG-T'), trade_name: unique('Testdrug '), trade_name_ar: 'دواء', form: 'tablet',
    route: 'oral', pack_size: 10, pack_unit: 'tablet', atc_code: 'N02BE01',
    ingredients: [{ name: 'paracetamol', strength: 500, unit: 'mg' }], price: { amount: '10.00', currency: 'EGP' } };
  refused(await send('POST', '/api/v1/drugs', { token: w.regulator.token,
    body: { ...drug, price: { amount: '10.00', currency: 'EGP', discount: '9.00' } } }), ['price.discount'], 'drug price');
  refused(await send('POST', '/api/v1/drugs', { token: w.regulator.token,
    body: { ...drug, ingredients: [{ name: 'paracetamol', strength: 500, unit: 'mg', salt: 'x' }] } }),
  ['ingredients[0].salt'], 'drug ingredient');
  refused(await send('POST', '/api/v1/drugs', { token: w.regulator.token, raw: dupLast(drug, 'trade_name', 'Other') }),
    ['trade_name'], 'drug twice');
  refused(await send('PATCH', `/api/v1/drugs/${panadol.id}`, { token: w.regulator.token, body: { id: panadol.id, popularity: 1 } }),
    ['id'], 'drug update with id');
  refused(await send('PATCH', `/api/v1/drugs/${panadol.id}`, { token: w.regulator.token,
    raw: dupLast({ status: 'recalled' }, 'status', 'active') }), ['status'], 'drug status twice');
  refused(await send('POST', '/api/v1/drugs/bulk', { token: w.regulator.token, body: { csv: 'x', dry_run: true } }),
    ['dry_run'], 'bulk');
  const recall = { drug_ids: [panadol.id], class: 2, reason: 'contamination' };
  refused(await send('POST', '/api/v1/recalls', { token: w.regulator.token, raw: dupLast(recall, 'class', 3) }),
    ['class'], 'recall twice');
  refused(await send('POST', '/api/v1/recalls', { token: w.regulator.token, body: { ...recall, notify: false } }),
    ['notify'], 'recall');
  const report = { drug_id: panadol.id, patient_age_band: '18-44', patient_sex: 'female', reaction: 'rash',
    seriousness: 'non_serious', outcome: 'recovering' };
  refused(await send('POST', '/api/v1/adverse-events', { token: w.doctor.token, raw: dupLast(report, 'drug_id', 'other') }),
    ['drug_id'], 'adverse event twice');
  refused(await send('POST', '/api/v1/adverse-events', { token: w.doctor.token, body: { ...report, batch: 'B1' } }),
    ['batch'], 'adverse event');
  const created = await send('POST', '/api/v1/adverse-events', { token: w.doctor.token, body: report });
  assert.equal(created.status, 201, created.text);
  refused(await send('PATCH', `/api/v1/adverse-events/${created.body.id}`, { token: w.regulator.token,
    raw: dupLast({ status: 'under_review' }, 'status', 'closed') }), ['status'], 'adverse event status twice');
  // Nothing changed.
  assert.equal((await call(server, 'GET', `/api/v1/drugs/${panadol.id}`, { token: w.doctor.token })).body.status, 'active');
});

test('webhooks: a duplicated url or an unknown field is refused', async () => {
  const hook = { url: 'https://example.org/hook', event_types: ['prescription.created'], secret: 'x'.repeat(32) };
  refused(await send('POST', '/api/v1/webhooks', { token: w.admin.token, raw: dupLast(hook, 'url', 'http://127.0.0.1/') }),
    ['url'], 'webhook url twice');
  refused(await send('POST', '/api/v1/webhooks', { token: w.admin.token, raw: withRaw({ ...hook, secret: undefined }, 'secret',
    '"a","secret":"b"') }), ['secret'], 'webhook secret twice');
  refused(await send('POST', '/api/v1/webhooks', { token: w.admin.token, body: { ...hook, active: true } }),
    ['active'], 'webhook');
});

test('a duplicate deep inside any nested value is found, and its path named', async () => {
  // Arrays inside arrays, objects inside them: the path counts every element.
  const raw = withRaw(rxBody(), 'items', `[${JSON.stringify(item(panadol))},{"a":[[1,{"x":1}],{"b":{"c":1,"c":2}}]}]`);
  const r = await send('POST', '/api/v1/prescriptions', { token: w.doctor.token, raw });
  refused(r, ['items[1].a[1].b.c'], 'deep duplicate');
  // Same key in different objects is no duplicate: the body reaches the field readers.
  const fine = await send('POST', '/api/v1/prescriptions/check', { token: w.doctor.token,
    body: rxBody({ items: [item(panadol), item(panadol)] }) });
  assert.equal(fine.status, 200, fine.text);
});

test('FHIR transaction: a property given twice is refused with its FHIR path; nothing is written', async () => {
  const mr = {
    resourceType: 'MedicationRequest', status: 'active', intent: 'order',
    medicationReference: { reference: `Medication/${panadol.id}` },
    subject: { reference: `Patient/${patientA.id}` },
    requester: { reference: `Practitioner/${w.doctor.id}` },
    dosageInstruction: [{ timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd',
      boundsDuration: { value: 5, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' } } },
    doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }] }],
    dispenseRequest: { quantity: { value: 1, unit: 'pack' }, numberOfRepeatsAllowed: 0 },
    extension: [{ url: 'https://healthflow.gov.eg/fhir/StructureDefinition/prescribing-facility',
      valueReference: { reference: `Organization/${w.clinic.id}` } }],
  };
  const raw = `{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"POST","url":"MedicationRequest"},` +
    `"resource":${dupLast(mr, 'subject', { reference: `Patient/${patientB.id}` })}}]}`;
  const r = await call(server, 'POST', '/fhir/r4/Bundle', { token: w.doctor.token, raw,
    headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' } });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.resourceType, 'OperationOutcome');
  assert.ok(r.body.issue.some((i) => (i.expression || []).includes('Bundle.entry[0].resource.subject')), r.text);
  assert.equal((await prescriptionsOf(patientB)).length, 0);
});

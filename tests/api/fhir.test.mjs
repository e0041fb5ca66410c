// FHIR R4 (issue 9): every resource the server answers here is checked by an R4 validator no one
// here wrote (the npm package `fhir`, offline: structure definitions and value sets ship with it),
// and a FHIR client library (`fhir-kit-client`) drives a search with paging and the transaction.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fhirPackage from 'fhir';
import { Client } from 'fhir-kit-client';
import { startServer, call } from './lib/harness.mjs';
import { makeWorld, unique } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe, nationalId, verifyAtCounter } from './lib/clinic.mjs';

const NID = 'https://healthflow.gov.eg/fhir/NamingSystem/egyptian-national-id';
const ATC = 'http://www.whocc.no/atc';
const EXT = 'https://healthflow.gov.eg/fhir/StructureDefinition/';
const validator = new fhirPackage.Fhir();
let validated = 0;

// Terminology notes the validator gives for example bindings whose code systems it does not ship
// (ATC for Medication.code, ICD-10 for reasonCode, mime types): R4 binds these as "example", so
// another code system is conformant. Every other message fails the test, warnings included
// (e.g. "Unexpected property").
const exampleBinding = (m) => m.severity !== 'error' &&
  (/not found in value set$/.test(m.message) || /^Value set "[^"]+" could not be found\.$/.test(m.message));

// Valid with no message but the notes above; a Bundle's entries too.
function assertValid(resource, what = resource?.resourceType) {
  assert.ok(resource && resource.resourceType, `${what}: not a resource`);
  const r = validator.validate(resource);
  const messages = r.messages.filter((m) => !exampleBinding(m));
  assert.deepEqual(messages, [], `${what} ${resource.id || ''}: ${JSON.stringify(messages)}`);
  assert.equal(r.valid, true);
  validated++;
  if (resource.resourceType === 'Bundle') {
    for (const e of resource.entry || []) {
      if (e.resource) assertValid(e.resource, `${what} entry`);
      if (e.response?.outcome) assertValid(e.response.outcome, `${what} entry outcome`);
    }
  }
  return resource;
}

async function fhir(method, path, { token, key, body, headers = {} } = {}) {
  const h = { accept: 'application/fhir+json', ...headers };
  if (key) h['x-api-key'] = key;
  const r = await call(server, method, path, {
    token, headers: body ? { 'content-type': 'application/fhir+json', ...h } : h, body });
  if (r.text) {
    assert.match(r.headers.get('content-type') || '', /^application\/fhir\+json/, `${method} ${path}: ${r.text}`);
    assertValid(r.body, `${method} ${path}`);
  }
  return r;
}

function isOutcome(r, status) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body.resourceType, 'OperationOutcome', r.text);
  assert.ok(r.body.issue.length >= 1);
}

let server, w, patient, other, panadol, brufen, augmentin, prescription, key, readOnlyKey, otherKey, otherClinic;

before(async () => {
  server = await startServer();
  w = await makeWorld(server);
  panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
  brufen = await drugByName(server, w.doctor.token, 'Brufen 400 mg');
  augmentin = await drugByName(server, w.doctor.token, 'Augmentin 1 g');
  patient = await registerPatient(server, w.doctor.token);
  other = await registerPatient(server, w.doctor.token, { national_id: nationalId(), full_name: 'Omar Adel' });
  prescription = await prescribe(server, w, patient, [item(panadol), item(brufen, { quantity: 2 })]);
  const makeKey = async (facility_id, permissions) => {
    const r = await call(server, 'POST', '/api/v1/api-keys', { token: w.admin.token, body: {
      name: unique('his-'), facility_id, permissions } });
    assert.equal(r.status, 201, r.text);
    return r.body.key;
  };
  key = await makeKey(w.clinic.id, ['fhir:read', 'fhir:write']);
  readOnlyKey = await makeKey(w.clinic.id, ['fhir:read']);
  const oc = await call(server, 'POST', '/api/v1/facilities', { token: w.admin.token, body: {
    type: 'hospital', name: unique('Hospital '), name_ar: 'مستشفى', license_no: unique('LIC-'), governorate: 'Giza',
    address: '2 Nile St' } });
  assert.equal(oc.status, 201, oc.text);
  otherClinic = oc.body;
  otherKey = await makeKey(otherClinic.id, ['fhir:read', 'fhir:write']);
});

after(async () => {
  await server?.stop();
  assert.ok(validated > 20, `validated only ${validated} resources`);
});

test('metadata is a valid CapabilityStatement listing exactly what works', async () => {
  const r = await fhir('GET', '/fhir/r4/metadata');
  assert.equal(r.status, 200);
  assert.equal(r.body.fhirVersion, '4.0.1');
  const types = r.body.rest[0].resource.map((x) => x.type).sort();
  assert.deepEqual(types, ['AuditEvent', 'Medication', 'MedicationDispense', 'MedicationRequest', 'Organization',
    'Patient', 'Practitioner']);
  assert.deepEqual(r.body.rest[0].interaction.map((i) => i.code), ['transaction']);
  // Everything it lists answers (a search with each listed parameter name is accepted).
  for (const res of r.body.rest[0].resource) {
    assert.deepEqual(res.interaction.map((i) => i.code), ['read', 'search-type']);
    const s = await fhir('GET', `/fhir/r4/${res.type}?_count=1`, { token: w.doctor.token });
    if (res.type === 'Patient') isOutcome(s, 400);  // Patient needs identifier or _id
    else assert.equal(s.status, 200, `${res.type}: ${s.text}`);
  }
});

test('errors are OperationOutcomes: 401, 403, 404, 400, 415', async () => {
  isOutcome(await fhir('GET', '/fhir/r4/Patient?identifier=x'), 401);
  isOutcome(await fhir('GET', '/fhir/r4/Patient?identifier=x', { key: 'hfk_not-a-key' }), 401);
  isOutcome(await fhir('GET', '/fhir/r4/Medication', { token: w.pharmacist.token }), 403);
  isOutcome(await fhir('GET', '/fhir/r4/Medication', { token: w.regulator.token }), 403);
  const noWrite = await fhir('POST', '/fhir/r4/Bundle', { key: readOnlyKey, body: { resourceType: 'Bundle', type: 'transaction' } });
  isOutcome(noWrite, 403);
  isOutcome(await fhir('GET', '/fhir/r4/Patient/00000000-0000-4000-8000-000000000000', { token: w.doctor.token }), 404);
  isOutcome(await fhir('GET', '/fhir/r4/Observation', { token: w.doctor.token }), 404);
  isOutcome(await fhir('DELETE', '/fhir/r4/Patient/x', { token: w.doctor.token }), 404);
  isOutcome(await fhir('GET', '/fhir/r4/Medication?name=x', { token: w.doctor.token }), 400);
  isOutcome(await fhir('GET', '/fhir/r4/Medication?_count=0', { token: w.doctor.token }), 400);
  const text = await call(server, 'POST', '/fhir/r4/Bundle', { token: w.doctor.token, raw: 'x',
    headers: { 'content-type': 'text/plain' } });
  isOutcome(text, 415);
  const bad = await call(server, 'POST', '/fhir/r4/Bundle', { token: w.doctor.token, raw: '{not json',
    headers: { 'content-type': 'application/fhir+json' } });
  isOutcome(bad, 400);
});

test('Patient: national ID identifier, search by identifier, reads audited', async () => {
  const s = await fhir('GET', `/fhir/r4/Patient?identifier=${encodeURIComponent(NID + '|' + patient.national_id)}`,
    { token: w.doctor.token });
  assert.equal(s.status, 200);
  assert.equal(s.body.type, 'searchset');
  assert.equal(s.body.entry.length, 1);
  const p = s.body.entry[0].resource;
  assert.equal(p.id, patient.id);
  assert.deepEqual(p.identifier[0], { use: 'official', system: NID, value: patient.national_id });
  assert.equal(p.birthDate, patient.birth_date);
  assert.equal(p.gender, patient.sex);
  assert.ok(p.name.some((n) => n.text === 'منى حسن'), 'Arabic name round-trips');
  const read = await fhir('GET', `/fhir/r4/Patient/${patient.id}`, { token: w.doctor.token });
  assert.equal(read.status, 200);
  const log = await call(server, 'GET', `/api/v1/audit?patient_id=${patient.id}&action=patient.read`, { token: w.admin.token });
  assert.equal(log.status, 200, log.text);
  assert.ok(log.body.items.filter((e) => e.reason === 'FHIR API').length >= 2, log.text);
  // A key sees only patients its facility prescribed for: patient yes, other no.
  assert.equal((await fhir('GET', `/fhir/r4/Patient/${patient.id}`, { key })).status, 200);
  isOutcome(await fhir('GET', `/fhir/r4/Patient/${other.id}`, { key }), 404);
  const none = await fhir('GET', `/fhir/r4/Patient?identifier=${other.national_id}`, { key });
  assert.equal(none.body.entry.length, 0);
  isOutcome(await fhir('GET', `/fhir/r4/Patient/${patient.id}`, { key: otherKey }), 404);
});

test('Practitioner and Organization: licences as identifiers, keys see their facility only', async () => {
  const d = await fhir('GET', `/fhir/r4/Practitioner/${w.doctor.id}`, { token: w.doctor.token });
  assert.equal(d.status, 200);
  assert.equal(d.body.identifier[0].system, 'https://healthflow.gov.eg/fhir/NamingSystem/professional-licence');
  const lic = d.body.identifier[0].value;
  const s = await fhir('GET', `/fhir/r4/Practitioner?identifier=${encodeURIComponent(lic)}`, { key });
  assert.deepEqual(s.body.entry.map((e) => e.resource.id), [w.doctor.id]);
  assert.equal((await fhir('GET', `/fhir/r4/Practitioner/${w.pharmacist.id}`, { token: w.doctor.token })).status, 200);
  isOutcome(await fhir('GET', `/fhir/r4/Practitioner/${w.pharmacist.id}`, { key }), 404);  // not this clinic's
  isOutcome(await fhir('GET', `/fhir/r4/Practitioner/${w.regulator.id}`, { token: w.doctor.token }), 404);
  const o = await fhir('GET', `/fhir/r4/Organization/${w.clinic.id}`, { key });
  assert.equal(o.status, 200);
  assert.equal(o.body.name, w.clinic.name);
  isOutcome(await fhir('GET', `/fhir/r4/Organization/${w.pharmacy.id}`, { key }), 404);
  const all = await fhir('GET', '/fhir/r4/Organization', { key });
  assert.deepEqual(all.body.entry.map((e) => e.resource.id), [w.clinic.id]);
});

test('Medication: the catalogue coded with ATC', async () => {
  const m = await fhir('GET', `/fhir/r4/Medication/${panadol.id}`, { key });
  assert.equal(m.status, 200);
  const atc = m.body.code.coding.find((c) => c.system === ATC);
  assert.equal(atc.code, panadol.atc_code);
  assert.equal(m.body.code.text, 'Panadol 500 mg');
  const s = await fhir('GET', `/fhir/r4/Medication?code=${encodeURIComponent(ATC + '|' + panadol.atc_code)}&_count=100`,
    { token: w.doctor.token });
  assert.ok(s.body.entry.some((e) => e.resource.id === panadol.id));
  assert.ok(s.body.entry.every((e) => e.resource.code.coding[0].code === panadol.atc_code));
});

test('MedicationRequest: one per item, grouped by the prescription code; search by patient, status, authoredon', async () => {
  const s = await fhir('GET', `/fhir/r4/MedicationRequest?patient=Patient/${patient.id}`, { token: w.doctor.token });
  assert.equal(s.status, 200);
  assert.equal(s.body.entry.length, 2);
  for (const e of s.body.entry) {
    assert.equal(e.resource.groupIdentifier.value, prescription.code);
    assert.equal(e.resource.status, 'active');
    assert.equal(e.resource.subject.reference, `Patient/${patient.id}`);
  }
  assert.deepEqual(s.body.entry.map((e) => e.resource.id).sort(), prescription.items.map((i) => i.id).sort());
  const brufenReq = s.body.entry.find((e) => e.resource.medicationReference.reference === `Medication/${brufen.id}`);
  assert.equal(brufenReq.resource.dispenseRequest.quantity.value, 2);
  assert.equal(brufenReq.resource.dosageInstruction[0].timing.repeat.frequency, 2);
  const today = prescription.issued_at.slice(0, 10);
  const byDate = await fhir('GET', `/fhir/r4/MedicationRequest?patient=${patient.id}&authoredon=ge${today}&status=active`,
    { key });
  assert.equal(byDate.body.entry.length, 2);
  const none = await fhir('GET', `/fhir/r4/MedicationRequest?patient=${patient.id}&authoredon=lt${today}`, { key });
  assert.equal(none.body.entry.length, 0);
  const cancelled = await fhir('GET', `/fhir/r4/MedicationRequest?patient=${patient.id}&status=cancelled`, { key });
  assert.equal(cancelled.body.entry.length, 0);
  // Another facility's key sees none of it; a read by id answers 404.
  const foreign = await fhir('GET', `/fhir/r4/MedicationRequest?patient=${patient.id}`, { key: otherKey });
  assert.equal(foreign.body.entry.length, 0);
  isOutcome(await fhir('GET', `/fhir/r4/MedicationRequest/${prescription.items[0].id}`, { key: otherKey }), 404);
  const one = await fhir('GET', `/fhir/r4/MedicationRequest/${prescription.items[0].id}`, { key });
  assert.equal(one.status, 200);
  // Paging: _count=1 gives a next link that the next page follows.
  const p1 = await fhir('GET', `/fhir/r4/MedicationRequest?patient=${patient.id}&_count=1`, { key });
  const next = p1.body.link.find((l) => l.relation === 'next');
  assert.ok(next, JSON.stringify(p1.body.link));
  assert.ok(p1.body.link.find((l) => l.relation === 'self'));
  const p2 = await fhir('GET', new URL(next.url).pathname + new URL(next.url).search, { key });
  assert.equal(p2.body.entry.length, 1);
  assert.notEqual(p2.body.entry[0].resource.id, p1.body.entry[0].resource.id);
  assert.equal(p2.body.link.find((l) => l.relation === 'next'), undefined);
  // Searching a patient's prescriptions is recorded like GET /patients/{id}/prescriptions.
  const log = await call(server, 'GET', `/api/v1/audit?patient_id=${patient.id}&action=patient.history`, { token: w.admin.token });
  assert.ok(log.body.items.length >= 1, log.text);
});

test('MedicationDispense after a dispensing; AuditEvent of the caller', async () => {
  await verifyAtCounter(server, w.pharmacist.token, prescription);
  const d = await call(server, 'POST', `/api/v1/prescriptions/${prescription.id}/dispensations`, { token: w.pharmacist.token,
    body: { items: [{ item_id: prescription.items[0].id, quantity: 1, batch_no: 'B-7' }] } });
  assert.equal(d.status, 201, d.text);
  const s = await fhir('GET', `/fhir/r4/MedicationDispense?patient=${patient.id}`, { key });
  assert.equal(s.body.entry.length, 1);
  const md = s.body.entry[0].resource;
  assert.equal(md.authorizingPrescription[0].reference, `MedicationRequest/${prescription.items[0].id}`);
  assert.equal(md.performer[0].actor.reference, `Practitioner/${w.pharmacist.id}`);
  assert.equal(md.quantity.value, 1);
  assert.equal((await fhir('GET', `/fhir/r4/MedicationDispense/${md.id}`, { token: w.doctor.token })).status, 200);
  const status = await fhir('GET', `/fhir/r4/MedicationRequest/${prescription.items[0].id}`, { key });
  assert.equal(status.body.status, 'active');  // partially dispensed is still active
  const a = await fhir('GET', `/fhir/r4/AuditEvent?patient=${patient.id}`, { token: w.doctor.token });
  assert.ok(a.body.entry.length >= 1);
  assert.ok(a.body.entry.every((e) => e.resource.agent[0].who.reference === `Practitioner/${w.doctor.id}`));
  const mine = await fhir('GET', '/fhir/r4/AuditEvent?_count=5', { key });
  assert.ok(mine.body.entry.length >= 1);
  const one = await fhir('GET', `/fhir/r4/AuditEvent/${mine.body.entry[0].resource.id}`, { key });
  assert.equal(one.status, 200);
  isOutcome(await fhir('GET', `/fhir/r4/AuditEvent/${mine.body.entry[0].resource.id}`, { key: otherKey }), 404);
});

function medicationRequest(drug, extra = {}) {
  return {
    resourceType: 'MedicationRequest', status: 'active', intent: 'order',
    medicationReference: { reference: `Medication/${drug.id}` },
    subject: { reference: `Patient/${patient.id}` },
    requester: { reference: `Practitioner/${w.doctor.id}` },
    reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'J06.9' }] }],
    dosageInstruction: [{
      timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd',
        boundsDuration: { value: 5, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' } } },
      doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }] }],
    dispenseRequest: { quantity: { value: 1, unit: 'pack' }, numberOfRepeatsAllowed: 0 },
    substitution: { allowedBoolean: true },
    ...extra,
  };
}
const transactionOf = (...resources) => ({
  resourceType: 'Bundle', type: 'transaction',
  entry: resources.map((resource) => ({ resource, request: { method: 'POST', url: 'MedicationRequest' } })),
});

test('fhir-kit-client: search with paging, and the transaction prescribes through the same service', async () => {
  const client = new Client({ baseUrl: `${server.url}/fhir/r4`, customHeaders: { 'X-API-Key': key } });
  const meta = await client.capabilityStatement();
  assertValid(meta);
  const page1 = await client.search({ resourceType: 'MedicationRequest', searchParams: { patient: patient.id, _count: 1 } });
  assertValid(page1);
  const page2 = await client.nextPage({ bundle: page1 });
  assertValid(page2);
  assert.equal(page2.entry.length, 1);

  const bundle = transactionOf(medicationRequest(panadol), medicationRequest(brufen, { note: [{ text: 'via HIS' }] }));
  assertValid(bundle, 'our transaction');
  const answer = await client.transaction({ body: bundle });
  assertValid(answer, 'transaction-response');
  assert.equal(answer.type, 'transaction-response');
  assert.equal(answer.entry.length, 2);
  assert.ok(answer.entry.every((e) => e.response.status.startsWith('201')));
  const code = answer.entry[0].resource.groupIdentifier.value;
  assert.equal(answer.entry[1].resource.groupIdentifier.value, code);
  // The same prescription as the JSON API's: signed, verifiable by the pharmacy by its code, the
  // doctor's (the requester), issued at the key's facility.
  const v = await call(server, 'POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token, body: { code } });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.body.valid, true);
  assert.equal(v.body.signature, 'ok');
  assert.equal(v.body.prescription.items.length, 2);
  const mine = await call(server, 'GET', '/api/v1/prescriptions?mine=true', { token: w.doctor.token });
  const created = mine.body.items.find((p) => p.code === code);
  assert.ok(created, 'the doctor sees it among their prescriptions');
  assert.equal(created.facility_id, w.clinic.id);
  assert.equal(created.notes, 'via HIS');
  // The key that carried it is in the audit log beside the doctor's prescription.create.
  const log = await call(server, 'GET', `/api/v1/audit?action=fhir.transaction&patient_id=${patient.id}`, { token: w.admin.token });
  assert.ok(log.body.items.some((e) => e.record_id === created.id), log.text);
});

test('transaction by a doctor token with the patient named by national ID; Idempotency-Key replays', async () => {
  const bundle = transactionOf(medicationRequest(panadol, {
    subject: { identifier: { system: NID, value: other.national_id } }, requester: undefined }));
  const headers = { 'idempotency-key': unique('idem-') };
  const a = await fhir('POST', '/fhir/r4/Bundle', { token: w.doctor.token, body: bundle, headers });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.entry[0].resource.subject.reference, `Patient/${other.id}`);
  const b = await fhir('POST', '/fhir/r4/Bundle', { token: w.doctor.token, body: bundle, headers });
  assert.equal(b.body.entry[0].resource.id, a.body.entry[0].resource.id);
});

test('transaction errors: same validation and CDS as the JSON API, as OperationOutcome', async () => {
  // A field the JSON API refuses (quantity 0) names the FHIR path.
  const zero = medicationRequest(panadol, { dispenseRequest: { quantity: { value: 0, unit: 'pack' } } });
  const r = await fhir('POST', '/fhir/r4/Bundle', { key, body: transactionOf(zero) });
  isOutcome(r, 422);
  assert.ok(r.body.issue.some((i) => (i.expression || []).includes('Bundle.entry[0].resource.dispenseRequest.quantity.value')),
    r.text);
  // A blocking CDS alert (penicillin allergy, Augmentin) refuses unless overridden with a reason.
  const allergic = await registerPatient(server, w.doctor.token, { national_id: nationalId(), allergies: ['penicillin'] });
  const aug = medicationRequest(augmentin, { subject: { reference: `Patient/${allergic.id}` } });
  const refused = await fhir('POST', '/fhir/r4/Bundle', { key, body: transactionOf(aug) });
  isOutcome(refused, 422);
  assert.ok(refused.body.issue.some((i) => i.code === 'business-rule' && i.details?.coding?.[0]?.code === 'allergy'),
    refused.text);
  const overridden = { ...aug, extension: [{ url: EXT + 'cds-override', extension: [
    { url: 'kind', valueCode: 'allergy' }, { url: 'reason', valueString: 'tolerated amoxicillin in 2024' }] }] };
  const ok = await fhir('POST', '/fhir/r4/Bundle', { key, body: transactionOf(overridden) });
  assert.equal(ok.status, 200, ok.text);
  assert.ok(ok.body.entry[0].response.outcome.issue.some((i) => i.severity === 'warning'));
  // Two patients in one transaction, a requester of another facility, another facility's key.
  const two = await fhir('POST', '/fhir/r4/Bundle', { key, body: transactionOf(medicationRequest(panadol),
    medicationRequest(brufen, { subject: { reference: `Patient/${other.id}` } })) });
  isOutcome(two, 400);
  isOutcome(await fhir('POST', '/fhir/r4/Bundle', { key: otherKey, body: transactionOf(medicationRequest(panadol)) }), 422);
  isOutcome(await fhir('POST', '/fhir/r4/Bundle', { key, body: { resourceType: 'Bundle', type: 'batch', entry: [] } }), 400);
  isOutcome(await fhir('POST', '/fhir/r4/Bundle', { key, body: transactionOf(medicationRequest(panadol, {
    requester: { reference: `Practitioner/${w.pharmacist.id}` } })) }), 422);
});

test('search parameters that name a record by id must be UUIDs: 400 before the database or the audit log', async () => {
  const mark = unique('');
  const junk = `x'${mark}<b>`;
  const searches = [
    `MedicationRequest?patient=${junk}`, `MedicationRequest?subject=Patient/${junk}`, `MedicationRequest?_id=${junk}`,
    `MedicationDispense?patient=${junk}`, `MedicationDispense?subject=${junk}`,
    `MedicationDispense?prescription=MedicationRequest/${junk}`, `MedicationDispense?_id=${junk}`,
    `AuditEvent?patient=${junk}`, `AuditEvent?_id=${junk}`, `Patient?_id=${junk}`, `Organization?_id=${junk}`,
    `Practitioner?_id=${junk}`,
  ];
  for (const s of searches) {
    const [type, query] = s.split('?');
    const [name] = query.split('=');
    const path = `/fhir/r4/${type}?${name}=${encodeURIComponent(query.slice(name.length + 1))}`;
    for (const who of [{ token: w.doctor.token }, { key }]) {
      const r = await fhir('GET', path, who);
      isOutcome(r, 400);
      assert.ok(r.body.issue.some((i) => (i.expression || []).includes(name)), `${s}: ${r.text}`);
    }
  }
  // Ids are compared as the server writes them (lower case); a well-formed id still searches.
  isOutcome(await fhir('GET', `/fhir/r4/MedicationDispense?patient=${patient.id.toUpperCase()}`, { token: w.doctor.token }), 400);
  const ok = await fhir('GET', `/fhir/r4/MedicationDispense?patient=${patient.id}`, { token: w.doctor.token });
  assert.equal(ok.status, 200, ok.text);
  const byPatient = await call(server, 'GET', `/api/v1/audit?patient_id=${encodeURIComponent(junk)}`, { token: w.admin.token });
  assert.equal(byPatient.status, 200, byPatient.text);
  assert.deepEqual(byPatient.body.items, []);
  const recent = await call(server, 'GET', '/api/v1/audit?limit=100', { token: w.admin.token });
  assert.equal(recent.status, 200, recent.text);
  assert.ok(!recent.text.includes(mark), 'no audit entry carries the junk id');
});

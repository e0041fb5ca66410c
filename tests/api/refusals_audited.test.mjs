// Refused attempts on records that exist are audited (DOMAIN.md "Audit"): another doctor's
// prescription, another patient's record, another facility's staff, a key outside its facility.
// The answer stays 404 (as if the record did not exist), but the audit log holds an entry with
// outcome "denied", and the patient's access log shows the attempt on their record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer, call, isProblem } from './lib/harness.mjs';
import { makeWorld, unique } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe } from './lib/clinic.mjs';

let server, w, otherDoctor, clinicB, doctorB, facilityAdmin, victim, intruder, rx, keyB;

before(async () => {
  server = await startServer();
  w = await makeWorld(server);
  otherDoctor = await w.user('doctor', { license_no: unique('EMS-'), facility_ids: [w.clinic.id] });
  const b = await call(server, 'POST', '/api/v1/facilities', { token: w.admin.token, body: {
    type: 'clinic', name: unique('Clinic B '), name_ar: 'عيادة ب', license_no: unique('LIC-'), governorate: 'Giza',
    address: '2 Nile Street' } });
  assert.equal(b.status, 201, b.text);
  clinicB = b.body;
  doctorB = await w.user('doctor', { license_no: unique('EMS-'), facility_ids: [clinicB.id] });
  facilityAdmin = await w.user('facility_admin', { facility_ids: [w.clinic.id] });
  const p1 = await registerPatient(server, w.doctor.token);
  const p2 = await registerPatient(server, w.doctor.token);
  victim = { patient: p1, account: await w.patientAccount(p1.id) };
  intruder = { patient: p2, account: await w.patientAccount(p2.id) };
  rx = await prescribe(server, w, p1, [item(await drugByName(server, w.doctor.token, 'Panadol 500 mg'))]);
  const k = await call(server, 'POST', '/api/v1/api-keys', { token: w.admin.token, body: {
    name: 'Clinic B records system', facility_id: clinicB.id, permissions: ['fhir:read'] } });
  assert.equal(k.status, 201, k.text);
  keyB = k.body.key;
});
after(async () => { await server?.stop(); });

async function auditOf(actorId, action) {
  const r = await call(server, 'GET', `/api/v1/audit?actor=${actorId}&action=${action}&limit=100`, { token: w.admin.token });
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

async function accessLog(patient = victim) {
  const r = await call(server, 'GET', `/api/v1/patients/${patient.patient.id}/access-log?limit=100`,
    { token: patient.account.token });
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

test('another doctor\'s cancel and read of a prescription: 404, audited as denied, in the patient\'s access log', async () => {
  const cancel = await call(server, 'POST', `/api/v1/prescriptions/${rx.id}/cancel`, { token: otherDoctor.token,
    body: { reason: 'not mine to cancel' } });
  assert.ok(isProblem(cancel, 404), cancel.text);
  const read = await call(server, 'GET', `/api/v1/prescriptions/${rx.id}`, { token: otherDoctor.token });
  assert.ok(isProblem(read, 404), read.text);
  const fills = await call(server, 'GET', `/api/v1/prescriptions/${rx.id}/dispensations`, { token: otherDoctor.token });
  assert.ok(isProblem(fills, 404), fills.text);
  for (const action of ['prescription.cancel', 'prescription.read', 'dispensation.read']) {
    const entries = await auditOf(otherDoctor.id, action);
    assert.equal(entries.length, 1, `${action}: ${JSON.stringify(entries)}`);
    assert.equal(entries[0].outcome, 'denied', action);
    assert.equal(entries[0].patient_id, victim.patient.id, action);
    assert.equal(entries[0].actor_role, 'doctor', action);
  }
  assert.equal((await auditOf(otherDoctor.id, 'prescription.cancel'))[0].record_id, rx.id);
  const still = await call(server, 'GET', `/api/v1/prescriptions/${rx.id}`, { token: w.doctor.token });
  assert.equal(still.body.status, 'active', 'the refused cancel changed nothing');
  const log = await accessLog();
  const attempt = log.find((e) => e.action === 'prescription.cancel' && e.outcome === 'denied');
  assert.ok(attempt, JSON.stringify(log));
  assert.match(attempt.description_en, /tried but was refused/);
  assert.equal(attempt.actor.role, 'doctor');
});

test('another patient\'s record, history and access log: 404, audited as denied, shown to the victim', async () => {
  const paths = {
    'patient.read': `/api/v1/patients/${victim.patient.id}`,
    'patient.history': `/api/v1/patients/${victim.patient.id}/prescriptions`,
    'patient.access_log.read': `/api/v1/patients/${victim.patient.id}/access-log`,
  };
  for (const [action, path] of Object.entries(paths)) {
    const r = await call(server, 'GET', path, { token: intruder.account.token });
    assert.ok(isProblem(r, 404), `${path}: ${r.status}`);
    const entries = await auditOf(intruder.account.id, action);
    assert.ok(entries.some((e) => e.outcome === 'denied' && e.patient_id === victim.patient.id), `${action}: ${JSON.stringify(entries)}`);
  }
  const log = await accessLog();
  const attempts = log.filter((e) => e.outcome === 'denied' && e.actor.role === 'patient');
  assert.deepEqual(attempts.map((e) => e.action).sort(), Object.keys(paths).sort());
  // The intruder's own access log does not list what they tried on someone else's record.
  const own = await accessLog(intruder);
  assert.ok(!own.some((e) => e.outcome === 'denied'), JSON.stringify(own));
});

test('a record that does not exist is a plain 404, not a denied entry', async () => {
  const ghost = randomUUID();
  const r = await call(server, 'GET', `/api/v1/patients/${ghost}`, { token: intruder.account.token });
  assert.ok(isProblem(r, 404));
  const c = await call(server, 'POST', `/api/v1/prescriptions/${ghost}/cancel`, { token: otherDoctor.token, body: { reason: 'x' } });
  assert.ok(isProblem(c, 404));
  const all = await call(server, 'GET', '/api/v1/audit?limit=100', { token: w.admin.token });
  assert.ok(!all.body.items.some((e) => e.record_id === ghost || e.patient_id === ghost), 'nothing to attempt on');
});

test('a facility administrator\'s change of another facility\'s staff: 404, audited as denied', async () => {
  const r = await call(server, 'PATCH', `/api/v1/users/${doctorB.id}`, { token: facilityAdmin.token, body: { status: 'suspended' } });
  assert.ok(isProblem(r, 404), r.text);
  const entries = await auditOf(facilityAdmin.id, 'user.status');
  assert.equal(entries.length, 1, JSON.stringify(entries));
  assert.equal(entries[0].outcome, 'denied');
  assert.equal(entries[0].record_type, 'user');
  assert.equal(entries[0].record_id, doctorB.id);
  const admin = await call(server, 'PATCH', `/api/v1/users/${w.admin.id}`, { token: facilityAdmin.token, body: { status: 'suspended' } });
  assert.ok(isProblem(admin, 404) || isProblem(admin, 403));
  assert.ok((await auditOf(facilityAdmin.id, 'user.status')).some((e) => e.record_id === w.admin.id && e.outcome === 'denied'));
  const me = await call(server, 'GET', '/api/v1/me', { token: doctorB.token });
  assert.equal(me.status, 200, 'the refused change changed nothing');
});

test('a key outside its facility (FHIR): 404, audited as denied, and the access log names the key\'s facility', async () => {
  const headers = { 'x-api-key': keyB };
  const patient = await call(server, 'GET', `/fhir/r4/Patient/${victim.patient.id}`, { headers });
  assert.equal(patient.status, 404, patient.text);
  const request = await call(server, 'GET', `/fhir/r4/MedicationRequest/${rx.items[0].id}`, { headers });
  assert.equal(request.status, 404, request.text);
  const log = await accessLog();
  const byKey = log.filter((e) => e.actor.role === 'integrator' && e.outcome === 'denied');
  assert.deepEqual(byKey.map((e) => e.action).sort(), ['patient.read', 'prescription.read'], JSON.stringify(log));
  for (const e of byKey) {
    assert.equal(e.actor.facility, clinicB.name, JSON.stringify(e));
    assert.ok(e.description_en.includes(clinicB.name), e.description_en);
  }
});

test('the access log names the key and facility of an integrator that read the record', async () => {
  const k = await call(server, 'POST', '/api/v1/api-keys', { token: w.admin.token, body: {
    name: 'Clinic A records system', facility_id: w.clinic.id, permissions: ['fhir:read'] } });
  assert.equal(k.status, 201, k.text);
  const r = await call(server, 'GET', `/fhir/r4/Patient/${victim.patient.id}`, { headers: { 'x-api-key': k.body.key } });
  assert.equal(r.status, 200, r.text);
  const read = (await accessLog()).find((e) => e.action === 'patient.read' && e.outcome === 'success' &&
    e.actor.role === 'integrator');
  assert.ok(read, 'the key\'s read is in the access log');
  assert.equal(read.actor.name, 'Clinic A records system');
  assert.equal(read.actor.facility, w.clinic.name);
  assert.match(read.description_en, new RegExp(`^Clinic A records system \\(connected system, ${w.clinic.name}\\) opened your record`));
});

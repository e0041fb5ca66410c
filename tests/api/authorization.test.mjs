// Object- and property-level authorization (OWASP API1 and API3, 2023): every {id} route tried
// with another user's object; answers never carry fields a role may not see; bodies cannot set
// fields a role may not set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call, isProblem } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe, verifyAtCounter } from './lib/clinic.mjs';

let server, w, a, b, accountA, accountB, rxA, otherDoctor, otherPharmacist;
before(async () => {
  server = await startServer();
  w = await makeWorld(server);
  const panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
  a = await registerPatient(server, w.doctor.token);
  b = await registerPatient(server, w.doctor.token);
  accountA = await w.patientAccount(a.id);
  accountB = await w.patientAccount(b.id);
  rxA = await prescribe(server, w, a, [item(panadol, { quantity: 2 })]);
  await verifyAtCounter(server, w.pharmacist.token, rxA);
  const d = await call(server, 'POST', `/api/v1/prescriptions/${rxA.id}/dispensations`, { token: w.pharmacist.token,
    body: { items: [{ item_id: rxA.items[0].id, quantity: 1 }] } });
  assert.equal(d.status, 201);
  const clinic2 = await call(server, 'POST', '/api/v1/facilities', { token: w.admin.token, body: {
    type: 'hospital', name: 'Other Hospital', name_ar: 'مستشفى آخر', license_no: 'LIC-H2-' + Date.now(), governorate: '03', address: 'Port Said' } });
  const pharmacy2 = await call(server, 'POST', '/api/v1/facilities', { token: w.admin.token, body: {
    type: 'pharmacy', name: 'Other Pharmacy', name_ar: 'صيدلية أخرى', license_no: 'LIC-P2-' + Date.now(), governorate: '04', address: 'Suez' } });
  otherDoctor = await w.user('doctor', { license_no: 'EMS-O' + Date.now(), facility_ids: [clinic2.body.id] });
  otherPharmacist = await w.user('pharmacist', { license_no: 'PHS-O' + Date.now(), facility_ids: [pharmacy2.body.id] });
});
after(async () => { await server?.stop(); });

test("another patient's objects answer 404 on every {id} route", async () => {
  const routes = [
    ['GET', `/api/v1/patients/${a.id}`], ['GET', `/api/v1/patients/${a.id}/prescriptions`],
    ['GET', `/api/v1/patients/${a.id}/access-log`], ['GET', `/api/v1/prescriptions/${rxA.id}`],
    ['GET', `/api/v1/prescriptions/${rxA.id}/qr.svg`], ['GET', `/api/v1/prescriptions/${rxA.id}/dispensations`],
  ];
  for (const [m, p] of routes) {
    const own = await call(server, m, p, { token: accountA.token });
    assert.equal(own.status, 200, `owner ${m} ${p}: ${own.status}`);
    const other = await call(server, m, p, { token: accountB.token });
    assert.ok(isProblem(other, 404), `other patient ${m} ${p}: ${other.status}`);
  }
});

test("a doctor cannot read or cancel another doctor's prescription; a pharmacy sees only its own dispensings", async () => {
  for (const [m, p, body] of [['GET', `/api/v1/prescriptions/${rxA.id}`], ['GET', `/api/v1/prescriptions/${rxA.id}/qr.svg`],
    ['GET', `/api/v1/prescriptions/${rxA.id}/dispensations`], ['POST', `/api/v1/prescriptions/${rxA.id}/cancel`, { reason: 'x' }]]) {
    const r = await call(server, m, p, { token: otherDoctor.token, body });
    assert.ok(isProblem(r, 404), `${m} ${p}: ${r.status}`);
  }
  const mine = await call(server, 'GET', `/api/v1/prescriptions/${rxA.id}/dispensations`, { token: w.pharmacist.token });
  assert.equal(mine.status, 200);
  const theirs = await call(server, 'GET', `/api/v1/prescriptions/${rxA.id}/dispensations`, { token: otherPharmacist.token });
  assert.ok(isProblem(theirs, 404));
  const today = await call(server, 'GET', '/api/v1/dispensations', { token: otherPharmacist.token });
  assert.equal(today.body.items.length, 0, "another pharmacy's day is empty");
  const listed = await call(server, 'GET', '/api/v1/prescriptions?mine=true', { token: otherDoctor.token });
  assert.equal(listed.body.items.length, 0);
});

test('a doctor must give a reason to open a history, and the patient sees it', async () => {
  const r = await call(server, 'GET', `/api/v1/patients/${a.id}/prescriptions?reason=${encodeURIComponent('Renal review before new antibiotic')}`, { token: otherDoctor.token });
  assert.equal(r.status, 200);
  const log = await call(server, 'GET', `/api/v1/patients/${a.id}/access-log`, { token: accountA.token });
  assert.equal(log.status, 200, log.text);
  assert.ok(JSON.stringify(log.body).includes('Renal review before new antibiotic'));
});

test('answers carry no secret fields, and a patient cannot change account fields', async () => {
  for (const token of [accountA.token, w.doctor.token, w.admin.token]) {
    const me = await call(server, 'GET', '/api/v1/me', { token });
    for (const f of ['password_hash', 'totp_secret', 'totp_pending_secret', 'national_id']) {
      assert.equal(me.body[f], undefined, `me exposes ${f}`);
    }
  }
  const users = await call(server, 'GET', '/api/v1/users?limit=100', { token: w.admin.token });
  assert.ok(!users.text.includes('$argon2'), 'no password hashes in user lists');
  const self = await call(server, 'PATCH', `/api/v1/users/${accountA.id}`, { token: accountA.token, body: { status: 'active' } });
  assert.ok(isProblem(self, 403));
  // Fields a creator may not set are refused by name (never taken from the body, nor ignored).
  const username = 'mass' + Date.now();
  const u = await call(server, 'POST', '/api/v1/users', { token: w.admin.token, body: {
    role: 'regulator', username, password: 'correct horse battery staple 42', full_name: 'X',
    id: '00000000-0000-4000-8000-000000000000', status: 'suspended', password_hash: 'x' } });
  assert.ok(isProblem(u, 400), u.text);
  assert.deepEqual(u.body.errors.map((e) => e.field).sort(), ['id', 'password_hash', 'status']);
  const listed = await call(server, 'GET', '/api/v1/users?limit=100', { token: w.admin.token });
  assert.ok(!listed.body.items.some((x) => x.username === username), 'no user was created');
  const p = await call(server, 'POST', '/api/v1/patients', { token: w.doctor.token, body: {
    national_id: '29001010100019', full_name: 'Y', birth_date: '1990-01-01', id: 'chosen', created_by: 'someone' } });
  assert.ok(isProblem(p, 400), p.text);
  assert.deepEqual(p.body.errors.map((e) => e.field).sort(), ['created_by', 'id']);
});

test('a facility administrator manages only their own facilities\' staff', async () => {
  const fa = await w.user('facility_admin', { facility_ids: [w.clinic.id] });
  const own = await call(server, 'PATCH', `/api/v1/users/${w.doctor.id}`, { token: fa.token, body: { status: 'active' } });
  assert.equal(own.status, 200, own.text);
  const other = await call(server, 'PATCH', `/api/v1/users/${otherDoctor.id}`, { token: fa.token, body: { status: 'suspended' } });
  assert.ok(isProblem(other, 404));
  const admin = await call(server, 'PATCH', `/api/v1/users/${w.admin.id}`, { token: fa.token, body: { status: 'suspended' } });
  assert.ok(isProblem(admin, 404) || isProblem(admin, 403));
  const list = await call(server, 'GET', '/api/v1/users?limit=100', { token: fa.token });
  assert.ok(list.body.items.every((x) => x.facility_ids.includes(w.clinic.id)), 'only own facility staff listed');
});

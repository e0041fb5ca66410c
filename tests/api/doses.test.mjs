// Vanishing doses are not signed: a dose is at least one step of its unit and a whole number of
// steps (domain/sig.hpp: tablets in quarters, sachets in halves, mL in 0.1 mL, mg in 0.001 mg,
// the other units whole), else 422 naming the item's field, on create and on /check alike.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call, isProblem } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';
import { registerPatient, drugByName, item } from './lib/clinic.mjs';

let server, w, panadol, patient;
before(async () => {
  server = await startServer();
  w = await makeWorld(server);
  panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
  patient = await registerPatient(server, w.doctor.token);
});
after(async () => { await server?.stop(); });

const body = (items) => ({ patient_id: patient.id, facility_id: w.clinic.id, diagnosis_codes: ['J06.9'], items });

test('doses below one step of their unit are refused with 422 on create and on check', async () => {
  const cases = [
    [1e-300, 'tablet', /smallest dose of 0\.25 tablet/],
    [1e-8, 'tablet', /smallest dose of 0\.25 tablet/],
    [1e-7, 'capsule', /smallest dose of 1 capsule/],
    [0.05, 'mL', /smallest dose of 0\.1 mL/],
    [1e-12, 'mL', /smallest dose of 0\.1 mL/],
    [1e-10, 'mg', /smallest dose of 0\.001 mg/],
    [1e-9, 'sachet', /smallest dose of 0\.5 sachet/],
    [1e-9, 'drop', /smallest dose of 1 drop/],
  ];
  for (const [dose, unit, message] of cases) {
    const items = [item(panadol), item(panadol, { dose_amount: dose, dose_unit: unit })];
    for (const path of ['/api/v1/prescriptions', '/api/v1/prescriptions/check']) {
      const r = await call(server, 'POST', path, { token: w.doctor.token, body: body(items) });
      assert.ok(isProblem(r, 422), `${path} ${dose} ${unit}: ${r.text}`);
      const e = r.body.errors?.find((x) => x.field === 'items[1].dose_amount');
      assert.ok(e, r.text);
      assert.match(e.message, message);
    }
  }
  const mine = await call(server, 'GET', '/api/v1/prescriptions?mine=true', { token: w.doctor.token });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.body.items.length, 0, 'nothing was signed');
});

test('the smallest dose of each unit is signed, and its directions never read "0"', async () => {
  for (const [dose, unit, words] of [[0.25, 'tablet', 'Take 0.25 tablet'], [0.1, 'mL', 'Take 0.1 mL'], [0.001, 'mg', 'Take 0.001 mg']]) {
    const r = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token,
      body: body([item(panadol, { dose_amount: dose, dose_unit: unit })]) });
    assert.equal(r.status, 201, r.text);
    assert.ok(r.body.items[0].sig_en.startsWith(words), r.body.items[0].sig_en);
  }
});

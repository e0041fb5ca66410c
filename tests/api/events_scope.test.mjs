// The events feed and webhooks as integrators see them (API_OVERVIEW.md: "a key belongs to one
// facility ... it sees only its facility's data"): an API key reads the national events (recalls,
// catalogue) and those about its own facility; an event about a prescription concerns the
// prescribing facility and the pharmacies that dispensed it. No event, webhook body or log line
// carries a prescription's code or QR token: whoever holds the code can fill the prescription.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { startServer, call } from './lib/harness.mjs';
import { makeWorld, unique } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe } from './lib/clinic.mjs';

let server, w, receiver, clinicB, keys, panadol;
const made = {};  // prescriptions of clinic A: dispensed, cancelled

function startReceiver() {
  const r = { bodies: [] };
  r.server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { r.bodies.push(body); res.writeHead(204); res.end(); });
  });
  return new Promise((resolve) => r.server.listen(0, '127.0.0.1', () => {
    r.url = `http://127.0.0.1:${r.server.address().port}/hooks`;
    r.close = () => new Promise((c) => r.server.close(c));
    resolve(r);
  }));
}

async function until(what, predicate, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

async function newKey(facilityId, name) {
  const r = await call(server, 'POST', '/api/v1/api-keys', { token: w.admin.token, body: {
    name, facility_id: facilityId, permissions: ['events:read'] } });
  assert.equal(r.status, 201, r.text);
  return r.body.key;
}

// The whole feed as one caller sees it, following next_cursor until it stops moving.
async function feed(auth) {
  const items = [];
  let after = '0';
  for (let i = 0; i < 100; i++) {
    const r = await call(server, 'GET', `/api/v1/events?after=${after}&limit=3`, auth);
    assert.equal(r.status, 200, r.text);
    items.push(...r.body.items);
    if (r.body.next_cursor === after) return { items, cursor: after };
    after = r.body.next_cursor;
  }
  assert.fail('the feed did not settle');
}
const byKey = (key) => feed({ headers: { 'x-api-key': key } });

before(async () => {
  server = await startServer({ env: { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_POLL_MS: '100' } });
  w = await makeWorld(server);
  receiver = await startReceiver();
  const hook = await call(server, 'POST', '/api/v1/webhooks', { token: w.admin.token, body: {
    url: receiver.url, event_types: ['*'], secret: 'whsec_' + randomBytes(16).toString('hex') } });
  assert.equal(hook.status, 201, hook.text);
  const b = await call(server, 'POST', '/api/v1/facilities', { token: w.admin.token, body: {
    type: 'clinic', name: unique('Clinic B '), name_ar: 'عيادة', license_no: unique('LIC-'), governorate: 'Giza',
    address: '2 Nile Street' } });
  assert.equal(b.status, 201, b.text);
  clinicB = b.body;
  keys = {
    clinicA: await newKey(w.clinic.id, 'clinic A'),
    pharmacyA: await newKey(w.pharmacy.id, 'pharmacy A'),
    clinicB: await newKey(clinicB.id, 'brand-new clinic B'),
  };
  panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
  const patient = await registerPatient(server, w.doctor.token);
  made.dispensed = await prescribe(server, w, patient, [item(panadol, { quantity: 2 })]);
  const v = await call(server, 'POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token,
    body: { code: made.dispensed.code } });
  assert.equal(v.status, 200, v.text);
  const d = await call(server, 'POST', `/api/v1/prescriptions/${made.dispensed.id}/dispensations`, {
    token: w.pharmacist.token, body: { items: [{ item_id: made.dispensed.items[0].id, quantity: 1 }] } });
  assert.equal(d.status, 201, d.text);
  // Cancelled after a partial fill: the cancellation concerns the pharmacy that filled it too.
  const c = await call(server, 'POST', `/api/v1/prescriptions/${made.dispensed.id}/cancel`, { token: w.doctor.token,
    body: { reason: 'changed treatment' } });
  assert.equal(c.status, 200, c.text);
  made.cancelled = await prescribe(server, w, patient, [item(panadol)]);
  const c2 = await call(server, 'POST', `/api/v1/prescriptions/${made.cancelled.id}/cancel`, { token: w.doctor.token,
    body: { reason: 'wrong patient' } });
  assert.equal(c2.status, 200, c2.text);
  const recall = await call(server, 'POST', '/api/v1/recalls', { token: w.regulator.token, body: {
    drug_ids: [panadol.id], batch_numbers: ['EV-1'], class: 3, reason: 'events scope' } });
  assert.equal(recall.status, 201, recall.text);
  made.recall = recall.body;
});
after(async () => { await server?.stop(); await receiver?.close(); });

const about = (items, p) => items.filter((e) => e.data.prescription_id === p.id).map((e) => e.type).sort();

test('a key of a brand-new clinic sees none of another facility\'s events, only national ones', async () => {
  const { items, cursor } = await byKey(keys.clinicB);
  assert.deepEqual(items.filter((e) => e.type.startsWith('prescription.')), []);
  const others = items.filter((e) => (e.type.startsWith('user.') || e.type.startsWith('facility.')) &&
    e.data.facility_id !== clinicB.id);
  assert.deepEqual(others, [], 'staff and facility events of other facilities');
  assert.ok(items.some((e) => e.type === 'recall.issued' && e.data.recall_id === made.recall.id), 'recalls are national');
  // Its cursor still moves past what it may not see, so polling does not re-read the same window.
  const all = await feed({ token: w.admin.token });
  assert.equal(cursor, all.cursor);
  assert.ok(all.items.some((e) => e.data.prescription_id === made.cancelled.id), 'the admin sees every event');
});

test('a prescription\'s events concern the prescribing facility and the pharmacy that dispensed it', async () => {
  const clinic = (await byKey(keys.clinicA)).items;
  assert.deepEqual(about(clinic, made.dispensed), ['prescription.cancelled', 'prescription.created', 'prescription.dispensed']);
  assert.deepEqual(about(clinic, made.cancelled), ['prescription.cancelled', 'prescription.created']);
  const pharmacy = (await byKey(keys.pharmacyA)).items;
  assert.deepEqual(about(pharmacy, made.dispensed), ['prescription.cancelled', 'prescription.dispensed']);
  assert.deepEqual(about(pharmacy, made.cancelled), [], 'a pharmacy that never filled it learns nothing about it');
  for (const e of [...clinic, ...pharmacy]) assert.ok(!e.type.startsWith('user.') || e.data.user_id, e.type);
});

test('no event in the feed or a webhook delivery carries a prescription code or QR token', async () => {
  await until('the webhook deliveries of the prescription events',
    () => receiver.bodies.filter((b) => b.includes(made.cancelled.id)).length >= 2);
  const admin = await call(server, 'GET', '/api/v1/events?after=0&limit=500', { token: w.admin.token });
  assert.equal(admin.status, 200);
  const secrets = [made.dispensed.code, made.cancelled.code, made.dispensed.qr_token, made.cancelled.qr_token];
  const texts = { feed: admin.text, ...Object.fromEntries(receiver.bodies.map((b, i) => [`delivery ${i}`, b])) };
  for (const [where, text] of Object.entries(texts)) {
    for (const s of secrets) assert.ok(!text.includes(s), `${where} carries ${s.slice(0, 8)}...: ${text.slice(0, 300)}`);
    assert.doesNotMatch(text, /HF-[2-9A-Z]{4}-[2-9A-Z]{4}|HF1\.[\w-]+\.[\w-]+\./, where);
  }
  for (const e of admin.body.items) {
    assert.equal(e.data.code, undefined, e.type);
    assert.equal(e.data.qr_token, undefined, e.type);
  }
});

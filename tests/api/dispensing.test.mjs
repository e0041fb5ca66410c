// Dispensing needs the patient at the counter, and a recalled batch has one name: a pharmacy
// dispenses only within DISPENSE_VERIFICATION_MINUTES of verifying the prescription itself (by QR
// token or typed code), and batch numbers are normalised (domain/batch_number.hpp) before they are
// stored or compared, so no other spelling of a recalled batch gets past the recall.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer, call, isProblem, backend } from './lib/harness.mjs';
import { makeWorld, unique } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe, verifyAtCounter } from './lib/clinic.mjs';

const MINUTE = 60 * 1000;
let server, w, panadol;
before(async () => {
  server = await startServer({ env: { HF_TEST_HOOKS: '1' } });
  w = await makeWorld(server);
  panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
});
after(async () => { await server?.stop(); });

const dispense = (srv, id, items, token) =>
  call(srv, 'POST', `/api/v1/prescriptions/${id}/dispensations`, { token, body: { items } });

function assertVerificationRequired(r) {
  assert.ok(isProblem(r, 409), r.text);
  assert.match(r.body.type, /\/verification-required$/, r.text);
  assert.match(r.body.detail, /[Vv]erify/);
}

async function anotherPharmacy(srv, ww) {
  const f = await call(srv, 'POST', '/api/v1/facilities', { token: ww.admin.token, body: {
    type: 'pharmacy', name: `pharmacy ${unique('')}`, name_ar: 'صيدلية', license_no: unique('LIC-'), governorate: '01',
    address: '2 Tahrir Square' } });
  assert.equal(f.status, 201, f.text);
  return { facility: f.body, pharmacist: await ww.user('pharmacist', { license_no: unique('PHS-'), facility_ids: [f.body.id] }) };
}

test('dispensing with only the two ids, without a verification, answers 409 verification-required', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol, { quantity: 2 })]);
  const lines = [{ item_id: p.items[0].id, quantity: 1 }];
  assertVerificationRequired(await dispense(server, p.id, lines, w.pharmacist.token));
  // A verification that failed (an altered token) opens nothing either.
  const forged = await call(server, 'POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token,
    body: { qr_token: p.qr_token.slice(0, -4) + (p.qr_token.endsWith('AAAA') ? 'BBBB' : 'AAAA') } });
  assert.equal(forged.status, 200, forged.text);
  assert.equal(forged.body.valid, false);
  assertVerificationRequired(await dispense(server, p.id, lines, w.pharmacist.token));
  // With the patient's code at the counter it goes through.
  await verifyAtCounter(server, w.pharmacist.token, p);
  const ok = await dispense(server, p.id, lines, w.pharmacist.token);
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.prescription_status, 'partially_dispensed');
});

test("another pharmacy's verification does not count; a colleague's at the same pharmacy does", async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol, { quantity: 3 })]);
  const lines = [{ item_id: p.items[0].id, quantity: 1 }];
  const other = await anotherPharmacy(server, w);
  await verifyAtCounter(server, other.pharmacist.token, p, 'qr');
  assertVerificationRequired(await dispense(server, p.id, lines, w.pharmacist.token));
  // The pharmacy that verified may dispense.
  const there = await dispense(server, p.id, lines, other.pharmacist.token);
  assert.equal(there.status, 201, there.text);
  // The verification belongs to the pharmacy, not to one pharmacist.
  const colleague = await w.user('pharmacist', { license_no: unique('PHS-'), facility_ids: [w.pharmacy.id] });
  await verifyAtCounter(server, colleague.token, p);
  const here = await dispense(server, p.id, lines, w.pharmacist.token);
  assert.equal(here.status, 201, here.text);
});

test('a verification older than the window does not count: a partial fill, then a later visit needs a fresh one', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol, { quantity: 3 })]);
  const lines = [{ item_id: p.items[0].id, quantity: 1 }];
  await verifyAtCounter(server, w.pharmacist.token, p);
  assert.equal((await dispense(server, p.id, lines, w.pharmacist.token)).status, 201);
  // Within the window (default 30 minutes) the same visit may fill more.
  await call(server, 'POST', '/__test/clock', { body: { advance_ms: 29 * MINUTE } });
  assert.equal((await dispense(server, p.id, lines, w.pharmacist.token)).status, 201);
  // The patient comes back later: the pharmacy kept the ids, but they are not enough.
  await call(server, 'POST', '/__test/clock', { body: { advance_ms: 2 * MINUTE } });
  assertVerificationRequired(await dispense(server, p.id, lines, w.pharmacist.token));
  await verifyAtCounter(server, w.pharmacist.token, p);
  const rest = await dispense(server, p.id, lines, w.pharmacist.token);
  assert.equal(rest.status, 201, rest.text);
  assert.equal(rest.body.prescription_status, 'dispensed');
});

test('DISPENSE_VERIFICATION_MINUTES sets the window' + (backend === 'postgres' ? '; a verification on one server copy counts on another' : ''), async () => {
  const own = await startServer({ env: { HF_TEST_HOOKS: '1', DISPENSE_VERIFICATION_MINUTES: '5' } });
  let second;
  try {
    const ww = await makeWorld(own);
    const pan = await drugByName(own, ww.doctor.token, 'Panadol 500 mg');
    const patient = await registerPatient(own, ww.doctor.token);
    const p = await prescribe(own, ww, patient, [item(pan, { quantity: 2 })]);
    const lines = [{ item_id: p.items[0].id, quantity: 1 }];
    await verifyAtCounter(own, ww.pharmacist.token, p);
    let copy = own;
    if (backend === 'postgres') {
      // The record is in the shared database, not in the memory of the copy that verified.
      second = await startServer({ databaseUrl: own.databaseUrl, dataDir: own.dataDir, migrate: false,
        env: { DISPENSE_VERIFICATION_MINUTES: '5' } });
      copy = second;
    }
    assert.equal((await dispense(copy, p.id, lines, ww.pharmacist.token)).status, 201);
    await call(own, 'POST', '/__test/clock', { body: { advance_ms: 6 * MINUTE } });
    assertVerificationRequired(await dispense(own, p.id, lines, ww.pharmacist.token));
  } finally {
    await second?.stop();
    await own.stop();
  }
});

test('an unusable DISPENSE_VERIFICATION_MINUTES stops the server at start', async () => {
  await assert.rejects(startServer({ env: { DISPENSE_VERIFICATION_MINUTES: '0' } }), /DISPENSE_VERIFICATION_MINUTES/);
});

// ---------------------------------------------------------------- batch numbers

const FULL_WIDTH = (s) => [...s].map((c) => (c >= '!' && c <= '~' ? String.fromCodePoint(c.codePointAt(0) + 0xFEE0) : c)).join('');

async function recallBatch(batch) {
  const r = await call(server, 'POST', '/api/v1/recalls', { token: w.regulator.token, body: {
    drug_ids: [panadol.id], batch_numbers: [batch], class: 1, reason: 'Contamination' } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('a recalled batch cannot be dispensed under another spelling of it; unusable batch numbers are 422', async () => {
  const batch = `BATCH-${randomBytes(3).toString('hex').toUpperCase()}`;
  const recall = await recallBatch(batch);
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol, { quantity: 2 })]);
  await verifyAtCounter(server, w.pharmacist.token, p);
  const tryBatch = (batch_no) => dispense(server, p.id, [{ item_id: p.items[0].id, quantity: 1, batch_no }], w.pharmacist.token);
  const [prefix, suffix] = batch.split('-');
  const spellings = [
    FULL_WIDTH(batch),                             // ＢＡＴＣＨ-…
    FULL_WIDTH(batch.toLowerCase()),               // ｂａｔｃｈ－…
    `${prefix}\u2010${suffix}`,                    // HYPHEN
    `${prefix}\u2011${suffix}`,                    // NON-BREAKING HYPHEN
    `${prefix}\u2013${suffix}`,                    // EN DASH
    `${prefix}\u2212${suffix}`,                    // MINUS SIGN
    `${prefix}\uFE63${suffix}`,                    // SMALL HYPHEN-MINUS
    `\u3000 ${batch.toLowerCase()}\u00A0\r\n`,     // spaces of every kind at the ends
  ];
  for (const s of spellings) {
    const r = await tryBatch(s);
    assert.ok(isProblem(r, 409), `${JSON.stringify(s)}: ${r.text}`);
    assert.match(r.body.type, /\/recalled$/, r.text);
    assert.match(r.body.detail, new RegExp(recall.id));
  }
  for (const s of [`${batch}\u0000`, `${batch}\u0007`, `${prefix}\u0000-${suffix}`, `${prefix}\u200B-${suffix}`,
    `${prefix} ${suffix}`, `${prefix}_${suffix}`, `${batch}\u0085`, '7'.repeat(41)]) {
    const r = await tryBatch(s);
    assert.ok(isProblem(r, 422), `${JSON.stringify(s)}: ${r.text}`);
    assert.ok(r.body.errors?.some((e) => e.field === 'items[0].batch_no'), r.text);
  }
  // Nothing was dispensed; another batch goes through and is stored in the one spelling.
  const good = await tryBatch(FULL_WIDTH(' other-lot/7.b '));
  assert.equal(good.status, 201, good.text);
  const list = await call(server, 'GET', `/api/v1/prescriptions/${p.id}/dispensations`, { token: w.doctor.token });
  assert.equal(list.body.items.length, 1, list.text);
  assert.deepEqual(list.body.items[0].items.map((l) => l.batch_no), ['OTHER-LOT/7.B']);
});

test('recalls name batches in the same normalised spelling, and refuse what cannot be normalised', async () => {
  const tail = randomBytes(3).toString('hex');
  const r = await call(server, 'POST', '/api/v1/recalls', { token: w.regulator.token, body: {
    drug_ids: [panadol.id], batch_numbers: [FULL_WIDTH(`lot-${tail}`), `LOT\u2014${tail.toUpperCase()}`, ` lot-${tail}x `],
    class: 2, reason: 'Wrong label' } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.batch_numbers.slice().sort(), [`LOT-${tail.toUpperCase()}`, `LOT-${tail.toUpperCase()}X`]);
  // The plain spelling at the counter meets the recall.
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol)]);
  await verifyAtCounter(server, w.pharmacist.token, p);
  const d = await dispense(server, p.id, [{ item_id: p.items[0].id, quantity: 1, batch_no: `Lot-${tail}` }], w.pharmacist.token);
  assert.ok(isProblem(d, 409), d.text);
  assert.match(d.body.type, /\/recalled$/);

  for (const bad of [`LOT-${tail}\u0000`, `LOT ${tail}`, 'LOT\u00E9', '\u0661\u0662']) {
    const x = await call(server, 'POST', '/api/v1/recalls', { token: w.regulator.token, body: {
      drug_ids: [panadol.id], batch_numbers: ['FINE-1', bad], class: 2, reason: 'x' } });
    assert.ok(isProblem(x, 422), `${JSON.stringify(bad)}: ${x.text}`);
    assert.ok(x.body.errors?.some((e) => e.field === 'batch_numbers[1]'), x.text);
  }
});

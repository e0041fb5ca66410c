// Typed prescription codes can be guessed: misses are counted atomically per pharmacist, per
// pharmacy and per client address (service/code_guess_limit.hpp), so a burst sent at once gets no
// more "unknown code" answers than the allowance, and pharmacists of several pharmacies behind one
// address share one allowance. Found codes do not count.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { startServer, call, isProblem } from './lib/harness.mjs';
import { makeWorld, unique } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe } from './lib/clinic.mjs';

const PER_PHARMACIST = 10;  // kCodeMissesPerPharmacist
const PER_ADDRESS = 30;     // kCodeMissesPerAddress

let server, w;
before(async () => {
  server = await startServer({ env: { TRUST_PROXY: '1' } });
  w = await makeWorld(server);
});
after(async () => { await server?.stop(); });

// A well-formed code (right check symbol) that almost surely names no prescription.
const ALPHABET = '23456789ABCDEFGHJKMNPQRTVWXYZ';
function randomCode() {
  const s = Array.from({ length: 7 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  const sum = s.reduce((acc, c, i) => acc + (i + 1) * ALPHABET.indexOf(c), 0);
  const check = ((29 - (sum % 29)) % 29) * 11 % 29;
  const all = s.join('') + ALPHABET[check];
  return `HF-${all.slice(0, 4)}-${all.slice(4)}`;
}
let addressSeq = 0;
const freshAddress = () => `198.51.100.${++addressSeq}`;
const verify = (token, code, address) => call(server, 'POST', '/api/v1/prescriptions/verify', {
  token, body: { code }, headers: { 'x-forwarded-for': address } });

async function pharmacistAtNewPharmacy() {
  const f = await call(server, 'POST', '/api/v1/facilities', { token: w.admin.token, body: {
    type: 'pharmacy', name: `pharmacy ${unique('')}`, name_ar: 'صيدلية', license_no: unique('LIC-'), governorate: '01',
    address: '2 Tahrir Square' } });
  assert.equal(f.status, 201, f.text);
  return w.user('pharmacist', { license_no: unique('PHS-'), facility_ids: [f.body.id] });
}

test('60 wrong codes sent at once: at most the allowance are answered "unknown", the rest 429', async () => {
  const ph = await pharmacistAtNewPharmacy();
  const address = freshAddress();
  const answers = await Promise.all(Array.from({ length: 60 }, () => verify(ph.token, randomCode(), address)));
  const misses = answers.filter((r) => r.status === 404).length;
  const limited = answers.filter((r) => r.status === 429);
  assert.ok(misses <= PER_PHARMACIST, `${misses} misses answered; the allowance is ${PER_PHARMACIST}`);
  assert.equal(misses + limited.length, 60, answers.map((r) => r.status).join(','));
  assert.ok(limited.every((r) => isProblem(r, 429) && Number(r.headers.get('retry-after')) >= 1));
  // The lock holds for the next attempt too.
  assert.ok(isProblem(await verify(ph.token, randomCode(), address), 429));
});

test('pharmacists of different pharmacies behind one address share the per-address allowance', async () => {
  const shared = freshAddress();
  const perPharmacist = PER_PHARMACIST;
  const crowd = [];
  for (let i = 0; i < PER_ADDRESS / perPharmacist; ++i) crowd.push(await pharmacistAtNewPharmacy());
  for (const ph of crowd) {
    for (let i = 0; i < perPharmacist; ++i) {
      const r = await verify(ph.token, randomCode(), shared);
      assert.ok(isProblem(r, 404), `pharmacist ${crowd.indexOf(ph)} miss ${i}: ${r.status}`);
    }
  }
  const next = await pharmacistAtNewPharmacy();
  const fromShared = await verify(next.token, randomCode(), shared);
  assert.ok(isProblem(fromShared, 429), `a fresh pharmacist at the same address: ${fromShared.status}`);
  // Entries a client puts before the one our proxy appends do not make it another address.
  const forged = await verify(next.token, randomCode(), `203.0.113.${randomInt(1, 250)}, ${shared}`);
  assert.ok(isProblem(forged, 429), `a forged X-Forwarded-For entry: ${forged.status}`);
  // The same pharmacist from another address is not limited: the address is what was exhausted.
  assert.ok(isProblem(await verify(next.token, randomCode(), freshAddress()), 404));
});

test('codes that are found do not count as misses', async () => {
  const ph = await pharmacistAtNewPharmacy();
  const address = freshAddress();
  const patient = await registerPatient(server, w.doctor.token);
  const panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
  const rx = await prescribe(server, w, patient, [item(panadol)]);
  for (let i = 0; i < PER_PHARMACIST * 2; ++i) {
    const r = await verify(ph.token, rx.code, address);
    assert.equal(r.status, 200, `verification ${i}: ${r.text}`);
  }
  for (let i = 0; i < PER_PHARMACIST; ++i) assert.ok(isProblem(await verify(ph.token, randomCode(), address), 404));
  assert.ok(isProblem(await verify(ph.token, randomCode(), address), 429));
});

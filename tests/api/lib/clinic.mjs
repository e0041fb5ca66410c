// Helpers for prescribing tests: patients, products by trade name, prescriptions.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { call } from './harness.mjs';

// An adult's birth date (YYMMDD, 1960-1999) at random: with the sequence, about 67 million distinct
// IDs, so the ~100 patients a suite registers do not collide (a fixed date allowed only 4,999).
export function adultBirth() {
  const two = (n) => String(n).padStart(2, '0');
  return `${two(randomInt(60, 100))}${two(randomInt(1, 13))}${two(randomInt(1, 29))}`;
}

// A valid Egyptian national ID: an adult born in Cairo, male (odd sequence), check digit unused.
export function nationalId(seq = randomInt(1, 4999) * 2 + 1, birth = adultBirth(), gov = '01') {
  return `2${birth}${gov}${String(seq).padStart(4, '0')}1`;
}

export async function registerPatient(server, token, extra = {}) {
  const r = await call(server, 'POST', '/api/v1/patients', { token, body: {
    national_id: nationalId(), full_name: 'Mona Hassan', full_name_ar: 'منى حسن', phone: '+201001234567',
    allergies: [], conditions: [], ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const drugCache = new Map();
export async function drugByName(server, token, tradeName) {
  if (drugCache.has(server.url + tradeName)) return drugCache.get(server.url + tradeName);
  const r = await call(server, 'GET', `/api/v1/drugs?q=${encodeURIComponent(tradeName)}&limit=20`, { token });
  assert.equal(r.status, 200, r.text);
  const d = r.body.items.find((x) => x.trade_name === tradeName);
  assert.ok(d, `product ${tradeName} not found`);
  drugCache.set(server.url + tradeName, d);
  return d;
}

export function item(drug, extra = {}) {
  return { drug_id: drug.id, dose_amount: 1, dose_unit: 'tablet', times_per_day: 2, duration_days: 5, quantity: 1,
    substitution_allowed: true, repeats: 0, ...extra };
}

export async function prescribe(server, w, patient, items, extra = {}, expectStatus = 201) {
  const r = await call(server, 'POST', '/api/v1/prescriptions', { token: extra.token || w.doctor.token, body: {
    patient_id: patient.id, facility_id: w.clinic.id, diagnosis_codes: ['J06.9'], items, ...extra.body } ,
    headers: extra.headers || {} });
  assert.equal(r.status, expectStatus, r.text);
  return r.body;
}

// As at the counter: the pharmacy verifies the prescription by its code (or QR token) before it
// dispenses; dispensing needs a verification by the same pharmacy within DISPENSE_VERIFICATION_MINUTES.
export async function verifyAtCounter(server, token, prescription, by = 'code') {
  const body = by === 'qr' ? { qr_token: prescription.qr_token } : { code: prescription.code };
  const r = await call(server, 'POST', '/api/v1/prescriptions/verify', { token, body });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// Prescribing and dispensing (issue 5), over HTTP on the backend named by HF_TEST_DB.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, call, isProblem, backend } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe } from './lib/clinic.mjs';
import { totp } from './lib/totp.mjs';

let server, w, panadol, brufen;
before(async () => {
  server = await startServer({ env: { HF_TEST_HOOKS: '1' } });
  w = await makeWorld(server);
  panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
  brufen = await drugByName(server, w.doctor.token, 'Brufen 400 mg');
});
after(async () => { await server?.stop(); });

const verifyCode = (code, token = w.pharmacist.token) =>
  call(server, 'POST', '/api/v1/prescriptions/verify', { token, body: { code } });
const dispense = (id, items, extra = {}, token = w.pharmacist.token, headers = {}) =>
  call(server, 'POST', `/api/v1/prescriptions/${id}/dispensations`, { token, body: { items, ...extra }, headers });

test('golden path: create, verify by token and by code, partial dispense, the rest, then 409', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol, { quantity: 2 }), item(brufen, { quantity: 1, dose_amount: 0.5 })]);
  assert.equal(p.status, 'active');
  assert.match(p.code, /^HF-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  assert.match(p.qr_token, /^HF1\./);
  assert.ok(Date.parse(p.expires_at) - Date.parse(p.issued_at) === 30 * 86400000);
  assert.equal(p.items.length, 2);
  assert.equal(p.items[0].remaining, 2);
  assert.match(p.items[0].sig_en, /1 tablet/);
  assert.match(p.items[1].sig_en, /0\.5 tablet/);
  assert.ok(p.items[0].sig_ar.length > 0);

  const byToken = await call(server, 'POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token, body: { qr_token: p.qr_token } });
  assert.equal(byToken.status, 200, byToken.text);
  assert.equal(byToken.body.valid, true);
  assert.equal(byToken.body.signature, 'ok');
  assert.equal(byToken.body.prescription.id, p.id);
  assert.equal(byToken.body.prescription.patient.full_name, 'Mona Hassan');
  assert.match(byToken.body.prescription.patient.national_id_masked, /\*/);
  assert.equal(byToken.body.prescription.qr_token, undefined);
  const byCode = await verifyCode(p.code.toLowerCase().replaceAll('-', ''));
  assert.equal(byCode.status, 200);
  assert.equal(byCode.body.valid, true);

  const [a, b] = p.items;
  const first = await dispense(p.id, [{ item_id: a.id, quantity: 1 }]);
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.prescription_status, 'partially_dispensed');
  assert.equal(first.body.items[0].remaining, 1);
  const mid = await verifyCode(p.code);
  assert.equal(mid.body.prescription.items[0].remaining, 1);
  const rest = await dispense(p.id, [{ item_id: a.id, quantity: 1 }, { item_id: b.id, quantity: 1, batch_no: 'B123' }]);
  assert.equal(rest.status, 201, rest.text);
  assert.equal(rest.body.prescription_status, 'dispensed');
  const more = await dispense(p.id, [{ item_id: a.id, quantity: 1 }]);
  assert.ok(isProblem(more, 409), more.text);
  assert.match(more.body.detail, /dispensed/);
  const done = await verifyCode(p.code);
  assert.equal(done.body.valid, false);
  assert.equal(done.body.reason, 'dispensed');
  const list = await call(server, 'GET', `/api/v1/prescriptions/${p.id}/dispensations`, { token: w.doctor.token });
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 2);
  const mine = await call(server, 'GET', `/api/v1/prescriptions/${p.id}/dispensations`, { token: w.pharmacist.token });
  assert.equal(mine.status, 200, 'the dispensing pharmacy sees it');
});

test('dispensing over what remains answers 409 and changes nothing', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol, { quantity: 2 })]);
  await verifyCode(p.code);
  const r = await dispense(p.id, [{ item_id: p.items[0].id, quantity: 3 }]);
  assert.ok(isProblem(r, 409), r.text);
  const v = await verifyCode(p.code);
  assert.equal(v.body.prescription.items[0].remaining, 2);
  assert.equal(v.body.prescription.status, 'active');
});

test('cancel: only its prescriber, with a reason; then not dispensable and verifies invalid', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol)]);
  assert.equal((await verifyCode(p.code)).body.valid, true);  // the pharmacy had verified it before
  const other = await w.user('doctor', { license_no: 'EMS-X' + Date.now(), facility_ids: [w.clinic.id] });
  assert.ok(isProblem(await call(server, 'POST', `/api/v1/prescriptions/${p.id}/cancel`, { token: other.token, body: { reason: 'x' } }), 404));
  assert.ok(isProblem(await call(server, 'POST', `/api/v1/prescriptions/${p.id}/cancel`, { token: w.doctor.token, body: {} }), 400));
  const c = await call(server, 'POST', `/api/v1/prescriptions/${p.id}/cancel`, { token: w.doctor.token, body: { reason: 'wrong dose' } });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.status, 'cancelled');
  const again = await call(server, 'POST', `/api/v1/prescriptions/${p.id}/cancel`, { token: w.doctor.token, body: { reason: 'again' } });
  assert.ok(isProblem(again, 409));
  assert.match(again.body.detail, /cancelled/);
  const v = await verifyCode(p.code);
  assert.equal(v.body.valid, false);
  assert.equal(v.body.reason, 'cancelled');
  const late = await dispense(p.id, [{ item_id: p.items[0].id, quantity: 1 }]);
  assert.ok(isProblem(late, 409));
  assert.match(late.body.detail, /cancelled/);
});

test('a fully dispensed prescription cannot be cancelled', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol)]);
  await verifyCode(p.code);
  assert.equal((await dispense(p.id, [{ item_id: p.items[0].id, quantity: 1 }])).status, 201);
  const c = await call(server, 'POST', `/api/v1/prescriptions/${p.id}/cancel`, { token: w.doctor.token, body: { reason: 'late' } });
  assert.ok(isProblem(c, 409));
  assert.match(c.body.detail, /dispensed/);
});

test('forged or altered QR tokens verify with "signature":"bad"', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol)]);
  const [v, kid, payload, sig] = p.qr_token.split('.');
  const body = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const altered = `${v}.${kid}.${Buffer.from(JSON.stringify({ ...body, n: 9 })).toString('base64url')}.${sig}`;
  const flippedSig = `${v}.${kid}.${payload}.${sig.slice(0, -2)}${sig.at(-2) === 'A' ? 'B' : 'A'}${sig.at(-1)}`;
  for (const token of [altered, flippedSig, 'HF1.garbage', 'not a token']) {
    const r = await call(server, 'POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token, body: { qr_token: token } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.valid, false);
    assert.equal(r.body.signature, 'bad');
    assert.equal(r.body.prescription, undefined);
  }
});

test('a QR token verifies offline with only the published key, using OpenSSL (another Ed25519 implementation)', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol)]);
  const keys = await call(server, 'GET', '/api/v1/keys');
  assert.equal(keys.status, 200);
  const [v, kid, payload, sig] = p.qr_token.split('.');
  const jwk = keys.body.keys.find((k) => k.kid === kid);
  assert.ok(jwk && jwk.kty === 'OKP' && jwk.crv === 'Ed25519');
  const dir = mkdtempSync(join(tmpdir(), 'hf-ossl-'));
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(jwk.x, 'base64url')]);
  writeFileSync(join(dir, 'pub.pem'), `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`);
  writeFileSync(join(dir, 'msg'), `${v}.${kid}.${payload}`);
  writeFileSync(join(dir, 'sig'), Buffer.from(sig, 'base64url'));
  const ok = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin',
    '-in', join(dir, 'msg'), '-sigfile', join(dir, 'sig')], { encoding: 'utf8' });
  assert.match(ok, /Signature Verified Successfully/);
  writeFileSync(join(dir, 'msg'), `${v}.${kid}.${payload}x`);
  assert.throws(() => execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin',
    '-in', join(dir, 'msg'), '-sigfile', join(dir, 'sig')], { stdio: 'pipe' }));
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
  assert.equal(decoded.c, p.code);
});

test('unknown or mistyped codes: 404 for unknown, 422 for a typo the check character catches', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol)]);
  const symbols = p.code.replaceAll('-', '').slice(2);
  const alphabet = '23456789ABCDEFGHJKMNPQRTVWXYZ';
  const swapped = symbols[0] === symbols[1] ? null : symbols[1] + symbols[0] + symbols.slice(2);
  const typo = (alphabet[(alphabet.indexOf(symbols[3]) + 1) % alphabet.length]);
  const mistyped = symbols.slice(0, 3) + typo + symbols.slice(4);
  assert.ok(isProblem(await verifyCode(mistyped), 422));
  if (swapped) assert.ok(isProblem(await verifyCode(swapped), 422));
  assert.ok(isProblem(await verifyCode('HF-2222-2222'), 422) || isProblem(await verifyCode('HF-2222-2222'), 404));
});

test('repeated misses on typed codes are throttled with 429', async () => {
  const pharmacist = await w.user('pharmacist', { license_no: 'PHS-T' + Date.now(), facility_ids: [w.pharmacy.id] });
  // Valid-looking codes (right check character) that do not exist.
  const alphabet = '23456789ABCDEFGHJKMNPQRTVWXYZ';
  const codes = [];
  for (let n = 0; codes.length < 14; n++) {
    const seven = [...Array(7)].map((_, i) => alphabet[(n * 7 + i * 3 + 5) % 29]);
    const sum = seven.reduce((s, c, i) => s + (i + 1) * alphabet.indexOf(c), 0);
    for (let k = 0; k < 29; k++) if ((sum + 8 * k) % 29 === 0) { codes.push(seven.join('') + alphabet[k]); break; }
  }
  let last;
  for (const c of codes) last = await verifyCode(c, pharmacist.token);
  assert.ok(isProblem(last, 429), `${last.status} ${last.text}`);
  assert.ok(Number(last.headers.get('retry-after')) > 0);
});

test('substitution only where allowed and only to an equivalent product', async () => {
  const augmentin = await drugByName(server, w.doctor.token, 'Augmentin 1 g');
  const product = await call(server, 'GET', `/api/v1/drugs/${augmentin.id}`, { token: w.pharmacist.token });
  const equivalent = product.body.equivalents[0];
  assert.ok(equivalent, 'Augmentin 1 g has a generic equivalent');
  const other = await drugByName(server, w.doctor.token, 'Augmentin 625 mg');
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(augmentin, { quantity: 2 })]);
  await verifyCode(p.code);
  const bad = await dispense(p.id, [{ item_id: p.items[0].id, quantity: 1, dispensed_drug_id: other.id }]);
  assert.ok(isProblem(bad, 422), bad.text);
  const ok = await dispense(p.id, [{ item_id: p.items[0].id, quantity: 1, dispensed_drug_id: equivalent.id }]);
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.items[0].drug_id, equivalent.id);
  const fixed = await prescribe(server, w, patient, [item(augmentin, { substitution_allowed: false })],
    { body: { overrides: [{ alert_kind: 'duplicate_therapy', reason: 'second course' }] } });
  await verifyCode(fixed.code);
  const refused = await dispense(fixed.id, [{ item_id: fixed.items[0].id, quantity: 1, dispensed_drug_id: equivalent.id }]);
  assert.ok(isProblem(refused, 422), refused.text);
});

test('a blocking alert needs an override with a reason, which is stored', async () => {
  const augmentin = await drugByName(server, w.doctor.token, 'Augmentin 1 g');
  const patient = await registerPatient(server, w.doctor.token, { allergies: ['penicillin'] });
  const refused = await prescribe(server, w, patient, [item(augmentin)], {}, 422);
  assert.ok(refused.alerts.some((a) => a.kind === 'allergy'));
  const ok = await prescribe(server, w, patient, [item(augmentin)],
    { body: { overrides: [{ alert_kind: 'allergy', reason: 'tolerated amoxicillin in 2024 under supervision' }] } });
  assert.equal(ok.status, 'active');
  assert.equal(ok.overrides[0].alert_kind, 'allergy');
});

test('controlled substances: step-up TOTP at signing, ID check at dispensing, 7-day validity', async () => {
  const mst = await drugByName(server, w.doctor.token, 'MST Continus 10 mg');
  const patient = await registerPatient(server, w.doctor.token);
  const body = { patient_id: patient.id, facility_id: w.clinic.id, diagnosis_codes: ['C50.9'], items: [item(mst)] };
  const noMfa = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body });
  assert.ok(isProblem(noMfa, 401), noMfa.text);
  assert.match(noMfa.body.type, /mfa-enrollment-required$/);
  assert.match(noMfa.body.detail, /controlled/);
  // A doctor with an authenticator app enrolled signs with a fresh code, once.
  const doc = await w.user('doctor', { license_no: 'EMS-C' + Date.now(), facility_ids: [w.clinic.id] });
  const e = await call(server, 'POST', '/api/v1/auth/totp/enroll', { token: doc.token });
  assert.equal(e.status, 200, e.text);
  assert.equal((await call(server, 'POST', '/api/v1/auth/totp/confirm', { token: doc.token, body: { totp: totp(e.body.secret, Date.now(), -1) } })).status, 204);
  const missing = await call(server, 'POST', '/api/v1/prescriptions', { token: doc.token, body });
  assert.ok(isProblem(missing, 401));
  assert.match(missing.body.type, /mfa-required$/);
  const code = totp(e.body.secret);
  const ok = await call(server, 'POST', '/api/v1/prescriptions', { token: doc.token, body: { ...body, totp: code } });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.controlled, true);
  assert.equal(Date.parse(ok.body.expires_at) - Date.parse(ok.body.issued_at), 7 * 86400000);
  const reused = await call(server, 'POST', '/api/v1/prescriptions', { token: doc.token, body: { ...body, totp: code } });
  assert.ok(isProblem(reused, 401), 'a code signs once');
  await verifyCode(ok.body.code);
  const noCheck = await dispense(ok.body.id, [{ item_id: ok.body.items[0].id, quantity: 1 }]);
  assert.ok(isProblem(noCheck, 422), noCheck.text);
  assert.ok(noCheck.body.errors.some((x) => x.field === 'patient_id_checked'));
  const checked = await dispense(ok.body.id, [{ item_id: ok.body.items[0].id, quantity: 1 }], { patient_id_checked: true });
  assert.equal(checked.status, 201, checked.text);
});

test('a product that requires approval starts pending; a regulator approves it; dispensing waits', async () => {
  const all = await call(server, 'GET', '/api/v1/drugs?q=humira', { token: w.doctor.token });
  const humira = all.body.items.find((d) => d.requires_approval);
  assert.ok(humira, 'a product requiring approval');
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(humira, { dose_unit: 'unit', dose_amount: 1, times_per_day: 1, duration_days: 14 })]);
  assert.equal(p.status, 'pending_approval');
  assert.ok(isProblem(await dispense(p.id, [{ item_id: p.items[0].id, quantity: 1 }]), 409));
  const v = await verifyCode(p.code);
  assert.equal(v.body.valid, false);
  assert.equal(v.body.reason, 'pending_approval');
  const queue = await call(server, 'GET', '/api/v1/prescriptions?status=pending_approval', { token: w.regulator.token });
  assert.ok(queue.body.items.some((x) => x.id === p.id));
  assert.ok(isProblem(await call(server, 'POST', `/api/v1/prescriptions/${p.id}/approve`, { token: w.doctor.token }), 403));
  const ok = await call(server, 'POST', `/api/v1/prescriptions/${p.id}/approve`, { token: w.regulator.token });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'active');
  const twice = await call(server, 'POST', `/api/v1/prescriptions/${p.id}/approve`, { token: w.regulator.token });
  assert.ok(isProblem(twice, 409));
  assert.equal((await verifyCode(p.code)).body.valid, true);
  assert.equal((await dispense(p.id, [{ item_id: p.items[0].id, quantity: 1 }])).status, 201);
  const q = await prescribe(server, w, patient, [item(humira, { dose_unit: 'unit', times_per_day: 1, duration_days: 14 })],
    { body: { overrides: [{ alert_kind: 'duplicate_therapy', reason: 'second site' }] } });
  assert.ok(isProblem(await call(server, 'POST', `/api/v1/prescriptions/${q.id}/reject`, { token: w.regulator.token, body: {} }), 400));
  const rej = await call(server, 'POST', `/api/v1/prescriptions/${q.id}/reject`, { token: w.regulator.token, body: { reason: 'not indicated' } });
  assert.equal(rej.body.status, 'rejected');
  assert.equal((await verifyCode(q.code)).body.reason, 'rejected');
});

test('who may read: its prescriber and its patient; others 404; pharmacists only through verification', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol)]);
  const account = await w.patientAccount(patient.id);
  const other = await registerPatient(server, w.doctor.token);
  const otherAccount = await w.patientAccount(other.id);
  assert.equal((await call(server, 'GET', `/api/v1/prescriptions/${p.id}`, { token: account.token })).status, 200);
  assert.ok(isProblem(await call(server, 'GET', `/api/v1/prescriptions/${p.id}`, { token: otherAccount.token }), 404));
  assert.ok(isProblem(await call(server, 'GET', `/api/v1/prescriptions/${p.id}`, { token: w.pharmacist.token }), 403));
  const mine = await call(server, 'GET', '/api/v1/prescriptions?mine=true', { token: account.token });
  assert.deepEqual(mine.body.items.map((x) => x.id), [p.id]);
  assert.equal((await call(server, 'GET', '/api/v1/prescriptions?mine=true', { token: otherAccount.token })).body.items.length, 0);
  const svg = await call(server, 'GET', `/api/v1/prescriptions/${p.id}/qr.svg`, { token: account.token });
  assert.equal(svg.status, 200);
  assert.match(svg.headers.get('content-type'), /image\/svg\+xml/);
  assert.match(svg.text, /^<svg/);
  const noReason = await call(server, 'GET', `/api/v1/patients/${patient.id}/prescriptions`, { token: w.doctor.token });
  assert.ok(isProblem(noReason, 422));
  const hist = await call(server, 'GET', `/api/v1/patients/${patient.id}/prescriptions?reason=follow-up%20visit`, { token: w.doctor.token });
  assert.equal(hist.status, 200);
  assert.equal(hist.body.items[0].id, p.id);
  assert.ok(isProblem(await call(server, 'GET', `/api/v1/patients/${patient.id}/prescriptions`, { token: otherAccount.token }), 404));
});

test('Idempotency-Key: a retry returns the first answer; another body with the same key is 422', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const key = 'create-' + Date.now();
  const body = { patient_id: patient.id, facility_id: w.clinic.id, diagnosis_codes: ['J06.9'], items: [item(panadol)] };
  const a = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body, headers: { 'idempotency-key': key } });
  const b = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body, headers: { 'idempotency-key': key } });
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.equal(b.body.id, a.body.id);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  const c = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body: { ...body, notes: 'x' }, headers: { 'idempotency-key': key } });
  assert.ok(isProblem(c, 422));
  const account = await w.patientAccount(patient.id);
  const mine = await call(server, 'GET', '/api/v1/prescriptions?mine=true', { token: account.token });
  assert.equal(mine.body.items.length, 1, 'one prescription, not two');
  await verifyCode(a.body.code);
  const dkey = 'disp-' + Date.now();
  const d1 = await dispense(a.body.id, [{ item_id: a.body.items[0].id, quantity: 1 }], {}, w.pharmacist.token, { 'idempotency-key': dkey });
  const d2 = await dispense(a.body.id, [{ item_id: a.body.items[0].id, quantity: 1 }], {}, w.pharmacist.token, { 'idempotency-key': dkey });
  assert.equal(d1.status, 201);
  assert.equal(d2.status, 201);
  assert.equal(d2.body.id, d1.body.id);
  const list = await call(server, 'GET', `/api/v1/prescriptions/${a.body.id}/dispensations`, { token: w.doctor.token });
  assert.equal(list.body.items.length, 1);
});

test('validation errors name the field', async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const r = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body: {
    patient_id: patient.id, facility_id: w.clinic.id, diagnosis_codes: ['J06.9'], items: [item(panadol, { quantity: 0 })] } });
  assert.ok(r.status === 422 || r.status === 400);
  assert.ok(r.body.errors.some((e) => e.field === 'items[0].quantity'), r.text);
  const none = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body: {
    patient_id: patient.id, facility_id: w.clinic.id, diagnosis_codes: [], items: [] } });
  assert.ok(none.status === 422 || none.status === 400);
  const otherFacility = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body: {
    patient_id: patient.id, facility_id: w.pharmacy.id, diagnosis_codes: ['J06.9'], items: [item(panadol)] } });
  assert.ok(isProblem(otherFacility, 422));
  const sqli = await call(server, 'POST', '/api/v1/prescriptions', { token: w.doctor.token, body: {
    patient_id: "' OR 1=1 --", facility_id: w.clinic.id, diagnosis_codes: ['J06.9'], items: [item(panadol)] } });
  assert.ok(isProblem(sqli, 422), sqli.text);
  const badDispense = await dispense('nope', [{ item_id: 'x', quantity: -1 }]);
  assert.ok(isProblem(badDispense, 400));
});

test('expiry and repeat intervals follow the business clock', async () => {
  const own = await startServer({ env: { HF_TEST_HOOKS: '1' } });
  try {
    const ww = await makeWorld(own);
    const pan = await drugByName(own, ww.doctor.token, 'Panadol 500 mg');
    const patient = await registerPatient(own, ww.doctor.token);
    const expiring = await prescribe(own, ww, patient, [item(pan)]);
    const chronic = await prescribe(own, ww, patient, [item(pan, { quantity: 1, repeats: 2, repeat_interval_days: 10 })],
      { body: { overrides: [{ alert_kind: 'duplicate_therapy', reason: 'chronic supply' }] } });
    const disp = (id, itemId, token = ww.pharmacist.token) =>
      call(own, 'POST', `/api/v1/prescriptions/${id}/dispensations`, { token, body: { items: [{ item_id: itemId, quantity: 1 }] } });
    const verify = (code) => call(own, 'POST', '/api/v1/prescriptions/verify', { token: ww.pharmacist.token, body: { code } });
    await verify(chronic.code);
    await verify(expiring.code);
    assert.equal((await disp(chronic.id, chronic.items[0].id)).status, 201);
    const early = await disp(chronic.id, chronic.items[0].id);
    assert.ok(isProblem(early, 409), early.text);
    assert.match(early.body.detail, /not before|repeat/i);
    await call(own, 'POST', '/__test/clock', { body: { advance_ms: 10 * 86400000 + 60000 } });
    // A repeat is a later visit: the patient's code again.
    const later = await disp(chronic.id, chronic.items[0].id);
    assert.ok(isProblem(later, 409), later.text);
    assert.match(later.body.type, /verification-required$/);
    assert.equal((await verify(chronic.code)).body.valid, true);
    assert.equal((await disp(chronic.id, chronic.items[0].id)).status, 201);
    await call(own, 'POST', '/__test/clock', { body: { advance_ms: 21 * 86400000 } });
    const v = await call(own, 'POST', '/api/v1/prescriptions/verify', { token: ww.pharmacist.token, body: { code: expiring.code } });
    assert.equal(v.body.valid, false);
    assert.equal(v.body.reason, 'expired');
    assert.ok(isProblem(await disp(expiring.id, expiring.items[0].id), 409));
    const c = await call(own, 'POST', `/api/v1/prescriptions/${expiring.id}/cancel`, { token: ww.doctor.token, body: { reason: 'x' } });
    assert.ok(isProblem(c, 409));
    assert.match(c.body.detail, /expired/);
  } finally {
    await own.stop();
  }
});

test('concurrent creates naming the same products in opposite orders all succeed (no deadlock on report rows)', async () => {
  // Each create updates the per-ingredient report rows of its items; two creates taking those
  // rows in opposite orders must queue, not deadlock (PostgreSQL would abort one with 40P01).
  const patients = [];
  for (let i = 0; i < 24; i++) patients.push(await registerPatient(server, w.doctor.token));
  const results = await Promise.all(patients.map((patient, i) => call(server, 'POST', '/api/v1/prescriptions', {
    token: w.doctor.token,
    body: { patient_id: patient.id, facility_id: w.clinic.id, diagnosis_codes: ['J06.9'],
      items: i % 2 ? [item(panadol), item(brufen)] : [item(brufen), item(panadol)] } })));
  assert.deepEqual(results.map((r) => r.status), results.map(() => 201), results.map((r) => r.text).join('\n'));
});

test('no over-dispensing under 50 concurrent requests' + (backend === 'postgres' ? ' on two server processes' : ''), async () => {
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(panadol, { quantity: 5 })]);
  await verifyCode(p.code);
  const servers = [server];
  let second;
  if (backend === 'postgres') {
    second = await startServer({ databaseUrl: server.databaseUrl, dataDir: server.dataDir, migrate: false });
    servers.push(second);
  }
  try {
    const results = await Promise.all([...Array(50)].map((_, i) => call(servers[i % servers.length], 'POST',
      `/api/v1/prescriptions/${p.id}/dispensations`, { token: w.pharmacist.token, body: { items: [{ item_id: p.items[0].id, quantity: 1 }] } })));
    const created = results.filter((r) => r.status === 201).length;
    const conflicts = results.filter((r) => r.status === 409).length;
    assert.equal(created, 5, results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.status + r.text).join('\n'));
    assert.equal(conflicts, 45);
    const list = await call(server, 'GET', `/api/v1/prescriptions/${p.id}/dispensations`, { token: w.doctor.token });
    assert.equal(list.body.items.reduce((s, d) => s + d.items.reduce((t, l) => t + l.quantity, 0), 0), 5);
    const v = await verifyCode(p.code);
    assert.equal(v.body.reason, 'dispensed');
  } finally {
    await second?.stop();
  }
});

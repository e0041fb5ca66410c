// Patients (issue 4; API.md "Patients"; DOMAIN.md "Egyptian national ID"): register with birth
// date, sex and governorate derived from the national ID, find by ID, read; who may do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, call, isProblem, backend } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';

let server, w;
before(async () => { server = await startServer(); w = await makeWorld(server); });
after(async () => { await server?.stop(); });

// A valid national ID: century digit, YYMMDD, governorate, a random 4-digit sequence whose last
// digit gives the sex (odd male, even female), and a check digit (not verified by default).
// Unspecified date parts are random, so IDs from different tests do not collide.
let counter = 0;
const pick = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
function nationalId({ century = 2, yy = pick(40, 99), mm = pick(1, 12), dd = pick(1, 28), gov = '01',
  sex = 'female' } = {}) {
  counter += 1;
  let seq = String(pick(100, 999));
  seq += sex === 'male' ? '1' : '2';
  const two = (n) => String(n).padStart(2, '0');
  return `${century}${two(yy)}${two(mm)}${two(dd)}${gov}${seq}${counter % 10}`;
}
const arabicDigits = (s) => s.replace(/[0-9]/g, (d) => '٠١٢٣٤٥٦٧٨٩'[d]);

function fieldsOf(res) { return (res.body?.errors || []).map((e) => e.field); }

async function register(body, token = w.doctor.token) {
  return call(server, 'POST', '/api/v1/patients', { token, body: { full_name: 'Test Patient', ...body } });
}

test('registering derives birth date, sex and governorate from the national ID', async () => {
  const nid = nationalId({ century: 2, yy: 90, mm: 1, dd: 15, gov: '01', sex: 'female' });
  const r = await register({ national_id: nid, full_name: 'Mona Adel', full_name_ar: 'منى عادل',
    phone: '010 1234 5678', allergies: ['Penicillin'], conditions: ['i10', 'Asthma'] });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(r.body.national_id, nid);
  assert.equal(r.body.birth_date, '1990-01-15');
  assert.equal(r.body.sex, 'female');
  assert.deepEqual(r.body.governorate, { code: '01', name: 'Cairo', name_ar: r.body.governorate.name_ar });
  assert.ok(r.body.governorate.name_ar.length > 0);
  assert.equal(r.body.full_name_ar, 'منى عادل');
  assert.equal(r.body.phone, '+201012345678');
  assert.deepEqual(r.body.allergies, ['penicillins']);
  assert.deepEqual(r.body.conditions, ['I10', 'Asthma']);
  assert.match(r.body.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.equal(r.headers.get('location'), `/api/v1/patients/${r.body.id}`);

  const male = await register({ national_id: nationalId({ century: 3, yy: 5, mm: 2, dd: 28, gov: '21', sex: 'male' }) });
  assert.equal(male.status, 201, male.text);
  assert.equal(male.body.birth_date, '2005-02-28');
  assert.equal(male.body.sex, 'male');
  assert.equal(male.body.governorate.code, '21');
  assert.equal(male.body.governorate.name, 'Giza');
  assert.deepEqual(male.body.allergies, []);
  assert.equal(male.body.phone, null);
});

test('Arabic-Indic digits are accepted and stored as ASCII', async () => {
  const nid = nationalId({ yy: 85, mm: 6, dd: 30, gov: '02' });
  const r = await register({ national_id: arabicDigits(nid), phone: '٠١١٢٣٤٥٦٧٨٩' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.national_id, nid);
  assert.equal(r.body.birth_date, '1985-06-30');
  assert.equal(r.body.governorate.name, 'Alexandria');
  assert.equal(r.body.phone, '+201123456789');
});

test('invalid national IDs answer 422 naming national_id', async () => {
  const good = nationalId();
  const bad = [
    good.slice(0, 13),                       // 13 digits
    good + '1',                              // 15 digits
    good.slice(0, 5) + 'A' + good.slice(6),  // a letter
    good.slice(0, 7) + ' ' + good.slice(7),  // an inner space
    '2' + '900230' + '01' + '12345',         // 30 February
    '2' + '010229' + '01' + '12345',         // 29 February 2001, not a leap year
    '3' + '991231' + '01' + '12345',         // 2099: in the future
    '2' + '900115' + '20' + '12345',         // governorate 20 does not exist
    '4' + '900115' + '01' + '12345',         // century digit 4
    '',
  ];
  for (const nid of bad) {
    const r = await register({ national_id: nid });
    if (nid === '') { assert.ok(r.status === 400 || r.status === 422, `${nid}: ${r.status}`); continue; }
    assert.ok(isProblem(r, 422), `${nid}: ${r.status} ${r.text}`);
    assert.deepEqual(fieldsOf(r), ['national_id'], nid);
    assert.ok(!r.text.includes(nid.slice(1, 12)) || nid.length < 12, 'the error does not echo the ID');
  }
  // 29 February of a leap year is fine.
  const leap = await register({ national_id: nationalId({ yy: 96, mm: 2, dd: 29 }) });
  assert.equal(leap.status, 201, leap.text);
  assert.equal(leap.body.birth_date, '1996-02-29');
});

test('given birth date, sex or governorate must agree with the ID (422 naming the field)', async () => {
  const nid = nationalId({ yy: 77, mm: 3, dd: 9, gov: '12', sex: 'male' });
  const wrongDate = await register({ national_id: nid, birth_date: '1977-03-10' });
  assert.ok(isProblem(wrongDate, 422), wrongDate.text);
  assert.deepEqual(fieldsOf(wrongDate), ['birth_date']);
  const wrongSex = await register({ national_id: nid, sex: 'female' });
  assert.ok(isProblem(wrongSex, 422));
  assert.deepEqual(fieldsOf(wrongSex), ['sex']);
  const wrongGov = await register({ national_id: nid, governorate: 'Cairo' });
  assert.ok(isProblem(wrongGov, 422));
  assert.deepEqual(fieldsOf(wrongGov), ['governorate']);
  const agreeing = await register({ national_id: nid, birth_date: '1977-03-09', sex: 'male', governorate: '12' });
  assert.equal(agreeing.status, 201, agreeing.text);
  assert.equal(agreeing.body.governorate.name, 'Dakahlia');
});

test('a national ID registered twice answers 409, whatever digits it is typed in', async () => {
  const nid = nationalId({ yy: 60, mm: 12, dd: 1 });
  assert.equal((await register({ national_id: nid })).status, 201);
  const again = await register({ national_id: nid, full_name: 'Someone Else' });
  assert.ok(isProblem(again, 409), again.text);
  const arabic = await register({ national_id: ` ${arabicDigits(nid)} ` });
  assert.ok(isProblem(arabic, 409), arabic.text);
});

test('allergies must be known classes or ingredients; phone an Egyptian mobile; types checked', async () => {
  const unknown = await register({ national_id: nationalId(), allergies: ['penicillin', 'moonlight'] });
  assert.ok(isProblem(unknown, 422), unknown.text);
  assert.deepEqual(fieldsOf(unknown), ['allergies[1]']);
  const byName = await register({ national_id: nationalId(), allergies: ['sulfa', 'Sulfonamides', 'amoxicillin', 'NSAIDs'] });
  // "sulfa" is not a name the knowledge base knows; the rest normalise.
  assert.ok(isProblem(byName, 422));
  assert.deepEqual(fieldsOf(byName), ['allergies[0]']);
  const ok = await register({ national_id: nationalId(), allergies: ['Sulfonamides', 'amoxicillin', 'NSAIDs', 'البنسلينات'] });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.body.allergies, ['sulfonamides', 'amoxicillin', 'nsaids', 'penicillins']);
  const phone = await register({ national_id: nationalId(), phone: '02 2345 6789' });
  assert.ok(isProblem(phone, 422));
  assert.deepEqual(fieldsOf(phone), ['phone']);
  const types = await register({ national_id: 29001150112345, allergies: 'penicillin' });
  assert.ok(isProblem(types, 400), types.text);
  assert.deepEqual(fieldsOf(types).sort(), ['allergies', 'national_id']);
  const missing = await call(server, 'POST', '/api/v1/patients', { token: w.doctor.token, body: {} });
  assert.ok(isProblem(missing, 400));
  assert.deepEqual(fieldsOf(missing).sort(), ['full_name', 'national_id']);
  const notJson = await call(server, 'POST', '/api/v1/patients', { token: w.doctor.token, raw: 'x',
    headers: { 'content-type': 'text/plain' } });
  assert.ok(isProblem(notJson, 415));
});

test('a doctor finds a patient by national ID (exact, after normalisation)', async () => {
  const nid = nationalId({ yy: 70, mm: 7, dd: 7 });
  const created = await register({ national_id: nid });
  const found = await call(server, 'GET', `/api/v1/patients?national_id=${encodeURIComponent(arabicDigits(nid))}&reason=visit`,
    { token: w.doctor.token });
  assert.equal(found.status, 200, found.text);
  assert.equal(found.body.items.length, 1);
  assert.equal(found.body.items[0].id, created.body.id);
  assert.equal(found.body.items[0].birth_date, '1970-07-07');
  const none = await call(server, 'GET', `/api/v1/patients?national_id=${nationalId()}`, { token: w.doctor.token });
  assert.equal(none.status, 200);
  assert.deepEqual(none.body.items, []);
  const invalid = await call(server, 'GET', '/api/v1/patients?national_id=123', { token: w.doctor.token });
  assert.ok(isProblem(invalid, 422));
  const absent = await call(server, 'GET', '/api/v1/patients', { token: w.doctor.token });
  assert.ok(isProblem(absent, 400));
});

test('a doctor reads a patient; an unknown id answers 404', async () => {
  const created = await register({ national_id: nationalId() });
  const r = await call(server, 'GET', `/api/v1/patients/${created.body.id}`, { token: w.doctor.token });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, created.body);
  const unknown = await call(server, 'GET', '/api/v1/patients/7d0c1a4e-5f57-4b8e-9d7c-2d1f0e1f2a3b', { token: w.doctor.token });
  assert.ok(isProblem(unknown, 404));
});

test('a patient reads their own record; another patient\'s id answers 404, not 403', async () => {
  const a = await register({ national_id: nationalId() });
  const b = await register({ national_id: nationalId() });
  const accountA = await w.patientAccount(a.body.id);
  const own = await call(server, 'GET', `/api/v1/patients/${a.body.id}`, { token: accountA.token });
  assert.equal(own.status, 200, own.text);
  assert.equal(own.body.id, a.body.id);
  const other = await call(server, 'GET', `/api/v1/patients/${b.body.id}`, { token: accountA.token });
  assert.ok(isProblem(other, 404), other.text);
  const search = await call(server, 'GET', `/api/v1/patients?national_id=${b.body.national_id}`, { token: accountA.token });
  assert.ok(isProblem(search, 403));
  const create = await register({ national_id: nationalId() }, accountA.token);
  assert.ok(isProblem(create, 403));
});

test('pharmacists and regulators may not register, find or read patients; admins may register', async () => {
  const p = await register({ national_id: nationalId() });
  for (const who of [w.pharmacist, w.regulator]) {
    assert.ok(isProblem(await register({ national_id: nationalId() }, who.token), 403));
    assert.ok(isProblem(await call(server, 'GET', `/api/v1/patients?national_id=${p.body.national_id}`, { token: who.token }), 403));
    assert.ok(isProblem(await call(server, 'GET', `/api/v1/patients/${p.body.id}`, { token: who.token }), 403));
  }
  assert.ok(isProblem(await call(server, 'GET', `/api/v1/patients/${p.body.id}`), 401));
  assert.ok(isProblem(await call(server, 'POST', '/api/v1/patients', { body: { national_id: nationalId(), full_name: 'X' } }), 401));
  const byAdmin = await register({ national_id: nationalId() }, w.admin.token);
  assert.equal(byAdmin.status, 201, byAdmin.text);
});

// DOMAIN.md "Audit": every read or change of patient data, with the doctor's reason when given.
function auditRows(patientId) {
  const sql = `SELECT action || '|' || COALESCE(reason, '') || '|' || COALESCE(actor_id, '') || '|' || record_type FROM audit_log WHERE patient_id = '${patientId}' ORDER BY seq`;
  const out = backend === 'postgres'
    ? execFileSync('psql', [server.databaseUrl, '-tAc', sql], { encoding: 'utf8' })
    : execFileSync('sqlite3', [server.databaseUrl.replace(/^sqlite:\/\//, ''), sql], { encoding: 'utf8' });
  return out.trim().split('\n').filter(Boolean).map((l) => l.split('|'));
}

test('registering, finding and reading a patient are audited with the reason given', async () => {
  const created = await register({ national_id: nationalId() });
  const id = created.body.id;
  await call(server, 'GET', `/api/v1/patients?national_id=${created.body.national_id}&reason=${encodeURIComponent('walk-in visit')}`,
    { token: w.doctor.token });
  await call(server, 'GET', `/api/v1/patients/${id}?reason=follow-up`, { token: w.doctor.token });
  const rows = auditRows(id);
  assert.deepEqual(rows.map((r) => r[0]), ['patient.create', 'patient.read', 'patient.read']);
  assert.deepEqual(rows.map((r) => r[1]), ['', 'walk-in visit', 'follow-up']);
  assert.ok(rows.every((r) => r[2] === w.doctor.id && r[3] === 'patient'));
  // A refused read (another patient's record) is recorded on that record too, as an attempt
  // (outcome denied; tests/api/refusals_audited.test.mjs), never as a read.
  const other = await register({ national_id: nationalId() });
  const account = await w.patientAccount(other.body.id);
  assert.ok(isProblem(await call(server, 'GET', `/api/v1/patients/${id}`, { token: account.token }), 404));
  const after = auditRows(id);
  assert.equal(after.length, 4);
  assert.deepEqual(after[3].slice(0, 1).concat(after[3].slice(2)), ['patient.read', account.id, 'patient']);
});

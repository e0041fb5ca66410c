// Identity and access (issue 3): log-in, passwords, second factor, tokens, roles, suspension,
// brute force, API keys. Runs on the backend named by HF_TEST_DB.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startServer, call, isProblem, logFile } from './lib/harness.mjs';
import { makeWorld, login, unique, PASSWORD } from './lib/world.mjs';
import { totp } from './lib/totp.mjs';

let server, w;
before(async () => { server = await startServer(); w = await makeWorld(server); });
after(async () => { await server?.stop(); });

function b64url(o) { return Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url'); }

test('log-in answers tokens and the user', async () => {
  const r = await call(server, 'POST', '/api/v1/auth/login', { body: { username: w.doctor.username, password: PASSWORD } });
  assert.equal(r.status, 200);
  assert.equal(r.body.token_type, 'Bearer');
  assert.ok(r.body.access_token && r.body.refresh_token);
  assert.equal(r.body.expires_in, 900);
  assert.deepEqual(Object.keys(r.body.user).sort().slice(0, 3).length, 3);
  assert.equal(r.body.user.role, 'doctor');
  assert.equal(r.body.user.full_name, 'Test doctor');
  assert.equal(r.body.user.password_hash, undefined);
});

test('a wrong password and an unknown user get the same 401', async () => {
  const a = await call(server, 'POST', '/api/v1/auth/login', { body: { username: w.pharmacist.username, password: 'wrong password here' } });
  const b = await call(server, 'POST', '/api/v1/auth/login', { body: { username: 'nobody-' + unique(''), password: 'wrong password here' } });
  assert.ok(isProblem(a, 401) && isProblem(b, 401));
  assert.equal(a.body.detail, b.body.detail);
  assert.equal(a.body.type, b.body.type);
});

test('log-in rejects malformed JSON (400), wrong content type (415) and missing fields (400)', async () => {
  const bad = await call(server, 'POST', '/api/v1/auth/login', { raw: '{"username": ', headers: { 'content-type': 'application/json' } });
  assert.ok(isProblem(bad, 400), bad.text);
  const ct = await call(server, 'POST', '/api/v1/auth/login', { raw: 'username=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.ok(isProblem(ct, 415), ct.text);
  const missing = await call(server, 'POST', '/api/v1/auth/login', { body: { username: 'x' } });
  assert.ok(isProblem(missing, 400));
  assert.ok(missing.body.errors.some((e) => e.field === 'password'));
  const types = await call(server, 'POST', '/api/v1/auth/login', { body: { username: 42, password: ['x'] } });
  assert.ok(isProblem(types, 400));
});

test('password policy: 11 refused, 12/64/128 accepted, 129 refused with 400, non-ASCII counted in characters', async () => {
  const make = (password) => call(server, 'POST', '/api/v1/users', { token: w.admin.token, body: {
    role: 'regulator', username: unique('pw'), password, full_name: 'Policy Test' } });
  const r11 = await make('a'.repeat(5) + 'bcdefg');
  assert.ok(isProblem(r11, 422), r11.text);
  assert.ok(r11.body.errors.some((e) => e.field === 'password'));
  for (const n of [12, 64, 128]) {
    const pw = 'xq7' + 'z'.repeat(n - 3);
    const r = await make(pw);
    assert.equal(r.status, 201, `${n}: ${r.text}`);
  }
  const r129 = await make('k'.repeat(129));
  assert.ok(isProblem(r129, 400), r129.text);
  const arabic = 'كلمة سر طويلة جدا';  // 17 characters, 31 bytes
  const ra = await make(arabic);
  assert.equal(ra.status, 201, ra.text);
  await login(server, ra.body.username, arabic);
  const accented = await make('éééééééééééé');  // 12 characters, 24 bytes
  assert.equal(accented.status, 201, accented.text);
  const breached = await make('password1234');
  assert.ok(isProblem(breached, 422), breached.text);
});

test('a too-long password at log-in answers 400 before any hashing', async () => {
  const r = await call(server, 'POST', '/api/v1/auth/login', { body: { username: w.doctor.username, password: 'x'.repeat(129) } });
  assert.ok(isProblem(r, 400));
});

test('forged and wrong tokens are refused with 401', async () => {
  const [h, p] = w.doctor.token.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  const sign = (header, body, key) => {
    const data = `${b64url(header)}.${b64url(body)}`;
    return `${data}.${createHmac('sha256', key).update(data).digest('base64url')}`;
  };
  const otherKey = randomBytes(32);
  const cases = {
    'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`,
    'HS256 with another key': sign({ alg: 'HS256', typ: 'JWT' }, payload, otherKey),
    'changed payload bit': `${h}.${b64url({ ...payload, role: 'admin' })}.${w.doctor.token.split('.')[2]}`,
    'expired (other key, so re-signed tokens prove nothing)': sign({ alg: 'HS256' }, { ...payload, exp: now - 3600 }, otherKey),
    'garbage': 'not.a.token',
    'empty': '',
  };
  for (const [name, token] of Object.entries(cases)) {
    const r = await call(server, 'GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    assert.ok(isProblem(r, 401), `${name}: ${r.status}`);
  }
  const none = await call(server, 'GET', '/api/v1/me');
  assert.ok(isProblem(none, 401));
  // A refresh token is not an access token.
  const refreshAsAccess = await call(server, 'GET', '/api/v1/me', { token: w.doctor.refresh });
  assert.ok(isProblem(refreshAsAccess, 401));
});

test('expired, not-yet-valid, wrong-audience and wrong-type tokens signed with the real key are refused', async () => {
  // The development secret lives in the data directory; signing with it proves the server checks
  // the claims themselves, not just the signature. A valid token made the same way is the control.
  const key = readFileSync(`${server.dataDir}/secrets/jwt.key`, 'utf8').trim();
  const real = JSON.parse(Buffer.from(w.doctor.token.split('.')[1], 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims) => {
    const data = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
    return `${data}.${createHmac('sha256', key).update(data).digest('base64url')}`;
  };
  const base = { ...real, iat: now, nbf: now, exp: now + 600 };
  const control = await call(server, 'GET', '/api/v1/me', { token: sign(base) });
  assert.equal(control.status, 200, 'a well-formed token signed with the real key works');
  const cases = {
    expired: { ...base, iat: now - 7200, nbf: now - 7200, exp: now - 3600 },
    'nbf in the future': { ...base, nbf: now + 3600 },
    'wrong audience': { ...base, aud: 'someone-else' },
    'wrong issuer': { ...base, iss: 'evil' },
    'refresh type': { ...base, typ: 'refresh' },
    'no exp': (({ exp, ...rest }) => rest)(base),
  };
  for (const [name, claims] of Object.entries(cases)) {
    const r = await call(server, 'GET', '/api/v1/me', { token: sign(claims) });
    assert.ok(isProblem(r, 401), `${name}: ${r.status}`);
  }
  // alg none carrying valid claims, and jku/jwk headers that point elsewhere, are refused.
  const none = `${b64url({ alg: 'none' })}.${b64url(base)}.`;
  assert.equal((await call(server, 'GET', '/api/v1/me', { token: none })).status, 401);
  const other = randomBytes(32);
  const data = `${b64url({ alg: 'HS256', jku: 'http://127.0.0.1:1/keys', jwk: { kty: 'oct', k: other.toString('base64url') } })}.${b64url(base)}`;
  const jku = `${data}.${createHmac('sha256', other).update(data).digest('base64url')}`;
  assert.equal((await call(server, 'GET', '/api/v1/me', { token: jku })).status, 401);
});

test('refresh rotates the pair; reusing an old refresh token ends the whole session', async () => {
  const l = await login(server, w.pharmacist.username);
  const r1 = await call(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: l.refresh_token } });
  assert.equal(r1.status, 200, r1.text);
  assert.notEqual(r1.body.refresh_token, l.refresh_token);
  assert.equal((await call(server, 'GET', '/api/v1/me', { token: r1.body.access_token })).status, 200);
  const reuse = await call(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: l.refresh_token } });
  assert.ok(isProblem(reuse, 401));
  // The family is revoked: the newest refresh token and the access tokens die too.
  const after = await call(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: r1.body.refresh_token } });
  assert.ok(isProblem(after, 401));
  assert.equal((await call(server, 'GET', '/api/v1/me', { token: r1.body.access_token })).status, 401);
});

test('logout revokes the session', async () => {
  const l = await login(server, w.regulator.username);
  const out = await call(server, 'POST', '/api/v1/auth/logout', { token: l.access_token });
  assert.equal(out.status, 204);
  assert.equal((await call(server, 'GET', '/api/v1/me', { token: l.access_token })).status, 401);
  const r = await call(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: l.refresh_token } });
  assert.equal(r.status, 401);
});

test('me returns the user, role and facilities', async () => {
  const r = await call(server, 'GET', '/api/v1/me', { token: w.doctor.token });
  assert.equal(r.status, 200);
  assert.equal(r.body.role, 'doctor');
  assert.equal(r.body.facilities[0].id, w.clinic.id);
  assert.equal(r.body.facilities[0].governorate.name, 'Cairo');
});

test('each role is refused on the admin routes (403)', async () => {
  for (const who of ['doctor', 'pharmacist', 'regulator']) {
    const t = w[who].token;
    const routes = [['POST', '/api/v1/users', {}], ['GET', '/api/v1/users'], ['POST', '/api/v1/facilities', {}],
      ['POST', '/api/v1/api-keys', {}], ['GET', '/api/v1/api-keys'], ['PATCH', `/api/v1/users/${w.doctor.id}`, { status: 'suspended' }]];
    for (const [m, p, body] of routes) {
      const r = await call(server, m, p, { token: t, body });
      assert.ok(isProblem(r, 403), `${who} ${m} ${p}: ${r.status}`);
    }
  }
});

test('a patient cannot set fields it may not (no status in the body of another route)', async () => {
  const r = await call(server, 'PATCH', `/api/v1/users/${w.doctor.id}`, { token: w.admin.token, body: { status: 'active', role: 'admin' } });
  assert.ok(isProblem(r, 400));
  assert.ok(r.body.errors.some((e) => e.field === 'role'));
});

test('a suspended user is refused on the very next request and cannot log in', async () => {
  const victim = await w.user('regulator');
  assert.equal((await call(server, 'GET', '/api/v1/me', { token: victim.token })).status, 200);
  const s = await call(server, 'PATCH', `/api/v1/users/${victim.id}`, { token: w.admin.token, body: { status: 'suspended' } });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.status, 'suspended');
  assert.ok(isProblem(await call(server, 'GET', '/api/v1/me', { token: victim.token }), 401));
  // The same answer as a wrong password (tests/api/suspension.test.mjs): it must not confirm the password.
  const l = await call(server, 'POST', '/api/v1/auth/login', { body: { username: victim.username, password: PASSWORD } });
  assert.ok(isProblem(l, 401));
  const back = await call(server, 'PATCH', `/api/v1/users/${victim.id}`, { token: w.admin.token, body: { status: 'active' } });
  assert.equal(back.status, 200);
  await login(server, victim.username);
});

test('users list filters by role and pages with a cursor', async () => {
  const r = await call(server, 'GET', '/api/v1/users?role=doctor&limit=1', { token: w.admin.token });
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 1);
  assert.equal(r.body.items[0].role, 'doctor');
  const bad = await call(server, 'GET', '/api/v1/users?limit=1000', { token: w.admin.token });
  assert.ok(isProblem(bad, 400));
  const all = await call(server, 'GET', '/api/v1/users?limit=2', { token: w.admin.token });
  assert.ok(all.body.next_cursor);
  const next = await call(server, 'GET', `/api/v1/users?limit=2&cursor=${all.body.next_cursor}`, { token: w.admin.token });
  assert.equal(next.status, 200);
  assert.ok(!next.body.items.some((u) => all.body.items.some((v) => v.id === u.id)));
});

test('user creation validates role rules and uniqueness', async () => {
  const noLicence = await call(server, 'POST', '/api/v1/users', { token: w.admin.token, body: {
    role: 'doctor', username: unique('d'), password: PASSWORD, full_name: 'X', facility_ids: [w.clinic.id] } });
  assert.ok(isProblem(noLicence, 422));
  const pharmacistAtClinic = await call(server, 'POST', '/api/v1/users', { token: w.admin.token, body: {
    role: 'pharmacist', username: unique('p'), password: PASSWORD, full_name: 'X', license_no: 'P1', facility_ids: [w.clinic.id] } });
  assert.ok(isProblem(pharmacistAtClinic, 422));
  const dup = await call(server, 'POST', '/api/v1/users', { token: w.admin.token, body: {
    role: 'regulator', username: w.regulator.username, password: PASSWORD, full_name: 'X' } });
  assert.ok(isProblem(dup, 409));
  const injection = await call(server, 'POST', '/api/v1/users', { token: w.admin.token, body: {
    role: "admin' OR '1'='1", username: "x'; DROP TABLE users; --", password: PASSWORD, full_name: 'X' } });
  assert.ok(isProblem(injection, 422));
  assert.equal((await call(server, 'GET', '/api/v1/me', { token: w.admin.token })).status, 200);
});

test('repeated failed log-ins are throttled with 429 and Retry-After', async () => {
  const victim = await w.user('regulator');
  let last;
  for (let i = 0; i < 7; i++) {
    last = await call(server, 'POST', '/api/v1/auth/login', { body: { username: victim.username, password: 'not the password!' } });
  }
  assert.ok(isProblem(last, 429), `${last.status} ${last.text}`);
  assert.ok(Number(last.headers.get('retry-after')) > 0);
  // Even the right password waits out the back-off.
  const right = await call(server, 'POST', '/api/v1/auth/login', { body: { username: victim.username, password: PASSWORD } });
  assert.equal(right.status, 429);
});

test('second factor: enrolment required, then code required, checked, one use per code', async () => {
  const own = await startServer({ env: { MFA_REQUIRED_ROLES: 'admin,doctor' }, databaseUrl: server.databaseUrl, dataDir: server.dataDir });
  try {
    const doc = await w.user('doctor', { license_no: unique('EMS-'), facility_ids: [w.clinic.id] });
    const first = await call(own, 'POST', '/api/v1/auth/login', { body: { username: doc.username, password: PASSWORD } });
    assert.ok(isProblem(first, 401));
    assert.match(first.body.type, /mfa-enrollment-required$/);
    const enrolToken = first.body.enrollment_token;
    assert.ok(enrolToken);
    // The enrolment token is not an access token.
    assert.equal((await call(own, 'GET', '/api/v1/me', { token: enrolToken })).status, 401);
    const e = await call(own, 'POST', '/api/v1/auth/totp/enroll', { token: enrolToken });
    assert.equal(e.status, 200, e.text);
    assert.match(e.body.otpauth_uri, /^otpauth:\/\/totp\/HealthFlow:/);
    const wrong = await call(own, 'POST', '/api/v1/auth/totp/confirm', { token: enrolToken, body: { totp: '000000' === totp(e.body.secret) ? '111111' : '000000' } });
    assert.ok(isProblem(wrong, 422));
    const ok = await call(own, 'POST', '/api/v1/auth/totp/confirm', { token: enrolToken, body: { totp: totp(e.body.secret) } });
    assert.equal(ok.status, 204, ok.text);
    const noCode = await call(own, 'POST', '/api/v1/auth/login', { body: { username: doc.username, password: PASSWORD } });
    assert.ok(isProblem(noCode, 401));
    assert.match(noCode.body.type, /mfa-required$/);
    // +2 steps is outside the window; a wrong code; then the next step's code works once only.
    const far = await call(own, 'POST', '/api/v1/auth/login', { body: { username: doc.username, password: PASSWORD, totp: totp(e.body.secret, Date.now(), 2) } });
    assert.ok(isProblem(far, 401));
    const minus2 = await call(own, 'POST', '/api/v1/auth/login', { body: { username: doc.username, password: PASSWORD, totp: totp(e.body.secret, Date.now(), -2) } });
    assert.ok(isProblem(minus2, 401));
    const plus1 = await call(own, 'POST', '/api/v1/auth/login', { body: { username: doc.username, password: PASSWORD, totp: totp(e.body.secret, Date.now(), 1) } });
    assert.equal(plus1.status, 200, plus1.text);
    const reused = await call(own, 'POST', '/api/v1/auth/login', { body: { username: doc.username, password: PASSWORD, totp: totp(e.body.secret, Date.now(), 1) } });
    assert.ok(isProblem(reused, 401), 'a code is accepted once only');
    const minus1 = await call(own, 'POST', '/api/v1/auth/login', { body: { username: doc.username, password: PASSWORD, totp: totp(e.body.secret, Date.now(), -1) } });
    assert.ok(isProblem(minus1, 401), 'an earlier step than one already used is refused');
  } finally {
    await own.stop();
  }
});

test('API keys: shown once, scoped by permission, revocable', async () => {
  const c = await call(server, 'POST', '/api/v1/api-keys', { token: w.admin.token, body: {
    name: 'Pharmacy POS', facility_id: w.pharmacy.id, permissions: ['drugs:read'] } });
  assert.equal(c.status, 201, c.text);
  assert.match(c.body.key, /^hfk_/);
  const list = await call(server, 'GET', '/api/v1/api-keys', { token: w.admin.token });
  assert.ok(list.body.items.some((k) => k.id === c.body.id && k.key === undefined));
  const headers = { 'x-api-key': c.body.key };
  const allowed = await call(server, 'GET', '/api/v1/drugs?q=para', { headers });
  assert.equal(allowed.status, 200, allowed.text);
  const outOfScope = await call(server, 'GET', '/api/v1/patients?national_id=29001010100015', { headers });
  assert.ok(isProblem(outOfScope, 403));
  const adminRoute = await call(server, 'GET', '/api/v1/users', { headers });
  assert.ok(isProblem(adminRoute, 403));
  const badPerm = await call(server, 'POST', '/api/v1/api-keys', { token: w.admin.token, body: {
    name: 'x', facility_id: w.pharmacy.id, permissions: ['everything'] } });
  assert.ok(isProblem(badPerm, 422));
  const del = await call(server, 'DELETE', `/api/v1/api-keys/${c.body.id}`, { token: w.admin.token });
  assert.equal(del.status, 204);
  const revoked = await call(server, 'GET', '/api/v1/drugs?q=para', { headers });
  assert.ok(isProblem(revoked, 401));
  const forged = await call(server, 'GET', '/api/v1/drugs?q=para', { headers: { 'x-api-key': 'hfk_' + randomBytes(32).toString('base64url') } });
  assert.ok(isProblem(forged, 401));
});

test('log-ins, failures, suspensions and key changes are in the audit log', async () => {
  const { execFileSync } = await import('node:child_process');
  const rows = server.databaseUrl.startsWith('sqlite')
    ? execFileSync('sqlite3', [server.databaseUrl.replace('sqlite://', ''), 'SELECT action || \'|\' || outcome FROM audit_log'], { encoding: 'utf8' })
    : execFileSync('psql', [server.databaseUrl, '-tAc', "SELECT action || '|' || outcome FROM audit_log"], { encoding: 'utf8' });
  for (const expected of ['auth.login|success', 'auth.login|failure', 'user.status|success', 'api_key.create|success',
    'api_key.revoke|success', 'auth.token_refused|denied', 'user.create|success', 'facility.create|success']) {
    assert.ok(rows.includes(expected), `missing ${expected}`);
  }
});

test('no password, token or TOTP secret appears in the server log', async () => {
  const logs = readFileSync(logFile, 'utf8');
  for (const secret of [PASSWORD, w.doctor.token, w.doctor.refresh, w.admin.token]) {
    assert.ok(!logs.includes(secret), 'a secret leaked into the log');
  }
});

// Secrets never in logs (issue 12 "Data safety"). Named to run last: it reads the log file every
// server of the suite appended to (harness logFile, HF_TEST_LOG in `make test`) and fails if any
// password, refresh token (hfr_), API key (hfk_), JWT (eyJ...) or the content of a generated
// development secret file appears in it. It first makes its own server handle secrets in every
// way a client can send them (good and bad log-ins, tokens in headers and query strings, API
// keys), so the check means something even when this file runs alone. A prescription's code and
// QR token are the patient's secret (whoever holds the code can fill it): none may be logged either,
// including the development SMS path that logs messages instead of sending them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, call, logFile, root } from './lib/harness.mjs';
import { makeWorld, PASSWORD } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe } from './lib/clinic.mjs';

let server;
const seen = { passwords: new Set([PASSWORD]), tokens: new Set(), prescriptionSecrets: new Set() };
// Every canonical prescription code (HF-XXXX-XXXX, domain/prescription_code.hpp) and QR token
// (HF1.<kid>.<payload>.<signature>, security/signed_token.hpp) any server of the suite handed out.
const CODE = /HF-[23456789ABCDEFGHJKMNPQRTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRTVWXYZ]{4}/;
const QR_TOKEN = /HF1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;

before(async () => {
  server = await startServer({ env: { LOG_LEVEL: 'debug', SMS_POLL_MS: '50' } });
  const w = await makeWorld(server);
  for (const t of [w.admin.token, w.doctor.token, w.doctor.refresh, w.pharmacist.token]) seen.tokens.add(t);
  // A prescription whose patient has a phone: its SMS (code inside) is logged, not sent, here.
  const patient = await registerPatient(server, w.doctor.token);
  const p = await prescribe(server, w, patient, [item(await drugByName(server, w.doctor.token, 'Panadol 500 mg'))]);
  seen.prescriptionSecrets.add(p.code).add(p.qr_token);
  await call(server, 'POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token, body: { code: p.code } });
  await call(server, 'POST', '/api/v1/prescriptions/verify', { token: w.pharmacist.token, body: { qr_token: p.qr_token } });
  await call(server, 'POST', `/api/v1/prescriptions/${p.id}/cancel`, { token: w.doctor.token, body: { reason: 'log test' } });
  const end = Date.now() + 10000;
  while (server.lines.filter((l) => l.includes('"sms (no gateway configured)"')).length < 2 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // Secrets where they do not belong: a wrong password, a password as a user name, tokens in the
  // query string and in malformed headers, a refresh token reused.
  await call(server, 'POST', '/api/v1/auth/login', { body: { username: w.doctor.username, password: PASSWORD + 'x' } });
  await call(server, 'POST', '/api/v1/auth/login', { body: { username: PASSWORD, password: PASSWORD } });
  await call(server, 'GET', `/api/v1/me?access_token=${w.doctor.token}&refresh_token=${w.doctor.refresh}`);
  await call(server, 'GET', '/api/v1/me', { headers: { authorization: `Basic ${w.doctor.token}` } });
  await call(server, 'GET', '/api/v1/me', { headers: { authorization: `Bearer ${w.doctor.token}x` } });
  const refreshed = await call(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: w.doctor.refresh } });
  if (refreshed.body?.refresh_token) seen.tokens.add(refreshed.body.refresh_token);
  await call(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: w.doctor.refresh } });  // reuse
  const key = await call(server, 'POST', '/api/v1/api-keys', { token: w.admin.token, body: {
    name: 'secrets test', facility_id: w.pharmacy.id, permissions: ['drugs:read'] } });
  if (key.body?.key) {
    seen.tokens.add(key.body.key);
    await call(server, 'GET', '/api/v1/drugs?q=panadol', { headers: { 'x-api-key': key.body.key } });
    await call(server, 'GET', '/api/v1/drugs?q=panadol', { headers: { authorization: `Bearer ${key.body.key}` } });
  }
});
after(async () => { await server?.stop(); });

// Passwords the API tests send (string literals after "password:"), 12 characters or more.
function testPasswords() {
  const out = new Set([PASSWORD]);
  for (const f of readdirSync(join(root, 'tests/api')).filter((n) => n.endsWith('.test.mjs'))) {
    const text = readFileSync(join(root, 'tests/api', f), 'utf8');
    for (const m of text.matchAll(/password:\s*'([^'\\]{12,})'/g)) {
      if (new Set(m[1]).size > 3) out.add(m[1]);
    }
  }
  return out;
}

// The generated development secrets (<data-dir>/secrets/*) of every test data directory.
function devSecrets() {
  const out = [];
  for (const dir of readdirSync(tmpdir()).filter((n) => n.startsWith('hf-'))) {
    const secrets = join(tmpdir(), dir, 'secrets');
    try {
      if (!statSync(secrets).isDirectory()) continue;
      for (const f of readdirSync(secrets)) {
        const v = readFileSync(join(secrets, f), 'utf8').trim();
        if (v.length >= 16) out.push({ file: join(dir, 'secrets', f), value: v });
      }
    } catch { /* gone or not ours */ }
  }
  return out;
}

function contexts(text, needle, max = 3) {
  const out = [];
  let i = text.indexOf(needle);
  while (i >= 0 && out.length < max) {
    const start = text.lastIndexOf('\n', i) + 1;
    out.push(text.slice(start, Math.min(text.length, start + 300)));
    i = text.indexOf(needle, i + needle.length);
  }
  return out;
}

test('the suite log exists and has the lines of this file\'s server', () => {
  assert.ok(existsSync(logFile), logFile);
  const text = readFileSync(logFile, 'utf8');
  assert.ok(text.includes('"listening"'), 'the servers logged');
  assert.ok(/auth\.login|\/api\/v1\/auth\/login/.test(text), 'log-ins were logged (so they were looked at)');
});

test('no test password appears in any server log line of the suite', () => {
  const text = readFileSync(logFile, 'utf8');
  const leaks = [];
  for (const p of testPasswords()) if (text.includes(p)) leaks.push({ password: p.slice(0, 3) + '...', lines: contexts(text, p) });
  assert.deepEqual(leaks, []);
});

test('no refresh token (hfr_), API key (hfk_) or JWT appears in the logs', () => {
  const text = readFileSync(logFile, 'utf8');
  const patterns = [/hfr_[A-Za-z0-9_-]{16,}/, /hfk_[A-Za-z0-9_-]{16,}/, /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/];
  for (const re of patterns) {
    const m = re.exec(text);
    assert.equal(m, null, m ? `${re}: ${contexts(text, m[0])[0]}` : '');
  }
  for (const t of seen.tokens) assert.ok(!text.includes(t), `a token issued in this test is in the log: ${contexts(text, t)[0]}`);
});

test('no generated development secret (jwt.key, signing key) appears in the logs', () => {
  const text = readFileSync(logFile, 'utf8');
  const secrets = devSecrets();
  assert.ok(secrets.length >= 1, 'the data directories of this suite hold generated secrets');
  const leaks = secrets.filter((s) => text.includes(s.value)).map((s) => ({ file: s.file, line: contexts(text, s.value)[0] }));
  assert.deepEqual(leaks, []);
});

test('no prescription code or QR token appears in the logs (the SMS logged in development is masked)', () => {
  assert.ok(server.lines.some((l) => l.includes('"sms (no gateway configured)"') && l.includes('HF-****-****')),
    'this file\'s server logged its SMS messages, with the code masked');
  const text = readFileSync(logFile, 'utf8');
  for (const re of [CODE, QR_TOKEN]) {
    const m = re.exec(text);
    assert.equal(m, null, m ? `${re}: ${contexts(text, m[0])[0]}` : '');
  }
  for (const t of seen.prescriptionSecrets) assert.ok(!text.includes(t), `a prescription secret is in the log: ${contexts(text, t)[0]}`);
});

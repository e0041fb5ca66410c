// Account suspension: who imposed it decides who may lift it (a facility administrator cannot undo
// the ministry's national suspension), and a suspended account's log-in answers exactly as a wrong
// password does, so the answer never confirms a guessed password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call, isProblem } from './lib/harness.mjs';
import { makeWorld, login, PASSWORD, unique } from './lib/world.mjs';

let server, w, fa;
before(async () => {
  server = await startServer();
  w = await makeWorld(server);
  fa = await w.user('facility_admin', { facility_ids: [w.pharmacy.id] });
});
after(async () => { await server?.stop(); });

const setStatus = (id, status, token) => call(server, 'PATCH', `/api/v1/users/${id}`, { token, body: { status } });
const pharmacist = () => w.user('pharmacist', { license_no: unique('PHS-'), facility_ids: [w.pharmacy.id] });

test('a national suspension cannot be lifted by the facility administrator, only by an admin', async () => {
  const ph = await pharmacist();
  const s = await setStatus(ph.id, 'suspended', w.admin.token);
  assert.equal(s.status, 200, s.text);
  const lift = await setStatus(ph.id, 'active', fa.token);
  assert.ok(isProblem(lift, 403), lift.text);
  // Nor can the facility administrator overwrite it with a suspension of their own level.
  assert.ok(isProblem(await setStatus(ph.id, 'suspended', fa.token), 403));
  const list = await call(server, 'GET', `/api/v1/users?role=pharmacist&limit=100`, { token: w.admin.token });
  assert.equal(list.body.items.find((u) => u.id === ph.id).status, 'suspended', 'still suspended after the 403');
  const back = await setStatus(ph.id, 'active', w.admin.token);
  assert.equal(back.status, 200, back.text);
  await login(server, ph.username);
});

test('a facility administrator\'s suspension is lifted by that facility administrator or by an admin', async () => {
  const ph = await pharmacist();
  assert.equal((await setStatus(ph.id, 'suspended', fa.token)).status, 200);
  const byFa = await setStatus(ph.id, 'active', fa.token);
  assert.equal(byFa.status, 200, byFa.text);
  assert.equal(byFa.body.status, 'active');
  assert.equal((await setStatus(ph.id, 'suspended', fa.token)).status, 200);
  const byAdmin = await setStatus(ph.id, 'active', w.admin.token);
  assert.equal(byAdmin.status, 200, byAdmin.text);
  // An admin who suspends again raises it to national: the facility administrator cannot lift it.
  assert.equal((await setStatus(ph.id, 'suspended', fa.token)).status, 200);
  assert.equal((await setStatus(ph.id, 'suspended', w.admin.token)).status, 200);
  assert.ok(isProblem(await setStatus(ph.id, 'active', fa.token), 403));
  assert.equal((await setStatus(ph.id, 'active', w.admin.token)).status, 200);
});

test('a suspended account with the right password gets the same answer as a wrong password', async () => {
  const ph = await pharmacist();
  assert.equal((await setStatus(ph.id, 'suspended', w.admin.token)).status, 200);
  const loginAs = (password) => call(server, 'POST', '/api/v1/auth/login', { body: { username: ph.username, password } });
  const right = await loginAs(PASSWORD);
  const wrong = await loginAs(PASSWORD + ' nope');
  assert.ok(isProblem(right, 401), right.text);
  assert.equal(right.status, wrong.status);
  const { instance: _a, ...rightBody } = right.body;
  const { instance: _b, ...wrongBody } = wrong.body;
  assert.deepEqual(rightBody, wrongBody);
  assert.equal(right.headers.get('content-type'), wrong.headers.get('content-type'));
  // An unknown user answers the same way too.
  const nobody = await call(server, 'POST', '/api/v1/auth/login', { body: { username: unique('nobody'), password: PASSWORD } });
  const { instance: _c, ...nobodyBody } = nobody.body;
  assert.deepEqual(nobodyBody, wrongBody);
});

// Authentication reads nothing from the database per request, and revocations still reach every
// server copy within one second: two copies on one database (PostgreSQL or one SQLite file), a
// suspension, a log-out and a refresh-token reuse on one, refused on the other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call, isProblem } from './lib/harness.mjs';
import { makeWorld, login } from './lib/world.mjs';

// Published revocations are polled every 250 ms; one second is the promise, plus scheduling slack.
const WITHIN_MS = 1000;
const SLACK_MS = 150;

let first, second, w;
before(async () => {
  first = await startServer();
  w = await makeWorld(first);
  second = await startServer({ databaseUrl: first.databaseUrl, dataDir: first.dataDir });
});
after(async () => {
  await second?.stop();
  await first?.stop();
});

// Polls `srv` with `token` until it is refused; answers the milliseconds since `since` and the refusal.
async function refusedWithin(srv, token, since, limitMs = 5000) {
  for (;;) {
    const r = await call(srv, 'GET', '/api/v1/me', { token });
    if (r.status !== 200) return { elapsed: Date.now() - since, res: r };
    if (Date.now() - since > limitMs) return { elapsed: Infinity, res: r };
    await new Promise((done) => setTimeout(done, 20));
  }
}

test('a suspension on one server copy refuses the account on the other within one second, audited', async () => {
  const victim = await w.user('regulator');
  assert.equal((await call(second, 'GET', '/api/v1/me', { token: victim.token })).status, 200);
  const s = await call(first, 'PATCH', `/api/v1/users/${victim.id}`, { token: w.admin.token, body: { status: 'suspended' } });
  const since = Date.now();
  assert.equal(s.status, 200, s.text);
  // The copy that suspended refuses at once.
  assert.ok(isProblem(await call(first, 'GET', '/api/v1/me', { token: victim.token }), 401));
  const { elapsed, res } = await refusedWithin(second, victim.token, since);
  assert.ok(isProblem(res, 401), res.text);
  assert.match(res.body.detail, /suspended/);
  assert.ok(elapsed < WITHIN_MS + SLACK_MS, `refused on the other copy after ${elapsed} ms`);
  // The refused request on the other copy is in the audit log, as on the copy that suspended.
  const deadline = Date.now() + 3000;
  let entries = [];
  while (Date.now() < deadline) {
    const a = await call(second, 'GET', `/api/v1/audit?action=auth.token_refused&actor=${victim.id}`, { token: w.admin.token });
    assert.equal(a.status, 200, a.text);
    entries = a.body.items;
    if (entries.length >= 2) break;
    await new Promise((done) => setTimeout(done, 50));
  }
  assert.ok(entries.length >= 2, `auth.token_refused entries: ${entries.length}`);
  assert.ok(entries.every((e) => e.outcome === 'denied'));
});

test('a log-out on one server copy ends the session on the other within one second', async () => {
  const l = await login(first, w.regulator.username);
  assert.equal((await call(second, 'GET', '/api/v1/me', { token: l.access_token })).status, 200);
  const out = await call(first, 'POST', '/api/v1/auth/logout', { token: l.access_token });
  const since = Date.now();
  assert.equal(out.status, 204);
  assert.equal((await call(first, 'GET', '/api/v1/me', { token: l.access_token })).status, 401);
  const { elapsed, res } = await refusedWithin(second, l.access_token, since);
  assert.ok(isProblem(res, 401), res.text);
  assert.ok(elapsed < WITHIN_MS + SLACK_MS, `refused on the other copy after ${elapsed} ms`);
  const r = await call(second, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: l.refresh_token } });
  assert.ok(isProblem(r, 401));
});

test('a refresh-token reuse on one server copy ends the whole session on the other', async () => {
  const l = await login(first, w.pharmacist.username);
  const rotated = await call(second, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: l.refresh_token } });
  assert.equal(rotated.status, 200, rotated.text);
  const current = rotated.body.access_token;
  assert.equal((await call(second, 'GET', '/api/v1/me', { token: current })).status, 200);
  // The old refresh token comes back on the first copy: someone holds a copy of it.
  const reuse = await call(first, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: l.refresh_token } });
  const since = Date.now();
  assert.ok(isProblem(reuse, 401));
  assert.equal((await call(first, 'GET', '/api/v1/me', { token: current })).status, 401);
  const { elapsed, res } = await refusedWithin(second, current, since);
  assert.ok(isProblem(res, 401), res.text);
  assert.ok(elapsed < WITHIN_MS + SLACK_MS, `refused on the other copy after ${elapsed} ms`);
  const next = await call(second, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: rotated.body.refresh_token } });
  assert.ok(isProblem(next, 401));
});

// The access log's per-request statement count (what the request's own thread ran).
async function statementsOf(srv, requestId) {
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline) {
    for (const line of srv.lines) {
      if (!line.includes(requestId)) continue;
      const o = JSON.parse(line);
      if (o.msg === 'request' && o.request_id === requestId) return o.statements;
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`no access-log line for ${requestId}`);
}

test('a signed-in drug search runs no database statement, on either copy', async () => {
  for (const srv of [first, second]) {
    const l = await login(srv, w.doctor.username);
    // The first use of a token on a copy checks its signature; later uses find it checked.
    for (let i = 0; i < 3; i++) {
      const r = await call(srv, 'GET', '/api/v1/drugs?q=amox', { token: l.access_token });
      assert.equal(r.status, 200, r.text);
      assert.equal(await statementsOf(srv, r.headers.get('x-request-id')), 0, `request ${i}`);
    }
    // The control: a request that reads the database is counted.
    const me = await call(srv, 'GET', '/api/v1/me', { token: l.access_token });
    assert.equal(me.status, 200);
    assert.ok((await statementsOf(srv, me.headers.get('x-request-id'))) > 0);
  }
  const metrics = await call(first, 'GET', '/metrics');
  assert.match(metrics.text, /^db_statements_total \d+/m);
});

test('tokens carry the caller: role, facilities and patient record are answered without a read', async () => {
  const l = await login(second, w.doctor.username);
  const claims = JSON.parse(Buffer.from(l.access_token.split('.')[1], 'base64url').toString());
  assert.equal(claims.role, 'doctor');
  assert.deepEqual(claims.fac, [w.clinic.id]);
  assert.ok(l.access_token.length < 1024, `token of ${l.access_token.length} bytes`);
  // Facility scope still applies from the token: the doctor's clinic is theirs, the pharmacy not.
  const me = await call(first, 'GET', '/api/v1/me', { token: l.access_token });
  assert.equal(me.body.facilities[0].id, w.clinic.id);
});

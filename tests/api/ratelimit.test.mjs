// Rate limits per caller and role (issue 7; API.md "Conventions"; docs/architecture/rate-limits.md):
// X-RateLimit-* headers on every answer, 429 with Retry-After past the limit, and a limit that
// holds across two server processes sharing one database.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call, isProblem } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

async function start(env, extra = {}) {
  const s = await startServer({ env: { RATE_LIMITS: 'on', ...env }, ...extra });
  servers.push(s);
  return s;
}

test('headers on every answer, then 429 with Retry-After; other callers keep their own quota', async () => {
  const server = await start({ RATE_LIMIT_PROFESSIONAL: '5' });
  const w = await makeWorld(server);
  const remaining = [];
  for (let i = 0; i < 5; ++i) {
    const r = await call(server, 'GET', '/api/v1/me', { token: w.doctor.token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('x-ratelimit-limit'), '5');
    const reset = Number(r.headers.get('x-ratelimit-reset'));
    assert.ok(reset > 0 && reset <= 3600, String(reset));
    remaining.push(Number(r.headers.get('x-ratelimit-remaining')));
  }
  assert.deepEqual(remaining, [4, 3, 2, 1, 0]);
  const over = await call(server, 'GET', '/api/v1/me', { token: w.doctor.token });
  assert.ok(isProblem(over, 429), over.text);
  const retry = Number(over.headers.get('retry-after'));
  assert.ok(retry > 0 && retry <= 3600, String(retry));
  assert.equal(over.headers.get('x-ratelimit-remaining'), '0');
  // Errors count too, and stay refused.
  const still = await call(server, 'GET', '/api/v1/drugs?q=pan', { token: w.doctor.token });
  assert.ok(isProblem(still, 429));

  // The pharmacist (same role class, own quota) and the admin (admin quota) are unaffected.
  const ph = await call(server, 'GET', '/api/v1/me', { token: w.pharmacist.token });
  assert.equal(ph.status, 200);
  assert.equal(ph.headers.get('x-ratelimit-limit'), '5');
  const ad = await call(server, 'GET', '/api/v1/me', { token: w.admin.token });
  assert.equal(ad.status, 200);
  assert.equal(ad.headers.get('x-ratelimit-limit'), '10000');
  // Operations endpoints are not limited.
  const health = await call(server, 'GET', '/health');
  assert.equal(health.headers.get('x-ratelimit-limit'), null);
});

test('unauthenticated callers are limited by address', async () => {
  const server = await start({ RATE_LIMIT_ANON: '3' });
  const codes = [];
  for (let i = 0; i < 4; ++i) {
    const r = await call(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: 'hfr_not-a-token' } });
    codes.push(r.status);
    if (i === 0) assert.equal(r.headers.get('x-ratelimit-limit'), '3');
  }
  assert.deepEqual(codes, [401, 401, 401, 429]);
});

test('RATE_LIMITS=off: no headers, no limit', async () => {
  const server = await start({ RATE_LIMITS: 'off', RATE_LIMIT_ANON: '1' });
  for (let i = 0; i < 3; ++i) {
    const r = await call(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: 'hfr_x' } });
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('x-ratelimit-limit'), null);
  }
});

test('the limit holds across two server processes on one database', async () => {
  const env = { RATE_LIMIT_PROFESSIONAL: '6', RATE_LIMIT_SYNC_MS: '200' };
  const a = await start(env);
  const b = await start(env, { databaseUrl: a.databaseUrl, dataDir: a.dataDir });
  const w = await makeWorld(a);
  const statuses = [];
  for (let i = 0; i < 10; ++i) {
    const r = await call(i % 2 ? b : a, 'GET', '/api/v1/me', { token: w.doctor.token });
    statuses.push(r.status);
  }
  assert.deepEqual(statuses.filter((s) => s === 200).length, 6, statuses.join(','));
  assert.deepEqual(statuses.slice(6), [429, 429, 429, 429]);
  // Both copies also agree after their background exchange.
  await new Promise((r) => setTimeout(r, 500));
  for (const s of [a, b]) {
    const r = await call(s, 'GET', '/api/v1/me', { token: w.doctor.token });
    assert.ok(isProblem(r, 429));
  }
});

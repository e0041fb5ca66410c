// API smoke suite: `npm run test:integration:staging` (runbook 6.4).
//   STAGING_URL=https://staging-api.healthflow.gov.eg npm run test:integration:staging
//   STAGING_URL=http://127.0.0.1:8080 npm run test:integration:staging     (a local server)
// Optional: SMOKE_USERNAME / SMOKE_PASSWORD (an account whose role needs no TOTP, e.g. a
// pharmacist) to check login and an authenticated call. Read-only apart from one failed login.
// Without STAGING_URL every test is skipped with a message saying so.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

const base = (process.env.STAGING_URL ?? '').replace(/\/+$/, '');
const skip = base ? false : 'STAGING_URL is not set: nothing to smoke test (STAGING_URL=https://staging-api.healthflow.gov.eg npm run test:integration:staging)';
const timeoutMs = Number(process.env.SMOKE_TIMEOUT_MS ?? 15000);

before(() => {
  if (skip) console.log(`# ${skip}`);
  else console.log(`# smoke testing ${base}`);
});

async function get(path, init = {}) {
  return fetch(`${base}${path}`, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs), ...init });
}

async function json(res) {
  const body = await res.text();
  try {
    return JSON.parse(body);
  } catch {
    assert.fail(`${res.url} answered ${res.status} with non-JSON: ${body.slice(0, 200)}`);
  }
}

const isProblem = (res) => /^application\/problem\+json/.test(res.headers.get('content-type') ?? '');

test('GET /health: 200, database and migrations ok', { skip }, async () => {
  const res = await get('/health');
  const body = await json(res);
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.status, 'ok');
  assert.equal(body.checks.database.status, 'ok');
  assert.equal(typeof body.checks.database.latency_ms, 'number');
  assert.equal(body.checks.migrations.status, 'ok');
  assert.equal(body.checks.migrations.current, body.checks.migrations.latest, 'migrations are not behind');
});

test('GET /version: version, commit, build time, schema version', { skip }, async () => {
  const res = await get('/version');
  assert.equal(res.status, 200);
  const v = await json(res);
  assert.match(v.version, /^\d+\.\d+\.\d+/);
  assert.equal(typeof v.commit, 'string');
  assert.ok(v.commit.length > 0);
  if (process.env.SMOKE_EXPECT_COMMIT) assert.equal(v.commit, process.env.SMOKE_EXPECT_COMMIT);
  assert.ok(!Number.isNaN(Date.parse(v.build_time)), `build_time ${v.build_time}`);
  assert.ok(Number.isInteger(v.schema_version), 'schema_version is an integer');
  const health = await json(await get('/health'));
  assert.equal(v.schema_version, health.checks.migrations.current, 'schema_version = applied migrations');
});

test('GET /metrics: Prometheus text with the dashboard metrics', { skip }, async () => {
  const res = await get('/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain|openmetrics/);
  const text = await res.text();
  for (const name of ['http_requests_total', 'http_request_duration_seconds_bucket', 'db_pool_in_use',
    'db_pool_idle', 'process_resident_memory_bytes', 'process_cpu_seconds_total']) {
    assert.match(text, new RegExp(`^${name}[{ ]`, 'm'), `metric ${name}`);
  }
});

test('every answer carries X-Request-Id, echoed when sent', { skip }, async () => {
  const id = randomUUID();
  const res = await get('/health', { headers: { 'X-Request-Id': id } });
  await res.arrayBuffer();
  assert.equal(res.headers.get('x-request-id'), id);
  const other = await get('/version');
  await other.arrayBuffer();
  assert.ok(other.headers.get('x-request-id'), 'generated when not sent');
});

test('POST /api/v1/auth/login with wrong credentials: 401 problem+json', { skip }, async () => {
  const res = await get('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: `smoke-nobody-${randomUUID()}`, password: 'wrong-password-1' }),
  });
  const body = await json(res);
  assert.ok([401, 429].includes(res.status), `status ${res.status}`);
  assert.ok(isProblem(res), 'application/problem+json');
  assert.equal(body.status, res.status);
  assert.equal(body.access_token, undefined);
});

test('login with SMOKE_USERNAME / SMOKE_PASSWORD, then GET /api/v1/me', {
  skip: skip || ((!process.env.SMOKE_USERNAME || !process.env.SMOKE_PASSWORD) && 'SMOKE_USERNAME and SMOKE_PASSWORD are not set'),
}, async () => {
  const res = await get('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: process.env.SMOKE_USERNAME, password: process.env.SMOKE_PASSWORD }),
  });
  const body = await json(res);
  assert.equal(res.status, 200, body.type ?? '');
  assert.equal(body.token_type, 'Bearer');
  assert.equal(typeof body.access_token, 'string');
  const me = await get('/api/v1/me', { headers: { Authorization: `Bearer ${body.access_token}` } });
  assert.equal(me.status, 200);
  const user = await json(me);
  assert.equal(user.id ?? user.user?.id, body.user.id);
});

test('an unknown API path: 404 problem+json, never a 500', { skip }, async () => {
  const res = await get(`/api/v1/no-such-resource-${randomUUID()}`);
  await res.arrayBuffer();
  assert.ok([401, 404].includes(res.status), `status ${res.status}`);
  assert.ok(isProblem(res), 'application/problem+json');
});

test('FHIR CapabilityStatement', { skip }, async () => {
  const res = await get('/fhir/r4/metadata');
  assert.equal(res.status, 200);
  const body = await json(res);
  assert.equal(body.resourceType, 'CapabilityStatement');
  assert.equal(body.fhirVersion?.startsWith('4.0'), true);
});

for (const portal of ['/', '/doctor/', '/pharmacy/', '/patient/', '/admin/', '/regulator/']) {
  test(`portal ${portal} loads`, { skip }, async () => {
    const res = await get(portal);
    const text = await res.text();
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(text, /<html/i);
  });
}

// Foundation (issue 2): operations endpoints, limits, problem+json, traversal, drain, migrations,
// recovery from a database outage. Runs on the backend named by HF_TEST_DB.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, call, rawHttp, statusOf, isProblem, cli, freshDatabase, backend, root, freePort } from './lib/harness.mjs';

let server;
before(async () => { server = await startServer({ env: { HF_TEST_HOOKS: '1' } }); });
after(async () => { await server?.stop(); });

test('health reports the database and migrations', async () => {
  const r = await call(server, 'GET', '/health');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
  assert.equal(r.body.checks.database.status, 'ok');
  assert.equal(typeof r.body.checks.database.latency_ms, 'number');
  assert.equal(r.body.checks.migrations.status, 'ok');
  assert.ok(r.body.checks.migrations.current >= 1);
  assert.equal(r.body.checks.migrations.current, r.body.checks.migrations.latest);
});

test('version carries the build stamp and schema version', async () => {
  const r = await call(server, 'GET', '/version');
  assert.equal(r.status, 200);
  assert.match(r.body.version, /^\d+\.\d+\.\d+$/);
  const head = execFileSync('git', ['-C', root, 'rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
  assert.ok(head.startsWith(r.body.commit.slice(0, 7)) || r.body.commit === 'unknown' || r.body.commit.length >= 7);
  assert.match(r.body.build_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const h = await call(server, 'GET', '/health');
  assert.equal(r.body.schema_version, h.body.checks.migrations.latest);
});

test('metrics expose request counts, latency histograms, pool and process figures', async () => {
  await call(server, 'GET', '/version');
  const r = await call(server, 'GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  for (const name of ['http_requests_total{route="/version",method="GET",status="200"}',
    'http_request_duration_seconds_bucket{route="/version"', 'db_pool_in_use', 'db_pool_idle',
    'db_pool_wait_seconds_total', 'cache_hits_total', 'prescriptions_created_total',
    'process_resident_memory_bytes', 'process_cpu_seconds_total']) {
    assert.ok(r.text.includes(name), `missing ${name}`);
  }
});

test('every response carries a request id, echoed when the client sent a sane one', async () => {
  const mine = await call(server, 'GET', '/version', { headers: { 'x-request-id': 'abc-123.x_y' } });
  assert.equal(mine.headers.get('x-request-id'), 'abc-123.x_y');
  const evil = await call(server, 'GET', '/version', { headers: { 'x-request-id': 'a b<script>' } });
  assert.match(evil.headers.get('x-request-id'), /^[0-9a-f-]{36}$/);
  const gen = await call(server, 'GET', '/nope');
  assert.match(gen.headers.get('x-request-id'), /^[0-9a-f-]{36}$/);
});

test('an answer to HEAD has the headers of the GET answer but no body (a pipelined request after it stays readable)', async () => {
  const r = await rawHttp(server.port, 'HEAD /version HTTP/1.1\r\nHost: x\r\n\r\n' +
    'HEAD /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\nGET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const answers = r.text.split('\r\n\r\n');
  // HEAD /version, HEAD /api/v1/me (401), GET /version: three header blocks, one body at the end.
  assert.match(answers[0], /^HTTP\/1\.1 200 /);
  assert.match(answers[0], /content-length: [1-9]/i);
  assert.match(answers[1], /^HTTP\/1\.1 401 /, 'the second answer starts right after the first header block');
  assert.match(answers[2], /^HTTP\/1\.1 200 /, 'the third answer starts right after the second header block');
  assert.match(answers[3], /"version"/);
});

test('security headers are set', async () => {
  const r = await call(server, 'GET', '/version');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
  assert.ok(r.headers.get('content-security-policy'));
  assert.equal(r.headers.get('strict-transport-security'), null, 'no HSTS on plain HTTP');
});

test('unknown paths answer 404 problem+json', async () => {
  for (const p of ['/nope', '/api/v1/nothing-here', '/fhir/r4/Nothing']) {
    const r = await call(server, 'GET', p);
    assert.ok(isProblem(r, 404), `${p}: ${r.status} ${r.text}`);
  }
  const post = await call(server, 'POST', '/api/v1/nothing', { body: {} });
  assert.ok(isProblem(post, 404));
});

test('a wrong method on a known path answers 405 problem+json', async () => {
  const r = await call(server, 'DELETE', '/health');
  assert.ok(isProblem(r, 405), r.text);
});

test('a body over 1 MiB answers 413 problem+json', async () => {
  const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) });
  const r = await call(server, 'POST', '/api/v1/auth/login', { raw: big, headers: { 'content-type': 'application/json' } })
    .catch((e) => ({ status: 'error', e }));
  // The server may close right after answering while the client still uploads; both ways 413.
  if (r.status !== 'error') assert.ok(isProblem(r, 413), `${r.status} ${r.text}`);
  const raw = await rawHttp(server.port,
    `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n{`);
  assert.equal(statusOf(raw.text), 413);
  assert.match(raw.text, /application\/problem\+json/);
});

test('headers over 16 KiB answer 431 problem+json', async () => {
  const raw = await rawHttp(server.port, `GET /version HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
  assert.equal(statusOf(raw.text), 431);
  assert.match(raw.text, /application\/problem\+json/);
});

test('malformed HTTP answers 400 and the connection is closed', async () => {
  const raw = await rawHttp(server.port, 'THIS IS NOT HTTP\r\n\r\n');
  assert.equal(statusOf(raw.text), 400);
  assert.ok(raw.closed);
  const bad = await rawHttp(server.port, 'GET /version HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
  assert.equal(statusOf(bad.text), 400);
});

test('path traversal, encoded or not, answers 404', async () => {
  for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/doctor/..%2f..%2f..%2fetc%2fpasswd',
    '/..%5c..%5cetc%5cpasswd', '/.env', '/%2e%2e%2f%2e%2e%2fsecrets/jwt.key', '/assets/../../CMakeLists.txt']) {
    const raw = await rawHttp(server.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const s = statusOf(raw.text);
    assert.ok(s === 404 || s === 400, `${p} answered ${s}`);
    assert.ok(!raw.text.includes('root:'), `${p} leaked a file`);
  }
});

test('a client that sends too slowly is cut off while others are served', async () => {
  const own = await startServer({ env: { REQUEST_TIMEOUT_SECONDS: '2' } });
  try {
    const t0 = Date.now();
    const slow = rawHttp(own.port, 'GET /version HTTP/1.1\r\nHost: x\r\n', { timeoutMs: 10000 });
    const r = await call(own, 'GET', '/version');
    assert.equal(r.status, 200);
    const result = await slow;
    assert.ok(result.closed, 'the slow connection is closed by the server');
    assert.ok(Date.now() - t0 < 6000, 'within the request timeout');
  } finally {
    await own.stop();
  }
});

test('SIGTERM lets an in-flight request finish, then the process exits 0', async () => {
  const own = await startServer({ env: { HF_TEST_HOOKS: '1', DRAIN_TIMEOUT_SECONDS: '10' } });
  const slow = call(own, 'GET', '/__test/sleep?ms=1500');
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  own.proc.kill('SIGTERM');
  const r = await slow;
  assert.equal(r.status, 200);
  assert.equal(r.body.slept_ms, 1500);
  const { code } = await own.exited;
  assert.equal(code, 0);
  assert.ok(Date.now() - t0 < 8000);
  assert.ok(own.lines.some((l) => l.includes('"draining"')));
});

test('serve refuses to start with pending migrations and names them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-pending-'));
  const url = freshDatabase(dir);
  const r = cli(['serve', '--port', '0', '--data-dir', dir], { databaseUrl: url });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /pending migrations \(0001_initial/);
  assert.match(r.stderr, /--migrate/);
});

test('migrate up, status, down and up again round-trip', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-migrate-'));
  const url = freshDatabase(dir);
  let r = cli(['migrate', 'status'], { databaseUrl: url, dataDir: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /pending\s+0001_initial/);
  r = cli(['migrate', 'up'], { databaseUrl: url, dataDir: dir });
  assert.equal(r.status, 0, r.stderr);
  r = cli(['migrate', 'status'], { databaseUrl: url, dataDir: dir });
  assert.match(r.stdout, /applied\s+0001_initial/);
  assert.match(r.stdout, /pending 0/);
  const latest = Number(/latest (\d+)/.exec(r.stdout)[1]);
  const count = (r.stdout.match(/^applied /gm) || []).length;  // numbers may have gaps
  r = cli(['migrate', 'down'], { databaseUrl: url, dataDir: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`reverted ${latest}`));
  r = cli(['migrate', 'status'], { databaseUrl: url, dataDir: dir });
  assert.match(r.stdout, /pending 1/);
  r = cli(['migrate', 'down', String(count)], { databaseUrl: url, dataDir: dir });
  assert.equal(r.status, 0, r.stderr);
  r = cli(['migrate', 'status'], { databaseUrl: url, dataDir: dir });
  assert.match(r.stdout, new RegExp(`current 0, latest ${latest}, pending ${count}`));
  r = cli(['migrate', 'up'], { databaseUrl: url, dataDir: dir });
  assert.equal(r.status, 0, r.stderr);
  r = cli(['migrate', 'status'], { databaseUrl: url, dataDir: dir });
  assert.match(r.stdout, /pending 0/);
});

test('health answers 503 while PostgreSQL is down and 200 once it is back, without a restart',
  { skip: backend !== 'postgres' && 'PostgreSQL only' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-pgdown-'));
    const port = await freePort();
    const script = join(root, 'scripts/pg-cluster.sh');
    const url = execFileSync(script, ['start', dir, String(port)], { encoding: 'utf8' }).trim();
    const own = await startServer({ databaseUrl: url });
    try {
      assert.equal((await call(own, 'GET', '/health')).status, 200);
      execFileSync(script, ['stop', dir]);
      const down = await call(own, 'GET', '/health');
      assert.equal(down.status, 503);
      assert.equal(down.body.status, 'unavailable');
      assert.equal(down.body.checks.database.status, 'unavailable');
      assert.ok(down.headers.get('retry-after'));
      execFileSync(script, ['start', dir, String(port)]);
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await call(own, 'GET', '/health')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(status, 200);
    } finally {
      await own.stop();
      execFileSync(script, ['stop', dir]);
    }
  });

// Events feed and signed webhooks (issue 7; API.md "Regulation (EDA)"; DOMAIN.md "Events and
// webhooks"), against a small receiver this test runs on localhost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';
import { startServer, call, isProblem } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';

const FAST = { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_POLL_MS: '100', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_TIMEOUT_MS: '1500' };

// Records every delivery; answers `failWith` (e.g. 500) while set.
function startReceiver() {
  const r = { deliveries: [], failWith: 0 };
  r.server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const failed = r.failWith !== 0;
      r.deliveries.push({ headers: req.headers, body, failed, path: req.url });
      res.writeHead(failed ? r.failWith : 204);
      res.end();
    });
  });
  return new Promise((resolve) => r.server.listen(0, '127.0.0.1', () => {
    r.url = `http://127.0.0.1:${r.server.address().port}/hooks/healthflow`;
    r.ok = () => r.deliveries.filter((d) => !d.failed).map((d) => JSON.parse(d.body));
    r.close = () => new Promise((c) => r.server.close(c));
    resolve(r);
  }));
}

async function until(what, predicate, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const sign = (secret, body) => 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');

let server, w, receiver, drugId;
const secret = 'whsec_' + randomBytes(16).toString('hex');
before(async () => {
  server = await startServer({ env: FAST });
  w = await makeWorld(server);
  receiver = await startReceiver();
  const s = await call(server, 'GET', '/api/v1/drugs?q=panadol', { token: w.regulator.token });
  drugId = s.body.items[0].id;
});
after(async () => { await server?.stop(); await receiver?.close(); });

const recall = (reason, srv = server) => call(srv, 'POST', '/api/v1/recalls', { token: w.regulator.token, body: {
  drug_ids: [drugId], batch_numbers: [`B-${randomBytes(3).toString('hex')}`], class: 3, reason } });

test('webhooks: registered by admins only, secret never shown again', async () => {
  const r = await call(server, 'POST', '/api/v1/webhooks', { token: w.admin.token, body: {
    url: receiver.url, event_types: ['recall.issued'], secret } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.status, 'active');
  assert.equal(r.body.secret, undefined);
  assert.ok(!r.text.includes(secret));
  const list = await call(server, 'GET', '/api/v1/webhooks', { token: w.admin.token });
  assert.ok(list.body.items.some((x) => x.id === r.body.id));
  assert.ok(!list.text.includes(secret));
  for (const who of ['doctor', 'regulator', 'pharmacist']) {
    const f = await call(server, 'POST', '/api/v1/webhooks', { token: w[who].token, body: { url: receiver.url, event_types: ['*'], secret } });
    assert.ok(isProblem(f, 403), who);
  }
  const short = await call(server, 'POST', '/api/v1/webhooks', { token: w.admin.token, body: { url: receiver.url, event_types: ['recall.issued'], secret: 'short' } });
  assert.ok(isProblem(short, 422));
  const del = await call(server, 'DELETE', `/api/v1/webhooks/${r.body.id}`, { token: w.admin.token });
  assert.equal(del.status, 204);
  const again = await call(server, 'DELETE', `/api/v1/webhooks/${r.body.id}`, { token: w.admin.token });
  assert.ok(isProblem(again, 404));
});

test('events arrive once each, signed, with the event id; failures are retried until they succeed', async () => {
  const hook = await call(server, 'POST', '/api/v1/webhooks', { token: w.admin.token, body: {
    url: receiver.url, event_types: ['recall.issued'], secret } });
  assert.equal(hook.status, 201, hook.text);
  receiver.deliveries.length = 0;
  const ids = [];
  for (let i = 0; i < 3; ++i) ids.push((await recall(`first ${i}`)).body.id);
  await until('three deliveries', () => receiver.ok().length >= 3);
  for (const d of receiver.deliveries) {
    assert.equal(d.headers['x-healthflow-signature'], sign(secret, d.body), 'signature verifies');
    const b = JSON.parse(d.body);
    assert.deepEqual(Object.keys(b).sort(), ['data', 'id', 'occurred_at', 'type']);
    assert.equal(d.headers['x-healthflow-event-id'], b.id);
    assert.equal(b.type, 'recall.issued');
    assert.match(b.occurred_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(d.path, '/hooks/healthflow');
  }
  assert.deepEqual(receiver.ok().map((b) => b.data.recall_id).sort(), [...ids].sort());

  // The receiver fails for a while, then recovers: everything arrives, once.
  receiver.failWith = 503;
  for (let i = 0; i < 2; ++i) ids.push((await recall(`while failing ${i}`)).body.id);
  await until('failed attempts', () => receiver.deliveries.filter((d) => d.failed).length >= 4);
  receiver.failWith = 0;
  await until('recovery', () => receiver.ok().length >= 5);
  await new Promise((r) => setTimeout(r, 1000));
  const got = receiver.ok().map((b) => b.data.recall_id);
  assert.deepEqual([...got].sort(), [...ids].sort(), 'each event exactly once');
  assert.equal(new Set(receiver.ok().map((b) => b.id)).size, 5);
  const list = await call(server, 'GET', '/api/v1/webhooks', { token: w.admin.token });
  const mine = list.body.items.find((x) => x.id === hook.body.id);
  assert.deepEqual(mine.deliveries, { pending: 0, delivered: 5, gave_up: 0 });
  await call(server, 'DELETE', `/api/v1/webhooks/${hook.body.id}`, { token: w.admin.token });
});

test('a server restart in the middle loses nothing', async () => {
  const hook = await call(server, 'POST', '/api/v1/webhooks', { token: w.admin.token, body: {
    url: receiver.url, event_types: ['recall.issued'], secret } });
  receiver.deliveries.length = 0;
  receiver.failWith = 500;
  const ids = [];
  for (let i = 0; i < 3; ++i) ids.push((await recall(`before restart ${i}`)).body.id);
  await until('a failed attempt', () => receiver.deliveries.some((d) => d.failed));
  const { databaseUrl, dataDir } = server;
  await server.stop('SIGTERM');
  receiver.failWith = 0;
  server = await startServer({ env: FAST, databaseUrl, dataDir });
  ids.push((await recall('after restart')).body.id);
  await until('all four after the restart', () => receiver.ok().length >= 4);
  await new Promise((r) => setTimeout(r, 800));
  assert.deepEqual(receiver.ok().map((b) => b.data.recall_id).sort(), [...ids].sort());
  await call(server, 'DELETE', `/api/v1/webhooks/${hook.body.id}`, { token: w.admin.token });
});

test('two server copies on one database deliver each event once', async () => {
  const other = await startServer({ env: FAST, databaseUrl: server.databaseUrl, dataDir: server.dataDir });
  try {
    const hook = await call(server, 'POST', '/api/v1/webhooks', { token: w.admin.token, body: {
      url: receiver.url, event_types: ['recall.issued'], secret } });
    receiver.deliveries.length = 0;
    const ids = [];
    for (let i = 0; i < 6; ++i) ids.push((await recall(`two copies ${i}`, i % 2 ? other : server)).body.id);
    await until('six deliveries', () => receiver.ok().length >= 6);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(receiver.ok().map((b) => b.data.recall_id).sort(), [...ids].sort());
    await call(server, 'DELETE', `/api/v1/webhooks/${hook.body.id}`, { token: w.admin.token });
  } finally {
    await other.stop();
  }
});

test('a receiver that never recovers: deliveries are given up and the subscription marked failing', async () => {
  const failing = await startServer({ env: { ...FAST, WEBHOOK_GIVE_UP_SECONDS: '1' } });
  try {
    const fw = await makeWorld(failing);
    const hook = await call(failing, 'POST', '/api/v1/webhooks', { token: fw.admin.token, body: {
      url: receiver.url.replace('/hooks/healthflow', '/never'), event_types: ['*'], secret } });
    assert.equal(hook.status, 201, hook.text);
    receiver.failWith = 500;
    const d = await call(failing, 'GET', '/api/v1/drugs?q=panadol', { token: fw.regulator.token });
    await call(failing, 'POST', '/api/v1/recalls', { token: fw.regulator.token, body: {
      drug_ids: [d.body.items[0].id], batch_numbers: ['X1'], class: 2, reason: 'give-up test' } });
    await until('the subscription failing', async () => {
      const l = await call(failing, 'GET', '/api/v1/webhooks', { token: fw.admin.token });
      const h = l.body.items.find((x) => x.id === hook.body.id);
      return h.status === 'failing' && h.deliveries.gave_up >= 1 && h.failing_since !== null;
    });
  } finally {
    receiver.failWith = 0;
    await failing.stop();
  }
});

test('subscription URLs: http(s) only, no loopback, link-local or private targets without the setting', async () => {
  const strict = await startServer();
  try {
    const sw = await makeWorld(strict);
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.1.2.3/', 'http://172.16.5.4/',
      'http://192.168.1.10/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'http://[fd00::1]/',
      'http://[fe80::1]/', 'http://0.0.0.0/', 'http://2130706433/', 'ftp://example.org/', 'file:///etc/passwd',
      'not a url', 'http://user:pw@example.org/']) {
      const r = await call(strict, 'POST', '/api/v1/webhooks', { token: sw.admin.token, body: { url, event_types: ['*'], secret } });
      assert.ok(isProblem(r, 422) || isProblem(r, 400), `${url}: ${r.status} ${r.text}`);
      assert.equal(r.body.errors?.[0]?.field, 'url', url);
    }
  } finally {
    await strict.stop();
  }
});

test('the events feed: admins and integrator keys with events:read, in order, after a cursor', async () => {
  const first = await call(server, 'GET', '/api/v1/events?after=0&limit=5', { token: w.admin.token });
  assert.equal(first.status, 200, first.text);
  const seqs = first.body.items.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  for (const e of first.body.items) {
    assert.match(e.id, /^[0-9a-f-]{36}$/);
    assert.equal(typeof e.type, 'string');
    assert.equal(typeof e.data, 'object');
  }
  const tail = await call(server, 'GET', '/api/v1/events?after=0&limit=500', { token: w.admin.token });
  const last = tail.body.next_cursor;
  const made = await recall('feed');
  const next = await call(server, 'GET', `/api/v1/events?after=${last}`, { token: w.admin.token });
  assert.equal(next.status, 200);
  assert.ok(next.body.items.some((e) => e.type === 'recall.issued' && e.data.recall_id === made.body.id));
  assert.ok(next.body.items.every((e) => e.seq > Number(last)));
  const empty = await call(server, 'GET', `/api/v1/events?after=${next.body.next_cursor}`, { token: w.admin.token });
  assert.deepEqual(empty.body.items, []);
  assert.equal(empty.body.next_cursor, next.body.next_cursor);

  const key = await call(server, 'POST', '/api/v1/api-keys', { token: w.admin.token, body: {
    name: 'integrator', facility_id: w.pharmacy.id, permissions: ['events:read'] } });
  assert.equal(key.status, 201, key.text);
  const byKey = await call(server, 'GET', '/api/v1/events?after=0&limit=1', { headers: { 'x-api-key': key.body.key } });
  assert.equal(byKey.status, 200, byKey.text);
  const other = await call(server, 'POST', '/api/v1/api-keys', { token: w.admin.token, body: {
    name: 'no events', facility_id: w.pharmacy.id, permissions: ['drugs:read'] } });
  const denied = await call(server, 'GET', '/api/v1/events', { headers: { 'x-api-key': other.body.key } });
  assert.ok(isProblem(denied, 403));
  const doctor = await call(server, 'GET', '/api/v1/events', { token: w.doctor.token });
  assert.ok(isProblem(doctor, 403));
  const bad = await call(server, 'GET', '/api/v1/events?after=-1', { token: w.admin.token });
  assert.ok(isProblem(bad, 400));
});

test('subscription URLs: IPv6 forms of non-public IPv4 addresses (NAT64, 6to4, Teredo, IPv4-compatible, -mapped) are refused', async () => {
  const strict = await startServer();
  try {
    const sw = await makeWorld(strict);
    for (const url of ['http://[64:ff9b::7f00:1]/', 'http://[64:ff9b::a9fe:a9fe]/latest/meta-data',
      'http://[64:ff9b:1::a00:1]/', 'http://[2002:7f00:1::]/', 'http://[2002:c0a8:101::1]/', 'http://[::127.0.0.1]/',
      'http://[::ffff:127.0.0.1]/', 'http://[::ffff:0:a00:1]/', 'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/']) {
      const r = await call(strict, 'POST', '/api/v1/webhooks', { token: sw.admin.token, body: { url, event_types: ['*'], secret } });
      assert.ok(isProblem(r, 422), `${url}: ${r.status} ${r.text}`);
      assert.equal(r.body.errors?.[0]?.field, 'url', url);
    }
    // The same forms of a public address are accepted (the check reads the embedded address).
    for (const url of ['http://[64:ff9b::808:808]/', 'http://[2002:808:808::1]/']) {
      const r = await call(strict, 'POST', '/api/v1/webhooks', { token: sw.admin.token, body: { url, event_types: ['*'], secret } });
      assert.equal(r.status, 201, `${url}: ${r.text}`);
    }
  } finally {
    await strict.stop();
  }
});

test('https deliveries verify the receiver certificate', async (t) => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const https = await import('node:https');
  const dir = mkdtempSync(join(tmpdir(), 'hf-tls-'));
  const cert = (name) => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${name}.key`),
      '-out', join(dir, `${name}.pem`), '-days', '2', '-subj', '/CN=127.0.0.1', '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'pipe' });
    return { key: readFileSync(join(dir, `${name}.key`)), cert: readFileSync(join(dir, `${name}.pem`)) };
  };
  let trusted, untrusted;
  try { trusted = cert('trusted'); untrusted = cert('untrusted'); } catch { return t.skip('openssl is not installed'); }
  const got = { trusted: [], untrusted: [] };
  const listen = (opts, sink) => new Promise((resolve) => {
    const s = https.createServer(opts, (req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { sink.push({ headers: req.headers, body }); res.writeHead(200); res.end(); });
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
  const good = await listen(trusted, got.trusted);
  const bad = await listen(untrusted, got.untrusted);
  // The server trusts only the first certificate (OpenSSL reads SSL_CERT_FILE as its trust store).
  const srv = await startServer({ env: { ...FAST, SSL_CERT_FILE: join(dir, 'trusted.pem') } });
  try {
    const tw = await makeWorld(srv);
    for (const s of [good, bad]) {
      const r = await call(srv, 'POST', '/api/v1/webhooks', { token: tw.admin.token, body: {
        url: `https://127.0.0.1:${s.address().port}/tls`, event_types: ['recall.issued'], secret } });
      assert.equal(r.status, 201, r.text);
    }
    const d = await call(srv, 'GET', '/api/v1/drugs?q=panadol', { token: tw.regulator.token });
    await call(srv, 'POST', '/api/v1/recalls', { token: tw.regulator.token, body: {
      drug_ids: [d.body.items[0].id], batch_numbers: ['TLS-1'], class: 3, reason: 'tls' } });
    await until('the https delivery', () => got.trusted.length >= 1);
    assert.equal(got.trusted[0].headers['x-healthflow-signature'], sign(secret, got.trusted[0].body));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(got.untrusted.length, 0, 'an untrusted certificate gets nothing');
  } finally {
    await srv.stop();
    good.close();
    bad.close();
  }
});

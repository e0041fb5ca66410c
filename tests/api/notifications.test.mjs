// SMS notifications (issue 5): the outbox is written with the change, a sender delivers it to an
// HTTP gateway with retries; a failing gateway that recovers gets every message exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, call } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe } from './lib/clinic.mjs';

function fakeGateway({ failFirst = 0 } = {}) {
  const received = [];
  let calls = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      calls += 1;
      if (calls <= failFirst) { res.writeHead(503); res.end('down'); return; }
      received.push({ auth: req.headers.authorization, key: req.headers['idempotency-key'], ...JSON.parse(body) });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"queued":true}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/sms`, received, calls: () => calls, close: () => server.close() })));
}

async function until(predicate, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return predicate();
}

test('issue and cancel send the patient an SMS in their language; a failing gateway gets each message once after it recovers', async () => {
  const gateway = await fakeGateway({ failFirst: 3 });
  const server = await startServer({ env: { SMS_GATEWAY_URL: gateway.url, SMS_API_KEY: 'sms-test-key',
    SMS_POLL_MS: '100', SMS_RETRY_BASE_MS: '100' } });
  try {
    const w = await makeWorld(server);
    const panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
    const patient = await registerPatient(server, w.doctor.token, { phone: '01001234567' });
    const p = await prescribe(server, w, patient, [item(panadol)]);
    const c = await call(server, 'POST', `/api/v1/prescriptions/${p.id}/cancel`, { token: w.doctor.token, body: { reason: 'changed' } });
    assert.equal(c.status, 200);
    assert.ok(await until(() => gateway.received.length >= 2), `received ${gateway.received.length} after ${gateway.calls()} calls`);
    await new Promise((r) => setTimeout(r, 600));  // nothing more should arrive
    assert.equal(gateway.received.length, 2, 'each message once');
    assert.ok(gateway.calls() > 2, 'the gateway failed first, and the sender retried');
    const ids = new Set(gateway.received.map((m) => m.id));
    assert.equal(ids.size, 2);
    for (const m of gateway.received) {
      assert.equal(m.to, '+201001234567');
      assert.equal(m.lang, 'ar');
      assert.equal(m.auth, 'Bearer sms-test-key');
      assert.equal(m.key, m.id);
      assert.ok(m.message.includes(p.code));
    }
    assert.ok(gateway.received.some((m) => m.message.includes('إلغاء')));
  } finally {
    await server.stop();
    gateway.close();
  }
});

test('without a gateway, messages are written to the log, the code masked', async () => {
  const server = await startServer({ env: { SMS_POLL_MS: '100' } });
  try {
    const w = await makeWorld(server);
    const panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
    const patient = await registerPatient(server, w.doctor.token);
    const p = await prescribe(server, w, patient, [item(panadol)]);
    assert.ok(await until(() => server.lines.some((l) => l.includes('sms (no gateway configured)') && l.includes('HF-****-****'))));
    assert.ok(!server.lines.some((l) => l.includes('1001234567')), 'the phone number is masked in the log');
    assert.ok(!server.lines.some((l) => l.includes(p.code)), 'the prescription code (the patient\'s secret) is masked in the log');
  } finally {
    await server.stop();
  }
});

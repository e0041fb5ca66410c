// HTTP/1.1 framing (RFC 9112), over a raw TCP socket: a request whose body length the server and a
// proxy in front of it could read differently is refused before routing and the connection closed,
// so that no byte after it is ever taken as the next request (request smuggling).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rawHttp } from './lib/harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

// A second request hidden in the body of the first: if the server reads it, it answers twice.
const smuggled = 'GET /version HTTP/1.1\r\nHost: x\r\n\r\n';

// The status of each answer on the connection (a body may end without a newline before the next).
function answers(text) {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) [A-Z]/g)].map((m) => Number(m[1]));
}

// One answer with this status, a problem+json body, Connection: close, and the socket closed.
async function refused(request, status) {
  const r = await rawHttp(server.port, request, { timeoutMs: 3000 });
  assert.deepEqual(answers(r.text), [status], r.text);
  assert.match(r.text, /\r\nContent-Type: application\/problem\+json/i, r.text);
  assert.match(r.text, /\r\nConnection: close\r\n/i, r.text);
  assert.ok(r.closed, 'the server closes the connection');
  return r.text;
}

test('an unknown transfer coding answers 501 and closes; the body is never read as a request', async () => {
  for (const coding of ['gzip', 'xchunked', 'identity', 'gzip, chunked', 'chunked;x=1']) {
    const text = await refused(
      `GET /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ${coding}\r\n\r\n` + smuggled, 501);
    assert.doesNotMatch(text, /"version"/, `${coding}: the hidden request was answered`);
  }
  // Spread over two field lines, the codings are one list (RFC 9110 5.3).
  await refused(`GET /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n` +
    `5\r\nhello\r\n0\r\n\r\n`, 501);
});

test('chunked not as the last transfer coding, or no coding at all, answers 400 and closes', async () => {
  for (const coding of ['chunked, identity', 'chunked, gzip', 'chunked, chunked', ',']) {
    await refused(`POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ${coding}\r\n\r\n` + smuggled, 400);
  }
});

test('Transfer-Encoding together with Content-Length answers 400 and closes', async () => {
  const hidden = `GET /version HTTP/1.1\r\nHost: x\r\n\r\n`;
  await refused(`POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nContent-Length: ${hidden.length}\r\n\r\n` +
    hidden, 400);
  await refused(`POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n` +
    `0\r\n\r\n`, 400);
  await refused(`POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n` +
    `0\r\n\r\n`, 400);
});

test('Transfer-Encoding in an HTTP/1.0 request answers 400 (RFC 9112 6.1)', async () => {
  await refused('GET /health HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400);
});

test('obsolete line folding answers 400 and closes', async () => {
  const text = await refused('GET /health HTTP/1.1\r\nHost: x\r\nX-Note: first\r\n second\r\n\r\n', 400);
  assert.match(text, /folding/);
  await refused('GET /health HTTP/1.1\r\nHost: x\r\nX-Note: first\r\n\tsecond\r\n\r\n', 400);
});

test('method names are case-sensitive: a lower-case or unknown method answers 501', async () => {
  for (const method of ['get', 'Get', 'post', 'FOO']) {
    await refused(`${method} /health HTTP/1.1\r\nHost: x\r\n\r\n`, 501);
  }
});

test('well-framed requests still work: chunked bodies, any case of "chunked", pipelining', async () => {
  // A chunked JSON body reaches the handler (401 for a wrong password, not a framing refusal).
  const body = JSON.stringify({ username: 'nobody', password: 'wrong password here' });
  const half = Math.floor(body.length / 2);
  const chunks = [body.slice(0, half), body.slice(half)]
    .map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join('') + '0\r\n\r\n';
  for (const coding of ['chunked', 'Chunked', ' , chunked']) {
    const r = await rawHttp(server.port, 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n' +
      `Content-Type: application/json\r\nTransfer-Encoding: ${coding}\r\n\r\n${chunks}`, { timeoutMs: 3000 });
    assert.deepEqual(answers(r.text), [401], `${coding}: ${r.text}`);
  }
  // Three requests in one write are three answers, in order.
  const r = await rawHttp(server.port, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n' +
    'HEAD /version HTTP/1.1\r\nHost: x\r\n\r\n' + 'GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  { timeoutMs: 3000 });
  assert.deepEqual(answers(r.text), [200, 200, 404], r.text);
  // A header sent a few bytes at a time is read whole.
  const slow = await new Promise((resolve) => {
    import('node:net').then(({ default: net }) => {
      const sock = net.connect(server.port, '127.0.0.1');
      let out = '';
      sock.on('data', (c) => { out += c.toString('latin1'); });
      sock.on('close', () => resolve(out));
      const parts = ['GET /hea', 'lth HTTP/1.1\r', '\nHost: x\r\nX-A: 1', '\r\n', 'Connection: close\r\n\r', '\n'];
      let i = 0;
      const next = () => { if (i < parts.length) { sock.write(parts[i++]); setTimeout(next, 30); } };
      next();
    });
  });
  assert.deepEqual(answers(slow), [200], slow);
});

// `healthflow demo seed` (issue 8, a newcomer's first minute): a demo world whose printed log-ins
// and codes work, added once only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, call, cli, freshDatabase } from './lib/harness.mjs';

test('demo seed prints working log-ins and prescription codes, and never runs twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-demo-'));
  const url = freshDatabase(dir);
  assert.equal(cli(['migrate', 'up'], { databaseUrl: url, dataDir: dir }).status, 0);
  const seeded = cli(['demo', 'seed'], { databaseUrl: url, dataDir: dir });
  assert.equal(seeded.status, 0, seeded.stderr);
  const password = /password for all: (\S+)\)/.exec(seeded.stdout)[1];
  const active = /(HF-[2-9A-Z]{4}-[2-9A-Z]{4}) \(active\)/.exec(seeded.stdout)[1];
  const again = cli(['demo', 'seed'], { databaseUrl: url, dataDir: dir });
  assert.equal(again.status, 0);
  assert.match(again.stdout, /already has users/);
  const server = await startServer({ databaseUrl: url, dataDir: dir });
  try {
    for (const u of ['admin', 'dr.ahmed', 'ph.mona', 'eda.samir', 'fatma']) {
      const l = await call(server, 'POST', '/api/v1/auth/login', { body: { username: u, password } });
      assert.equal(l.status, 200, `${u}: ${l.text}`);
    }
    const ph = await call(server, 'POST', '/api/v1/auth/login', { body: { username: 'ph.mona', password } });
    const v = await call(server, 'POST', '/api/v1/prescriptions/verify', { token: ph.body.access_token, body: { code: active } });
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.valid, true);
    const fatma = await call(server, 'POST', '/api/v1/auth/login', { body: { username: 'fatma', password } });
    const mine = await call(server, 'GET', '/api/v1/prescriptions?mine=true', { token: fatma.body.access_token });
    assert.equal(mine.body.items.length, 1);
    assert.equal(mine.body.items[0].status, 'dispensed');
  } finally {
    await server.stop();
  }
});

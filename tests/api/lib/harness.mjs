// Starts the real healthflow binary on a free port with a fresh database and talks HTTP to it.
// HF_TEST_DB=sqlite|postgres selects the backend; HF_TEST_PG_URL is the private cluster that
// scripts/test.sh started; HF_BINARY overrides the binary (the sanitizer build).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const binary = process.env.HF_BINARY || join(root, 'build/healthflow');
export const backend = process.env.HF_TEST_DB || 'sqlite';
// Every server log line of the suite also goes here, so a test can grep for leaked secrets.
export const logFile = process.env.HF_TEST_LOG || join(tmpdir(), 'healthflow-test-logs.jsonl');

// A TCP port the kernel reports free right now (for a private PostgreSQL a test starts); a random
// port could be an ephemeral port already in use by the suite's own connections.
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export function freshDatabase(dataDir) {
  if (backend === 'postgres') {
    const base = process.env.HF_TEST_PG_URL;
    if (!base) throw new Error('HF_TEST_PG_URL is not set (scripts/test.sh starts a private PostgreSQL)');
    const name = 'hf_' + randomBytes(6).toString('hex');
    execFileSync('psql', [base, '-qc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
    return base.replace(/\/[^/]*$/, '/' + name);
  }
  return `sqlite://${join(dataDir, 'healthflow.db')}`;
}

export function cli(args, { env = {}, input, dataDir, databaseUrl } = {}) {
  const res = spawnSyncSafe(binary, args, {
    input,
    env: { ...process.env, ...(dataDir ? { HF_DATA_DIR: dataDir } : {}),
           ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), LOG_LEVEL: 'warn', ...env },
  });
  return res;
}

import { spawnSync } from 'node:child_process';
function spawnSyncSafe(cmd, args, opts) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60000, ...opts });
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '', signal: r.signal };
}

export async function startServer({ env = {}, args = [], dataDir, databaseUrl, migrate = true } = {}) {
  dataDir = dataDir || mkdtempSync(join(tmpdir(), 'hf-api-'));
  mkdirSync(dataDir, { recursive: true });
  databaseUrl = databaseUrl || freshDatabase(dataDir);
  const fullEnv = {
    ...process.env, DATABASE_URL: databaseUrl, HF_DATA_DIR: dataDir, LOG_LEVEL: 'info',
    MFA_REQUIRED_ROLES: '', RATE_LIMITS: 'off', ...env,
  };
  const proc = spawn(binary, ['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir,
    ...(migrate ? ['--migrate'] : []), ...args], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '';
  let buffered = '';
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 20 s: ' + stderr)), 20000);
    proc.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        try { appendFileSync(logFile, line + '\n'); } catch { /* best effort */ }
        try {
          const o = JSON.parse(line);
          if (o.msg === 'listening') { clearTimeout(timer); resolvePort(o.port); }
        } catch { /* not JSON */ }
      }
    });
    proc.stderr.on('data', (c) => { stderr += c.toString(); try { appendFileSync(logFile, c.toString()); } catch {} });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  const server = {
    proc, port, dataDir, databaseUrl, env: fullEnv, lines, exited,
    url: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill(signal);
      return exited;
    },
  };
  return server;
}

// fetch with JSON conveniences; never throws on HTTP status.
export async function call(server, method, path, { body, token, headers = {}, raw } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] ??= 'application/json'; }
  const res = await fetch(server.url + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, body: json };
}

// Raw bytes over a socket, for what fetch refuses to send (traversal, malformed HTTP).
export function rawHttp(port, data, { timeoutMs = 5000 } = {}) {
  return new Promise((resolveRaw) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => { sock.destroy(); resolveRaw({ text: out, closed: false }); }, timeoutMs);
    sock.on('data', (c) => { out += c.toString('latin1'); });
    sock.on('close', () => { clearTimeout(timer); resolveRaw({ text: out, closed: true }); });
    sock.on('error', () => {});
    sock.write(data);
  });
}

export function statusOf(rawText) {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(rawText);
  return m ? Number(m[1]) : 0;
}

export function isProblem(res, status) {
  return res.status === status && (res.headers.get('content-type') || '').startsWith('application/problem+json') &&
    res.body && res.body.status === status && typeof res.body.type === 'string' && typeof res.body.detail === 'string';
}

export { writeFileSync };

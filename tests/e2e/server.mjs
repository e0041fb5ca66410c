// Test harness: starts `build/healthflow serve` on a free port with a fresh temporary database,
// creates the first admin on the command line, and seeds the rest through the API itself.
// HF_E2E_MOCK=1 runs the same journeys against tests/e2e/mock-server.mjs (the contract stand-in)
// instead; that is for UI work only and says so in the test output.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BINARY = process.env.HEALTHFLOW_BIN ?? join(ROOT, 'build/healthflow');
export const ADMIN = { username: 'admin', password: 'E2e-Admin-Pass-2026!' };
export const USE_MOCK = process.env.HF_E2E_MOCK === '1';

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function waitForHealth(base, ms) {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    try { const r = await fetch(`${base}/health`); if (r.status === 200) return; last = `HTTP ${r.status}`; } catch (e) { last = String(e.cause?.code ?? e); }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not become healthy at ${base}: ${last}`);
}

/** Start a server; resolves to { base, stop(), log() }. */
export async function startServer({ env: extraEnv = {}, mock: mockOpts = {} } = {}) {
  if (USE_MOCK) {
    const { createMockServer } = await import('./mock-server.mjs');
    const srv = createMockServer({ adminPassword: ADMIN.password, seedStaff: false, ...mockOpts });
    await new Promise((r) => srv.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${srv.address().port}`;
    return { base, mock: true, stop: () => new Promise((r) => srv.close(r)), log: () => '' };
  }
  if (!existsSync(BINARY)) throw new Error(`${BINARY} does not exist yet (build the server, or run with HF_E2E_MOCK=1)`);
  const dir = mkdtempSync(join(tmpdir(), 'hf-e2e-'));
  const env = { ...process.env, DATABASE_URL: `sqlite:///${dir}/hf.db`, MFA_REQUIRED_ROLES: '', RATE_LIMITS: 'off', HEALTHFLOW_DATA_DIR: dir, ...extraEnv };
  spawnSync(BINARY, ['migrate', 'up'], { env, cwd: ROOT, encoding: 'utf8' });
  const cu = spawnSync(BINARY, ['admin', 'create-user', '--role', 'admin', '--username', ADMIN.username, '--full-name', 'Admin', '--data-dir', dir], { env, cwd: ROOT, input: `${ADMIN.password}\n`, encoding: 'utf8' });
  // Not fatal here: the journeys that need users report themselves as blocked on it.
  const adminError = cu.status === 0 ? null : `\`healthflow admin create-user\` failed (exit ${cu.status}): ${(cu.stderr || cu.stdout || '').trim().split('\n').slice(-2).join(' ')}`;
  const chosen = await freePort();
  let out = '';
  const child = spawn(BINARY, ['serve', '--migrate', '--port', String(chosen), '--data-dir', dir], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let port = chosen;
  const onData = (b) => {
    out += b.toString();
    for (const line of b.toString().split('\n')) {
      if (line.includes('listening') && line.includes('port')) { try { const j = JSON.parse(line); if (j.port) port = Number(j.port); } catch { /* not JSON */ } }
    }
  };
  child.stdout.on('data', onData); child.stderr.on('data', onData);
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  try {
    await Promise.race([waitForHealth(`http://127.0.0.1:${chosen}`, 20000), exited.then((c) => { throw new Error(`server exited with ${c}: ${out.slice(-2000)}`); })]);
  } catch (e) { child.kill('SIGTERM'); throw e; }
  const base = `http://127.0.0.1:${port}`;
  return {
    base, mock: false, log: () => out, adminError,
    stop: async () => { child.kill('SIGTERM'); await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** A small API client for seeding (the same contract the portals use). */
export function apiClient(base) {
  let token = '';
  const call = async (method, path, body, extra = {}) => {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    if (method === 'POST') headers['Idempotency-Key'] = crypto.randomUUID();
    const r = await fetch(base + path, { method, headers: { ...headers, ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let json; try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
    if (!r.ok) { const e = new Error(`${method} ${path} → ${r.status}: ${text.slice(0, 300)}`); e.status = r.status; e.body = json; throw e; }
    return json;
  };
  return {
    call,
    async login(username, password) { const a = await call('POST', '/api/v1/auth/login', { username, password }); token = a.access_token; return a; },
    setToken(t) { token = t; },
  };
}

/** Seed facilities and staff through the API as the admin. */
export async function seed(base, adminError) {
  const api = apiClient(base);
  try { await api.login(ADMIN.username, ADMIN.password); } catch (e) { throw new Error(`${adminError ? `${adminError}; ` : ''}admin login: ${e.message}`); }
  const clinic = await api.call('POST', '/api/v1/facilities', { type: 'clinic', name: 'Nile Clinic', name_ar: 'عيادة النيل', license_no: 'CL-E2E-1', governorate: 'Cairo', address: '1 Tahrir Sq, Cairo' });
  const pharmacy = await api.call('POST', '/api/v1/facilities', { type: 'pharmacy', name: 'Delta Pharmacy', name_ar: 'صيدلية الدلتا', license_no: 'PH-E2E-1', governorate: 'Giza', address: '5 Pyramids St, Giza' });
  const users = {
    doctor: { role: 'doctor', username: 'dr.mona', password: 'Doctor-Pass-2026!', full_name: 'Dr. Mona Hassan', full_name_ar: 'د. منى حسن', license_no: 'EMS-12345', facility_ids: [clinic.id] },
    pharmacist: { role: 'pharmacist', username: 'ph.ahmed', password: 'Pharm-Pass-2026!', full_name: 'Ahmed Adel', full_name_ar: 'أحمد عادل', license_no: 'PS-54321', facility_ids: [pharmacy.id] },
    regulator: { role: 'regulator', username: 'eda.sara', password: 'Regul-Pass-2026!', full_name: 'Sara Nabil', full_name_ar: 'سارة نبيل', facility_ids: [] },
    spare: { role: 'doctor', username: 'dr.spare', password: 'Spare-Pass-2026!', full_name: 'Dr. Karim Spare', license_no: 'EMS-67890', facility_ids: [clinic.id] },
  };
  for (const u of Object.values(users)) { const c = await api.call('POST', '/api/v1/users', u); u.id = c.id; }
  return { api, clinic, pharmacy, users };
}

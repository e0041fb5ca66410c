// The soak load (issue 12, `make soak` through bench/soak.sh): a mixed, paced workload against a
// running server, reporting per window the requests, errors, p50/p99 latency and the server's RSS.
//
//   node bench/soak.mjs --url URL --pid PID [--measure SECONDS] [--rate R]
//                       [--minutes M] [--window SECONDS] [--out FILE]
//
// --measure runs a closed loop (CONCURRENCY clients as fast as they go) and prints the maximum
// rate; --rate runs the paced (open-loop) soak. The mix, per 100 operations: 35 drug searches,
// 15 patient registrations + prescriptions (2 items), 15 verifications by code, 15 dispenses (each
// after its own verification), 15 prescription reads, 5 patient reads. An error is any answer other than the expected
// 200/201, or no answer; the target is 0.
import { readFileSync, appendFileSync } from 'node:fs';
import { makeWorld } from '../tests/api/lib/world.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : '1']);
  return acc;
}, []));
const base = args.url;
const pid = args.pid;
const out = args.out;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const rssKb = () => {
  try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]); } catch { return 0; }
};

async function req(method, path, token, body) {
  const h = { authorization: `Bearer ${token}` };
  if (body !== undefined) h['content-type'] = 'application/json';
  const t0 = performance.now();
  try {
    const res = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30000) });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, body: json, text, ms: performance.now() - t0 };
  } catch (e) {
    return { status: 0, error: String(e.cause?.code || e.name), ms: performance.now() - t0 };
  }
}

// The admin is created with the CLI (HF_BINARY, DATABASE_URL and HF_DATA_DIR from the environment).
const server = { url: base, env: {} };
const w = await makeWorld(server);
const drugIds = [];
for (const q of ['Panadol 500 mg', 'Brufen 400 mg', 'Augmentin 1 g']) {
  const r = await req('GET', `/api/v1/drugs?q=${encodeURIComponent(q)}&limit=20`, w.doctor.token);
  drugIds.push(r.body.items.find((d) => d.trade_name === q).id);
}
const prefixes = ['pa', 'par', 'bru', 'aug', 'ome', 'ato', 'met', 'amo', 'بنا', 'أمو', 'cip', 'lev', 'vol', 'cat', 'con'];

// Unique national IDs: the measuring run counts from the middle of the range, the soak from 0.
let patientSeq = args.measure ? 42000000 : 0;
function nationalId() {
  const n = patientSeq++;
  const day = n % 16800;
  const yy = 50 + Math.floor(day / 336), mm = 1 + Math.floor((day % 336) / 28), dd = 1 + (day % 28);
  const seq = (Math.floor(n / 16800) % 5000) * 2 + 1;
  return `2${yy}${String(mm).padStart(2, '0')}${String(dd).padStart(2, '0')}01${String(seq).padStart(4, '0')}1`;
}

// Work that needs earlier work: prescriptions to verify, dispense and read.
const toVerify = [];
const toDispense = [];
const toRead = [];
const patients = [];
const cap = (a, n = 5000) => { if (a.length > n) a.splice(0, a.length - n); };
const pick = (a) => a[Math.floor(Math.random() * a.length)];

// One operation; returns [{ status, ms, ok, op }] (a create is two requests).
async function operation() {
  const x = Math.random() * 100;
  if (x < 35) {
    const r = await req('GET', `/api/v1/drugs?q=${encodeURIComponent(pick(prefixes))}&limit=20`, w.doctor.token);
    return [{ op: 'search', ...r, ok: r.status === 200 }];
  }
  if (x < 50 || toVerify.length === 0) {
    const p = await req('POST', '/api/v1/patients', w.doctor.token, { national_id: nationalId(), full_name: 'Soak Patient',
      full_name_ar: 'مريض', phone: '+201001234567', allergies: [], conditions: [] });
    const res = [{ op: 'patient', ...p, ok: p.status === 201 }];
    if (p.status !== 201) return res;
    patients.push(p.body.id); cap(patients);
    const item = (drug_id) => ({ drug_id, dose_amount: 1, dose_unit: 'tablet', times_per_day: 2, duration_days: 5, quantity: 2,
      substitution_allowed: true, repeats: 0 });
    const rx = await req('POST', '/api/v1/prescriptions', w.doctor.token, { patient_id: p.body.id, facility_id: w.clinic.id,
      diagnosis_codes: ['J06.9'], items: [item(drugIds[0]), item(drugIds[1])] });
    res.push({ op: 'prescribe', ...rx, ok: rx.status === 201 });
    if (rx.status === 201) {
      toVerify.push(rx.body.code); cap(toVerify);
      toDispense.push(rx.body); toRead.push(rx.body.id); cap(toRead);
    }
    return res;
  }
  if (x < 65) {
    const r = await req('POST', '/api/v1/prescriptions/verify', w.pharmacist.token, { code: pick(toVerify) });
    return [{ op: 'verify', ...r, ok: r.status === 200 }];
  }
  if (x < 80) {
    const rx = toDispense.shift();
    if (!rx) return [];
    // At the counter: the code, then the dispensing (a dispensing needs a recent verification).
    const v = await req('POST', '/api/v1/prescriptions/verify', w.pharmacist.token, { code: rx.code });
    const res = [{ op: 'verify', ...v, ok: v.status === 200 }];
    if (v.status !== 200) return res;
    const r = await req('POST', `/api/v1/prescriptions/${rx.id}/dispensations`, w.pharmacist.token,
      { items: rx.items.map((i) => ({ item_id: i.id, quantity: i.quantity })) });
    res.push({ op: 'dispense', ...r, ok: r.status === 201 });
    return res;
  }
  if (x < 95) {
    const r = await req('GET', `/api/v1/prescriptions/${pick(toRead)}`, w.doctor.token);
    return [{ op: 'read', ...r, ok: r.status === 200 }];
  }
  const r = await req('GET', `/api/v1/patients/${pick(patients)}`, w.doctor.token);
  return [{ op: 'patient-read', ...r, ok: r.status === 200 }];
}

function pct(sorted, p) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0; }

// Warm-up: prescriptions for the verify/read/dispense mix.
for (let i = 0; i < 20; i++) await operation();

if (args.measure) {
  const seconds = Number(args.measure);
  const conc = Number(process.env.CONCURRENCY || 16);
  let n = 0, errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all([...Array(conc)].map(async () => {
    while (Date.now() < end) for (const r of await operation()) { n++; if (!r.ok) errors++; }
  }));
  console.log(JSON.stringify({ measured_rate: Math.round(n / seconds), requests: n, errors, concurrency: conc }));
  process.exit(0);
}

const rate = Number(args.rate);
const minutes = Number(args.minutes || 30);
const windowS = Number(args.window || 60);
const maxInFlight = Number(process.env.MAX_IN_FLIGHT || 512);
const start = Date.now();
const end = start + minutes * 60000;
let win = { n: 0, errors: 0, lat: [], byError: {} };
let total = { n: 0, errors: 0, shed: 0, byError: {} };
let inFlight = 0, issued = 0;
const rows = [];
const report = () => {
  const lat = win.lat.sort((a, b) => a - b);
  const row = { minute: +((Date.now() - start) / 60000).toFixed(1), requests: win.n, rate: Math.round(win.n / windowS),
    errors: win.errors, p50_ms: +pct(lat, 0.5).toFixed(1), p99_ms: +pct(lat, 0.99).toFixed(1), rss_mb: +(rssKb() / 1024).toFixed(1),
    in_flight: inFlight, ...(win.errors ? { error_kinds: win.byError } : {}) };
  rows.push(row);
  console.log(JSON.stringify(row));
  if (out) appendFileSync(out, JSON.stringify(row) + '\n');
  win = { n: 0, errors: 0, lat: [], byError: {} };
};
const timer = setInterval(report, windowS * 1000);
// Operations per second: a create is two requests, so the op rate is a little under the request rate.
const opRate = rate / 1.15;
while (Date.now() < end) {
  const due = Math.floor(((Date.now() - start) / 1000) * opRate) - issued;
  for (let i = 0; i < due; i++) {
    issued++;
    if (inFlight >= maxInFlight) { total.shed++; continue; }
    inFlight++;
    operation().then((rs) => {
      for (const r of rs) {
        win.n++; total.n++; win.lat.push(r.ms);
        if (!r.ok) {
          win.errors++; total.errors++;
          const k = `${r.op} ${r.status || r.error}`;
          win.byError[k] = (win.byError[k] || 0) + 1; total.byError[k] = (total.byError[k] || 0) + 1;
          if (total.errors <= 5) console.error(`error: ${k} ${r.text || ''}`.slice(0, 300));
        }
      }
    }).finally(() => { inFlight--; });
  }
  await sleep(10);
}
while (inFlight > 0) await sleep(50);
clearInterval(timer);
if (win.n > 0) report();
const warm = rows.slice(Math.min(2, rows.length - 1));
const summary = { minutes, target_rate: rate, requests: total.n, errors: total.errors, shed: total.shed,
  error_kinds: total.byError, p99_max_ms: Math.max(...rows.map((r) => r.p99_ms)),
  rss_first_warm_mb: warm[0]?.rss_mb, rss_last_mb: rows.at(-1).rss_mb, rss_max_warm_mb: Math.max(...warm.map((r) => r.rss_mb)) };
console.log('SUMMARY ' + JSON.stringify(summary));
if (out) appendFileSync(out, 'SUMMARY ' + JSON.stringify(summary) + '\n');
process.exit(total.errors === 0 ? 0 : 1);

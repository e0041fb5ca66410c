// A reproducible data set for the report rollup tests (migration 0007): about 300 prescriptions from
// 2024-12-18 to 2025-03-12 (a year end and three month ends), written with plain SQL so the
// triggers fill the summary tables, and the same data kept in JavaScript so every report figure can
// be computed here from the raw rows (docs/reports.md definitions), independently of the server.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { call } from './harness.mjs';
import { unique } from './world.mjs';

const DAY = 86400000;
export const dayOf = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;
export const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

export function sqlRunner(server) {
  return (text) => {
    if (server.databaseUrl.startsWith('sqlite://')) {
      const file = server.databaseUrl.slice('sqlite://'.length);
      return execFileSync('sqlite3', ['-cmd', '.timeout 5000', file], { input: text, encoding: 'utf8' }).trim();
    }
    return execFileSync('psql', [server.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qAt'], { input: text, encoding: 'utf8' })
      .trim();
  };
}

// A small deterministic generator (mulberry32), so a failure can be replayed.
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Products: ingredients, whether the knowledge base marks one an antibiotic, injection, essential,
// and whether the trade name is the single ingredient's INN (then always "generic").
const PRODUCTS = [
  { key: 'amoxil', trade: 'Amoxil Rollup 500', ingredients: ['amoxicillin'], form: 'capsule', route: 'oral', essential: 1,
    antibiotic: true, inn: false },
  { key: 'ceftriaxone', trade: 'Ceftriaxone Rollup 1 g', ingredients: ['ceftriaxone'], form: 'injection', route: 'im',
    essential: 1, antibiotic: true, inn: true },
  { key: 'panadol', trade: 'Panadol Rollup', ingredients: ['paracetamol'], form: 'tablet', route: 'oral', essential: 0,
    antibiotic: false, inn: false },
  { key: 'augmentin', trade: 'Augmentin Rollup', ingredients: ['amoxicillin', 'clavulanic acid'], form: 'tablet',
    route: 'oral', essential: 1, antibiotic: true, inn: false },
  { key: 'insulin', trade: 'Insulatard Rollup', ingredients: ['insulin isophane'], form: 'suspension', route: 'sc',
    essential: 0, antibiotic: false, inn: false },
];

async function facility(server, w, type, governorate) {
  const r = await call(server, 'POST', '/api/v1/facilities', { token: w.admin.token, body: {
    type, name: `${type} ${unique('')}`, name_ar: 'منشأة', license_no: unique('LIC-'), governorate, address: 'x' } });
  assert.equal(r.status, 201, r.text);
  return { id: r.body.id, type, governorate };  // a 2-digit code
}

// Seeds the data set; answers the model: facilities, prescribers and prescriptions as written.
export async function seedReportData(server, w, seed = 20250301) {
  const sql = sqlRunner(server);
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const prescribing = [
    { id: w.clinic.id, type: 'clinic', governorate: '01' },
    await facility(server, w, 'hospital', '21'),
    await facility(server, w, 'clinic', '03'),
  ];
  const pharmacies = [{ id: w.pharmacy.id, type: 'pharmacy', governorate: '02' }, await facility(server, w, 'pharmacy', '21')];
  const prescribers = [w.doctor.id];
  for (let i = 0; i < 3; i += 1) {
    prescribers.push((await w.user('doctor', { license_no: unique('EMS-'), facility_ids: prescribing.map((f) => f.id) })).id);
  }
  const drugs = {};
  const statements = ['BEGIN;'];
  for (const p of PRODUCTS) {
    drugs[p.key] = randomUUID();
    const ingredients = JSON.stringify(p.ingredients.map((name) => ({ name, strength: 500, unit: 'mg' })));
    statements.push(`INSERT INTO drugs (id, registration_no, trade_name, trade_name_ar, ingredients, form, route, pack_size,
      pack_unit, price_piastres, atc_code, controlled_schedule, essential, requires_approval, popularity, status, updated_at)
      VALUES (${q(drugs[p.key])}, ${q(unique('ROL-'))}, ${q(p.trade)}, 'دواء', ${q(ingredients)}, ${q(p.form)}, ${q(p.route)},
      10, 'tablet', 1000, 'X00', 0, ${p.essential}, 0, 1, 'active', 0);`);
  }
  const patients = [];
  for (let i = 0; i < 6; i += 1) {
    const id = randomUUID();
    patients.push(id);
    statements.push(`INSERT INTO patients (id, national_id, full_name, birth_date, sex, governorate, created_at)
      VALUES (${q(id)}, ${q(unique('RN'))}, 'Rollup Patient', '1980-01-01', 'female', '01', 0);`);
  }
  const prescriptions = [];
  const first = dayOf('2024-12-18');
  const last = dayOf('2025-03-12');
  for (let day = first; day <= last; day += 1) {
    const perDay = Math.floor(rnd() * 6);  // some days have none
    for (let k = 0; k < perDay; k += 1) {
      const id = randomUUID();
      const issued = day * DAY + Math.floor(rnd() * DAY);
      const rx = { id, day, facility: pick(prescribing), prescriber: pick(prescribers), controlled: rnd() < 0.1 ? 1 : 0,
        items: [], dispensed: null };
      statements.push(`INSERT INTO prescriptions (id, code, patient_id, prescriber_id, facility_id, status, controlled,
        issued_at, expires_at, qr_token, updated_at) VALUES (${q(id)}, ${q(unique('RX'))}, ${q(pick(patients))},
        ${q(rx.prescriber)}, ${q(rx.facility.id)}, 'active', ${rx.controlled}, ${issued}, ${issued + 30 * DAY}, 't', ${issued});`);
      const n = 1 + Math.floor(rnd() * 3);
      for (let position = 1; position <= n; position += 1) {
        const product = pick(PRODUCTS);
        const subst = rnd() < 0.4 ? 1 : 0;
        rx.items.push({ product, subst });
        statements.push(`INSERT INTO prescription_items (id, prescription_id, position, drug_id, dose_amount, dose_unit,
          times_per_day, duration_days, quantity, substitution_allowed, sig_en, sig_ar) VALUES (${q(randomUUID())},
          ${q(id)}, ${position}, ${q(drugs[product.key])}, 1, 'tablet', 2, 5, 1, ${subst}, 's', 's');`);
      }
      if (rnd() < 0.7) {
        const at = issued + Math.floor(rnd() * 3 * DAY);
        rx.dispensed = { day: Math.floor(at / DAY), pharmacy: pick(pharmacies) };
        statements.push(`INSERT INTO dispensations (id, prescription_id, pharmacist_id, pharmacy_id, patient_id_checked,
          dispensed_at) VALUES (${q(randomUUID())}, ${q(id)}, ${q(w.pharmacist.id)}, ${q(rx.dispensed.pharmacy.id)}, 1, ${at});`);
      }
      prescriptions.push(rx);
    }
  }
  statements.push('COMMIT;');
  sql(statements.join('\n'));
  return { prescribing, pharmacies, prescribers, prescriptions, facilities: [...prescribing, ...pharmacies] };
}

const zero = () => ({ prescriptions: 0, items: 0, dispensations: 0, controlled_prescriptions: 0, generic: 0, essential: 0,
  antibiotic: 0, injection: 0 });
const isGeneric = (i) => i.subst === 1 || i.product.inn;
const isInjection = (i) => ['injection', 'infusion'].includes(i.product.form) || ['iv', 'im', 'sc'].includes(i.product.route);

function addPrescription(c, rx) {
  c.prescriptions += 1;
  c.items += rx.items.length;
  c.controlled_prescriptions += rx.controlled;
  c.generic += rx.items.filter(isGeneric).length;
  c.essential += rx.items.filter((i) => i.product.essential === 1).length;
  c.antibiotic += rx.items.some((i) => i.product.antibiotic) ? 1 : 0;
  c.injection += rx.items.some(isInjection) ? 1 : 0;
}

const ratio = (num, den, scale) => (den === 0 ? 0 : Math.round((num * scale / den) * 100) / 100);
export function indicatorValues(c) {
  return {
    avg_drugs_per_prescription: ratio(c.items, c.prescriptions, 1),
    pct_generic: ratio(c.generic, c.items, 100),
    pct_antibiotic: ratio(c.antibiotic, c.prescriptions, 100),
    pct_injection: ratio(c.injection, c.prescriptions, 100),
    pct_essential: ratio(c.essential, c.items, 100),
  };
}
export const counts = (c) => ({ prescriptions: c.prescriptions, items: c.items, dispensations: c.dispensations,
  controlled_prescriptions: c.controlled_prescriptions });

// Every figure of summary, trends (month) and providers over [from, to] (inclusive days), computed
// from the model's raw rows.
export function expectedFigures(model, from, to, governorate = null) {
  const lo = dayOf(from);
  const hi = dayOf(to);
  const inGov = (f) => governorate === null || f.governorate === governorate;
  const totals = zero();
  const byDay = new Map();
  const byGov = new Map();
  const byType = new Map();
  const byMonth = new Map();
  const byFacility = new Map();
  const byPrescriber = new Map();
  const ingredients = new Map();
  const at = (map, key) => { if (!map.has(key)) map.set(key, zero()); return map.get(key); };
  const monthOf = (day) => `${isoOf(day).slice(0, 7)}-01`;
  for (const rx of model.prescriptions) {
    if (rx.day >= lo && rx.day <= hi && inGov(rx.facility)) {
      for (const c of [totals, at(byDay, isoOf(rx.day)), at(byGov, rx.facility.governorate), at(byType, rx.facility.type),
        at(byMonth, monthOf(rx.day)), at(byFacility, rx.facility.id)]) addPrescription(c, rx);
      const p = byPrescriber.get(rx.prescriber) ?? { ...zero(), facilities: new Set() };
      addPrescription(p, rx);
      p.facilities.add(rx.facility.id);
      byPrescriber.set(rx.prescriber, p);
      for (const i of rx.items) for (const name of i.product.ingredients) ingredients.set(name, (ingredients.get(name) ?? 0) + 1);
    }
    const d = rx.dispensed;
    if (d && d.day >= lo && d.day <= hi && inGov(d.pharmacy)) {
      for (const c of [totals, at(byDay, isoOf(d.day)), at(byGov, d.pharmacy.governorate), at(byType, d.pharmacy.type),
        at(byMonth, monthOf(d.day)), at(byFacility, d.pharmacy.id)]) c.dispensations += 1;
    }
  }
  const sorted = (map) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    totals: counts(totals),
    indicators: {
      avg_drugs_per_prescription: [totals.items, totals.prescriptions],
      pct_generic: [totals.generic, totals.items],
      pct_antibiotic: [totals.antibiotic, totals.prescriptions],
      pct_injection: [totals.injection, totals.prescriptions],
      pct_essential: [totals.essential, totals.items],
    },
    by_day: sorted(byDay).map(([k, c]) => [k, counts(c)]),
    by_governorate: sorted(byGov).map(([k, c]) => [k, counts(c)]),
    by_facility_type: sorted(byType).map(([k, c]) => [k, counts(c)]),
    months: sorted(byMonth).map(([k, c]) => [k, counts(c), indicatorValues(c)]),
    top_ingredients: [...ingredients.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, 10),
    facilities: sorted(byFacility).map(([id, c]) => [id, counts(c), indicatorValues(c)]),
    prescribers: sorted(byPrescriber).map(([id, c]) => [id, { facilities: c.facilities.size, prescriptions: c.prescriptions,
      items: c.items }, indicatorValues(c)]),
  };
}

// The same figures as the server answers them (admin view, so prescribers come with their ids).
export async function answeredFigures(server, token, from, to, governorate = null) {
  const range = `from=${from}&to=${to}${governorate ? `&governorate=${governorate}` : ''}`;
  const get = async (path) => {
    const r = await call(server, 'GET', path, { token });
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    return r.body;
  };
  const s = await get(`/api/v1/reports/summary?${range}`);
  const t = await get(`/api/v1/reports/trends?interval=month&${range}`);
  const p = await get(`/api/v1/reports/providers?${range}&limit=1000`);
  const byKey = (list, key) => list.map((x) => [key(x), counts(x)]);
  const byId = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return {
    totals: s.totals,
    indicators: Object.fromEntries(Object.entries(s.indicators).map(([k, v]) => [k, [v.numerator, v.denominator]])),
    by_day: byKey(s.by_day, (x) => x.date),
    by_governorate: byKey(s.by_governorate, (x) => x.governorate.code),
    by_facility_type: byKey(s.by_facility_type, (x) => x.facility_type),
    months: t.series.map((x) => [x.start, counts(x), x.indicators]),
    top_ingredients: s.top_ingredients.map((x) => [x.ingredient, x.items]),
    facilities: p.facilities.map((f) => [f.facility_id, counts(f), f.indicators]).sort(byId),
    prescribers: p.prescribers.map((x) => [x.prescriber_id, { facilities: x.facilities, prescriptions: x.prescriptions,
      items: x.items }, x.indicators]).sort(byId),
  };
}

// Ranges chosen to cross every way a range can meet month ends: a year end, whole months, a month
// read as the month less its first or last days, two days across a month end, days inside a month.
export const RANGES = [
  ['2024-12-18', '2025-03-12'],
  ['2024-12-02', '2025-02-27'],
  ['2025-01-01', '2025-01-31'],
  ['2025-01-03', '2025-01-29'],
  ['2025-02-10', '2025-02-12'],
  ['2025-01-31', '2025-02-01'],
  ['2024-12-31', '2025-03-01'],
  ['2024-11-01', '2025-04-30'],
];

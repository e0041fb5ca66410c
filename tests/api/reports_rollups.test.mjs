// Report rollups (migration 0007; docs/reports.md "How reports stay fast"): every figure of summary,
// trends and providers over ranges that cross year and month ends, whole months and partial months
// equals the figure computed from the raw rows; the rollups follow new prescriptions, dispensations
// and cancellations made through the API; each rollup row is the sum of its daily rows; `healthflow
// reports rebuild` keeps every figure, and while the summaries are stale the reports say so (503).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call, cli, isProblem, backend } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';
import { registerPatient, drugByName, item, prescribe, verifyAtCounter } from './lib/clinic.mjs';
import { seedReportData, expectedFigures, answeredFigures, sqlRunner, RANGES, isoOf } from './lib/report_data.mjs';

let server, w, model, sql;
before(async () => {
  server = await startServer();
  w = await makeWorld(server);
  sql = sqlRunner(server);
  model = await seedReportData(server, w);
});
after(async () => { await server?.stop(); });

const MONTH = backend === 'postgres'
  ? "(date_trunc('month', to_timestamp(day * 86400) AT TIME ZONE 'UTC')::date - DATE '1970-01-01')"
  : "CAST(strftime('%s', day * 86400, 'unixepoch', 'start of month') AS INTEGER) / 86400";

// Rows of a rollup that differ from the sums of the daily rows it covers, both ways.
function rollupMismatches() {
  const checks = {
    report_region_daily: [`SELECT r.day, f.governorate, f.type, SUM(r.prescriptions), SUM(r.items), SUM(r.generic_items),
      SUM(r.essential_items), SUM(r.antibiotic_prescriptions), SUM(r.injection_prescriptions), SUM(r.controlled_prescriptions),
      SUM(r.dispensations) FROM report_daily r JOIN facilities f ON f.id = r.facility_id GROUP BY r.day, f.governorate, f.type`,
    `SELECT day, governorate, facility_type, prescriptions, items, generic_items, essential_items, antibiotic_prescriptions,
      injection_prescriptions, controlled_prescriptions, dispensations FROM report_region_daily`],
    report_facility_monthly: [`SELECT ${MONTH}, facility_id, SUM(prescriptions), SUM(items), SUM(generic_items),
      SUM(essential_items), SUM(antibiotic_prescriptions), SUM(injection_prescriptions), SUM(controlled_prescriptions),
      SUM(dispensations) FROM report_daily GROUP BY ${MONTH}, facility_id`,
    `SELECT month, facility_id, prescriptions, items, generic_items, essential_items, antibiotic_prescriptions,
      injection_prescriptions, controlled_prescriptions, dispensations FROM report_facility_monthly`],
    report_prescriber_monthly: [`SELECT ${MONTH}, prescriber_id, facility_id, SUM(prescriptions), SUM(items),
      SUM(generic_items), SUM(essential_items), SUM(antibiotic_prescriptions), SUM(injection_prescriptions)
      FROM report_prescriber_daily GROUP BY ${MONTH}, prescriber_id, facility_id`,
    `SELECT month, prescriber_id, facility_id, prescriptions, items, generic_items, essential_items, antibiotic_prescriptions,
      injection_prescriptions FROM report_prescriber_monthly`],
    report_ingredient_monthly: [`SELECT ${MONTH}, governorate, ingredient, SUM(items) FROM report_ingredient_daily
      GROUP BY ${MONTH}, governorate, ingredient`, 'SELECT month, governorate, ingredient, items FROM report_ingredient_monthly'],
  };
  // A rollup row whose daily rows were all deleted stays, with zero counts: the same as no row.
  const nonZero = {
    report_region_daily: 'prescriptions <> 0 OR items <> 0 OR dispensations <> 0',
    report_facility_monthly: 'prescriptions <> 0 OR items <> 0 OR dispensations <> 0',
    report_prescriber_monthly: 'prescriptions <> 0 OR items <> 0',
    report_ingredient_monthly: 'items <> 0',
  };
  const out = {};
  for (const [table, [daily, all]] of Object.entries(checks)) {
    const rollup = `${all} WHERE ${nonZero[table]}`;
    const n = sql(`SELECT (SELECT COUNT(*) FROM (${daily} EXCEPT ${rollup}) a) + (SELECT COUNT(*) FROM (${rollup} EXCEPT ${daily}) b);`);
    const rows = sql(`SELECT COUNT(*) FROM ${table};`);
    out[table] = { mismatches: Number(n), rows: Number(rows) > 0 };
  }
  return out;
}
const allExact = (m) => Object.fromEntries(Object.keys(m).map((t) => [t, { mismatches: 0, rows: true }]));

test('every figure over ranges across year ends, month ends and partial months equals the raw rows', async () => {
  assert.ok(model.prescriptions.length > 200, `seeded ${model.prescriptions.length}`);
  for (const [from, to] of RANGES) {
    const want = expectedFigures(model, from, to);
    const got = await answeredFigures(server, w.admin.token, from, to);
    assert.deepEqual(got, want, `${from}..${to}`);
  }
  for (const gov of ['21', '01']) {
    for (const [from, to] of RANGES.slice(0, 4)) {
      assert.deepEqual(await answeredFigures(server, w.admin.token, from, to, gov), expectedFigures(model, from, to, gov),
        `${from}..${to} governorate ${gov}`);
    }
  }
});

test('each rollup row is the exact sum of the daily rows it covers', () => {
  const m = rollupMismatches();
  assert.deepEqual(m, allExact(m));
});

test('the rollups follow prescriptions, dispensations and cancellations made through the API', async () => {
  const today = isoOf(Math.floor(Date.now() / 86400000));
  const from = isoOf(Math.floor(Date.now() / 86400000) - 40);  // crosses at least one month end
  const summary = async () => (await call(server, 'GET', `/api/v1/reports/summary?from=${from}&to=${today}`,
    { token: w.regulator.token })).body;
  const clinicRow = async () => (await call(server, 'GET', `/api/v1/reports/providers?from=${from}&to=${today}`,
    { token: w.admin.token })).body.facilities.find((f) => f.facility_id === w.clinic.id);
  const before0 = await summary();
  const clinicBefore = (await clinicRow())?.prescriptions ?? 0;
  const panadol = await drugByName(server, w.doctor.token, 'Panadol 500 mg');
  const patient = await registerPatient(server, w.doctor.token);
  const kept = await prescribe(server, w, patient, [item(panadol, { quantity: 2 }), item(panadol, { quantity: 1 })]);
  const cancelled = await prescribe(server, w, patient, [item(panadol)]);
  const afterRx = await summary();
  assert.equal(afterRx.totals.prescriptions, before0.totals.prescriptions + 2);
  assert.equal(afterRx.totals.items, before0.totals.items + 3);
  assert.equal((await clinicRow()).prescriptions, clinicBefore + 2);

  await verifyAtCounter(server, w.pharmacist.token, kept);
  const d = await call(server, 'POST', `/api/v1/prescriptions/${kept.id}/dispensations`, { token: w.pharmacist.token,
    body: { items: [{ item_id: kept.items[0].id, quantity: 1 }] } });
  assert.equal(d.status, 201, d.text);
  const c = await call(server, 'POST', `/api/v1/prescriptions/${cancelled.id}/cancel`, { token: w.doctor.token,
    body: { reason: 'duplicate' } });
  assert.equal(c.status, 200, c.text);
  const afterAll = await summary();
  // DOMAIN/docs/reports.md: a cancelled prescription still counts; the dispensation counts at the pharmacy (02).
  assert.equal(afterAll.totals.prescriptions, afterRx.totals.prescriptions);
  assert.equal(afterAll.totals.dispensations, afterRx.totals.dispensations + 1);
  const gov = (s, code) => s.by_governorate.find((g) => g.governorate.code === code) ?? { dispensations: 0 };
  assert.equal(gov(afterAll, '02').dispensations, gov(afterRx, '02').dispensations + 1);
  const todayRow = afterAll.by_day.find((x) => x.date === today);
  assert.ok(todayRow && todayRow.prescriptions >= 2 && todayRow.dispensations >= 1, JSON.stringify(todayRow));
  const m = rollupMismatches();
  assert.deepEqual(m, allExact(m));
  // The seeded figures are untouched.
  for (const [from2, to2] of RANGES.slice(0, 2)) {
    assert.deepEqual(await answeredFigures(server, w.admin.token, from2, to2), expectedFigures(model, from2, to2));
  }
});

test('a daily row changed by hand moves its rollups with it; its keys cannot change', async () => {
  const [day, facility] = sql(`SELECT day, facility_id FROM report_daily WHERE prescriptions > 0 ORDER BY day LIMIT 1;`)
    .split('|');
  sql(`UPDATE report_daily SET prescriptions = prescriptions + 5 WHERE day = ${day} AND facility_id = '${facility}';`);
  assert.deepEqual(rollupMismatches(), allExact(rollupMismatches()));
  sql(`UPDATE report_daily SET prescriptions = prescriptions - 5 WHERE day = ${day} AND facility_id = '${facility}';`);
  assert.throws(() => sql(`UPDATE report_daily SET day = day + 1 WHERE day = ${day} AND facility_id = '${facility}';`),
    /immutable/);
  sql(`DELETE FROM report_prescriber_daily WHERE day = ${day};`);
  sql(`DELETE FROM report_ingredient_daily WHERE day = ${day};`);
  sql(`DELETE FROM report_daily WHERE day = ${day};`);
  assert.deepEqual(rollupMismatches(), allExact(rollupMismatches()));
  const [from, to] = RANGES[0];
  assert.notDeepEqual((await answeredFigures(server, w.admin.token, from, to)).totals, expectedFigures(model, from, to).totals);
  // The rebuild puts the removed day back from the raw rows.
  const r = cli(['reports', 'rebuild'], { databaseUrl: server.databaseUrl, dataDir: server.dataDir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /report summaries rebuilt in \d+ ms/);
  assert.deepEqual(await answeredFigures(server, w.admin.token, from, to), expectedFigures(model, from, to));
});

test('healthflow reports rebuild keeps every figure; stale summaries answer 503 until it runs', async () => {
  const snapshot = async () => {
    const out = [];
    for (const [from, to] of RANGES) out.push(await answeredFigures(server, w.admin.token, from, to));
    return out;
  };
  const before0 = await snapshot();
  let r = cli(['reports', 'rebuild'], { databaseUrl: server.databaseUrl, dataDir: server.dataDir });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(await snapshot(), before0);
  const m = rollupMismatches();
  assert.deepEqual(m, allExact(m));

  // As after a knowledge-base update that changed the antibiotic list (here: emptied by hand).
  const saved = sql('SELECT name FROM report_antibiotic_ingredients ORDER BY name;').split('\n');
  assert.ok(saved.includes('amoxicillin'));
  sql('DELETE FROM report_antibiotic_ingredients;');
  for (const path of ['/api/v1/reports/summary', '/api/v1/reports/summary.csv', '/api/v1/reports/trends',
    '/api/v1/reports/providers']) {
    const res = await call(server, 'GET', path, { token: w.regulator.token });
    assert.ok(isProblem(res, 503), `${path}: ${res.status} ${res.text}`);
    assert.match(res.body.detail, /healthflow reports rebuild/);
  }
  assert.equal((await call(server, 'GET', '/api/v1/reports/controlled-alerts', { token: w.regulator.token })).status, 200);
  // A restart does not rebuild on the serving path: it starts at once and still answers 503.
  const again = await startServer({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
  try {
    assert.ok(isProblem(await call(again, 'GET', '/api/v1/reports/summary', { token: w.regulator.token }), 503));
  } finally {
    await again.stop();
  }
  r = cli(['reports', 'rebuild'], { databaseUrl: server.databaseUrl, dataDir: server.dataDir });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(sql('SELECT name FROM report_antibiotic_ingredients ORDER BY name;').split('\n'), saved);
  assert.deepEqual(await snapshot(), before0);
});

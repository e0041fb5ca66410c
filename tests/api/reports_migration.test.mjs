// Migration 0007 (report rollups) on a database that already holds report data: `migrate down`
// removes exactly what it added (the 0005 daily tables stay), `migrate up` fills the rollups from the
// daily tables, and every report figure afterwards equals the figure computed from the raw rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cli, backend, root } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';
import { seedReportData, expectedFigures, answeredFigures, sqlRunner, RANGES } from './lib/report_data.mjs';

let server, w, model, sql;
before(async () => {
  server = await startServer();
  w = await makeWorld(server);
  sql = sqlRunner(server);
  model = await seedReportData(server, w, 7);
});
after(async () => { await server?.stop(); });

// How many migrations are 0007 or later (they are undone with 0007 and redone); numbers may skip.
function migrationsFrom(version) {
  const versions = readdirSync(join(root, 'migrations')).map((f) => Number(f.slice(0, 4))).filter(Number.isFinite);
  return new Set(versions.filter((v) => v >= version)).size;
}

const ADDED = ['report_region_daily', 'report_facility_monthly', 'report_prescriber_monthly', 'report_ingredient_monthly',
  'report_rebuild_guard'];
const KEPT = ['report_daily', 'report_prescriber_daily', 'report_ingredient_daily', 'report_antibiotic_ingredients'];
const list = (names) => names.map((n) => `'${n}'`).join(', ');
function tablesPresent(names) {
  const q = backend === 'postgres'
    ? `SELECT COUNT(*) FROM pg_class WHERE relkind = 'r' AND relname IN (${list(names)});`
    : `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN (${list(names)});`;
  return Number(sql(q));
}
function rollupTriggers() {
  const q = backend === 'postgres'
    ? "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND (tgname LIKE 'report\\_%daily\\_%' OR tgname LIKE 'report\\_daily\\_%');"
    : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('report_daily', 'report_prescriber_daily', 'report_ingredient_daily');";
  return Number(sql(q));
}

test('migrate down removes the rollups and migrate up rebuilds them from the daily tables, figures unchanged', async () => {
  const ranges = [RANGES[0], RANGES[1], RANGES[3]];
  for (const [from, to] of ranges) {
    assert.deepEqual(await answeredFigures(server, w.admin.token, from, to), expectedFigures(model, from, to));
  }
  const daily = sql('SELECT COUNT(*) FROM report_daily;');
  assert.ok(Number(daily) > 50, daily);
  const { databaseUrl, dataDir } = server;
  await server.stop();
  server = null;
  assert.equal(tablesPresent(ADDED), ADDED.length);
  assert.ok(rollupTriggers() > 0);

  // Down to before 0007 (the later ones are undone with it), then up again.
  let r = cli(['migrate', 'down', String(migrationsFrom(7))], { databaseUrl, dataDir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(tablesPresent(ADDED), 0);
  assert.equal(rollupTriggers(), 0);
  assert.equal(tablesPresent(KEPT), KEPT.length);
  assert.equal(sql('SELECT COUNT(*) FROM report_daily;'), daily, 'the daily tables are untouched');
  if (backend === 'postgres') {
    assert.equal(sql("SELECT COUNT(*) FROM pg_proc WHERE proname IN ('report_month', 'report_keys_immutable', 'report_daily_rollup');"), '0');
  }
  r = cli(['migrate', 'status'], { databaseUrl, dataDir });
  assert.match(r.stdout, /0007/);
  // The prescribing triggers of 0005 still fill the daily tables without the rollups.
  r = cli(['migrate', 'up'], { databaseUrl, dataDir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(tablesPresent(ADDED), ADDED.length);

  server = await startServer({ databaseUrl, dataDir });
  for (const [from, to] of ranges) {
    assert.deepEqual(await answeredFigures(server, w.admin.token, from, to), expectedFigures(model, from, to), `${from}..${to}`);
  }
});

// Documentation: every relative link under docs/ resolves (files and #anchors), and the monitoring
// dashboards/alarms are valid JSON that cover the runbook 7.7 figures with the server's real metric
// names and the names Terraform creates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const docs = path.join(root, 'docs');

async function walk(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
export function slug(heading) {
  return heading.trim().toLowerCase().replace(/<[^>]+>/g, '').replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');
}

function anchors(markdown) {
  const set = new Set();
  const seen = new Map();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    set.add(n ? `${base}-${n}` : base);
  }
  return set;
}

// Markdown links outside code: [text](target) and <a href="target">.
function links(markdown) {
  const out = [];
  let inFence = false;
  markdown.split('\n').forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) { inFence = !inFence; return; }
    if (inFence) return;
    const noCode = line.replace(/`[^`]*`/g, '');
    for (const m of noCode.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ target: m[1], line: i + 1 });
    for (const m of noCode.matchAll(/href="([^"]+)"/g)) out.push({ target: m[1], line: i + 1 });
  });
  return out;
}

const mdFiles = (await walk(docs)).filter((f) => f.endsWith('.md'));

test('docs/ has markdown files', () => assert.ok(mdFiles.length >= 5));

test('every relative link in docs/ resolves', async () => {
  const broken = [];
  let checked = 0;
  for (const file of mdFiles) {
    const text = await readFile(file, 'utf8');
    for (const { target, line } of links(text)) {
      if (/^(https?:|mailto:|tel:)/.test(target)) continue;
      checked++;
      const [p, frag] = target.split('#');
      const dest = p ? path.resolve(path.dirname(file), decodeURI(p)) : file;
      const where = `${path.relative(root, file)}:${line} -> ${target}`;
      const st = await stat(dest).catch(() => null);
      if (!st) { broken.push(`${where} (no such file)`); continue; }
      if (frag && st.isFile() && dest.endsWith('.md')) {
        if (!anchors(await readFile(dest, 'utf8')).has(frag)) broken.push(`${where} (no heading #${frag})`);
      }
    }
  }
  assert.ok(checked > 10, `only ${checked} links found`);
  assert.deepEqual(broken, []);
});

test('the runbook references resolve and name the documents of the original runbook', async () => {
  const runbook = await readFile(path.join(docs, 'deployment/DEPLOYMENT_RUNBOOK.md'), 'utf8');
  for (const f of ['SPRINT0_COMPLETION_CHECKLIST.md', 'BRANCH_PROTECTION_SETUP.md', 'SYSTEM_ARCHITECTURE.md']) {
    assert.match(runbook, new RegExp(`\\]\\([^)]*${f}\\)`), f);
  }
});

// ---- monitoring ----
const SERVER_METRICS = new Set(['http_requests_total', 'http_request_duration_seconds', 'db_pool_in_use', 'db_pool_idle',
  'db_pool_wait_seconds', 'cache_hits_total', 'cache_misses_total', 'prescriptions_created_total',
  'dispensations_total', 'process_resident_memory_bytes', 'process_cpu_seconds_total']);
const serverMetric = (name) => SERVER_METRICS.has(name) || SERVER_METRICS.has(name.replace(/_(sum|count|bucket)$/, ''));
const mon = path.join(docs, 'monitoring');
const load = async (f) => JSON.parse(await readFile(path.join(mon, f), 'utf8'));

test('monitoring files are valid JSON', async () => {
  for (const f of (await readdir(mon)).filter((x) => x.endsWith('.json'))) await load(f);
});

// Datadog's OpenMetrics names: counters lose _total and gain .count; gauges keep their name.
function datadogToServer(name) {
  const n = name.replace(/^healthflow\./, '');
  const base = n.replace(/\.(count|sum|bucket)$/, '');
  for (const candidate of [base, `${base}_total`, n]) if (SERVER_METRICS.has(candidate)) return candidate;
  return null;
}

test('Datadog dashboard and monitors use only real server metrics and cover runbook 7.7', async () => {
  const dash = JSON.stringify(await load('datadog-dashboard.json'));
  const monitors = JSON.stringify(await load('datadog-monitors.json'));
  const used = new Set();
  for (const m of (dash + monitors).matchAll(/healthflow\.([a-z_]+(?:\.(?:count|sum|bucket))?)/g)) {
    const server = datadogToServer(m[0]);
    assert.ok(server, `unknown server metric in Datadog JSON: ${m[0]}`);
    used.add(server);
  }
  for (const must of ['http_request_duration_seconds', 'http_requests_total', 'process_cpu_seconds_total',
    'process_resident_memory_bytes', 'db_pool_in_use', 'db_pool_idle', 'db_pool_wait_seconds', 'cache_hits_total', 'cache_misses_total']) {
    assert.ok(used.has(must), `Datadog dashboard shows ${must}`);
  }
  for (const title of ['Response times', 'error rates', 'CPU and memory', 'connection pool', 'Cache']) {
    assert.match(dash, new RegExp(title, 'i'), `section ${title}`);
  }
  assert.match(dash, /healthflow-\$env\.value-alb/);
  assert.match(dash, /healthflow-\$env\.value-db/);
  assert.match(dash, /healthflow-\$env\.value-cluster/);
});

test('CloudWatch dashboard and alarms: real metrics, Terraform names, runbook 7.7 figures', async () => {
  const dash = await load('cloudwatch-dashboard.json');
  const alarms = await load('cloudwatch-alarms.json');
  const text = JSON.stringify(dash) + JSON.stringify(alarms);
  const used = new Set();
  const visit = (arr) => {
    if (Array.isArray(arr) && arr[0] === 'HealthFlow') {
      assert.ok(serverMetric(arr[1]), `unknown server metric ${arr[1]}`);
      used.add(arr[1]);
    }
  };
  for (const w of dash.widgets) for (const m of w.properties.metrics ?? []) visit(m);
  for (const a of alarms) {
    if (a.Namespace === 'HealthFlow') { assert.ok(serverMetric(a.MetricName), a.MetricName); used.add(a.MetricName); }
    for (const q of a.Metrics ?? []) {
      const m = q.MetricStat?.Metric;
      if (m?.Namespace === 'HealthFlow') { assert.ok(serverMetric(m.MetricName), m.MetricName); used.add(m.MetricName); }
    }
    assert.match(a.AlarmName, /^healthflow-production-/);
    assert.ok(a.ComparisonOperator && a.Threshold !== undefined && a.EvaluationPeriods, a.AlarmName);
  }
  for (const must of ['http_requests_total', 'http_request_duration_seconds_sum', 'db_pool_in_use', 'db_pool_wait_seconds', 'cache_hits_total', 'cache_misses_total', 'process_resident_memory_bytes']) {
    assert.ok(used.has(must), `CloudWatch uses ${must}`);
  }
  for (const [ns, metric] of [['AWS/ApplicationELB', 'TargetResponseTime'], ['AWS/ECS', 'CPUUtilization'], ['AWS/ECS', 'MemoryUtilization'], ['AWS/RDS', 'DatabaseConnections']]) {
    assert.ok(text.includes(ns) && text.includes(metric), `${ns} ${metric}`);
  }
  assert.match(text, /"healthflow-production-cluster"/);
  assert.match(text, /"healthflow-backend-service"/);
  assert.match(text, /"healthflow-production-db"/);
  assert.match(text, /app\/healthflow-production-alb\//);
});

test('the CloudWatch agent sidecar scrapes only real metrics into the namespace the dashboards read', async () => {
  const cfg = await readFile(path.join(root, 'infrastructure/terraform/monitoring/cloudwatch-agent.json.tftpl'), 'utf8');
  const json = JSON.parse(cfg.replace(/\$\{(\w+)\}/g, 'X'));
  const emf = json.logs.metrics_collected.prometheus.emf_processor;
  assert.equal(emf.metric_namespace, 'HealthFlow');
  for (const decl of emf.metric_declaration) {
    for (const sel of decl.metric_selectors) {
      const name = sel.replace(/^\^/, '').replace(/\$$/, '');
      assert.ok(serverMetric(name), `selector ${sel}`);
    }
  }
  const prom = await readFile(path.join(root, 'infrastructure/terraform/monitoring/prometheus.yaml.tftpl'), 'utf8');
  assert.match(prom, /localhost:\$\{container_port\}/);
  assert.match(prom, /job_name: healthflow/);
});

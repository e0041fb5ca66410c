// docs/deployment/DEPLOYMENT_RUNBOOK.md is true for this repository: every name in its commands is
// what Terraform creates, every script and npm script it runs exists, the answers it shows have the
// server's real shape, and the commands that can run on a workstation do (scripts against the fake
// AWS CLI; npm run migrate:* and the smoke test against build/healthflow when it is built).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, access, constants, mkdtemp, rm } from 'node:fs/promises';
import { execFileSync, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const runbook = await readFile(path.join(root, 'docs/deployment/DEPLOYMENT_RUNBOOK.md'), 'utf8');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const tfDir = path.join(root, 'infrastructure/terraform');
const locals = (await parse('locals.tf', await readFile(path.join(tfDir, 'locals.tf'), 'utf8'))).locals[0];
const domains = {};
for (const env of ['staging', 'production']) {
  domains[env] = (await parse(`${env}.tfvars`, await readFile(path.join(tfDir, `environments/${env}.tfvars`), 'utf8'))).api_domain_name;
}
const nameFor = (expr, env) => {
  let s = expr;
  for (let i = 0; i < 4; i++) s = s.replace(/\$\{local\.(\w+)\}/g, (_, k) => locals[k]).replace(/\$\{var\.environment\}/g, env);
  return s;
};
const ENVS = ['staging', 'production'];
const names = (key) => ENVS.map((e) => nameFor(locals[key], e));

// Fenced code blocks: { lang, body }; shell commands with continuation lines joined.
const blocks = [...runbook.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({ lang: m[1], body: m[2] }));
const shell = blocks.filter((b) => b.lang === 'bash').map((b) => b.body.replace(/\\\n\s*/g, ' ')).join('\n');
const commands = shell.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const argValues = (flag) => [...shell.matchAll(new RegExp(`${flag}[ =]+("[^"]*"|'[^']*'|\\S+)`, 'g'))].map((m) => m[1].replace(/^["']|["']$/g, ''));

test('the runbook has commands to check', () => assert.ok(commands.length > 40, `${commands.length} commands`));

test('no leftover unprefixed names (healthflow-db, healthflow-cluster, healthflow-alb) in commands', () => {
  assert.doesNotMatch(shell, /healthflow-(db|cluster|alb)\b/);
});

test('ECS names: clusters, services, task families are the ones Terraform creates', () => {
  const clusters = [...argValues('--cluster'), ...argValues('--clusters')];
  assert.ok(clusters.length >= 8);
  for (const c of clusters) assert.ok(names('cluster_name').includes(c), `cluster ${c}`);
  const services = [...argValues('--service'), ...argValues('--services')];
  assert.ok(services.length >= 8);
  for (const s of services) assert.equal(s, locals.service_name, `service ${s}`);
  for (const f of [...argValues('--family-prefix'), ...argValues('--task-definition').filter((t) => !t.startsWith('$'))]) {
    assert.ok(names('task_family').includes(f), `task definition family ${f}`);
  }
  for (const m of shell.matchAll(/"name":"(\w+)"/g)) assert.equal(m[1], locals.container_name);
});

test('RDS, ALB, logs, secrets and metric dimensions use Terraform names', () => {
  const dbs = argValues('--db-instance-identifier');
  assert.ok(dbs.length >= 3);
  for (const d of dbs) assert.ok(names('db_identifier').map((n) => [n, `${n}-restored`]).flat().includes(d), `database ${d}`);
  const snaps = [...shell.matchAll(/--db-snapshot-identifier (healthflow-\S+(?: \+%Y%m%d-%H%M%S\))?)/g)].map((m) => m[1]);
  assert.ok(snaps.length >= 2);
  for (const s of snaps) assert.match(s, /^healthflow-(staging|production)-(\$\(date \+%Y%m%d-%H%M%S\)|YYYYMMDD-HHMMSS)$/, s);
  const lbs = argValues('--names');
  assert.ok(lbs.length >= 3);
  const tgs = ENVS.map((e) => `healthflow-${e}-tg`);
  for (const n of lbs) assert.ok([...names('alb_name'), ...tgs].includes(n), `load balancer or target group ${n}`);
  const logGroups = [...shell.matchAll(/aws logs tail (\S+)/g)].map((m) => m[1]);
  assert.ok(logGroups.length >= 4);
  for (const g of logGroups) {
    assert.ok(names('log_group_name').includes(g) || ENVS.some((e) => g === `/aws/rds/instance/healthflow-${e}-db/postgresql`), `log group ${g}`);
  }
  for (const s of argValues('--secret-id')) assert.match(s, /^healthflow\/(staging|production)\/(PRESCRIPTION_SIGNING_KEY|DATA_ENCRYPTION_KEY|SMS_API_KEY|DATABASE_URL|JWT_SECRET)$/);
  for (const m of shell.matchAll(/Name=(\w+),Value=(\S+)/g)) {
    const [, dim, value] = m;
    if (dim === 'ClusterName') assert.ok(names('cluster_name').includes(value), value);
    else if (dim === 'ServiceName') assert.equal(value, locals.service_name);
    else if (dim === 'DBInstanceIdentifier') assert.ok(names('db_identifier').includes(value), value);
    else if (dim === 'LockID') continue;
    else assert.fail(`unexpected dimension ${dim}`);
  }
  // ECS service metrics need both dimensions
  for (const m of shell.matchAll(/--namespace AWS\/ECS[^\n]*/g)) assert.match(m[0], /Name=ClusterName,.*Name=ServiceName,/);
  assert.match(shell, /tag:Project,Values=HealthFlow/);
  assert.equal(locals.tags.Project, 'HealthFlow');
});

test('URLs are the domains of the tfvars', () => {
  const hosts = new Set([...shell.matchAll(/https:\/\/([\w.-]+)/g)].map((m) => m[1]));
  assert.ok(hosts.size >= 2);
  for (const h of hosts) assert.ok(Object.values(domains).includes(h), `host ${h}`);
});

test('Terraform files and directories the runbook names exist', async () => {
  assert.match(shell, /cd infrastructure\/terraform/);
  for (const f of [...argValues('-backend-config'), ...argValues('-var-file')]) await access(path.join(tfDir, f));
  assert.ok(argValues('-var-file').length >= 1 && argValues('-backend-config').length >= 1);
});

test('every script the runbook runs exists, is executable and answers --help', async () => {
  const scripts = new Set([...shell.matchAll(/(?:^|\s)\.\/(scripts\/[\w.-]+\.sh)/gm)].map((m) => m[1]));
  for (const s of ['scripts/emergency-rollback.sh', 'scripts/db-snapshot.sh', 'scripts/smoke-test.sh']) assert.ok(scripts.has(s), s);
  for (const s of scripts) {
    await access(path.join(root, s), constants.X_OK);
    const out = execFileSync(path.join(root, s), ['--help'], { encoding: 'utf8' });
    assert.match(out, /^usage: /);
  }
});

test('every npm script the runbook runs exists in package.json', () => {
  const used = new Set([...shell.matchAll(/npm run ([\w:.-]+)/g)].map((m) => m[1]));
  for (const s of ['migrate:up', 'migrate:status', 'migrate:down', 'test:integration:staging']) assert.ok(used.has(s), s);
  for (const s of used) assert.ok(s in pkg.scripts, `npm run ${s}`);
});

// The answers shown in 6.3 have the shape of the API contract.
const jsonBlocks = blocks.filter((b) => b.lang === 'json').map((b) => JSON.parse(b.body));
const shownHealth = jsonBlocks.find((j) => j.checks);
const shownVersion = jsonBlocks.find((j) => j.schema_version !== undefined);
const shape = (v) => (v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape(v[k])])) : typeof v);

test('the /health and /version answers shown are those of the contract', () => {
  assert.ok(shownHealth && shownVersion);
  assert.deepEqual(shape(shownHealth), {
    checks: { database: { latency_ms: 'number', status: 'string' }, migrations: { current: 'number', latest: 'number', status: 'string' } },
    status: 'string',
  });
  assert.deepEqual(shape(shownVersion), { build_time: 'string', commit: 'string', schema_version: 'number', version: 'string' });
  assert.match(shownVersion.commit, /^[0-9a-f]{12}$/, 'the 12-character commit the image is tagged with');
});

// --- commands run locally ---------------------------------------------------------------------
function fakeEnv(dir) {
  return {
    ...process.env,
    PATH: `${path.join(here, 'fakes')}:${process.env.PATH}`,
    FAKE_AWS_LOG: path.join(dir, 'aws.log'), FAKE_AWS_STATE: path.join(dir, 'aws'),
    FAKE_CURL_LOG: path.join(dir, 'curl.log'), FAKE_CURL_STATE: dir,
    ROLLBACK_VERIFY_DELAY: '0', SMOKE_RETRY_DELAY: '0',
  };
}

test('runbook 11.1 and 5.1 commands run (with --dry-run, against the fake AWS CLI)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hf-runbook-'));
  try {
    const env = fakeEnv(dir);
    for (const cmd of commands.filter((c) => /^\.\/scripts\/(emergency-rollback|db-snapshot)\.sh (staging|production)$/.test(c))) {
      const [script, ...args] = cmd.split(' ');
      execFileSync(path.join(root, script), [...args, '--dry-run'], { env, stdio: 'pipe' });
    }
    const calls = await readFile(env.FAKE_AWS_LOG, 'utf8');
    assert.doesNotMatch(calls, /update-service|create-db-snapshot/);
    assert.match(calls, /healthflow-production-cluster/);
    assert.match(calls, /healthflow-production-db/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const binary = path.join(root, 'build/healthflow');
const built = await access(binary, constants.X_OK).then(() => true, () => false);
const noBuild = !built && 'build/healthflow is not built (make build)';

test('runbook 5.2/5.3/8.4: npm run migrate:up, migrate:status, migrate:down work', { skip: noBuild }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hf-runbook-db-'));
  try {
    const env = { ...process.env, DATABASE_URL: `sqlite://${dir}/healthflow.db`, HF_DATA_DIR: dir };
    const run = (script) => execFileSync('npm', ['run', '--silent', script], { cwd: root, env, encoding: 'utf8' });
    run('migrate:up');
    const status = run('migrate:status');
    const m = /current (\d+), latest (\d+), pending 0/.exec(status);
    assert.ok(m, `migrate:status: ${status}`);
    assert.equal(m[1], m[2]);
    assert.match(status, /^applied\s+0001_\w+\s+\d{4}-\d\d-\d\dT/m, 'lines as shown in runbook 5.3');
    // Migration numbers may have gaps (a number reserved by a branch not merged): down goes back to
    // the previous applied version, not necessarily current - 1.
    const applied = [...status.matchAll(/^applied\s+(\d{4})_/gm)].map((x) => Number(x[1])).sort((a, b) => a - b);
    run('migrate:down');
    assert.match(run('migrate:status'), new RegExp(`current ${applied.at(-2)}, latest ${m[2]}, pending 1`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('runbook 6.3: a running server answers /health and /version as shown; the smoke script passes', { skip: noBuild, timeout: 60_000 }, async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hf-runbook-srv-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(binary, ['serve', '--host', '127.0.0.1', '--port', String(port), '--migrate'], {
    env: { ...process.env, DATABASE_URL: `sqlite://${dir}/healthflow.db`, HF_DATA_DIR: dir, HF_WEB_ROOT: path.join(root, 'web/dist') },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    let health;
    for (let i = 0; i < 100 && !health; i++) {
      try { health = await (await fetch(`${base}/health`)).json(); } catch { await new Promise((r) => setTimeout(r, 100)); }
    }
    assert.ok(health, 'server answered /health');
    assert.deepEqual(shape(health), shape(shownHealth));
    const version = await (await fetch(`${base}/version`)).json();
    assert.deepEqual(shape(version), shape(shownVersion));
    // The smoke script also loads /pharmacy/, which needs the built portals (make web).
    const portals = await access(path.join(root, 'web/dist/index.html')).then(() => true, () => false);
    if (!portals) {
      t.diagnostic('web/dist is not built (make web): scripts/smoke-test.sh not run');
      return;
    }
    execFileSync(path.join(root, 'scripts/smoke-test.sh'), ['staging'], {
      env: { ...process.env, STAGING_URL: base, SMOKE_RETRY_DELAY: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
});

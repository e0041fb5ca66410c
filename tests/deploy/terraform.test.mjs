// Parses every .tf / .tfvars file of infrastructure/terraform with @cdktf/hcl2json (no terraform
// binary needed) and checks the resources, the names the runbook uses, encryption, Multi-AZ and
// the security-group rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tfDir = path.join(root, 'infrastructure/terraform');

async function parseFile(file) {
  return parse(path.basename(file), await readFile(file, 'utf8'));
}

// Merge all .tf files: { resource: {type: {name: body}}, data, variable, locals, output, terraform }.
async function loadConfig() {
  const files = (await readdir(tfDir)).filter((f) => f.endsWith('.tf')).sort();
  assert.ok(files.length > 0, 'no .tf files');
  const cfg = { resource: {}, data: {}, variable: {}, locals: {}, output: {}, terraform: [], provider: {} };
  for (const f of files) {
    const doc = await parseFile(path.join(tfDir, f));
    for (const [type, byName] of Object.entries(doc.resource ?? {})) {
      cfg.resource[type] ??= {};
      for (const [name, bodies] of Object.entries(byName)) {
        assert.ok(!(name in cfg.resource[type]), `duplicate resource ${type}.${name}`);
        cfg.resource[type][name] = bodies[0];
      }
    }
    for (const [type, byName] of Object.entries(doc.data ?? {})) {
      cfg.data[type] ??= {};
      for (const [name, bodies] of Object.entries(byName)) cfg.data[type][name] = bodies[0];
    }
    for (const [name, bodies] of Object.entries(doc.variable ?? {})) cfg.variable[name] = bodies[0];
    for (const block of doc.locals ?? []) Object.assign(cfg.locals, block);
    for (const [name, bodies] of Object.entries(doc.output ?? {})) cfg.output[name] = bodies[0];
    for (const [name, bodies] of Object.entries(doc.provider ?? {})) cfg.provider[name] = bodies[0];
    cfg.terraform.push(...(doc.terraform ?? []));
  }
  return cfg;
}

const cfg = await loadConfig();
const res = (type, name) => {
  const r = cfg.resource[type]?.[name];
  assert.ok(r, `resource ${type}.${name} missing`);
  return r;
};
const one = (type) => {
  const names = Object.keys(cfg.resource[type] ?? {});
  assert.equal(names.length, 1, `expected exactly one ${type}, found ${names.join(', ') || 'none'}`);
  return cfg.resource[type][names[0]];
};

// Evaluates the handful of name expressions used here ("${local.x}", "${var.environment}") for
// one environment, the way terraform would.
function evaluate(value, env) {
  let s = String(value);
  for (let i = 0; i < 5 && s.includes('${'); i++) {
    s = s.replace(/\$\{([^}]+)\}/g, (whole, expr) => {
      expr = expr.trim();
      if (expr === 'var.environment') return env;
      const local = /^local\.(\w+)$/.exec(expr);
      if (local && local[1] in cfg.locals) return String(cfg.locals[local[1]]);
      return whole;
    });
  }
  return s;
}

async function tfvars(env) {
  return parseFile(path.join(tfDir, 'environments', `${env}.tfvars`));
}

test('every .tf and .tfvars file parses', async () => {
  const files = [
    ...(await readdir(tfDir)).filter((f) => f.endsWith('.tf')),
    ...(await readdir(path.join(tfDir, 'environments'))).map((f) => `environments/${f}`),
  ];
  for (const f of files) {
    const doc = await parseFile(path.join(tfDir, f));
    assert.equal(typeof doc, 'object', f);
  }
});

test('terraform and provider settings: S3 backend per environment, AWS provider tags Project=HealthFlow', () => {
  const t = cfg.terraform[0];
  assert.ok(t.backend?.s3, 'S3 backend');
  assert.match(t.required_version, />= ?1\.5/);
  assert.equal(t.required_providers[0].aws.source, 'hashicorp/aws');
  assert.equal(cfg.locals.tags.Project, 'HealthFlow');
  assert.match(JSON.stringify(cfg.provider.aws.default_tags), /local\.tags/);
  for (const env of ['staging', 'production']) {
    assert.ok(cfg.variable.environment.validation[0].condition.includes(env));
  }
});

for (const env of ['staging', 'production']) {
  test(`names produced for ${env} are the runbook's`, () => {
    assert.equal(evaluate(one('aws_db_instance').identifier, env), `healthflow-${env}-db`);
    assert.equal(evaluate(one('aws_ecs_cluster').name, env), `healthflow-${env}-cluster`);
    assert.equal(evaluate(one('aws_ecs_service').name, env), 'healthflow-backend-service');
    assert.equal(evaluate(one('aws_lb').name, env), `healthflow-${env}-alb`);
    assert.ok(evaluate(one('aws_lb').name, env).length <= 32, 'ALB names are at most 32 characters');
    assert.ok(evaluate(one('aws_lb_target_group').name, env).length <= 32, 'target group name length');
    assert.equal(evaluate(res('aws_cloudwatch_log_group', 'app').name, env), `/aws/ecs/healthflow-${env}`);
    assert.equal(evaluate(one('aws_ecs_task_definition').family, env), `healthflow-${env}-backend`);
    assert.equal(evaluate(one('aws_ecr_repository').name, env), `healthflow-${env}`);
    assert.equal(evaluate(cfg.locals.container_name, env), 'healthflow');
  });

  test(`${env}.tfvars: environment, domain, Multi-AZ, backups`, async () => {
    const v = await tfvars(env);
    assert.equal(v.environment, env);
    assert.equal(v.api_domain_name, env === 'production' ? 'api.healthflow.gov.eg' : 'staging-api.healthflow.gov.eg');
    assert.equal(v.db_multi_az, env === 'production', 'Multi-AZ exactly in production');
    assert.ok(v.db_backup_retention_days >= 7);
    if (env === 'production') assert.ok(v.db_backup_retention_days >= 30);
    for (const key of Object.keys(v)) assert.ok(key in cfg.variable, `${env}.tfvars sets undeclared variable ${key}`);
  });

  test(`${env}.backend.hcl keeps a separate, encrypted state`, async () => {
    const b = await parseFile(path.join(tfDir, 'environments', `${env}.backend.hcl`));
    assert.equal(b.key, `healthflow/${env}/terraform.tfstate`);
    assert.equal(b.encrypt, true);
    assert.ok(b.dynamodb_table);
  });
}

test('VPC: public and private subnets over two AZs, NAT, private routes through NAT', () => {
  assert.ok(one('aws_vpc').enable_dns_hostnames);
  assert.equal(cfg.variable.az_count.default, 2);
  assert.equal(res('aws_subnet', 'public').count, '${var.az_count}');
  assert.equal(res('aws_subnet', 'private').count, '${var.az_count}');
  assert.match(res('aws_subnet', 'private').availability_zone, /local\.azs\[count\.index\]/);
  assert.equal(res('aws_subnet', 'public').map_public_ip_on_launch, false);
  assert.ok(one('aws_nat_gateway'));
  assert.ok(one('aws_internet_gateway'));
  assert.match(res('aws_route_table', 'private').route[0].nat_gateway_id, /aws_nat_gateway\.main/);
  assert.match(res('aws_route_table', 'public').route[0].gateway_id, /aws_internet_gateway\.main/);
  assert.match(res('aws_nat_gateway', 'main').subnet_id, /aws_subnet\.public/);
});

test('RDS: PostgreSQL 15, encrypted, Multi-AZ by variable, backups, deletion protection, private', () => {
  const db = one('aws_db_instance');
  assert.equal(db.engine, 'postgres');
  assert.match(String(db.engine_version), /^15(\.|$)/);
  assert.equal(db.storage_encrypted, true);
  assert.equal(db.multi_az, '${var.db_multi_az}');
  assert.equal(db.deletion_protection, true);
  assert.equal(db.publicly_accessible, false);
  assert.equal(db.skip_final_snapshot, false);
  assert.equal(db.backup_retention_period, '${var.db_backup_retention_days}');
  assert.ok(cfg.variable.db_backup_retention_days.default >= 7);
  assert.match(db.db_subnet_group_name, /aws_db_subnet_group\.main/);
  assert.match(res('aws_db_subnet_group', 'main').subnet_ids, /aws_subnet\.private/);
  assert.deepEqual(db.vpc_security_group_ids, ['${aws_security_group.db.id}']);
  const pg = one('aws_db_parameter_group');
  assert.equal(pg.family, 'postgres15');
  assert.match(db.parameter_group_name, /aws_db_parameter_group\.postgres15/);
  const params = Object.fromEntries(pg.parameter.map((p) => [p.name, p.value]));
  assert.ok('log_min_duration_statement' in params, 'log_min_duration_statement');
  assert.equal(params['rds.force_ssl'], '1');
  assert.ok(cfg.variable.db_log_min_duration_ms.default > 0);
});

test('Security groups: only the ALB reaches the service, only the service reaches the database', () => {
  const alb = res('aws_security_group', 'alb');
  const svc = res('aws_security_group', 'service');
  const db = res('aws_security_group', 'db');
  assert.deepEqual(alb.ingress.map((r) => r.from_port).sort(), [443, 80]);
  for (const r of alb.ingress) assert.deepEqual(r.cidr_blocks, ['0.0.0.0/0']);

  assert.equal(svc.ingress.length, 1, 'service: one ingress rule');
  assert.equal(svc.ingress[0].from_port, '${var.container_port}');
  assert.equal(svc.ingress[0].to_port, '${var.container_port}');
  assert.deepEqual(svc.ingress[0].security_groups, ['${aws_security_group.alb.id}']);
  assert.equal(svc.ingress[0].cidr_blocks, undefined, 'service: no CIDR ingress');

  assert.equal(db.ingress.length, 1, 'database: one ingress rule');
  assert.equal(db.ingress[0].from_port, 5432);
  assert.equal(db.ingress[0].to_port, 5432);
  assert.deepEqual(db.ingress[0].security_groups, ['${aws_security_group.service.id}']);
  assert.equal(db.ingress[0].cidr_blocks, undefined, 'database: no CIDR ingress');
  assert.equal(db.egress, undefined, 'database: no egress rules');
  // no stand-alone rules that could widen these
  assert.equal(cfg.resource.aws_security_group_rule, undefined);
  assert.equal(cfg.resource.aws_vpc_security_group_ingress_rule, undefined);
});

test('ECS: Fargate task definition with the five secrets from Secrets Manager, logs, health check', () => {
  const td = one('aws_ecs_task_definition');
  assert.deepEqual(td.requires_compatibilities, ['FARGATE']);
  assert.equal(td.network_mode, 'awsvpc');
  const cd = td.container_definitions;
  for (const key of ['secrets', 'logConfiguration', 'healthCheck', 'portMappings', 'environment']) {
    assert.ok(cd.includes(key), `container definition has ${key}`);
  }
  assert.match(cd, /local\.task_secrets/);
  assert.match(cd, /\/health/);
  assert.match(cd, /awslogs/);
  assert.match(cd, /TRUST_PROXY/, 'behind the ALB the server trusts X-Forwarded-For');
  const secrets = cfg.locals.task_secrets;
  assert.deepEqual(Object.keys(secrets).sort(), ['DATABASE_URL', 'DATA_ENCRYPTION_KEY', 'JWT_SECRET', 'PRESCRIPTION_SIGNING_KEY', 'SMS_API_KEY']);
  for (const arn of Object.values(secrets)) assert.match(arn, /^\$\{aws_secretsmanager_secret\.\w+\.arn\}$/);
  assert.equal(Object.keys(cfg.resource.aws_secretsmanager_secret).length, 5);
  // the execution role may read exactly these secrets
  const policy = res('aws_iam_role_policy', 'execution_secrets').policy;
  assert.match(policy, /secretsmanager:GetSecretValue/);
  assert.match(policy, /values\(local\.task_secrets\)/);
  // no secret value in plain environment variables
  assert.doesNotMatch(cd.split('secrets')[0], /JWT_SECRET|DATABASE_URL|SIGNING_KEY|ENCRYPTION_KEY|SMS_API_KEY/);
});

test('ECS service: circuit breaker with rollback, private subnets, behind the ALB target group', () => {
  const s = one('aws_ecs_service');
  assert.equal(s.launch_type, 'FARGATE');
  assert.deepEqual(s.deployment_circuit_breaker, [{ enable: true, rollback: true }]);
  const net = s.network_configuration[0];
  assert.match(net.subnets, /aws_subnet\.private/);
  assert.equal(net.assign_public_ip, false);
  assert.deepEqual(net.security_groups, ['${aws_security_group.service.id}']);
  assert.match(s.load_balancer[0].target_group_arn, /aws_lb_target_group\.app/);
  assert.equal(evaluate(s.load_balancer[0].container_name), 'healthflow');
  assert.equal(one('aws_ecs_cluster').setting[0].value, 'enabled');
});

test('ALB: HTTPS with the ACM certificate, HTTP redirects to HTTPS, health check on /health', () => {
  const lb = one('aws_lb');
  assert.equal(lb.internal, false);
  assert.match(lb.subnets, /aws_subnet\.public/);
  assert.equal(lb.drop_invalid_header_fields, true);
  const https = res('aws_lb_listener', 'https');
  assert.equal(https.port, 443);
  assert.equal(https.protocol, 'HTTPS');
  assert.match(https.certificate_arn, /aws_acm_certificate_validation\.api/);
  assert.match(https.ssl_policy, /TLS13/);
  const http = res('aws_lb_listener', 'http');
  assert.equal(http.port, 80);
  assert.equal(http.default_action[0].type, 'redirect');
  assert.equal(http.default_action[0].redirect[0].protocol, 'HTTPS');
  assert.equal(http.default_action[0].redirect[0].status_code, 'HTTP_301');
  const tg = one('aws_lb_target_group');
  assert.equal(tg.target_type, 'ip');
  assert.equal(tg.health_check[0].path, '/health');
  assert.equal(tg.health_check[0].matcher, '200');
});

test('DNS: ACM certificate validated by DNS, Route 53 alias to the ALB', () => {
  assert.equal(one('aws_acm_certificate').validation_method, 'DNS');
  assert.ok(one('aws_acm_certificate_validation'));
  const rec = res('aws_route53_record', 'api');
  assert.equal(rec.name, '${var.api_domain_name}');
  assert.match(rec.alias[0].name, /aws_lb\.main\.dns_name/);
  assert.ok(cfg.data.aws_route53_zone.main);
});

test('ECR: immutable tags, scan on push', () => {
  const repo = one('aws_ecr_repository');
  assert.equal(repo.image_tag_mutability, 'IMMUTABLE');
  assert.equal(repo.image_scanning_configuration[0].scan_on_push, true);
});

test('outputs name what the scripts and runbook use', () => {
  for (const o of ['api_url', 'cluster_name', 'service_name', 'db_instance_identifier', 'alb_name', 'log_group_name', 'ecr_repository_url', 'task_definition_family']) {
    assert.ok(o in cfg.output, `output ${o}`);
  }
});

test('the scripts use the same names as terraform', async () => {
  const lib = await readFile(path.join(root, 'scripts/lib/deploy-common.sh'), 'utf8');
  for (const [shellVar, tfName] of [
    ['HF_CLUSTER', cfg.locals.cluster_name],
    ['HF_DB_ID', cfg.locals.db_identifier],
    ['HF_TASK_FAMILY', cfg.locals.task_family],
    ['HF_LOG_GROUP', cfg.locals.log_group_name],
  ]) {
    const m = new RegExp(`${shellVar}="([^"]+)"`).exec(lib);
    assert.ok(m, shellVar);
    assert.equal(m[1].replaceAll('$1', 'X'), evaluate(tfName, 'X'), shellVar);
  }
  assert.match(lib, new RegExp(`HF_SERVICE="${cfg.locals.service_name}"`));
  assert.match(lib, new RegExp(`HF_CONTAINER="${cfg.locals.container_name}"`));
});

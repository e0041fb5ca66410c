// Checks answers against docs/api/openapi.yaml (issue 9): the operation is found by method and
// path template, the response by status (or "default"), its content type must be documented, and
// a JSON body must satisfy the documented schema (JSON Schema 2020-12, as OpenAPI 3.1 uses) with ajv.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import { root } from './harness.mjs';

export const specFile = join(root, 'docs/api/openapi.yaml');
export const spec = YAML.parse(readFileSync(specFile, 'utf8'));
export const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

// Formats (uuid, date-time) are documentation here; types, required fields and enums are checked.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ ...spec, $id: 'openapi.json' });

const pointer = (...parts) => parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

// "/api/v1/prescriptions/3f.../dispensations" -> "/api/v1/prescriptions/{id}/dispensations"
export function findOperation(method, path) {
  const segs = path.split('?')[0].split('/').filter(Boolean);
  let best;
  for (const template of Object.keys(spec.paths)) {
    const t = template.split('/').filter(Boolean);
    if (t.length !== segs.length || !spec.paths[template][method.toLowerCase()]) continue;
    let literal = 0;
    const ok = t.every((s, i) => (s.startsWith('{') ? true : (s === segs[i] && ++literal)));
    if (ok && (!best || literal > best.literal)) best = { template, literal };
  }
  return best && { template: best.template, operation: spec.paths[best.template][method.toLowerCase()] };
}

const resolve = (obj) => (obj && obj.$ref ? obj.$ref.replace('#/', '').split('/').reduce((o, k) => o[k], spec) : obj);

// res: the harness's call() answer. Returns the number of bodies checked (0 for an empty body).
export function checkResponse(method, path, res) {
  const found = findOperation(method, path);
  assert.ok(found, `${method} ${path} is not in docs/api/openapi.yaml`);
  const { template, operation } = found;
  const code = String(res.status);
  const responseKey = operation.responses[code] ? code : operation.responses.default ? 'default' : null;
  assert.ok(responseKey, `${method} ${template}: status ${code} is not documented`);
  const response = resolve(operation.responses[responseKey]);
  if (!res.text) return 0;
  const type = (res.headers.get('content-type') || '').split(';')[0].trim();
  const content = response.content || {};
  assert.ok(content[type], `${method} ${template} ${code}: content type ${type} is not documented (${Object.keys(content)})`);
  if (!type.endsWith('json')) return 0;
  const ref = operation.responses[responseKey].$ref;
  const schemaPath = ref
    ? `openapi.json#/${pointer('components', 'responses', ref.split('/').pop(), 'content', type, 'schema')}`
    : `openapi.json#/${pointer('paths', template, method.toLowerCase(), 'responses', code === responseKey ? code : 'default', 'content', type, 'schema')}`;
  const validate = ajv.getSchema(schemaPath);
  assert.ok(validate, `no schema at ${schemaPath}`);
  const ok = validate(res.body);
  assert.ok(ok, `${method} ${template} ${code} does not match the spec: ${JSON.stringify(validate.errors, null, 1)}\nbody: ${res.text.slice(0, 2000)}`);
  return 1;
}

// Every documented (method, template) pair, for the route-table comparison.
export function documentedRoutes() {
  const out = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const m of METHODS) if (item[m]) out.push(`${m.toUpperCase()} ${path}`);
  }
  return out.sort();
}

// Compiles docs/api/openapi.yaml into the server: writes src/api/openapi_document.cpp with the
// YAML (served at GET /api/v1/openapi.yaml) and a reference page rendered from it (GET /docs:
// plain HTML, no script, no CDN). Run after editing the spec:
//   node docs/api/embed-openapi.mjs
// tests/api/openapi.test.mjs fails while the compiled copy differs from the spec.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const specPath = join(root, 'docs/api/openapi.yaml');
export const documentPath = join(root, 'src/api/openapi_document.cpp');

const esc = (s) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function refName(ref) { return ref.replace('#/components/', '').replace(/^(schemas|responses|parameters)\//, ''); }

function schemaText(s, depth = 0) {
  if (!s) return '';
  if (s.$ref) return `<a href="#schema-${esc(refName(s.$ref))}">${esc(refName(s.$ref))}</a>`;
  if (depth > 2) return 'object';
  if (s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array'))) return `array of ${schemaText(s.items, depth + 1)}`;
  if (s.properties) {
    const req = new Set(s.required || []);
    return '{ ' + Object.entries(s.properties).map(([k, v]) => `${esc(k)}${req.has(k) ? '*' : ''}: ${schemaText(v, depth + 1)}`).join(', ') + ' }';
  }
  if (s.oneOf || s.anyOf) return (s.oneOf || s.anyOf).map((x) => schemaText(x, depth + 1)).join(' | ');
  let t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type || 'any');
  if (s.enum) t += ` (${s.enum.map((x) => esc(JSON.stringify(x))).join(', ')})`;
  if (s.format) t += ` ${esc(s.format)}`;
  return esc(t);
}

export function renderHtml(spec) {
  const out = [];
  const toc = [];
  const body = [];
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const anchor = `${m}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-');
      toc.push(`<li><a href="#${anchor}"><code class="m ${m}">${m.toUpperCase()}</code> <code>${esc(path)}</code></a> ${esc(op.summary)}</li>`);
      const params = [...(item.parameters || []), ...(op.parameters || [])]
        .map((p) => (p.$ref ? spec.components.parameters[refName(p.$ref)] : p))
        .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td>${schemaText(p.schema)}</td><td>${esc(p.description)}</td></tr>`).join('');
      const reqBody = op.requestBody
        ? Object.entries(op.requestBody.content || {}).map(([ct, c]) => `<p><b>Body</b> <code>${esc(ct)}</code>: ${schemaText(c.schema)}</p>`).join('')
        : '';
      const responses = Object.entries(op.responses || {}).map(([code, r]) => {
        const res = r.$ref ? spec.components.responses[refName(r.$ref)] : r;
        const content = Object.entries(res.content || {}).map(([ct, c]) => `<code>${esc(ct)}</code> ${schemaText(c.schema)}`).join('<br>');
        return `<tr><td>${esc(code)}</td><td>${esc(res.description)}</td><td>${content}</td></tr>`;
      }).join('');
      const security = (op.security ?? spec.security ?? []).map((s) => Object.keys(s).join('+') || 'none').join(' or ') || 'none';
      body.push(`<section id="${anchor}"><h3><code class="m ${m}">${m.toUpperCase()}</code> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>${op.description ? `<p class="d">${esc(op.description)}</p>` : ''}
<p><b>Authentication:</b> ${esc(security)}</p>
${params ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th>about</th></tr>${params}</table>` : ''}
${reqBody}<table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses}</table></section>`);
    }
  }
  const schemas = Object.entries(spec.components?.schemas || {}).map(([name, s]) =>
    `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${s.description ? `<p class="d">${esc(s.description)}</p>` : ''}<p>${schemaText({ ...s, description: undefined })}</p></section>`).join('\n');
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(spec.info.title)} reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem;color:#1b1b1b}
code{font:13px ui-monospace,monospace}.m{display:inline-block;min-width:4em;font-weight:bold}.get{color:#0a6}.post{color:#06c}
.patch{color:#a60}.delete{color:#c22}.put{color:#a60}table{border-collapse:collapse;margin:.5rem 0;width:100%}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}section{border-top:1px solid #ddd;padding:.5rem 0}
.d{white-space:pre-line;color:#333}</style></head><body>
<h1>${esc(spec.info.title)} ${esc(spec.info.version)}</h1><p class="d">${esc(spec.info.description)}</p>
<p>The machine-readable description: <a href="/api/v1/openapi.yaml">/api/v1/openapi.yaml</a> (OpenAPI ${esc(spec.openapi)}).
FHIR R4: <a href="/fhir/r4/metadata">/fhir/r4/metadata</a>. Guide: docs/api/API_OVERVIEW.md.</p>
<h2>Operations</h2><ul>${toc.join('\n')}</ul><h2>Details</h2>${body.join('\n')}<h2>Schemas</h2>${schemas}</body></html>`);
  return out.join('');
}

// A C++ string literal split into raw-string chunks (well under compilers' literal limits).
function cppLiteral(text) {
  const chunks = [];
  for (let i = 0; i < text.length; i += 8000) chunks.push(text.slice(i, i + 8000));
  if (chunks.length === 0) chunks.push('');
  return chunks.map((c) => `R"hfdoc(${c})hfdoc"`).join('\n    ');
}

export function renderDocument(yamlText) {
  const spec = YAML.parse(yamlText);
  const html = renderHtml(spec);
  return `// Generated by docs/api/embed-openapi.mjs from docs/api/openapi.yaml. Do not edit by hand.
#include "api/openapi.hpp"

namespace hf::api::openapi {

const char* const kOpenApiYaml =
    ${cppLiteral(yamlText)};

const char* const kDocsHtml =
    ${cppLiteral(html)};

}  // namespace hf::api::openapi
`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(documentPath, renderDocument(readFileSync(specPath, 'utf8')));
  console.log(`wrote ${documentPath}`);
}

// Drug catalogue (issue 4; API.md "Drugs"; DOMAIN.md "Drug catalogue"): bilingual, ranked search
// from the in-memory index, product pages with generic equivalents, and the catalogue import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, call, isProblem, cli, root } from './lib/harness.mjs';
import { makeWorld } from './lib/world.mjs';

let server, w;
before(async () => { server = await startServer(); w = await makeWorld(server); });
after(async () => { await server?.stop(); });

const search = (q, extra = '', token = w.doctor.token) =>
  call(server, 'GET', `/api/v1/drugs?q=${encodeURIComponent(q)}${extra}`, { token });
const names = (r) => r.body.items.map((d) => d.trade_name);

test('a search answers products in the documented shape', async () => {
  const r = await search('augmentin');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.next_cursor, null);
  assert.ok(r.body.items.length >= 4);
  const d = r.body.items.find((x) => x.trade_name === 'Augmentin 1 g');
  assert.ok(d, names(r).join(', '));
  assert.match(d.id, /^[0-9a-f-]{36}$/);
  assert.equal(d.trade_name_ar, 'أوجمنتين 1 جم');
  assert.deepEqual(d.ingredients.map(({ name, strength, unit }) => ({ name, strength, unit })),
    [{ name: 'amoxicillin', strength: 875, unit: 'mg' }, { name: 'clavulanic acid', strength: 125, unit: 'mg' }]);
  assert.equal(d.ingredients[0].name_ar, 'أموكسيسيلين');
  assert.equal(d.form, 'film-coated tablet');
  assert.equal(d.route, 'oral');
  assert.equal(d.controlled, false);
  assert.equal(d.controlled_schedule, null);
  assert.equal(d.pack_size, 14);
  assert.equal(d.pack_unit, 'tablet');
  assert.deepEqual(d.price, { amount: '190.00', currency: 'EGP' });
  assert.equal(d.atc_code, 'J01CR02');
  assert.equal(d.essential, true);
  assert.equal(d.requires_approval, false);
  assert.equal(d.status, 'active');
});

test('English prefix and fragment of trade or generic names, any case', async () => {
  const prefix = await search('AUGM');
  assert.ok(names(prefix).every((n) => n.startsWith('Augmentin')), names(prefix).join(', '));
  assert.ok(prefix.body.items.length >= 4);
  const generic = await search('clavul');  // a word of "clavulanic acid"
  assert.ok(names(generic).includes('Augmentin 625 mg'), names(generic).join(', '));
  const fragment = await search('mentin');  // inside "Augmentin"
  assert.ok(names(fragment).some((n) => n.startsWith('Augmentin')), names(fragment).join(', '));
  const warfarin = await search('warfarin');
  assert.ok(names(warfarin).includes('Marevan 5 mg'));
  const nothing = await search('zzzzqqq');
  assert.equal(nothing.status, 200);
  assert.deepEqual(nothing.body.items, []);
});

test('Arabic search ignores diacritics, tatweel and hamza forms', async () => {
  for (const q of ['أوجمنتين', 'اوجمنتين', 'أُوجْمَنْتِين', 'اوجـــمنتين', 'اوجم']) {
    const r = await search(q);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.items.length >= 4, q);
    assert.ok(names(r).every((n) => n.startsWith('Augmentin')), `${q}: ${names(r).join(', ')}`);
  }
  const generic = await search('وارفارين');  // warfarin's Arabic name finds its products
  assert.ok(names(generic).includes('Marevan 5 mg'), names(generic).join(', '));
  const brufen = await search('بروفين');
  assert.equal(brufen.body.items[0].trade_name_ar.startsWith('بروفين'), true);
});

test('ranking: exact name first, then prefix, then fragment', async () => {
  const exact = await search('risek 20 mg');
  assert.equal(exact.body.items[0].trade_name, 'Risek 20 mg');
  // "omeprazole" is the exact generic name of Risek, Omez...; esomeprazole products (more popular
  // than some of them) only contain it as a fragment, so they all come after.
  const r = await search('omeprazole', '&limit=100');
  const isOme = r.body.items.map((d) => d.ingredients.some((i) => i.name === 'omeprazole'));
  const firstEso = isOme.indexOf(false);
  assert.ok(firstEso > 0, 'omeprazole products first');
  assert.ok(isOme.slice(firstEso).every((x) => !x), names(r).join(', '));
  assert.ok(r.body.items.slice(firstEso).some((d) => d.ingredients[0].name === 'esomeprazole'));
  // Ties break on popularity: Panadol 500 mg (95) before Panadol Advance (85).
  const p = names(await search('panadol'));
  assert.ok(p.indexOf('Panadol 500 mg') < p.indexOf('Panadol Advance 500 mg'), p.join(', '));
});

test('limit defaults to 20, is capped at 100, and pages with a cursor', async () => {
  const def = await search('a');
  assert.equal(def.body.items.length, 20);
  assert.ok(def.body.next_cursor);
  const capped = await search('a', '&limit=1000');
  assert.equal(capped.status, 200);
  assert.equal(capped.body.items.length, 100);
  const first = await search('panadol', '&limit=2');
  assert.equal(first.body.items.length, 2);
  assert.ok(first.body.next_cursor);
  const second = await search('panadol', `&limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`);
  assert.equal(second.status, 200);
  const all = await search('panadol', '&limit=4');
  assert.deepEqual([...names(first), ...names(second)], names(all));
});

test('bad search parameters answer 400 naming the parameter', async () => {
  for (const [path, field] of [['/api/v1/drugs', 'q'], ['/api/v1/drugs?q=', 'q'], ['/api/v1/drugs?q=%20%20', 'q'],
    [`/api/v1/drugs?q=${'a'.repeat(101)}`, 'q'], ['/api/v1/drugs?q=pan&limit=0', 'limit'],
    ['/api/v1/drugs?q=pan&limit=ten', 'limit'], ['/api/v1/drugs?q=pan&cursor=xyz', 'cursor']]) {
    const r = await call(server, 'GET', path, { token: w.doctor.token });
    assert.ok(isProblem(r, 400), `${path}: ${r.status}`);
    assert.deepEqual(r.body.errors.map((e) => e.field), [field], path);
  }
  const arabic100 = await search('ب'.repeat(100));
  assert.equal(arabic100.status, 200, 'limits count characters, not bytes');
});

test('any signed-in user searches; anonymous callers get 401', async () => {
  for (const who of [w.pharmacist, w.regulator, w.admin]) {
    const r = await search('brufen', '', who.token);
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length >= 1);
  }
  assert.ok(isProblem(await call(server, 'GET', '/api/v1/drugs?q=brufen'), 401));
  assert.ok(isProblem(await call(server, 'GET', '/api/v1/drugs/x'), 401));
});

test('a product page lists generic equivalents: same ingredients, strengths and form', async () => {
  const risek = (await search('risek 20 mg')).body.items[0];
  const r = await call(server, 'GET', `/api/v1/drugs/${risek.id}`, { token: w.pharmacist.token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id, risek.id);
  assert.equal(r.body.trade_name, 'Risek 20 mg');
  const eq = r.body.equivalents;
  assert.ok(eq.length >= 2, JSON.stringify(eq.map((e) => e.trade_name)));
  const eqNames = eq.map((e) => e.trade_name);
  assert.ok(eqNames.includes('Gastrazole 20 mg') && eqNames.includes('Omez 20 mg'), eqNames.join(', '));
  for (const e of eq) {
    assert.notEqual(e.id, risek.id);
    assert.equal(e.form, 'capsule');
    assert.deepEqual(e.ingredients.map((i) => [i.name, i.strength, i.unit]), [['omeprazole', 20, 'mg']]);
  }
  assert.ok(!eqNames.includes('Risek 40 mg'), 'another strength is not an equivalent');
  const unknown = await call(server, 'GET', '/api/v1/drugs/7d0c1a4e-5f57-4b8e-9d7c-2d1f0e1f2a3b', { token: w.doctor.token });
  assert.ok(isProblem(unknown, 404));
});

test('metrics report the memory of the loaded index', async () => {
  const m = await call(server, 'GET', '/metrics');
  const line = m.text.split('\n').find((l) => l.startsWith('catalog_index_bytes '));
  assert.ok(line, 'catalog_index_bytes is exposed');
  assert.ok(m.text.includes('# TYPE catalog_index_bytes gauge'), 'a size is a gauge, not a counter');
  assert.ok(Number(line.split(' ')[1]) > 100000);
  assert.ok(server.lines.some((l) => l.includes('"catalogue loaded"') && l.includes('"products":520')));
});

test('catalog import validates every row, reports line numbers and imports nothing of a bad file', async () => {
  const original = readFileSync(join(root, 'data/drugs.csv'), 'utf8').trimEnd().split('\n');
  const header = original[0];
  const dir = mkdtempSync(join(tmpdir(), 'hf-cat-'));
  const newRow = 'EG-99999,Testofen 10 mg,تستوفين 10 مجم,ibuprofen:10:mg,tablet,oral,20,tablet,12.50,M01AE01,,0,0,5';
  // Line 2 is a new good product, line 3 has a bad price, line 5 an unknown form.
  const bad = [header, newRow, original[1].replace(/,(\d+\.\d\d),/, ',cheap,'), original[2],
    original[3].replace(/,(tablet|film-coated tablet|capsule|syrup|suspension|injection),/, ',pill,')];
  const badFile = join(dir, 'bad.csv');
  writeFileSync(badFile, bad.join('\n') + '\n');
  const r = cli(['catalog', 'import', badFile], { env: server.env });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /line 3/);
  assert.match(r.stderr, /line 5/);
  assert.doesNotMatch(r.stderr, /line 2\b/);

  const updated = original[1].replace(/,(\d+\.\d\d),/, ',999.99,');
  const good = join(dir, 'good.csv');
  writeFileSync(good, [header, newRow, updated].join('\n') + '\n');
  const ok = cli(['catalog', 'import', good], { env: server.env });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /imported 2 products \(1 new, 1 updated\)/);

  // A server started on the same database builds its index from the table: it sees the import,
  // and nothing of the bad file.
  const second = await startServer({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
  try {
    const hit = await call(second, 'GET', '/api/v1/drugs?q=testofen', { token: w.doctor.token });
    assert.equal(hit.status, 200, hit.text);
    assert.equal(hit.body.items.length, 1);
    assert.equal(hit.body.items[0].trade_name, 'Testofen 10 mg');
    const regNo = original[1].split(',')[0];
    const changed = (await call(second, 'GET', `/api/v1/drugs?q=${encodeURIComponent(original[1].split(',')[1])}`,
      { token: w.doctor.token })).body.items;
    assert.ok(changed.some((d) => d.registration_no === regNo && d.price.amount === '999.99'));
    assert.ok(server.lines.length > 0);
    assert.ok(!second.lines.some((l) => l.includes('"imported":5')), 'the table was not empty: nothing re-seeded');
  } finally {
    await second.stop();
  }
});

// Seeds a running server over HTTP for the benchmarks (with the API test fixtures): an admin, a
// clinic and a pharmacy, a doctor and a pharmacist, patients, and prescriptions to verify and to
// dispense from. Writes one file per list into OUT_DIR, read by the wrk Lua scripts:
//   tokens      doctor token, pharmacist token, admin token, doctor username (one per line)
//   drugs       three drug ids (3-item prescriptions without CDS alerts)
//   patients    patient ids              codes  prescription codes to verify
//   dispense    "prescription_id item_id" lines with 100 packs each to dispense one at a time
//               (verified by the pharmacy here: dispensing needs a recent verification)
//   ids         clinic id, pharmacy id, doctor id, pharmacist id
//   search      search prefixes
//
//   node bench/seed.mjs BASE_URL OUT_DIR [PRESCRIPTIONS]   (env: HF_BINARY, HF_DATA_DIR, DATABASE_URL)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorld, PASSWORD } from '../tests/api/lib/world.mjs';
import { registerPatient, drugByName, item, prescribe, nationalId, verifyAtCounter } from '../tests/api/lib/clinic.mjs';

const [base, out, nArg] = process.argv.slice(2);
const n = Number(nArg || 300);
mkdirSync(out, { recursive: true });
const server = { url: base, env: { HF_DATA_DIR: process.env.HF_DATA_DIR, DATABASE_URL: process.env.DATABASE_URL } };

const w = await makeWorld(server);
const drugs = [];
for (const name of ['Panadol 500 mg', 'Augmentin 1 g', 'Nexium 40 mg']) drugs.push(await drugByName(server, w.doctor.token, name));

const patients = [];
for (let i = 0; i < 200; i++) patients.push(await registerPatient(server, w.doctor.token, { national_id: nationalId(2 * i + 1) }));

// Run a few at a time: seeding is not what is measured.
async function inBatches(count, width, fn) {
  const out = [];
  for (let i = 0; i < count; i += width) {
    out.push(...await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, k) => fn(i + k))));
  }
  return out;
}
const items = (qty) => drugs.map((d) => item(d, { quantity: qty }));
const toVerify = await inBatches(n, 8, (i) => prescribe(server, w, patients[i % patients.length], items(1)));
const toDispense = await inBatches(Math.max(64, Math.floor(n / 2)), 8,
  (i) => prescribe(server, w, patients[(i * 7) % patients.length], items(100)));
// The pharmacy verifies them once, as at the counter (bench/lib.sh keeps the window open).
await inBatches(toDispense.length, 8, (i) => verifyAtCounter(server, w.pharmacist.token, toDispense[i]));

writeFileSync(join(out, 'tokens'), [w.doctor.token, w.pharmacist.token, w.admin.token, w.doctor.username, PASSWORD].join('\n') + '\n');
writeFileSync(join(out, 'drugs'), drugs.map((d) => d.id).join('\n') + '\n');
writeFileSync(join(out, 'patients'), patients.map((p) => p.id).join('\n') + '\n');
writeFileSync(join(out, 'codes'), toVerify.map((p) => p.code).join('\n') + '\n');
writeFileSync(join(out, 'dispense'), [0, 1, 2].flatMap((pos) => toDispense.map((p) => `${p.id} ${p.items[pos].id}`)).join('\n') + '\n');
writeFileSync(join(out, 'ids'), [w.clinic.id, w.pharmacy.id, w.doctor.id, w.pharmacist.id].join('\n') + '\n');
writeFileSync(join(out, 'search'), ['pan', 'aug', 'nex', 'amo', 'bru', 'cip', 'met', 'ator', 'ome', 'par', 'بنا', 'أمو',
  'con', 'zith', 'flag', 'vol', 'cata', 'ant', 'lip', 'glu'].join('\n') + '\n');
console.log(`seeded ${patients.length} patients, ${toVerify.length} + ${toDispense.length} prescriptions`);

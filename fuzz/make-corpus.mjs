// Writes the seed corpora under fuzz/corpus/<target>/ (committed; re-run only to refresh the seeds).
// Each has a dozen small inputs: valid examples, Arabic-Indic digits, malformed UTF-8, huge numbers.
// The signed-token and JWT seeds are signed with the fixed keys the targets use.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createHash, createHmac, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const b64u = (b) => Buffer.from(b).toString('base64url');
const bad = Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]);  // invalid UTF-8 and a surrogate
const seeds = {};
const put = (target, name, data) => { (seeds[target] ??= []).push([name, Buffer.isBuffer(data) ? data : Buffer.from(data)]); };

// National IDs
for (const [n, v] of Object.entries({
  valid: '29001011234567', valid_2000s: '30103150100021', arabic_indic: '٢٩٠٠١٠١١٢٣٤٥٦٧', persian: '۲۹۰۰۱۰۱۱۲۳۴۵۶۷',
  mixed: '29٠٠1٠11234567', bidi_nbsp: '\u200f 29001011234567\u00a0', inner_space: '2900101 1234567',
  feb29: '30002290100011', bad_century: '19001011234567', huge: '9'.repeat(400), empty: '', letters: '2900101123456A',
})) put('fuzz_national_id', n, v);
put('fuzz_national_id', 'malformed_utf8', Buffer.concat([Buffer.from('2900101'), bad, Buffer.from('1234567')]));

// Prescription codes
for (const [n, v] of Object.entries({
  canonical: 'HF-7K3M-9Q2P', lower: 'hf-7k3m-9q2p', no_prefix: '7K3M9Q2P', spaces: ' HF 7K3M 9Q2P ',
  arabic_digits: 'HF-٧K٣M-٩Q٢P', lookalike_o: 'HF-OK3M-9Q2P', short: 'HF-7K3', long: 'HF-' + 'X'.repeat(300),
  hyphens: '----HF----', empty: '', zero: 'HF-0000-0000',
})) put('fuzz_prescription_code', n, v);
put('fuzz_prescription_code', 'malformed_utf8', Buffer.concat([Buffer.from('HF-7K'), bad]));

// QR signed tokens: Ed25519 key from the seed 32 x 0x07, as fuzz_signed_token.cpp.
const seed = Buffer.alloc(32, 7);
const priv = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
const pub = createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(12);
const kid = b64u(createHash('sha256').update(pub).digest().subarray(0, 8));
const token = (payload) => { const head = `HF1.${kid}.${b64u(payload)}`; return `${head}.${b64u(sign(null, Buffer.from(head), priv))}`; };
const good = token('{"rx":"4f1c2a9e-0d7b-4c1e-9a55-0e1f2a3b4c5d","code":"HF-7K3M-9Q2P","exp":1900000000}');
put('fuzz_signed_token', 'valid', good);
put('fuzz_signed_token', 'valid_empty_payload', token(''));
put('fuzz_signed_token', 'valid_binary_payload', token(bad));
put('fuzz_signed_token', 'flipped_signature', good.slice(0, -2) + (good.endsWith('A') ? 'B' : 'A') + good.slice(-1));
put('fuzz_signed_token', 'unknown_kid', good.replace(kid, 'AAAAAAAAAAA'));
put('fuzz_signed_token', 'v2', good.replace('HF1.', 'HF2.'));
put('fuzz_signed_token', 'five_parts', good + '.x');
put('fuzz_signed_token', 'three_parts', good.split('.').slice(0, 3).join('.'));
put('fuzz_signed_token', 'padding', good + '==');
put('fuzz_signed_token', 'huge', 'HF1.' + 'A'.repeat(5000));
put('fuzz_signed_token', 'arabic', `HF1.${kid}.٢٩٠.٣`);
put('fuzz_signed_token', 'malformed_utf8', Buffer.concat([Buffer.from(`HF1.${kid}.`), bad]));

// JWTs: HS256 with 32 x 0x42, issuer/audience as fuzz_jwt.cpp.
const key = Buffer.alloc(32, 0x42);
const jwt = (header, payload) => {
  const h = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  return `${h}.${b64u(createHmac('sha256', key).update(h).digest())}`;
};
const claims = { sub: 'u1', role: 'doctor', sid: 's1', iss: 'healthflow', aud: 'healthflow-api', typ: 'access', jti: 'j1', exp: 1800000600, iat: 1800000000 };
put('fuzz_jwt', 'valid', jwt({ alg: 'HS256', typ: 'JWT' }, claims));
put('fuzz_jwt', 'refresh', jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, typ: 'refresh' }));
put('fuzz_jwt', 'alg_none', `${b64u('{"alg":"none"}')}.${b64u(JSON.stringify(claims))}.`);
put('fuzz_jwt', 'expired', jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: 1 }));
put('fuzz_jwt', 'huge_exp', jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: 1e300, iat: -9223372036854775808, nbf: 18446744073709551615 }));
put('fuzz_jwt', 'exp_string', jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: '1800000600' }));
put('fuzz_jwt', 'arabic_sub', jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, sub: '٢٩٠' }));
put('fuzz_jwt', 'deep_header', jwt(JSON.parse('['.repeat(40) + ']'.repeat(40)), claims));
put('fuzz_jwt', 'kid_jku', jwt({ alg: 'HS256', typ: 'JWT', kid: '../../etc/passwd', jku: 'http://169.254.169.254/' }, claims));
put('fuzz_jwt', 'two_parts', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0');
put('fuzz_jwt', 'malformed_utf8', Buffer.concat([Buffer.from('eyJ.'), bad, Buffer.from('.x')]));
put('fuzz_jwt', 'huge', 'e'.repeat(9000));

// Encodings
for (const [n, v] of Object.entries({
  b64u: 'SGVsbG8td29ybGQ', b64u_pad: 'SGVsbG8=', b64u_trailing_bits: 'SGVsbG9', hex: '00ff10ab', hex_upper: '00FF',
  hex_odd: 'abc', base32: 'JBSWY3DPEHPK3PXP', base32_lower_pad: 'jbswy3dp======', base32_bad: 'JBSWY3DP1',
  arabic: '٢٩٠', empty: '', huge: 'A'.repeat(5000),
})) put('fuzz_encoding', n, v);
put('fuzz_encoding', 'malformed_utf8', bad);

// RFC 3339
for (const [n, v] of Object.entries({
  utc: '2026-03-01T10:15:30Z', millis: '2026-03-01T10:15:30.123Z', nanos: '2026-03-01t10:15:30.123456789z',
  offset: '2026-03-01 10:15:30+02:00', neg_offset: '1969-12-31T23:59:59.999-12:59', leap_second: '2016-12-31T23:59:60Z',
  feb29: '2024-02-29T00:00:00Z', year0: '0000-01-01T00:00:00Z', year9999: '9999-12-31T23:59:59.999999999+23:59',
  arabic: '٢٠٢٦-٠٣-٠١T10:15:30Z', date: '2026-03-01', huge_fraction: '2026-03-01T10:15:30.' + '9'.repeat(200) + 'Z',
})) put('fuzz_rfc3339', n, v);
put('fuzz_rfc3339', 'malformed_utf8', Buffer.concat([Buffer.from('2026-03-01T'), bad, Buffer.from('Z')]));

// Request targets
for (const [n, v] of Object.entries({
  search: '/api/v1/drugs?q=%D8%A8%D8%A7%D9%86%D8%A7%D8%AF%D9%88%D9%84&limit=20', cursor: '/api/v1/patients?limit=100&cursor=eyJrIjoiMSJ9',
  limit_huge: '/api/v1/audit?limit=99999999999999999999999', limit_neg: '/api/v1/audit?limit=-1&limit=5', since: '/api/v1/audit?since=2026-03-01T00:00:00Z&until=x',
  bad_pct: '/api/v1/drugs?q=%ZZ%', traversal: '/%2e%2e/%2e%2e/etc/passwd', plus: '/api/v1/drugs?q=a+b&&=&x',
  arabic_raw: '/api/v1/drugs?q=٢٩٠', null_byte: '/api/v1/drugs?q=%00', absolute: 'http://evil/x', empty: '',
})) put('fuzz_query_string', n, v);
put('fuzz_query_string', 'malformed_utf8', Buffer.concat([Buffer.from('/api/v1/drugs?q='), bad]));

// JSON bodies
const item = { drug_id: 'EG-1', dose_amount: 1, dose_unit: 'tablet', times_per_day: 3, duration_days: 5, route: 'oral', quantity: 1 };
for (const [n, v] of Object.entries({
  prescription: { patient_id: 'p1', facility_id: 'f1', diagnosis_codes: ['J02.9'], items: [item], notes: 'after meals' },
  two_items_overrides: { patient_id: 'p1', facility_id: 'f1', items: [item, { ...item, drug_id: 'EG-3', repeats: 2, repeat_interval_days: 30 }], overrides: [{ alert_kind: 'interaction', reason: 'specialist advice' }], totp: '123456' },
  eleven_items: { patient_id: 'p1', items: Array(11).fill(item) },
  unknown_drug: { patient_id: 'p1', items: [{ ...item, drug_id: 'EG-404' }] },
  huge_numbers: { patient_id: 'p1', items: [{ ...item, quantity: 1e308, dose_amount: -1e308, times_per_day: 18446744073709551615 }] },
  arabic_digits: { patient_id: '٢٩٠٠١٠١١٢٣٤٥٦٧', items: [{ ...item, quantity: '٣' }], notes: 'بعد الأكل' },
  user: { username: 'dr.ahmed', full_name_ar: 'أحمد', quantity: 5, dose_amount: 2.5, substitution_allowed: true, facility_ids: ['a', 'b'] },
  wrong_types: { username: 7, quantity: '5', items: {}, facility_ids: [1, null] },
})) put('fuzz_json_body', n, JSON.stringify(v));
put('fuzz_json_body', 'deep', '{"a":' + '['.repeat(100) + ']'.repeat(100) + '}');
put('fuzz_json_body', 'not_object', '[1,2,3]');
put('fuzz_json_body', 'duplicate_keys', '{"patient_id":"a","patient_id":"b","items":[]}');
put('fuzz_json_body', 'malformed_utf8', Buffer.concat([Buffer.from('{"username":"'), bad, Buffer.from('"}')]));

// Catalogue CSV
const header = 'registration_no,trade_name,trade_name_ar,ingredients,form,route,pack_size,pack_unit,price_egp,atc_code,controlled_schedule,essential,requires_approval,popularity\n';
const real = readFileSync(join(here, '../data/drugs.csv'), 'utf8').split('\n').slice(0, 6).join('\n') + '\n';
const row = 'EG-1,Panadol 500 mg,بانادول ٥٠٠ مجم,paracetamol:500:mg,film-coated tablet,oral,24,tablet,57.00,N02BE01,,1,0,95\n';
for (const [n, v] of Object.entries({
  real_head: real, one_row: header + row, crlf_bom: '\ufeff' + (header + row).replace(/\n/g, '\r\n'),
  quoted: header + '"EG-2","Augmentin ""1 g""","أوجمنتين\n1 جم","amoxicillin:875:mg|clavulanic acid:125:mg",film-coated tablet,oral,14,tablet,120.00,J01CR02,,1,0,90',
  huge_numbers: header + row.replace(',24,', ',99999999999999999999,').replace('57.00', '1e308'),
  arabic_digits: header + row.replace(',24,', ',٢٤,'), unterminated_quote: header + '"EG-1,Panadol\n', bad_header: 'a,b,c\n1,2,3\n',
  bad_unit: header + row.replace('500:mg', '500:furlongs'), only_header: header, empty: '',
  ingredients: 'name,name_ar,atc_code,therapeutic_class,allergy_class,max_daily_dose,max_daily_dose_unit,min_age_years,age_reason_en,age_reason_ar,antibiotic\nparacetamol,باراسيتامول,N02BE01,analgesic,,4000,mg,,,,0\n',
})) put('fuzz_catalog_csv', n, v);
put('fuzz_catalog_csv', 'malformed_utf8', Buffer.concat([Buffer.from(header + 'EG-1,'), bad, Buffer.from(row.slice(5))]));

for (const [target, files] of Object.entries(seeds)) {
  const dir = join(here, 'corpus', target);
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of files) writeFileSync(join(dir, name), data);
}
console.log(Object.entries(seeds).map(([t, f]) => `${t}: ${f.length}`).join('\n'));

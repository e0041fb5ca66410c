// A small in-memory stand-in for `healthflow serve`, written against docs API.md, used to develop
// and screenshot the portals before (or without) the C++ server. It serves web/dist the way the
// real server does. It is NOT the system under test: the e2e suite runs against build/healthflow
// whenever it exists (see server.mjs); HF_E2E_MOCK=1 selects this stand-in explicitly.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { randomUUID, randomBytes } from 'node:crypto';
import { totp } from './totp.mjs';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

export function createMockServer({ adminPassword = 'admin-pass-1', seedStaff = true, mfaRoles = [], accessTtlMs = 0 } = {}) {
  const now = () => new Date().toISOString();
  const db = {
    users: [], facilities: [], patients: [], drugs: [], rx: [], disp: [], recalls: [], aes: [], audit: [], keys: [], tokens: new Map(), idem: new Map(),
  };
  const GOV = { '01': ['Cairo', 'القاهرة'], '02': ['Alexandria', 'الإسكندرية'], '21': ['Giza', 'الجيزة'] };
  // Like the real server: governorates answer as {code, name, name_ar}.
  const govObj = (g) => { const code = Object.keys(GOV).find((k) => k === g || GOV[k][0] === g || GOV[k][1] === g) ?? String(g); return { code, name: GOV[code]?.[0] ?? code, name_ar: GOV[code]?.[1] ?? code }; };
  const fac = (o) => { const f = { id: randomUUID(), status: 'active', ...o, governorate: govObj(o.governorate) }; db.facilities.push(f); return f; };
  const user = (o) => { const u = { id: randomUUID(), status: 'active', facility_ids: [], ...o }; db.users.push(u); return u; };
  const drug = (trade_name, trade_name_ar, ing, form, extra = {}) => { const d = { id: randomUUID(), trade_name, trade_name_ar, ingredients: ing.map(([name, strength, unit]) => ({ name, strength, unit })), form, route: 'oral', controlled: false, status: 'active', ...extra }; db.drugs.push(d); return d; };
  const clinic = fac({ type: 'clinic', name: 'Nile Clinic', name_ar: 'عيادة النيل', license_no: 'CL-1', governorate: 'Cairo', address: 'Cairo' });
  const pharmacy = fac({ type: 'pharmacy', name: 'Delta Pharmacy', name_ar: 'صيدلية الدلتا', license_no: 'PH-1', governorate: 'Giza', address: 'Giza' });
  user({ role: 'admin', username: 'admin', password: adminPassword, full_name: 'Admin' });
  if (seedStaff) user({ role: 'doctor', username: 'doctor', password: 'doctor-pass-1', full_name: 'Dr. Mona Hassan', full_name_ar: 'د. منى حسن', facility_ids: [clinic.id] });
  if (seedStaff) user({ role: 'pharmacist', username: 'pharmacist', password: 'pharm-pass-1', full_name: 'Ahmed Adel', full_name_ar: 'أحمد عادل', facility_ids: [pharmacy.id] });
  if (seedStaff) user({ role: 'regulator', username: 'regulator', password: 'reg-pass-1', full_name: 'EDA Officer', full_name_ar: 'مسؤول هيئة الدواء' });
  const amox = drug('Amoxil 500', 'أموكسيل ٥٠٠', [['amoxicillin', '500', 'mg']], 'capsule');
  const e1 = drug('Emox 500', 'إيموكس ٥٠٠', [['amoxicillin', '500', 'mg']], 'capsule');
  amox.equivalents = [e1];
  const warf = drug('Marevan 5', 'ماريفان ٥', [['warfarin', '5', 'mg']], 'tablet');
  const asp = drug('Aspocid 75', 'أسبوسيد ٧٥', [['aspirin', '75', 'mg']], 'tablet');
  drug('Panadol 500', 'بنادول ٥٠٠', [['paracetamol', '500', 'mg']], 'tablet');
  const aug = drug('Augmentin 1 g', 'أوجمنتين 1 جم', [['amoxicillin', '875', 'mg'], ['clavulanic acid', '125', 'mg']], 'film-coated tablet');
  aug.equivalents = [drug('Hibiotic 1 g', 'هاي بيوتيك 1 جم', [['amoxicillin', '875', 'mg'], ['clavulanic acid', '125', 'mg']], 'film-coated tablet')];
  drug('Tramal 50', 'ترامال ٥٠', [['tramadol', '50', 'mg']], 'capsule', { controlled: true });
  drug('Glucophage 500', 'جلوكوفاج ٥٠٠', [['metformin', '500', 'mg']], 'tablet');
  drug('Sovaldi 400 mg', 'سوفالدي 400 مجم', [['sofosbuvir', '400', 'mg']], 'film-coated tablet', { requires_approval: true });
  db.recalls.push({ id: randomUUID(), drug_ids: [asp.id], batch_numbers: ['B2211'], class: 2, reason: 'Dissolution failure', issued_at: now(), status: 'active' });

  const problem = (res, status, title, extra = {}) => send(res, status, { type: `https://healthflow.example/problems/${extra.kind ?? status}`, title, status, ...extra }, 'application/problem+json');
  function send(res, status, body, type = 'application/json; charset=utf-8') {
    res.writeHead(status, { 'Content-Type': type, 'X-Request-Id': randomUUID() });
    res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
  }
  const audit = (u, action, patient_id, reason) => db.audit.push({ id: randomUUID(), at: now(), actor: u?.id, actor_name: u?.full_name, role: u?.role, action, patient_id, reason, outcome: 'ok' });
  const pub = (u) => { const { password, ...rest } = u; return rest; };
  const dname = (id) => db.drugs.find((d) => d.id === id);
  const sig = (it) => ({ sig_en: `${it.dose_amount} ${it.dose_unit} ${it.times_per_day} times a day for ${it.duration_days} days${it.instructions ? `, ${it.instructions}` : ''}`, sig_ar: `${it.dose_amount} ${it.dose_unit} ${it.times_per_day} مرات يوميًا لمدة ${it.duration_days} أيام` });
  function checkAlerts(body) {
    const alerts = [];
    const ids = (body.items ?? []).map((i) => i.drug_id);
    const ing = ids.flatMap((id) => (dname(id)?.ingredients ?? []).map((x) => x.name));
    if (ing.includes('warfarin') && ing.includes('aspirin')) alerts.push({ blocking: true, severity: 'major', kind: 'interaction', message: 'Warfarin + aspirin: increased bleeding risk.', message_ar: 'وارفارين مع أسبرين: زيادة خطر النزف.', items: [] });
    const p = db.patients.find((x) => x.id === body.patient_id);
    if (p?.allergies?.some((a) => /penicillin/i.test(a)) && ing.includes('amoxicillin')) alerts.push({ blocking: true, severity: 'contraindicated', kind: 'allergy', message: 'Penicillin allergy: amoxicillin is a penicillin.', items: [] });
    return alerts;
  }
  const effective = (r) => (r.status === 'active' || r.status === 'partially_dispensed') && new Date(r.expires_at) < new Date() ? 'expired' : r.status;
  const rxOut = (r) => ({ ...r, status: effective(r), items: r.items.map((i) => ({ ...i, drug: dname(i.drug_id) })), patient: db.patients.find((p) => p.id === r.patient_id), prescriber: pub(db.users.find((u) => u.id === r.prescriber_id)), facility: db.facilities.find((f) => f.id === r.facility_id) });
  const page = (items) => ({ items, next_cursor: null });

  async function api(req, res, url, body) {
    const p = url.pathname; const m = req.method;
    if (p === '/health') return send(res, 200, { status: 'ok', checks: { database: { status: 'ok', latency_ms: 0.4 }, migrations: { status: 'ok', current: 7, latest: 7 } } });
    if (p === '/version') return send(res, 200, { version: '1.0.0', commit: 'mock', build_time: now(), schema_version: 7 });
    if (p === '/api/v1/auth/login' && m === 'POST') {
      const u = db.users.find((x) => x.username === body.username && x.password === body.password);
      if (!u || u.status !== 'active') return problem(res, 401, 'Invalid credentials', { kind: 'invalid-credentials' });
      if (mfaRoles.includes(u.role)) {
        if (!u.totp_on) { const et = randomUUID(); db.tokens.set(`e:${et}`, u.id); return problem(res, 401, 'Second factor enrolment required', { kind: 'mfa-enrollment-required', enrollment_token: et }); }
        if (!body.totp) return problem(res, 401, 'Second factor required', { kind: 'mfa-required' });
        const ok = [-1, 0, 1].some((o) => totp(u.totp_secret, Date.now(), o) === String(body.totp)) && u.last_totp !== String(body.totp);
        if (!ok) return problem(res, 401, 'Second factor required', { kind: 'mfa-required' });
        u.last_totp = String(body.totp);
      }
      const access = randomUUID(); db.tokens.set(access, u.id); db.tokens.set(`t:${access}`, Date.now()); const refresh = randomUUID(); db.tokens.set(`r:${refresh}`, u.id);
      audit(u, 'login');
      return send(res, 200, { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: 900, user: { id: u.id, role: u.role, full_name: u.full_name, full_name_ar: u.full_name_ar } });
    }
    if (p === '/api/v1/auth/refresh' && m === 'POST') {
      const uid = db.tokens.get(`r:${body.refresh_token}`);
      if (!uid) return problem(res, 401, 'Invalid refresh token');
      db.tokens.delete(`r:${body.refresh_token}`);
      const access = randomUUID(); db.tokens.set(access, uid); db.tokens.set(`t:${access}`, Date.now()); const refresh = randomUUID(); db.tokens.set(`r:${refresh}`, uid);
      return send(res, 200, { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: 900 });
    }
    const tok = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (p === '/api/v1/auth/totp/enroll' || p === '/api/v1/auth/totp/confirm') {
      const eu = db.users.find((x) => x.id === (db.tokens.get(`e:${tok}`) ?? db.tokens.get(tok)));
      if (!eu) return problem(res, 401, 'Enrolment token required');
      if (p.endsWith('/enroll')) {
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
        eu.totp_pending = Array.from(randomBytes(20), (b) => alphabet[b % 32]).join('');
        return send(res, 200, { otpauth_uri: `otpauth://totp/HealthFlow:${eu.username}?secret=${eu.totp_pending}&issuer=HealthFlow`, secret: eu.totp_pending });
      }
      if (![-1, 0, 1].some((o) => totp(eu.totp_pending, Date.now(), o) === String(body.totp))) return problem(res, 422, 'Code does not match', { errors: [{ field: 'totp', message: 'does not match' }] });
      eu.totp_secret = eu.totp_pending; eu.totp_on = true; eu.last_totp = String(body.totp); return send(res, 204);
    }
    const issued = db.tokens.get(`t:${tok}`);
    if (accessTtlMs && issued && Date.now() - issued > accessTtlMs) return problem(res, 401, 'Token expired', { kind: 'token-expired' });
    const u = db.users.find((x) => x.id === db.tokens.get(tok));
    if (!u) return problem(res, 401, 'Authentication required', { kind: 'unauthenticated' });
    if (u.status !== 'active') return problem(res, 403, 'Account suspended');
    const is = (...roles) => roles.includes(u.role);
    const key = req.headers['idempotency-key'];
    if (m === 'POST' && key && db.idem.has(`${u.id}:${key}`)) { const [s, b] = db.idem.get(`${u.id}:${key}`); return send(res, s, b); }
    const created = (b) => { if (key) db.idem.set(`${u.id}:${key}`, [201, b]); return send(res, 201, b); };
    let mm;
    if (p === '/api/v1/auth/logout') { db.tokens.delete(tok); return send(res, 204); }
    if (p === '/api/v1/me') return send(res, 200, { ...pub(u), facilities: db.facilities.filter((f) => u.facility_ids.includes(f.id)) });
    if (p === '/api/v1/facilities' && m === 'GET') return send(res, 200, page(db.facilities));
    if (p === '/api/v1/facilities' && m === 'POST' && is('admin')) return created(fac(body));
    if (p === '/api/v1/users' && m === 'GET' && is('admin')) return send(res, 200, page(db.users.filter((x) => (!url.searchParams.get('role') || x.role === url.searchParams.get('role')) && (!url.searchParams.get('status') || x.status === url.searchParams.get('status'))).map(pub)));
    if (p === '/api/v1/users' && m === 'POST' && is('admin')) { if (db.users.some((x) => x.username === body.username)) return problem(res, 409, 'User name taken'); return created(pub(user(body))); }
    if ((mm = p.match(/^\/api\/v1\/users\/([^/]+)$/)) && m === 'PATCH' && is('admin')) { const x = db.users.find((y) => y.id === mm[1]); if (!x) return problem(res, 404, 'Not found'); x.status = body.status; audit(u, `user.${body.status}`); return send(res, 200, pub(x)); }
    if (p === '/api/v1/api-keys' && m === 'GET') return send(res, 200, page(db.keys.map(({ key: _k, ...r }) => r)));
    if (p === '/api/v1/api-keys' && m === 'POST') { const k = { id: randomUUID(), created_at: now(), ...body, key: `hf_${randomUUID().replace(/-/g, '')}` }; db.keys.push(k); return created(k); }
    if ((mm = p.match(/^\/api\/v1\/api-keys\/([^/]+)$/)) && m === 'DELETE') { db.keys = db.keys.filter((k) => k.id !== mm[1]); return send(res, 204); }
    if (p === '/api/v1/audit' && m === 'GET') return send(res, 200, page(db.audit.filter((e) => (!url.searchParams.get('action') || e.action.includes(url.searchParams.get('action'))) && (!url.searchParams.get('patient_id') || e.patient_id === url.searchParams.get('patient_id'))).slice().reverse()));
    if (p === '/api/v1/audit/verify') return send(res, 200, { ok: true, entries: db.audit.length });
    if (p === '/api/v1/patients' && m === 'POST') {
      const nid = String(body.national_id ?? '');
      if (!/^[23]\d{13}$/.test(nid)) return problem(res, 422, 'Invalid national ID', { errors: [{ field: 'national_id', message: 'must be 14 digits' }] });
      if (db.patients.some((x) => x.national_id === nid)) return problem(res, 409, 'A patient with this national ID exists');
      const y = (nid[0] === '2' ? 1900 : 2000) + Number(nid.slice(1, 3));
      const pt = { id: randomUUID(), full_name_ar: null, phone: null, ...body, birth_date: `${y}-${nid.slice(3, 5)}-${nid.slice(5, 7)}`, sex: Number(nid[12]) % 2 ? 'male' : 'female', governorate: govObj(nid.slice(7, 9)) };
      db.patients.push(pt); audit(u, 'patient.create', pt.id);
      return created(pt);
    }
    if (p === '/api/v1/patients' && m === 'GET') return send(res, 200, page(db.patients.filter((x) => x.national_id === url.searchParams.get('national_id'))));
    if ((mm = p.match(/^\/api\/v1\/patients\/([^/]+)(\/[a-z-]+)?$/))) {
      const pt = db.patients.find((x) => x.id === mm[1]);
      if (!pt || (u.role === 'patient' && u.patient_id !== pt.id)) return problem(res, 404, 'Not found');
      if (!mm[2]) { audit(u, 'patient.read', pt.id); return send(res, 200, pt); }
      if (mm[2] === '/prescriptions') { audit(u, 'patient.history', pt.id, url.searchParams.get('reason')); return send(res, 200, page(db.rx.filter((r) => r.patient_id === pt.id).map(rxOut).reverse())); }
      if (mm[2] === '/access-log') return send(res, 200, page(db.audit.filter((e) => e.patient_id === pt.id).slice().reverse()));
    }
    if (p === '/api/v1/drugs' && m === 'GET' && !url.searchParams.get('q')) return problem(res, 422, 'Give ?q=', { errors: [{ field: 'q', message: 'is required' }] });
    if (p === '/api/v1/drugs' && m === 'GET') { const q = (url.searchParams.get('q') ?? '').toLowerCase(); return send(res, 200, page(db.drugs.filter((d) => !q || d.trade_name.toLowerCase().includes(q) || d.trade_name_ar.includes(q) || d.ingredients.some((i) => i.name.includes(q))).slice(0, Number(url.searchParams.get('limit') ?? 20)))); }
    if (p === '/api/v1/drugs' && m === 'POST') return created(drug(body.trade_name, body.trade_name_ar, (body.ingredients ?? []).map((i) => [i.name, i.strength, i.unit]), body.form, body));
    if (p === '/api/v1/drugs/bulk' && m === 'POST') {
      // Like the real server: {csv} in drugs.csv columns, all rows or none, errors by file line.
      const lines = String(body.csv ?? '').split(/\r?\n/).filter((l) => l.trim());
      const head = lines[0]?.split(',') ?? [];
      const errors = lines.slice(1).flatMap((l, i) => { const c = l.split(','); return c[head.indexOf('ingredients')] ? [] : [{ field: `line ${i + 2}`, message: 'ingredients: must name at least one active ingredient' }]; });
      if (errors.length) return problem(res, 422, 'The file has errors', { errors });
      lines.slice(1).forEach((l) => { const c = l.split(','); drug(c[1], c[2], [], c[4]); });
      return send(res, 200, { rows: lines.length - 1, inserted: lines.length - 1, updated: 0 });
    }
    if ((mm = p.match(/^\/api\/v1\/drugs\/([^/]+)$/))) { const d = dname(mm[1]); if (!d) return problem(res, 404, 'Not found'); if (m === 'PATCH') Object.assign(d, body); return send(res, 200, d); }
    if (p === '/api/v1/prescriptions/check' && m === 'POST') return send(res, 200, { alerts: checkAlerts(body) });
    if (p === '/api/v1/prescriptions' && m === 'POST' && is('doctor')) {
      // Like the real server: a controlled substance needs the prescriber's second factor.
      if ((body.items ?? []).some((i) => dname(i.drug_id)?.controlled)) {
        if (!u.totp_on) return problem(res, 401, 'Prescribing a controlled substance needs your second factor; enrol an authenticator app first.', { kind: 'mfa-enrollment-required' });
        if (!body.totp) return problem(res, 401, 'Enter your second-factor code to sign.', { kind: 'mfa-required' });
        if (![-1, 0, 1].some((o) => totp(u.totp_secret, Date.now(), o) === String(body.totp)) || u.last_totp === String(body.totp)) return problem(res, 401, 'The second-factor code is wrong or was already used.', { kind: 'mfa-invalid' });
        u.last_totp = String(body.totp);
      }
      const alerts = checkAlerts(body);
      const blocking = alerts.filter((a) => ['major', 'contraindicated'].includes(a.severity) && !(body.overrides ?? []).some((o) => o.alert_kind === a.kind && o.reason));
      if (blocking.length) return problem(res, 422, 'Blocking alerts must be overridden with a reason', { alerts: blocking });
      const code = `HF-${randomUUID().slice(0, 4).toUpperCase()}-${randomUUID().slice(0, 4).toUpperCase()}`;
      const r = { id: randomUUID(), code, status: body.items.some((i) => dname(i.drug_id)?.requires_approval) ? 'pending_approval' : 'active', issued_at: now(), expires_at: new Date(Date.now() + 30 * 864e5).toISOString(), qr_token: `tok.${code}`, patient_id: body.patient_id, prescriber_id: u.id, facility_id: body.facility_id, diagnosis_codes: body.diagnosis_codes, notes: body.notes, alerts,
        items: body.items.map((i) => ({ id: randomUUID(), ...i, ...sig(i), remaining: i.quantity * (1 + (i.repeats ?? 0)) })) };
      db.rx.push(r); audit(u, 'prescription.create', r.patient_id);
      return created(rxOut(r));
    }
    if (p === '/api/v1/prescriptions' && m === 'GET') {
      if (url.searchParams.get('status') === 'pending_approval') return send(res, 200, page(db.rx.filter((r) => r.status === 'pending_approval').map(rxOut)));
      return send(res, 200, page(db.rx.filter((r) => r.prescriber_id === u.id || r.patient_id === u.patient_id).map(rxOut).reverse()));
    }
    if (p === '/api/v1/prescriptions/verify' && m === 'POST') {
      const r = db.rx.find((x) => (body.code && x.code === String(body.code).toUpperCase()) || (body.qr_token && x.qr_token === body.qr_token));
      if (!r) { if (body.qr_token) return send(res, 200, { valid: false, signature: 'bad', reason: 'signature does not verify' }); return problem(res, 404, 'No prescription with this code'); }
      audit(u, 'prescription.verify', r.patient_id);
      const st = effective(r);
      // Dispensing needs a verification by the same pharmacy within DISPENSE_VERIFICATION_MINUTES (30).
      if (st === 'active' || st === 'partially_dispensed') for (const f of u.facility_ids) (db.verified ??= new Map()).set(`${r.id}|${f}`, Date.now());
      const recalls = db.recalls.filter((rc) => rc.drug_ids.some((id) => r.items.some((i) => i.drug_id === id)));
      return send(res, 200, { valid: st === 'active' || st === 'partially_dispensed', signature: 'ok', reason: ['active', 'partially_dispensed'].includes(st) ? undefined : st === 'dispensed' ? 'fully_dispensed' : st, prescription: rxOut(r), recalls });
    }
    if ((mm = p.match(/^\/api\/v1\/prescriptions\/([^/]+)(\/[a-z.]+)?$/))) {
      const r = db.rx.find((x) => x.id === mm[1]);
      if (!r) return problem(res, 404, 'Not found');
      const sub = mm[2];
      if (!sub) return send(res, 200, rxOut(r));
      if (sub === '/qr.svg') return send(res, 200, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" shape-rendering="crispEdges"><rect width="21" height="21" fill="#fff"/>${Array.from({ length: 120 }, (_, i) => `<rect x="${(i * 7) % 21}" y="${Math.floor((i * 13) / 7) % 21}" width="1" height="1"/>`).join('')}<rect x="0" y="0" width="7" height="7" fill="none" stroke="#000"/></svg>`, 'image/svg+xml');
      if (sub === '/cancel') { if (!['active', 'partially_dispensed', 'pending_approval'].includes(effective(r))) return problem(res, 409, `Prescription is ${effective(r)}`); r.status = 'cancelled'; r.cancel_reason = body.reason; return send(res, 200, rxOut(r)); }
      if (sub === '/approve') { r.status = 'active'; return send(res, 200, rxOut(r)); }
      if (sub === '/reject') { r.status = 'rejected'; return send(res, 200, rxOut(r)); }
      if (sub === '/dispensations' && m === 'GET') return send(res, 200, page(db.disp.filter((d) => d.prescription_id === r.id)));
      if (sub === '/dispensations' && m === 'POST') {
        const at = db.verified?.get(`${r.id}|${u.facility_ids[0]}`);
        if (!at || Date.now() - at > 30 * 60000) return problem(res, 409, 'Verify the prescription by its QR code or typed code first.', { kind: 'verification-required' });
        if (!['active', 'partially_dispensed'].includes(effective(r))) return problem(res, 409, `Prescription is ${effective(r)}`);
        for (const li of body.items) { const it = r.items.find((i) => i.id === li.item_id); if (!it || li.quantity > it.remaining) return problem(res, 409, 'Quantity exceeds what remains', { errors: [{ field: 'items', message: 'over-dispense' }] }); }
        for (const li of body.items) r.items.find((i) => i.id === li.item_id).remaining -= li.quantity;
        r.status = r.items.every((i) => i.remaining === 0) ? 'dispensed' : 'partially_dispensed';
        const d = { id: randomUUID(), prescription_id: r.id, prescription_code: r.code, pharmacy: db.facilities.find((f) => u.facility_ids.includes(f.id)), pharmacist: u.full_name, dispensed_at: now(), items: body.items.map((li) => ({ ...li, trade_name: dname(li.dispensed_drug_id ?? r.items.find((i) => i.id === li.item_id).drug_id)?.trade_name, remaining: r.items.find((i) => i.id === li.item_id).remaining })) };
        db.disp.push(d); audit(u, 'prescription.dispense', r.patient_id);
        return created({ id: d.id, prescription_status: r.status, items: d.items.map((i) => ({ item_id: i.item_id, quantity: i.quantity, remaining: i.remaining })) });
      }
    }
    if (p === '/api/v1/dispensations' && m === 'GET') return send(res, 200, page(db.disp.filter((d) => u.facility_ids.includes(d.pharmacy?.id)).slice().reverse()));
    if (p === '/api/v1/recalls' && m === 'GET') return send(res, 200, page(db.recalls));
    if (p === '/api/v1/recalls' && m === 'POST') { const rc = { id: randomUUID(), issued_at: now(), status: 'active', ...body }; db.recalls.push(rc); return created(rc); }
    if ((mm = p.match(/^\/api\/v1\/recalls\/([^/]+)$/))) { const rc = db.recalls.find((x) => x.id === mm[1]); return rc ? send(res, 200, { ...rc, affected_pharmacies: [{ id: pharmacy.id, name: pharmacy.name, name_ar: pharmacy.name_ar, governorate: pharmacy.governorate, dispensings: 1 }] }) : problem(res, 404, 'Not found'); }
    if (p === '/api/v1/adverse-events' && m === 'POST') { const a = { id: randomUUID(), status: 'received', created_at: now(), ...body }; db.aes.push(a); return created(a); }
    if (p === '/api/v1/adverse-events' && m === 'GET') return send(res, 200, page(db.aes.map((a) => ({ ...a, drug: dname(a.drug_id) }))));
    if ((mm = p.match(/^\/api\/v1\/adverse-events\/([^/]+)$/)) && m === 'PATCH') { const a = db.aes.find((x) => x.id === mm[1]); Object.assign(a, body); return send(res, 200, a); }
    if (p.startsWith('/api/v1/reports/') && is('regulator', 'admin')) {
      const rxs = db.rx;
      const summary = { total_prescriptions: rxs.length, total_dispensations: db.disp.length,
        by_governorate: Object.entries(rxs.reduce((a, r) => { const g = db.facilities.find((f) => f.id === r.facility_id)?.governorate?.name ?? 'Cairo'; a[g] = (a[g] ?? 0) + 1; return a; }, {})).map(([governorate, count]) => ({ governorate, count })),
        top_ingredients: Object.entries(rxs.flatMap((r) => r.items.flatMap((i) => dname(i.drug_id)?.ingredients.map((x) => x.name) ?? [])).reduce((a, n) => { a[n] = (a[n] ?? 0) + 1; return a; }, {})).map(([ingredient, count]) => ({ ingredient, count })),
        who_indicators: { avg_drugs_per_prescription: rxs.length ? rxs.reduce((s, r) => s + r.items.length, 0) / rxs.length : 0, pct_generic: 0.42, pct_antibiotic: 0.3, pct_injection: 0.05, pct_essential_list: 0.8 } };
      if (p === '/api/v1/reports/summary') return send(res, 200, summary);
      if (p === '/api/v1/reports/summary.csv') return send(res, 200, `metric,value\ntotal_prescriptions,${rxs.length}\n`, 'text/csv');
      if (p === '/api/v1/reports/trends') return send(res, 200, { interval: url.searchParams.get('interval') ?? 'day', points: [{ period: new Date(Date.now() - 2 * 864e5).toISOString().slice(0, 10), prescriptions: 3, dispensations: 2 }, { period: new Date(Date.now() - 864e5).toISOString().slice(0, 10), prescriptions: 5, dispensations: 4 }, { period: now().slice(0, 10), prescriptions: rxs.length, dispensations: db.disp.length }] });
      if (p === '/api/v1/reports/controlled-alerts') return send(res, 200, page([{ patient_pseudonym: 'P-7f3a', prescribers: 3, pharmacies: 2, window_days: 90 }]));
    }
    return problem(res, 404, 'No such endpoint');
  }

  return http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    try {
      if (url.pathname.startsWith('/api/') || url.pathname === '/health' || url.pathname === '/version') {
        let raw = ''; for await (const c of req) raw += c;
        let body = {}; try { body = raw ? JSON.parse(raw) : {}; } catch { return problem(res, 400, 'Malformed JSON'); }
        return await api(req, res, url, body);
      }
      let path = url.pathname;
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(DIST, path));
      if (!file.startsWith(DIST)) return send(res, 404, 'not found', 'text/plain');
      await stat(file);
      // The same page CSP as the real server (src/api/pipeline.cpp), so violations show up here too.
      if (extname(file) === '.html') res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
      res.end(await readFile(file));
    } catch { send(res, 404, 'not found', 'text/plain'); }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 8090);
  createMockServer().listen(port, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', port })));
}

// A small world for API tests: an admin (created with the CLI, as an operator would), a clinic
// and a pharmacy, and a doctor, pharmacist and regulator who have logged in.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { call, cli } from './harness.mjs';

export const PASSWORD = 'correct horse battery staple 42';

export function unique(prefix) { return `${prefix}${randomBytes(4).toString('hex')}`; }

export async function login(server, username, password = PASSWORD, totp) {
  const r = await call(server, 'POST', '/api/v1/auth/login', { body: { username, password, ...(totp ? { totp } : {}) } });
  assert.equal(r.status, 200, `login ${username}: ${r.status} ${r.text}`);
  return r.body;
}

export function createAdminWithCli(server, username, password = PASSWORD) {
  const r = cli(['admin', 'create-user', '--role', 'admin', '--username', username, '--full-name', 'Ministry Admin'],
    { input: password + '\n', env: server.env });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

export async function makeWorld(server) {
  const adminName = unique('admin');
  createAdminWithCli(server, adminName);
  const admin = await login(server, adminName);
  const w = { server, admin: { token: admin.access_token, id: admin.user.id, username: adminName } };
  const facility = async (type, gov) => {
    const r = await call(server, 'POST', '/api/v1/facilities', { token: w.admin.token, body: {
      type, name: `${type} ${unique('')}`, name_ar: 'منشأة', license_no: unique('LIC-'), governorate: gov,
      address: '1 Tahrir Square' } });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  w.clinic = await facility('clinic', 'Cairo');
  w.pharmacy = await facility('pharmacy', '02');
  w.user = async (role, extra = {}) => {
    const username = unique(role.slice(0, 4));
    const r = await call(server, 'POST', '/api/v1/users', { token: w.admin.token, body: {
      role, username, password: PASSWORD, full_name: `Test ${role}`, full_name_ar: 'اختبار', ...extra } });
    assert.equal(r.status, 201, r.text);
    const l = await login(server, username);
    return { token: l.access_token, refresh: l.refresh_token, id: r.body.id, username };
  };
  w.doctor = await w.user('doctor', { license_no: unique('EMS-'), facility_ids: [w.clinic.id] });
  w.pharmacist = await w.user('pharmacist', { license_no: unique('PHS-'), facility_ids: [w.pharmacy.id] });
  w.regulator = await w.user('regulator');
  w.patientAccount = (patientId) => w.user('patient', { patient_id: patientId });
  return w;
}

// Sign-in edge cases in the browser: second-factor enrolment and codes, and an ended session
// that sends the user back to sign-in without losing what they typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, seed, ADMIN } from './server.mjs';
import { launch, newPage, login, checkA11y, shot } from './browser.mjs';
import { totp } from './totp.mjs';

let srv; let world; let browser; let blocked = '';

before(async () => {
  srv = await startServer({ env: { MFA_REQUIRED_ROLES: 'doctor' }, mock: { mfaRoles: ['doctor'] } });
  try { world = await seed(srv.base, srv.adminError); } catch (e) { blocked = e.message; }
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function nextStep() {
  const ms = 30000 - (Date.now() % 30000) + 300;
  await new Promise((r) => setTimeout(r, ms));
}

test('a doctor without a second factor enrols (QR and secret shown), then signs in with codes', { timeout: 120000 }, async (t) => {
  if (!world) return t.skip(`blocked: ${blocked}`);
  const { page, context } = await newPage(browser);
  await page.goto(`${srv.base}/doctor/?lang=en`);
  await page.fill('#login-username', world.users.doctor.username);
  await page.fill('#login-password', world.users.doctor.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=enroll-form]');
  const secret = (await page.textContent('[data-testid=enroll-secret]')).trim();
  assert.match(secret, /^[A-Z2-7]+=*$/);
  assert.ok(await page.isVisible('[data-testid=enroll-form] img'), 'the otpauth URI is shown as a QR code');
  await checkA11y(page, 'enrolment');
  await shot(page, 'login-enroll-en');
  await page.fill('#enroll-code', totp(secret));
  await page.click('[data-testid=enroll-form] button[type=submit]');
  // Codes are single-use: the portal either signs in with it or asks for the next one.
  await page.waitForSelector('[data-testid=signed-in-as], [data-testid=totp-form]');
  if (await page.isVisible('[data-testid=totp-form]')) {
    await nextStep();
    await page.fill('#login-code', totp(secret));
    await page.click('[data-testid=totp-form] button[type=submit]');
    await page.waitForSelector('[data-testid=signed-in-as]');
  }
  await page.click('[data-testid=logout]');
  await page.waitForSelector('#login-username');
  // Next sign-in asks for the code; a wrong one gets an actionable message.
  await page.fill('#login-username', world.users.doctor.username);
  await page.fill('#login-password', world.users.doctor.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=totp-form]');
  await checkA11y(page, 'second factor');
  await page.fill('#login-code', '000000');
  await page.click('[data-testid=totp-form] button[type=submit]');
  await page.waitForSelector('[data-testid=totp-form] >> xpath=.. >> .alert-danger');
  assert.match(await page.textContent('.alert-danger'), /code was not accepted/i);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('an ended session sends the user back to sign-in and keeps what they typed', async (t) => {
  if (!world) return t.skip(`blocked: ${blocked}`);
  const { page, context } = await newPage(browser);
  await login(page, srv.base, 'admin', { username: 'admin', password: ADMIN.password });
  await page.waitForSelector('[data-testid=users]');
  await page.fill('[data-testid=new-fullname]', 'Half-typed Name');
  // Both tokens stop working (expired access token, revoked refresh token).
  await page.evaluate(() => {
    const s = JSON.parse(sessionStorage.getItem('hf.session'));
    sessionStorage.setItem('hf.session', JSON.stringify({ ...s, access_token: 'expired.token.x', refresh_token: 'revoked' }));
  });
  await page.click('form.row button[type=submit]'); // the staff filter: any API call will do
  await page.waitForSelector('[data-testid=login-notice]');
  assert.match(await page.textContent('[data-testid=login-notice]'), /session has ended/i);
  await page.fill('#login-username', 'admin');
  await page.fill('#login-password', ADMIN.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=signed-in-as]');
  assert.equal(await page.inputValue('[data-testid=new-fullname]'), 'Half-typed Name');
  assert.deepEqual(page.errors, []);
  await context.close();
});

// The pharmacy scans a prescription's QR code with the camera: Chromium's fake camera plays a
// video of the QR code (made here from the prescription's qr_token), qr-scanner reads it, and the
// portal verifies the token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import qrcode from 'qrcode-generator';
import { startServer, seed, apiClient } from './server.mjs';
import { login, shot } from './browser.mjs';

let srv; let world; let blocked = ''; const dir = mkdtempSync(join(tmpdir(), 'hf-scan-'));

before(async () => {
  srv = await startServer();
  try { world = await seed(srv.base, srv.adminError); } catch (e) { blocked = e.message; }
});
after(async () => { await srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

/** A Y4M (YUV 4:2:0) video showing the QR code of `text`, for --use-file-for-fake-video-capture. */
function qrVideo(text, file) {
  const qr = qrcode(0, 'M'); qr.addData(text); qr.make();
  const n = qr.getModuleCount(); const W = 640; const H = 480; const scale = Math.floor(400 / (n + 8));
  const size = (n + 8) * scale; const x0 = Math.floor((W - size) / 2); const y0 = Math.floor((H - size) / 2);
  const y = Buffer.alloc(W * H, 235);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
    if (!qr.isDark(r, c)) continue;
    for (let dy = 0; dy < scale; dy++) y.fill(16, (y0 + (r + 4) * scale + dy) * W + x0 + (c + 4) * scale, (y0 + (r + 4) * scale + dy) * W + x0 + (c + 5) * scale);
  }
  const uv = Buffer.alloc((W / 2) * (H / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, uv, uv]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420\n`), ...Array(10).fill(frame)]));
}

test('pharmacist scans the QR code with the camera and gets the verdict', { timeout: 90000 }, async (t) => {
  if (!world) return t.skip(`blocked: ${blocked}`);
  const api = apiClient(srv.base);
  await api.login(world.users.doctor.username, world.users.doctor.password);
  const patient = await api.call('POST', '/api/v1/patients', { national_id: '30105150201236', full_name: 'Nour Samir', allergies: [], conditions: [] });
  const drug = (await api.call('GET', '/api/v1/drugs?q=Panadol&limit=1')).items[0];
  const rx = await api.call('POST', '/api/v1/prescriptions', { patient_id: patient.id, facility_id: world.clinic.id, diagnosis_codes: ['R51'],
    items: [{ drug_id: drug.id, dose_amount: 1, dose_unit: 'tablet', times_per_day: 3, duration_days: 3, quantity: 1, substitution_allowed: true, repeats: 0 }] });
  assert.ok(rx.qr_token, 'the signed prescription carries its QR token');
  const video = join(dir, 'qr.y4m');
  qrVideo(rx.qr_token, video);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['camera'], { origin: srv.base });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, srv.base, 'pharmacy', world.users.pharmacist);
    await page.click('[data-testid=scan]');
    await page.waitForSelector('[data-testid=verdict][data-verdict=valid]', { timeout: 45000 });
    assert.match(await page.textContent('[data-testid=verdict]'), new RegExp(rx.code));
    await shot(page, 'pharmacy-scanned-en');
    assert.deepEqual(errors, []);
  } finally { await browser.close(); }
});

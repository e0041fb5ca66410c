// Browser helpers: Debian chromium through playwright-core, axe-core checks, screenshots, console watch.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { ROOT } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// Screenshots for docs/ come from runs against the real server; the stand-in's go to a temp dir.
export const SHOTS = process.env.HF_E2E_MOCK === '1' ? join(tmpdir(), 'hf-e2e-screenshots') : join(ROOT, 'docs/screenshots');
mkdirSync(SHOTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** API answers that were errors, across pages, for naming what a failed journey was blocked on. */
export const apiFailures = [];

/** A fresh context and page that records console errors, page errors and failed API answers. */
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.errors = [];
  page.on('response', async (r) => {
    const u = new URL(r.url());
    if (r.status() >= 400 && (u.pathname.startsWith('/api/') || u.pathname === '/health')) {
      let detail = '';
      try { const b = await r.json(); detail = b.detail ?? b.title ?? ''; } catch { /* not JSON */ }
      apiFailures.push(`${r.request().method()} ${u.pathname}${u.search} → ${r.status()} ${detail}`.trim());
    }
  });
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Network failures (4xx answers the UI handles) are logged by Chromium itself; our code must log nothing else.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.errors.push(`console: ${m.text()}`);
  });
  return { context, page };
}

export async function login(page, base, portal, user, lang = 'en') {
  await page.goto(`${base}/${portal}/?lang=${lang}`);
  await page.fill('#login-username', user.username);
  await page.fill('#login-password', user.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=signed-in-as]', { timeout: 10000 });
}

export async function switchLang(page, lang) {
  const cur = await page.evaluate(() => document.documentElement.lang);
  if (cur !== lang) await page.click('[data-testid=lang-switch]');
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  const dir = await page.evaluate(() => document.documentElement.dir);
  assert.equal(dir, lang === 'ar' ? 'rtl' : 'ltr', `<html dir> for ${lang}`);
}

/** axe-core: no serious or critical violation. */
export async function checkA11y(page, label) {
  // Evaluated through the DevTools protocol, so the server's strict CSP (script-src 'self') stays on.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `axe violations on ${label}: ${JSON.stringify(bad, null, 1)}`);
  return res;
}

/** Screenshot into docs/screenshots/<name>.png. */
export async function shot(page, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** No horizontal scrolling at phone width. */
export async function checkNarrow(page, label) {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(100);
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok(over <= 1, `${label}: page scrolls sideways by ${over}px at 360px wide`);
}

/** Language round: both languages, RTL asserted, axe, screenshots; ends in English. */
export async function bothLanguages(page, name, focus) {
  for (const lang of ['en', 'ar']) {
    await switchLang(page, lang);
    await checkA11y(page, `${name} (${lang})`);
    await checkNarrow(page, `${name} (${lang})`);
    if (focus) await page.locator(focus).first().scrollIntoViewIfNeeded();
    else await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, `${name}-${lang}`);
  }
  await switchLang(page, 'en');
}

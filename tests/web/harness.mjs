// Shared by the web tests: the browser (Debian's Chromium through
// playwright-core), signing in, the host's API for checks, screenshots.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE = process.env.WEB_BASE;
export const ADMIN_TOKEN = process.env.WEB_ADMIN_TOKEN;
export const PASSWORD = process.env.WEB_MEMBER_PASSWORD;
export const OPERATOR = process.env.WEB_OPERATOR;
export const OPERATOR_PASSWORD = process.env.WEB_OPERATOR_PASSWORD;

// playwright-core gives every launch a fresh, temporary --user-data-dir
// (it refuses one in `args`); TMPDIR points it at one folder of ours.
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'web-test-chromium-'));
  process.env.TMPDIR = profile;
  const browser = await chromium.launch({
    executablePath: process.env.WEB_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const close = browser.close.bind(browser);
  browser.close = async () => { await close(); rmSync(profile, { recursive: true, force: true }); };
  return browser;
}

// A fresh context (cookies) at `width`; the simulator's logos come over
// HTTPS with the test CA, which this browser does not know.
export async function newPage(browser, width = 1280) {
  const context = await browser.newContext({
    viewport: { width, height: width < 600 ? 800 : 900 }, ignoreHTTPSErrors: true, locale: 'en-GB',
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  // Script errors and CSP violations; answers the pages expect (401 signed
  // out, 429 in a cooldown) also log "Failed to load resource".
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.errors.push(m.text());
  });
  return page;
}

export async function signIn(page, memberId) {
  await page.goto(BASE + '/');
  await page.getByLabel('Member ID').fill(memberId);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#balance').filter({ hasText: 'points' }).waitFor();
}

export async function hostApi(method, path, { token = ADMIN_TOKEN, body } = {}) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

export async function memberToken(memberId) {
  const r = await fetch(BASE + '/api/session', { method: 'POST', body: JSON.stringify({ member_id: memberId, password: PASSWORD }) });
  return (await r.json()).token;
}

// All of a member's redemptions, as the operator sees them.
export async function redemptionsOf(memberId) {
  const r = await hostApi('GET', '/admin/redemptions?page_size=100');
  return r.body.data.filter((x) => x.member_id === memberId);
}

// Cards matching `pred`, looking through the whole catalogue.
export async function findCard(pred) {
  for (let page = 1; page < 20; page++) {
    const r = await fetch(`${BASE}/api/gift-cards?page_size=100&page=${page}`);
    const body = await r.json();
    const card = body.data.find(pred);
    if (card) return card;
    if (page >= body.meta.total_pages) break;
  }
  throw new Error('no card matches');
}

// Saves <name>-<width>.png under WEB_SCREENSHOTS when it is set, once the
// visible logos have loaded; `fullPage` for long pages (a card and checkout).
export async function screenshot(page, name, { fullPage = false } = {}) {
  const dir = process.env.WEB_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.waitForFunction(() => [...document.images]
    .filter((i) => i.getBoundingClientRect().top < window.innerHeight)
    .every((i) => i.complete), null, { timeout: 5000 }).catch(() => {});
  const width = page.viewportSize().width;
  await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage });
}

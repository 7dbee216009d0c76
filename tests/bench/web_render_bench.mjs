// web-render bench (scripts/bench job "webrender"; not a test): how long the
// storefront takes, in headless Chromium (Debian's, through tests/web's
// playwright-core), to show a catalogue page of 24 cards when the catalogue
// holds 20,000 — and, as its limit, how long the same API answer takes to
// fetch and parse in that page with nothing drawn. Per round (A B A B …):
//   A first  navigation start -> 24 tiles in the grid (signed in, no filters)
//   A next   the "Next" button -> page 2's 24 tiles
//   B        fetch('/api/gift-cards?page=1&page_size=24') + JSON.parse, in the page
// Prints one line per round and medians as key=value lines.
//
//   node tests/bench/web_render_bench.mjs HOST_URL MEMBER_ID PASSWORD ROUNDS
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../web/package.json'));
const { chromium } = require('playwright-core');

const [base, member, password, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText || 5);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const profile = mkdtempSync(join(tmpdir(), 'web-render-bench-'));
process.env.TMPDIR = profile;
const browser = await chromium.launch({
  executablePath: process.env.WEB_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const signIn = await fetch(base + '/api/session', { method: 'POST', body: JSON.stringify({ member_id: member, password }) });
  const token = (await signIn.json()).token;
  const first = [], next = [], fetchOnly = [];
  for (let r = 1; r <= rounds; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await context.addCookies([{ name: 'lh_session', value: token, url: base }]);
    // Logos are the simulator's (another origin): not what is measured.
    await context.route(/^https:/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(base + '/', { waitUntil: 'commit' });
    await page.waitForFunction(() => document.querySelectorAll('#grid li').length === 24 &&
      /gift cards/.test(document.getElementById('catalogue-status').textContent), null, { timeout: 60000, polling: 'raf' });
    first.push(await page.evaluate(() => performance.now()));
    const t0 = await page.evaluate(() => {
      window.__firstName = document.querySelector('#grid .tile-name').textContent;
      const start = performance.now();
      document.getElementById('next').click();
      return start;
    });
    await page.waitForFunction(() => document.getElementById('page-info').textContent.startsWith('Page 2') &&
      document.querySelectorAll('#grid li').length === 24 &&
      document.querySelector('#grid .tile-name').textContent !== window.__firstName, null, { timeout: 60000, polling: 'raf' });
    next.push(await page.evaluate(() => performance.now()) - t0);
    fetchOnly.push(await page.evaluate(async () => {
      const start = performance.now();
      const reply = await fetch('/api/gift-cards?page=1&page_size=24', { credentials: 'same-origin' });
      JSON.parse(await reply.text());
      return performance.now() - start;
    }));
    console.log(`round ${r}: first ${first.at(-1).toFixed(1)} ms, next page ${next.at(-1).toFixed(1)} ms, fetch+parse ${fetchOnly.at(-1).toFixed(1)} ms`);
    await context.close();
  }
  console.log(`first_ms=${median(first).toFixed(1)}`);
  console.log(`next_ms=${median(next).toFixed(1)}`);
  console.log(`fetch_ms=${median(fetchOnly).toFixed(1)}`);
  console.log(`first_rounds=${first.map((x) => x.toFixed(1)).join(',')}`);
  console.log(`next_rounds=${next.map((x) => x.toFixed(1)).join(',')}`);
  console.log(`fetch_rounds=${fetchOnly.map((x) => x.toFixed(1)).join(',')}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

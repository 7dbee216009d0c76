// The members' storefront at /, in headless Chromium against a real host,
// plugin and simulator (run-web-tests.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, hostApi, redemptionsOf, findCard, screenshot, BASE } from './harness.mjs';

const MARKUP_CARD = '00000000-0000-4000-8000-000000000001';  // make-fixture.mjs
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('signing in shows the member name and balance; the page is served with a strict CSP', async () => {
  const page = await newPage(browser);
  const response = await page.goto(BASE + '/');
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  await screenshot(page, 'storefront-sign-in');
  await signIn(page, 'u-1');
  assert.equal(await page.locator('#member-name').textContent(), 'Jane Doe');
  assert.equal(await page.locator('#balance').textContent(), '250,000 points');
  assert.equal(await page.locator('#f-country').inputValue(), 'US');  // the member's country
  await page.locator('.tile img').first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.tile img')].slice(0, 4).every((i) => i.complete && i.naturalWidth > 0));
  await screenshot(page, 'storefront-catalogue');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('filters by category, country and currency, and searches by name', async () => {
  const page = await newPage(browser);
  await signIn(page, 'u-1');
  await page.getByLabel('Category').selectOption('Dining');
  await page.getByLabel('Country').selectOption('SG');
  await page.getByLabel('Currency').selectOption('SGD');
  const api = await (await fetch(`${BASE}/api/gift-cards?category=Dining&country=SG&currency=SGD&page_size=24`)).json();
  assert.ok(api.meta.total_count > 0);
  await page.locator('#catalogue-status').filter({ hasText: `${api.meta.total_count} gift cards` }).waitFor();
  assert.deepEqual(await page.locator('.tile-name').allTextContents(), api.data.map((c) => c.name));
  for (const c of api.data) assert.ok(c.countries.includes('SG') && c.currency === 'SGD');

  const word = api.data[0].name.split(' ')[0];
  await page.getByLabel('Search by name').fill(word);
  const q = await (await fetch(`${BASE}/api/gift-cards?category=Dining&country=SG&currency=SGD&q=${encodeURIComponent(word)}&page_size=24`)).json();
  await page.locator('#catalogue-status').filter({ hasText: `${q.meta.total_count} gift cards` }).waitFor();
  for (const name of await page.locator('.tile-name').allTextContents()) {
    assert.ok(name.toLowerCase().includes(word.toLowerCase()), name);
  }
  await page.getByLabel('Sort').selectOption('name:desc');
  await page.waitForFunction(() => {
    const n = [...document.querySelectorAll('.tile-name')].map((e) => e.textContent);
    return n.length > 1 && n[0] >= n[n.length - 1];
  });
  await page.context().close();
});

test("a card's texts show exactly as the API sends them, markup characters included", async () => {
  const card = await (await fetch(`${BASE}/api/gift-cards/${MARKUP_CARD}`)).json();
  assert.match(card.terms_and_conditions, /<b>/);
  const page = await newPage(browser);
  await signIn(page, 'u-1');
  await page.goto(`${BASE}/#/card/${MARKUP_CARD}`);
  await page.locator('#card-terms').waitFor();
  assert.equal(await page.locator('#card-terms').evaluate((e) => e.textContent), card.terms_and_conditions);
  assert.equal(await page.locator('#card-description').evaluate((e) => e.textContent), card.description);
  assert.equal(await page.locator('#card-instructions').evaluate((e) => e.textContent), card.redemption_instructions);
  assert.equal(await page.locator('#card-view b, #card-view script, #card-view em').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('checkout asks a member without a phone number for one, saves it, and disables what is unaffordable', async () => {
  // u-2 has 6,000 points and no phone number.
  const card = await findCard((c) => c.required_user_fields.includes('phone_number') && c.currency === 'USD' &&
    c.denominations.some((d) => d.points <= 6000) && c.denominations.some((d) => d.points > 6000));
  const page = await newPage(browser);
  await signIn(page, 'u-2');
  await page.getByLabel('Only cards I can afford').check();
  await page.locator('#catalogue-status').filter({ hasText: 'you can afford' }).waitFor();
  for (const price of await page.locator('.tile-price').allTextContents()) {
    assert.ok(Number(price.split(/[–\s]/)[0].replace(/,/g, '')) <= 6000, price);
  }
  await page.goto(`${BASE}/#/card/${card.id}`);
  const dear = card.denominations.find((d) => d.points > 6000);
  const cheap = card.denominations.find((d) => d.points <= 6000);
  const dearRow = page.locator('.denom', { hasText: `USD ${dear.value}` });
  assert.equal(await dearRow.locator('input').isDisabled(), true);
  assert.match(await dearRow.textContent(), new RegExp(`${(dear.points - 6000).toLocaleString('en-US')} more points needed`));
  await page.getByLabel(`USD ${cheap.value}`).check();
  const phone = page.getByLabel('Phone number');
  assert.equal(await phone.inputValue(), '');
  assert.match(await page.locator('#phone-hint').textContent(), /\+6591234567/);
  assert.equal(await page.locator('#summary-after').textContent(), `${(6000 - cheap.points).toLocaleString('en-US')} points`);
  await screenshot(page, 'storefront-checkout', { fullPage: true });
  await phone.fill('12345');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.locator('#checkout-error').filter({ hasText: 'not valid' }).waitFor();
  await phone.fill('+6591234567');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.locator('#details-status').filter({ hasText: 'saved' }).waitFor();
  const token = (await (await fetch(BASE + '/api/session', { method: 'POST', body: JSON.stringify({ member_id: 'u-2', password: process.env.WEB_MEMBER_PASSWORD }) })).json()).token;
  const me = await hostApi('GET', '/api/me', { token });
  assert.equal(me.body.phone_number, '+6591234567');
  await page.context().close();
});

test('redeem: one redemption for a double click, processing then fulfilled, show code, resend and its cooldown', async () => {
  const card = await findCard((c) => c.currency === 'USD' && c.denominations.length > 1 && c.id !== MARKUP_CARD);
  const d = card.denominations[0];
  const page = await newPage(browser);
  await signIn(page, 'u-1');
  const beforeCount = (await redemptionsOf('u-1')).length;
  const balance = Number((await page.locator('#balance').textContent()).replace(/\D/g, ''));
  await page.goto(`${BASE}/#/card/${card.id}`);
  await page.getByLabel(`USD ${d.value}`).check();
  await page.getByRole('button', { name: 'Redeem' }).dblclick();
  await page.waitForURL(/#\/orders$/);
  const first = page.locator('.order').first();
  await first.locator('.badge', { hasText: 'Processing' }).waitFor();
  await screenshot(page, 'storefront-orders-processing');
  assert.equal((await redemptionsOf('u-1')).length, beforeCount + 1, 'a double click makes one redemption');
  assert.equal(await page.locator('#balance').textContent(), `${(balance - d.points).toLocaleString('en-US')} points`);
  await first.locator('.badge', { hasText: 'Fulfilled' }).waitFor({ timeout: 30000 });  // refreshes itself
  assert.equal(await first.locator('.order-name').textContent(), card.name);

  await first.getByRole('button', { name: 'Show code' }).click();
  await first.locator('.code').waitFor();
  const id = await first.getAttribute('data-id');
  const token = (await (await fetch(BASE + '/api/session', { method: 'POST', body: JSON.stringify({ member_id: 'u-1', password: process.env.WEB_MEMBER_PASSWORD }) })).json()).token;
  const full = await hostApi('GET', `/api/redemptions/${id}`, { token });
  if (full.body.delivery.code) assert.match(await first.locator('.code').textContent(), new RegExp(full.body.delivery.code));
  await screenshot(page, 'storefront-orders-code');

  const resend = first.locator('button.resend');
  await resend.click();
  await first.locator('.resend-note', { hasText: 'Email sent.' }).waitFor();
  await resend.click();  // inside the cooldown: 429 with retry_after_s
  await first.locator('button.resend', { hasText: /Resend email \(in \d+:\d\d\)/ }).waitFor();
  assert.equal(await resend.isDisabled(), true);
  assert.equal((await redemptionsOf('u-1')).length, beforeCount + 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a retry after a lost answer sends the same idempotency key: still one redemption', async () => {
  const card = await findCard((c) => c.currency === 'SGD' && c.denominations.length > 0 && !c.required_user_fields.includes('phone_number'));
  const d = card.denominations[0];
  const page = await newPage(browser);
  await signIn(page, 'u-1');
  const before = (await redemptionsOf('u-1')).length;
  const keys = [];
  let first = true;
  await page.route('**/api/redemptions', async (route) => {
    keys.push(JSON.parse(route.request().postData()).idempotency_key);
    if (first) {  // the host makes the redemption, the answer is lost
      first = false;
      const response = await route.fetch();
      assert.equal(response.status(), 201);
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await page.goto(`${BASE}/#/card/${card.id}`);
  await page.getByLabel(`SGD ${d.value}`).check();
  await page.getByRole('button', { name: 'Redeem' }).click();
  await page.locator('#checkout-error').filter({ hasText: 'cannot be reached' }).waitFor();
  await page.getByRole('button', { name: 'Redeem' }).click();
  await page.waitForURL(/#\/orders$/);
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1]);
  assert.match(keys[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal((await redemptionsOf('u-1')).length, before + 1);
  await page.context().close();
});

test('a refused redemption (the price changed) says what happened and what to do', async () => {
  const card = await findCard((c) => c.currency === 'EUR' && c.denominations.length > 0);
  const d = card.denominations[0];
  const page = await newPage(browser);
  await signIn(page, 'u-1');
  await page.goto(`${BASE}/#/card/${card.id}`);
  await page.getByLabel(`EUR ${d.value}`).check();
  const settings = await hostApi('GET', '/admin/plugins/ascenda/settings');
  const cpp = settings.body.settings.find((s) => s.key === 'ascenda.pricing.cpp').value;
  const changed = cpp.replace(/EUR:[0-9.]+/, 'EUR:0.005');
  assert.equal((await hostApi('PUT', '/admin/plugins/ascenda/settings', { body: { 'ascenda.pricing.cpp': changed } })).status, 200);
  try {
    const before = (await redemptionsOf('u-1')).length;
    let fresh;
    for (let i = 0; i < 50; i++) {  // the plugin reprices its snapshot
      fresh = await (await fetch(`${BASE}/api/gift-cards/${card.id}`)).json();
      if (fresh.denominations[0].points !== d.points) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const now = fresh.denominations[0].points;
    await page.getByRole('button', { name: 'Redeem' }).click();
    const sentence = page.locator('#checkout-error');
    await sentence.filter({ hasText: 'changed' }).waitFor();
    assert.equal(await sentence.textContent(),
      `The price of this gift card has changed to ${now.toLocaleString('en-US')} points. Check the new price and press Redeem again if you still want it.`);
    assert.equal(await page.locator('#summary-points').textContent(), `${now.toLocaleString('en-US')} points`);
    assert.match(await page.locator('.denom').first().textContent(), new RegExp(`${now.toLocaleString('en-US')} points`));
    await screenshot(page, 'storefront-refused');
    assert.equal((await redemptionsOf('u-1')).length, before);
  } finally {
    await hostApi('PUT', '/admin/plugins/ascenda/settings', { body: { 'ascenda.pricing.cpp': cpp } });
  }
  await page.context().close();
});

test('a failed order shows its reason and that the points were returned', async () => {
  const card = await (await fetch(`${BASE}/api/gift-cards/${MARKUP_CARD}`)).json();  // always fails
  const d = card.denominations[0];
  const page = await newPage(browser);
  await signIn(page, 'u-1');
  const balance = await page.locator('#balance').textContent();
  await page.goto(`${BASE}/#/card/${MARKUP_CARD}`);
  await page.getByLabel(`USD ${d.value}`).check();
  await page.getByRole('button', { name: 'Redeem' }).click();
  await page.waitForURL(/#\/orders$/);
  const order = page.locator('.order', { hasText: card.name }).first();
  await order.locator('.badge', { hasText: 'Failed' }).waitFor({ timeout: 30000 });
  assert.notEqual(await order.locator('.failure').textContent(), '');
  assert.match(await order.locator('.refund').textContent(), new RegExp(`${d.points.toLocaleString('en-US')} points were returned`));
  await page.locator('#balance').filter({ hasText: balance }).waitFor();  // the refund is in
  await screenshot(page, 'storefront-orders-failed');
  await page.context().close();
});

test('the storefront works at 375 px wide and signs in by keyboard', async () => {
  const page = await newPage(browser, 375);
  await page.goto(BASE + '/');
  await screenshot(page, 'storefront-sign-in');
  // By keyboard only: the first Tab stops are the skip link, then the form.
  await page.getByLabel('Member ID').focus();
  await page.keyboard.type('u-1');
  await page.keyboard.press('Tab');
  await page.keyboard.type(process.env.WEB_MEMBER_PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('#balance').filter({ hasText: 'points' }).waitFor();
  await page.locator('.tile img').first().waitFor();
  await page.locator('.tile').nth(1).scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await screenshot(page, 'storefront-catalogue');
  await page.locator('.tile-link').first().click();
  await page.locator('#card-terms').waitFor();
  await page.locator('.denom input:not([disabled])').first().check();
  await screenshot(page, 'storefront-checkout', { fullPage: true });
  await page.goto(BASE + '/#/orders');
  await page.locator('.order').first().waitFor();
  await screenshot(page, 'storefront-orders-code');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await page.context().close();
});

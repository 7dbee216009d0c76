// The console's operator calls (host-api 1.2) and the server-side filters,
// in the browser: resolving a needs_attention redemption with a note (and
// its audit entry), the redemption detail's history without the card's
// code, the search by member over every redemption, and the storefront's
// "Only cards I can afford" counted by the host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, hostApi, memberToken, findCard, screenshot, signIn, BASE, PASSWORD, OPERATOR, OPERATOR_PASSWORD } from './harness.mjs';

const CONTROL = process.env.WEB_CONTROL;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function operatorSignIn(page) {
  await page.goto(BASE + '/admin/');
  await page.getByLabel('Operator name').fill(OPERATOR);
  await page.getByLabel('Password').fill(OPERATOR_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#settings-fields .setting').first().waitFor();
}

async function waitFor(what, check, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// A redemption of u-3 that Ascenda fulfils and then reports failed: the
// plugin flags it needs_attention (never refunds on a guess).
async function contradicted(key) {
  const card = await findCard((c) => c.currency === 'SGD' && c.denominations.length > 0 && !c.required_user_fields.includes('phone_number'));
  const made = await hostApi('POST', '/api/redemptions', { token: await memberToken('u-3'), body: {
    gift_card_id: card.id, denomination: card.denominations[0].value, currency: 'SGD',
    expected_points: card.denominations[0].points, idempotency_key: key } });
  assert.ok([200, 201].includes(made.status), JSON.stringify(made.body));
  const id = made.body.id;
  const state = async () => (await hostApi('GET', `/admin/redemptions?reference_id=${made.body.reference_id}`)).body.data[0].state;
  await waitFor('fulfilled', async () => (await state()) === 'fulfilled');
  const r = await fetch(`${CONTROL}/control/orders/${made.body.reference_id}/outcome`,
    { method: 'POST', body: JSON.stringify({ status: 'failed', when: 'now' }) });
  assert.equal(r.status, 200, await r.text());
  await waitFor('needs_attention', async () => (await state()) === 'needs_attention');
  return { id, reference_id: made.body.reference_id, points: made.body.points };
}

test('resolving a needs_attention redemption with a note refunds it once and shows in the audit log', async () => {
  const r = await contradicted('web-resolve-1');
  const balanceBefore = (await hostApi('GET', '/api/me', { token: await memberToken('u-3') })).body.balance;
  for (const width of [375, 1280]) {  // the narrow one only looks: the wide one resolves
    const page = await newPage(browser, width);
    await operatorSignIn(page);
    await page.getByRole('link', { name: 'Redemptions' }).click();
    await page.getByLabel('State').selectOption('needs_attention');
    await page.getByLabel('Member or reference ID').fill(r.reference_id);
    await page.locator('#redemptions-status').filter({ hasText: 'matching' }).waitFor();
    await page.getByRole('button', { name: 'Details of ' + r.reference_id }).click();
    await page.locator('#history-rows li').first().waitFor();
    const detail = await page.locator('#redemption-detail').textContent();
    assert.match(detail, /needs_attention/);
    assert.match(detail, /Ascenda order/);
    assert.doesNotMatch(detail, /Code|PIN/);
    await page.getByRole('heading', { name: 'Resolve' }).waitFor();
    await screenshot(page, 'console-resolve', { fullPage: true });
    if (width !== 1280) { await page.context().close(); continue; }
    // The note is required: nothing is sent without it.
    await page.getByLabel('Refund the points').check();
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.locator('.resolve [role="alert"]').filter({ hasText: 'note' }).waitFor();
    assert.equal((await hostApi('GET', `/admin/redemptions/${r.id}`)).body.state, 'needs_attention');
    const note = 'Ascenda support confirmed the card was never issued (web test)';
    await page.getByLabel('Note (required)').fill(note);
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.locator('#redemption-detail-note').filter({ hasText: 'Resolved: now refunded' }).waitFor();
    await page.locator('#history-rows li', { hasText: 'operator resolve' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Resolve' }).count(), 0, 'no second resolve offered');
    const balanceAfter = (await hostApi('GET', '/api/me', { token: await memberToken('u-3') })).body.balance;
    assert.equal(balanceAfter, balanceBefore + r.points);
    // Once: the API refuses a second resolve and moves no points.
    const again = await hostApi('POST', `/admin/redemptions/${r.id}/resolve`, { body: { outcome: 'refunded', note: 'again' } });
    assert.equal(again.status, 409);
    assert.equal((await hostApi('GET', '/api/me', { token: await memberToken('u-3') })).body.balance, balanceAfter);
    await page.getByRole('link', { name: 'Audit log' }).click();
    const row = page.locator('#audit-rows tr', { hasText: 'redemption.resolve' }).first();
    await row.waitFor();
    const text = await row.textContent();
    assert.match(text, new RegExp(OPERATOR));
    assert.match(text, new RegExp(r.id));
    assert.match(text, /refunded/);
    assert.ok(text.includes(note), text);
    await screenshot(page, 'console-audit');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('the console searches every redemption on the server by member id', async () => {
  // A member of its own, so the other tests' balances stay as they expect.
  const created = await hostApi('POST', '/admin/members', { body: { id: 'u-9', email: 'ops@example.com',
    first_name: 'Ops', last_name: 'Search', phone_number: '+6591234567', country: 'US', points: 250000, password: PASSWORD } });
  assert.ok([201, 409].includes(created.status), JSON.stringify(created.body));
  const token = await memberToken('u-9');
  const card = await findCard((c) => c.currency === 'USD' && c.denominations.length > 0);
  for (const key of ['web-search-1', 'web-search-2']) {
    const made = await hostApi('POST', '/api/redemptions', { token, body: {
      gift_card_id: card.id, denomination: card.denominations[0].value, currency: 'USD',
      expected_points: card.denominations[0].points, idempotency_key: key } });
    assert.ok([200, 201].includes(made.status), JSON.stringify(made.body));
  }
  const expected = (await hostApi('GET', '/admin/redemptions?member_id=u-9&page_size=100')).body;
  assert.ok(expected.meta.total_count >= 2);
  const page = await newPage(browser);
  await operatorSignIn(page);
  await page.getByRole('link', { name: 'Redemptions' }).click();
  await page.getByLabel('Member or reference ID').fill('u-9');
  await page.locator('#redemptions-status').filter({ hasText: `of ${expected.meta.total_count} redemption(s) matching` }).waitFor();
  const members = await page.locator('#redemption-rows tr td:nth-child(2)').allTextContents();
  assert.equal(members.length, expected.data.length);
  assert.ok(members.every((m) => m === 'u-9'), members.join());
  await page.getByLabel('Member or reference ID').fill('nobody-has-this-id');
  await page.locator('#redemptions-status').filter({ hasText: '0 shown of 0 redemption(s) matching' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('"Only cards I can afford" is counted by the host over the whole catalogue', async () => {
  // u-2 has 6,000 points (fewer after other tests' redemptions: ask the host).
  const token = await memberToken('u-2');
  const balance = (await hostApi('GET', '/api/me', { token })).body.balance;
  const expected = (await hostApi('GET', `/api/gift-cards?max_points=${balance}&page_size=24`, { token })).body;
  const all = (await (await fetch(`${BASE}/api/gift-cards?page_size=1`)).json()).meta.total_count;
  assert.ok(expected.meta.total_count > 0 && expected.meta.total_count < all);
  for (const width of [1280, 375]) {
    const page = await newPage(browser, width);
    await signIn(page, 'u-2');
    await page.getByLabel('Country').selectOption('');
    await page.getByLabel('Only cards I can afford').check();
    await page.locator('#catalogue-status').filter({ hasText: `${expected.meta.total_count.toLocaleString('en-US')} gift cards you can afford` }).waitFor();
    assert.equal(await page.locator('#page-info').textContent(), `Page 1 of ${Math.max(1, expected.meta.total_pages)}`);
    const names = await page.locator('.tile-name').allTextContents();
    assert.deepEqual(names, expected.data.map((c) => c.name));
    await screenshot(page, 'storefront-afford');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

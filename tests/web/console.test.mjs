// The operator console at /admin/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, hostApi, memberToken, findCard, screenshot, BASE, OPERATOR, OPERATOR_PASSWORD } from './harness.mjs';

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

test('visiting /admin/ signed out shows the sign-in', async () => {
  for (const width of [1280, 375]) {
    const page = await newPage(browser, width);
    const response = await page.goto(BASE + '/admin/');
    assert.match(response.headers()['content-security-policy'], /default-src 'self'/);
    await page.getByRole('heading', { name: 'Operator sign in' }).waitFor();
    assert.equal(await page.locator('#settings-view').isVisible(), false);
    await screenshot(page, 'console-sign-in');
    await page.context().close();
  }
});

test('the settings form has an input for every schema key, and a bad value shows its problem and changes nothing', async () => {
  const schema = (await hostApi('GET', '/admin/plugins/ascenda/settings')).body.settings;
  const page = await newPage(browser);
  await operatorSignIn(page);
  for (const s of schema) {
    const input = page.getByLabel(s.key, { exact: true });
    assert.equal(await input.count(), 1, s.key);
    if (s.secret) {
      assert.equal(await input.getAttribute('type'), 'password', s.key);
      assert.equal(await input.inputValue(), '', `${s.key} is write-only`);
    }
    if (s.type === 'integer') assert.equal(await input.getAttribute('type'), 'number', s.key);
  }
  const secret = schema.find((s) => s.secret && s.value.set);
  assert.match(await page.locator(`.setting[data-key="${secret.key}"] .hint`).textContent(), /Secret: set/);
  await screenshot(page, 'console-settings');

  const cooldown = page.getByLabel('ascenda.resend.cooldown_s', { exact: true });
  await cooldown.fill('999999');
  const url = page.getByLabel('ascenda.base_url', { exact: true });
  await url.fill('not a url');
  await page.getByRole('button', { name: 'Save settings' }).click();
  const problem = page.locator('.setting[data-key="ascenda.resend.cooldown_s"] .problem');
  await problem.filter({ hasText: /./ }).waitFor();
  assert.notEqual(await page.locator('.setting[data-key="ascenda.base_url"] .problem').textContent(), '');
  assert.equal(await cooldown.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#settings-status').textContent(), /Nothing was saved/);
  await screenshot(page, 'console-settings-problem');
  const after = (await hostApi('GET', '/admin/plugins/ascenda/settings')).body.settings;
  assert.deepEqual(after, schema, 'nothing changed');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('redemptions by state with a detail and Resync; health and the audit log', async () => {
  const card = await findCard((c) => c.currency === 'SGD' && c.denominations.length > 0 && !c.required_user_fields.includes('phone_number'));
  const made = await hostApi('POST', '/api/redemptions', { token: await memberToken('u-3'), body: {
    gift_card_id: card.id, denomination: card.denominations[0].value, currency: 'SGD',
    expected_points: card.denominations[0].points, idempotency_key: 'console-test-1' } });
  assert.ok([200, 201].includes(made.status), JSON.stringify(made.body));
  const page = await newPage(browser);
  await operatorSignIn(page);
  await page.getByRole('link', { name: 'Redemptions' }).click();
  const all = (await hostApi('GET', '/admin/redemptions?page_size=100')).body;
  await page.locator('#redemptions-status').filter({ hasText: `of ${all.meta.total_count}` }).waitFor();
  {
    const r = all.data.find((x) => x.id === made.body.id);
    await page.getByLabel('Member or reference ID').fill(r.reference_id);
    assert.equal(await page.locator('#redemption-rows tr').count(), 1);
    await page.locator('#redemption-rows tr button').click();
    await page.locator('#redemption-detail').filter({ hasText: r.state }).waitFor();
    assert.doesNotMatch(await page.locator('#redemption-detail').textContent(), /Code|PIN/);
    await page.getByRole('button', { name: 'Resync' }).click();
    await page.locator('#redemption-detail [role="status"]').filter({ hasText: 'Resynced' }).waitFor();
    await screenshot(page, 'console-redemptions');
  }
  await page.getByRole('link', { name: 'Health' }).click();
  await page.locator('#health h2', { hasText: 'ascenda' }).waitFor();
  await screenshot(page, 'console-health');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.locator('#audit-rows tr').first().waitFor();
  assert.match(await page.locator('#audit-rows').textContent(), /redemption\.resync|settings\.update|member\.create/);
  await screenshot(page, 'console-audit');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.locator('#settings-fields .setting').first().waitFor();
  await screenshot(page, 'console-settings');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

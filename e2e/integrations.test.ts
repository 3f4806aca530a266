import { describe, expect, it } from 'vitest';
import { signWebhook } from '../edge/core/standard-webhooks';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

describe.skipIf(!enabled)('API keys and incoming webhooks in the settings in Chromium', () => {
  const suite = dashboardSuite();
  const { as } = suite;

  it('an admin creates a key by keyboard, uses it with fetch, and sees it last used; axe-clean', async () => {
    const page = await as('admin@leadgate.test');
    const name = `CI ${Math.random().toString(36).slice(2, 8)}`;
    await page.goto(`${suite.baseUrl}/app/settings/api-keys`);
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await expect.poll(() => page.locator('.toolbar__status').textContent()).not.toContain('Loading');
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard only: the name, the scopes (Read leads is ticked; Space ticks Submit leads), Enter creates.
    await page.getByLabel('Key name').focus();
    await page.keyboard.type(name);
    await page.getByRole('checkbox', { name: /Submit leads/ }).focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Key name').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Key ${name} created` });
    await dialog.waitFor();
    const key = await dialog.getByLabel('Secret').inputValue();
    expect(key).toMatch(/^lg_[a-z0-9]{8}_/);
    await dialog.getByText('Copy it now: it will not be shown again.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    const card = page.locator('.person-card', { has: page.getByRole('heading', { level: 3, name }) });
    await card.getByText('Not used yet').waitFor();

    // The key works like curl would use it: it reads leads and submits one, and may not export.
    const bearer = { authorization: `Bearer ${key}`, 'x-forwarded-for': '198.51.100.23' };
    expect((await fetch(`${suite.baseUrl}/api/leads?limit=1`, { headers: bearer })).status).toBe(200);
    const created = await fetch(`${suite.baseUrl}/api/leads`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ lastName: 'Keyed', email: `keyed.${Date.now()}@example.test` }),
    });
    expect(created.status).toBe(201);
    const refused = await fetch(`${suite.baseUrl}/api/leads/export`, { headers: bearer });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('api-key-scope-missing');

    await page.reload();
    await card.waitFor();
    await expect.poll(() => card.locator('dd').nth(2).textContent()).not.toBe('Not used yet');
    expect(await card.textContent()).toContain(' from ');

    // Revoke asks first; after it the key is refused.
    await card.getByRole('button', { name: 'Revoke key' }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke key ${name}?` });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => page.locator('.toolbar__status').textContent()).toBe(`Key ${name} revoked.`);
    expect((await fetch(`${suite.baseUrl}/api/leads`, { headers: bearer })).status).toBe(401);

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('an admin creates a webhook source, sees a delivery in its log, and rotates its secret', async () => {
    const page = await as('admin@leadgate.test');
    const name = `Zap ${Math.random().toString(36).slice(2, 8)}`;
    await page.goto(`${suite.baseUrl}/app/settings/webhooks`);
    await page.getByRole('heading', { level: 1, name: 'Incoming webhooks' }).waitFor();
    await expect.poll(() => page.locator('.toolbar__status').textContent()).not.toContain('Loading');
    await page.getByLabel('Source name').fill(name);
    await page.getByRole('button', { name: 'Create source' }).click();
    const dialog = page.getByRole('dialog', { name: `Signing secret of ${name}` });
    await dialog.waitFor();
    const secret = await dialog.getByLabel('Secret').inputValue();
    const url = (await dialog.locator('code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    expect(url).toMatch(/\/v1\/hooks\/src_/);
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'I have copied it' }).click();

    const body = JSON.stringify({ lastName: 'Hooked', email: `hooked.${Date.now()}@example.test` });
    const at = Math.floor(Date.now() / 1000);
    const delivered = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_e2e_1',
        'webhook-timestamp': String(at),
        'webhook-signature': await signWebhook(secret, 'msg_e2e_1', at, body),
      },
      body,
    });
    expect(delivered.status).toBe(201);
    const forged = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_e2e_2',
        'webhook-timestamp': String(at),
        'webhook-signature': 'v1,AAAA',
      },
      body,
    });
    expect(forged.status).toBe(401);

    const card = page.locator('.person-card', { has: page.getByRole('heading', { level: 3, name }) });
    const logButton = card.getByRole('button', { name: 'Delivery log' });
    await logButton.click();
    expect(await logButton.getAttribute('aria-expanded')).toBe('true');
    const log = card.getByRole('region', { name: `Recent deliveries to ${name}` });
    await log.getByText('Signature invalid').waitFor();
    await log.getByText('Accepted').waitFor();
    expect(await log.getByRole('link', { name: 'Lead created' }).getAttribute('href')).toMatch(
      /^\/app\/leads\/lead_/,
    );
    expect(await axeViolations(page)).toEqual([]);

    await card.getByRole('button', { name: 'Rotate secret' }).click();
    const rotate = page.getByRole('dialog', { name: `Rotate the secret of ${name}?` });
    await rotate.getByLabel('The old secret keeps working for').selectOption('1');
    await rotate.getByRole('button', { name: 'Rotate secret' }).click();
    const again = page.getByRole('dialog', { name: `Signing secret of ${name}` });
    expect(await again.getByLabel('Secret').inputValue()).not.toBe(secret);
    await again.getByRole('button', { name: 'I have copied it' }).click();
    await card.getByText(/Rotating: the old secret works until/).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
  });
});

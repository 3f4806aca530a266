import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../test/support/webhook-receiver';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

describe.skipIf(!enabled)('outgoing webhooks in the settings in Chromium', () => {
  // The shared server: the test deletes its endpoint at the end, so no other suite's change is sent anywhere.
  const suite = dashboardSuite();
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver?.close());

  /** A visitor submits the demo page's form (the widget), as a prospect would. */
  async function submitDemo(lastName: string) {
    const browser = (await suite.as('viewer@leadgate.test')).context().browser()!;
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.baseUrl}/demo`);
      const form = page.locator('lead-form');
      await form.getByRole('textbox', { name: 'Last name (required)' }).fill(lastName);
      await form
        .getByRole('textbox', { name: 'Email (required)' })
        .fill(`${lastName.toLowerCase()}@example.de`);
      await form.getByRole('button').click();
      await page.waitForURL(/\/demo\?submitted=1$/);
    } finally {
      await context.close();
    }
  }

  it('adds an endpoint by keyboard, delivers a signed lead.created, and replays a failed one from the log', async () => {
    const page = await suite.as('admin@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/settings/outgoing-webhooks`);
    await page.getByRole('heading', { level: 1, name: 'Outgoing webhooks' }).waitFor();
    await expect.poll(() => page.locator('.toolbar__status').textContent()).not.toContain('Loading');
    expect(await page.getByText('No endpoints yet.').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // Personal data stays out unless the admin ticks it.
    expect(await page.getByLabel('Include personal data').isChecked()).toBe(false);
    // Keyboard only: the URL, then Enter submits (lead.created is chosen by default).
    await page.getByLabel('Endpoint URL (https)').focus();
    await page.keyboard.type(`${receiver.url}/hook`);
    await page.keyboard.press('Enter');
    const secret = page.getByLabel('Secret', { exact: true });
    await secret.waitFor();
    // The secret takes the focus so it can be copied at once; it is never shown again.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('hook-secret');
    const value = await secret.inputValue();
    expect(value).toMatch(/^whsec_/);
    receiver.secrets = [value];
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByLabel('Secret', { exact: true }).count()).toBe(0);

    // A prospect fills the demo form: the process delivers a signed lead.created, verified by standardwebhooks.
    await submitDemo(`Hooked-${Date.now().toString(36)}`);
    await expect.poll(() => receiver.verified().length, { timeout: 15_000 }).toBe(1);
    expect(receiver.verified()[0]!.verified).toMatchObject({ type: 'lead.created', version: 1 });

    const card = page.locator('.person-card', {
      has: page.getByRole('heading', { name: `${receiver.url}/hook` }),
    });
    await card.getByRole('button', { name: 'Show deliveries' }).click();
    const log = page.getByRole('region', { name: `Deliveries to ${receiver.url}/hook` });
    await log.getByText('delivered', { exact: false }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await card.getByText('No personal data').count()).toBe(1);

    // From now on the endpoint receives the person's data with each lead event.
    await card.getByRole('button', { name: 'Send personal data' }).click();
    await expect
      .poll(() => page.locator('.toolbar__status').textContent())
      .toBe(`Endpoint ${receiver.url}/hook now receives personal data.`);
    expect(await card.getByText('Sends personal data').count()).toBe(1);

    // The endpoint fails twice: the message is retried with backoff (about 5 s after the first failure).
    receiver.answers.push(500, 500);
    await submitDemo(`Failing-${Date.now().toString(36)}`);
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(3);
    const failed = receiver.received.slice(1);
    expect(failed[0]!.id).toBe(failed[1]!.id);
    expect(Number(failed[1]!.timestamp) - Number(failed[0]!.timestamp)).toBeGreaterThanOrEqual(3);
    expect(failed[0]!.verified).toMatchObject({
      data: { person: { lastName: expect.stringMatching(/^Failing-/) } },
    });

    // Reopen the log and replay the failed message: same webhook-id, accepted now.
    await card.getByRole('button', { name: 'Hide deliveries' }).click();
    await card.getByRole('button', { name: 'Show deliveries' }).click();
    const pending = log.locator('.hook-log__item').filter({ hasText: 'waiting' });
    await pending.getByText('2 attempts', { exact: false }).waitFor();
    await pending.locator('summary').click();
    expect(await pending.getByText('answered 500').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await pending.getByRole('button', { name: 'Send lead.created again' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.toolbar__status').textContent())
      .toBe('Sent again (attempt 3): the endpoint answered 200.');
    expect(receiver.received.at(-1)!.id).toBe(failed[0]!.id);
    expect(receiver.verified().at(-1)!.id).toBe(failed[0]!.id);

    // Nothing scrolls sideways on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);

    await card.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText('No endpoints yet.').waitFor();
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

/** Posts to the demo form as a bot would (the honeypot filled in): the submission is held. */
async function holdSubmission(page: Page, firstName: string, lastName: string): Promise<void> {
  const status = await page.evaluate(
    async ({ firstName, lastName }) =>
      (
        await fetch('/v1/forms/frm_demo/submissions', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            firstName,
            lastName,
            email: `${lastName.toLowerCase()}@example.cz`,
            company: 'Bot s.r.o.',
            lg_hp: 'filled',
          }),
        })
      ).status,
    { firstName, lastName },
  );
  // Answered as an accepted submission: the bot learns nothing.
  expect(status).toBe(201);
}

const badge = (page: Page) => page.locator('#main-nav [data-testid="quarantine-count"]');

describe.skipIf(!enabled)('quarantine review in Chromium', () => {
  // A server of its own: the navigation's count must not see other suites' held submissions.
  const suite = dashboardSuite({});
  const { as } = suite;

  it('an admin releases one held submission and discards another; the count follows; axe-clean', async () => {
    const page = await as('admin@leadgate.test');
    await holdSubmission(page, 'Jana', 'Heldova');
    await holdSubmission(page, 'Petr', 'Spamer');

    // The navigation says how many wait, and leads there.
    await page.goto(`${suite.baseUrl}/app/leads`);
    await expect.poll(() => badge(page).textContent()).toBe('2');
    await page.getByRole('link', { name: /Quarantine.*2 submissions wait for review/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Quarantine' }).waitFor();
    const held = page.getByRole('list', { name: 'Held submissions' });
    await held.getByRole('heading', { level: 2, name: 'Jana Heldova' }).waitFor();
    expect(await held.getByText('A hidden field only bots fill in was filled in').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);

    // The submission as received, behind a disclosure opened by keyboard.
    const jana = held
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Jana Heldova' }) });
    await jana.getByText('The submission as received').focus();
    await page.keyboard.press('Enter');
    await jana.getByText('heldova@example.cz').waitFor();
    expect(await jana.getByText('lg_hp').count()).toBe(1);

    // Release: the lead is made through the pipeline, the count drops.
    await page.getByRole('button', { name: 'Release the submission of Jana Heldova' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Released: Jana Heldova went through the pipeline.').waitFor();
    await expect.poll(() => badge(page).textContent()).toBe('1');
    expect(await held.getByRole('heading', { name: 'Jana Heldova' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // Discard asks first; the dialog is axe-clean and keyboard-operable.
    await page.getByRole('button', { name: 'Discard the submission of Petr Spamer' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Discard the submission of Petr Spamer?' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('status').getByText('Discarded: Petr Spamer is erased.').waitFor();
    await page.getByText('Nothing waits in quarantine.').waitFor();
    await expect.poll(() => badge(page).count()).toBe(0);

    // The released one became a lead; the discarded one left no lead.
    const leads = await page.evaluate(async () => {
      const res = await fetch('/api/leads?q=Heldova');
      const spam = await fetch('/api/leads?q=Spamer');
      return [
        ((await res.json()) as { items: unknown[] }).items.length,
        ((await spam.json()) as { items: unknown[] }).items.length,
      ];
    });
    expect(leads).toEqual([1, 0]);

    // No sideways scroll at a phone's width, with a held submission on the page.
    await holdSubmission(page, 'Olena', 'Kovalenko');
    await page.reload();
    await page.setViewportSize({ width: 390, height: 844 });
    await held.getByRole('heading', { level: 2, name: 'Olena Kovalenko' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('an owner sets the data settings by keyboard; a bad origin is named by its line', async () => {
    const page = await as('owner@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/settings/data`);
    await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
    const purge = page.getByLabel('Erase deleted leads after (days)');
    await expect.poll(() => purge.inputValue()).toBe('30');
    expect(await axeViolations(page)).toEqual([]);

    await purge.fill('14');
    await page
      .getByLabel('Sites allowed for every form')
      .fill('https://shop.example.com\nhttp://plain.example.com');
    await page.getByLabel('Sites allowed for every form').press('Tab');
    await page.keyboard.press('Tab');
    await page.getByRole('button', { name: 'Save' }).press('Enter');
    await page.getByText(/^Line 2: Enter an origin like https:\/\/www.example.com/).waitFor();
    expect(await page.getByLabel('Sites allowed for every form').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Sites allowed for every form').fill('https://shop.example.com');
    await page.getByRole('button', { name: 'Save' }).press('Enter');
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Erase deleted leads after (days)').inputValue()).toBe('14');
    expect(await page.getByLabel('Sites allowed for every form').inputValue()).toBe(
      'https://shop.example.com',
    );
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

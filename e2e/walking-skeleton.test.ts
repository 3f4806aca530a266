import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable, launchBrowser } from './support/browser';
import { sharedProductServer } from './support/shared-server';
import { listAfter } from './support/workspace';

const enabled = browserAvailable();

describe.skipIf(!enabled)('walking skeleton in Chromium', () => {
  let server: Awaited<ReturnType<typeof sharedProductServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([sharedProductServer(), launchBrowser()]);
    page = await browser.browser.newPage({ locale: 'en-US' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs the demo SDR in and shows the seeded leads, best score first', async () => {
    await page.goto(`${server.baseUrl}/app/`);
    await page.getByRole('heading', { name: 'Sign in to Leadgate' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill('member@leadgate.test');
    await page.getByLabel('Password').fill('leadgate-demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // A member's day starts on My tasks; the leads are one nav link away.
    await page.getByRole('heading', { name: 'My tasks', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/tasks');
    await page.getByRole('navigation').getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('heading', { name: 'Leads', level: 1 }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(10).waitFor();
    expect(await rows.count()).toBeGreaterThan(20);
    // Scores in the first column, highest first.
    const scores = (await page.locator('tbody tr td:first-child').allInnerTexts()).map((t) =>
      Number.parseInt(t, 10),
    );
    expect(scores.length).toBeGreaterThan(20);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('takes a submission from the demo landing page and the SDR finds the new lead', async () => {
    const visitor = await browser.browser.newPage();
    await visitor.goto(`${server.baseUrl}/demo`);
    expect(await axeViolations(visitor)).toEqual([]);
    const lastName = `Zimmermann-${Date.now().toString(36)}`;
    // The demo page embeds the widget (its plain form stays inside as the no-script fallback).
    await visitor.getByRole('textbox', { name: 'First name' }).fill('Zoë');
    await visitor.getByRole('textbox', { name: /^Last name/ }).fill(lastName);
    await visitor.getByRole('textbox', { name: /^Email/ }).fill(`zoe.${lastName}@example.de`);
    await visitor.getByRole('textbox', { name: 'Company' }).fill('Nordwind AG');
    await visitor.getByRole('button', { name: 'Send' }).click();
    // The widget says thank you too, just before it sends the visitor on: wait for the page it sends them to.
    await visitor.waitForURL(`${server.baseUrl}/demo?submitted=1`);
    await visitor.getByRole('status').filter({ hasText: 'Thank you' }).waitFor();
    await visitor.close();

    // The new lead has no score yet, so it sits at the end of the score-sorted list: page through.
    await listAfter(page, () => page.getByRole('button', { name: 'Refresh' }).click());
    const cell = page.getByRole('cell', { name: new RegExp(lastName) });
    for (let i = 0; i < 6 && (await cell.count()) === 0; i++) {
      const more = page.getByRole('button', { name: 'Load more' });
      if ((await more.count()) === 0) break;
      await listAfter(page, () => more.click());
    }
    await cell.first().waitFor({ timeout: 5000 });
    const row = page.getByRole('row').filter({ has: cell.first() });
    expect(await row.textContent()).toContain('Nordwind AG');
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

/** Three records of one person, created through the API as the signed-in owner (CSRF token from the session). */
async function createDuplicates(page: Page, tag: string): Promise<void> {
  await page.evaluate(async (tag) => {
    const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
    const people = [
      { firstName: 'Ivo', lastName: `Zelenka${tag}`, company: 'Zelenka Trading s.r.o.' },
      { firstName: 'Ivo', lastName: `Zelenká${tag}`, company: 'Zelenka Trading', title: 'CFO' },
      { firstName: 'Ivo', lastName: `Zelenka${tag}`, company: 'ZELENKA TRADING', city: 'Olomouc' },
    ];
    for (const body of people) {
      const res = await fetch('/api/leads', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
    }
  }, tag);
}

describe.skipIf(!enabled)('duplicates and merge in Chromium', () => {
  const suite = dashboardSuite();

  it('scans, merges a cluster after a dry run, confirms, and undoes, with the keyboard and axe-clean', async () => {
    const page = await suite.as('owner@leadgate.test');
    const tag = Math.random().toString(36).slice(2, 7).replace(/\d/g, 'q');
    await createDuplicates(page, tag);

    await page.getByRole('link', { name: 'Duplicates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Duplicates' }).waitFor();
    await page.getByRole('button', { name: 'Scan now' }).click();
    await page
      .getByRole('status')
      .getByText(/Scan finished: \d+ clusters found\./)
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const cluster = page.locator('.cluster', { hasText: `Zelenka${tag}` });
    await expect(cluster.locator('tbody tr').count()).resolves.toBe(3);
    await cluster.getByRole('button', { name: 'Merge…' }).click();
    await page.getByRole('heading', { level: 2, name: 'Merge 3 records' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('merge-title');

    // The master is the oldest record; its empty title defaults to the second's, and arrow keys move the choice.
    const titleRadios = page
      .locator('tr', { has: page.getByRole('rowheader', { name: 'Job title' }) })
      .getByRole('radio');
    await titleRadios.nth(1).focus();
    expect(await titleRadios.nth(1).isChecked()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await titleRadios.nth(0).isChecked()).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await titleRadios.nth(1).isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Preview merge' }).click();
    const summary = page.getByRole('region', { name: 'What will change' });
    await summary.getByText('Job title: (empty) → CFO').waitFor();
    await summary.getByText('Records deleted and pointing to the master: 2. Undo restores them.').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Confirm merge' }).click();
    await page.getByRole('status').getByText('3 duplicates merged into 1 master record').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').getByText('Merge undone: all records are back.').waitFor();
    await page.getByRole('button', { name: 'Back to duplicates' }).click();
    await page.locator('.cluster', { hasText: `Zelenka${tag}` }).waitFor();
  });
});

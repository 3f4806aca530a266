import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { waitForCount } from './support/wait';
import { listSettled } from './support/workspace';

const enabled = browserAvailable();

/** Creates `n` NEW leads from source `source` through the API, as the signed-in user, a few at a time. */
async function createLeads(page: Page, source: string, n: number): Promise<void> {
  await page.evaluate(
    async ({ source, n }) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      // Distinct last names in letters, so no two leads look like the same person.
      const name = (i: number) =>
        Array.from({ length: 4 }, (_, d) => String.fromCharCode(97 + (Math.floor(i / 26 ** d) % 26))).join(
          '',
        );
      const create = async (i: number) => {
        const res = await fetch('/api/leads', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ lastName: `Bulk${name(i)}`, source }),
        });
        if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
      };
      for (let i = 0; i < n; i += 8)
        await Promise.all(Array.from({ length: Math.min(8, n - i) }, (_, k) => create(i + k)));
    },
    { source, n },
  );
}

describe.skipIf(!enabled)('bulk actions on the lead list in Chromium', () => {
  // A server of its own: its 1,005 leads would change the totals other suites read of the demo data.
  const suite = dashboardSuite({});
  const { as } = suite;

  it('selects rows by keyboard, changes their status after confirming the count, and undoes it', async () => {
    const page = await as('admin@leadgate.test');
    const source = `bulk-${Math.random().toString(36).slice(2, 8)}`;
    await createLeads(page, source, 2);
    await page.goto(`${suite.baseUrl}/app/leads?status=NEW&source=${source}`);
    await page.locator('tbody tr').first().waitFor();
    await listSettled(page);
    const rows = page.locator('tbody tr');
    const ids = await Promise.all([0, 1].map((i) => rows.nth(i).getAttribute('data-lead-id')));

    // Keyboard only: focus each row's checkbox and press Space.
    for (const i of [0, 1]) {
      await rows.nth(i).getByRole('checkbox').focus();
      await page.keyboard.press('Space');
    }
    const bar = page.getByRole('region', { name: /Bulk actions/ });
    await expect.poll(() => bar.textContent()).toContain('selected: 2');
    expect(await axeViolations(page)).toEqual([]);

    await bar.getByLabel('Action').selectOption('status');
    await bar.getByLabel('New status').selectOption('CONTACTED');
    await bar.getByRole('button', { name: 'Apply…' }).press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Confirm bulk action' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('leads affected: 2');
    expect(await axeViolations(page)).toEqual([]);
    const changed = page.waitForResponse((r) => r.url().endsWith('/api/leads/bulk'));
    await dialog.getByRole('button', { name: 'Apply to 2 leads' }).click();
    expect((await changed).status()).toBe(200);

    const result = bar.getByRole('status');
    await expect.poll(() => result.textContent()).toContain('Leads changed: 2.');
    const statuses = async () =>
      Promise.all(
        ids.map(async (id) => {
          const res = await page.request.get(`${suite.baseUrl}/api/leads/${id}`);
          return ((await res.json()) as { status: string }).status;
        }),
      );
    expect(await statuses()).toEqual(['CONTACTED', 'CONTACTED']);
    expect(await axeViolations(page)).toEqual([]);

    await bar.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => result.textContent()).toContain('Leads restored: 2.');
    expect(await statuses()).toEqual(['NEW', 'NEW']);
  });

  it('asks for the loss reason before losing leads, and offers the export of the current filter', async () => {
    const page = await as('admin@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/leads?status=NEW`);
    await page.locator('tbody tr').first().waitFor();
    await listSettled(page);
    await page.locator('tbody tr').first().getByRole('checkbox').check();
    const bar = page.getByRole('region', { name: /Bulk actions/ });
    await bar.getByLabel('New status').selectOption('LOST');
    await bar.getByRole('button', { name: 'Apply…' }).click();
    const loss = page.getByRole('dialog', { name: /lost/i });
    await loss.waitFor();
    await loss.getByRole('button', { name: 'Cancel' }).click();
    await waitForCount(page.getByRole('dialog'), 0);
    const csv = page.getByRole('link', { name: 'Export CSV' });
    expect(await csv.getAttribute('href')).toMatch(/\/api\/leads\/export\?status=NEW&format=csv$/);
    const res = await page.request.get((await csv.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('shows capped counts as 1,000+, says what "all matching" selects once, and changes the first 1,000', async () => {
    const page = await as('admin@leadgate.test');
    const source = `bulk-${Math.random().toString(36).slice(2, 8)}`;
    await createLeads(page, source, 1005);
    await page.goto(`${suite.baseUrl}/app/leads?source=${source}`);
    await page.locator('tbody tr').first().waitFor();
    await listSettled(page);
    const tabs = page.getByRole('group', { name: 'Leads by status' });
    await expect
      .poll(() => tabs.getByRole('button', { name: /^New/ }).textContent())
      .toContain('New (1,000+)');
    expect(await tabs.getByRole('button', { name: /^All/ }).textContent()).toContain('(1,000+)');

    await page.getByRole('checkbox', { name: 'Select all leads on this page' }).check();
    await page.getByRole('button', { name: 'Select all 1,000+ matching leads' }).click();
    const bar = page.getByRole('region', { name: /Bulk actions/ });
    await expect
      .poll(() => bar.getByRole('heading').textContent())
      .toBe('Bulk actions: all 1,000+ matching leads');
    // Focus follows in the frame after the heading changes.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('bulk-title');
    // Said once, by the bar; never a capped count as if it were exact.
    expect(await page.getByText(/matching leads/).count()).toBe(1);
    expect(await page.getByText(/1,005|are selected/).count()).toBe(0);
    expect(await bar.textContent()).toContain(
      'A bulk action changes at most 1,000 leads: those with the highest scores. Matching leads: 1,000+.',
    );
    expect(await axeViolations(page)).toEqual([]);

    await bar.getByLabel('Action').selectOption('addTags');
    await bar.getByLabel('Tag').fill('wave');
    await bar.getByRole('button', { name: 'Apply…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm bulk action' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Add tag: the 1,000 leads with the highest scores');
    const changed = page.waitForResponse((r) => r.url().endsWith('/api/leads/bulk'));
    await dialog.getByRole('button', { name: 'Apply to 1,000 leads' }).click();
    const response = await changed;
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ changed: 1000, selected: 1000, moreMatched: true });
    await expect
      .poll(() => bar.getByRole('status').textContent())
      .toContain('Leads changed: 1,000 of 1,000+ matching.');
    // The form went with the selection; focus stays in the bar, on Undo.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
  }, 180_000);
});

import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { waitForCount } from './support/wait';
import { listSettled } from './support/workspace';

const enabled = browserAvailable();

describe.skipIf(!enabled)('bulk actions on the lead list in Chromium', () => {
  const suite = dashboardSuite();
  const { as } = suite;

  it('selects rows by keyboard, changes their status after confirming the count, and undoes it', async () => {
    const page = await as('admin@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/leads?status=NEW`);
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
});

import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

describe.skipIf(!enabled)('reports and the outbox in Chromium', () => {
  // With the scheduled jobs on: the stale digest fills the outbox a few seconds after start.
  const suite = dashboardSuite({ jobs: true });
  const { as } = suite;

  it('renders the four reports with charts, tables and CSV links; regroups; axe finds nothing', async () => {
    const page = await as('viewer@leadgate.test');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    for (const name of ['Funnel', 'Velocity', 'Attribution', 'Rep performance'])
      await page.getByRole('heading', { level: 2, name }).waitFor();
    expect(await page.getByRole('img').count()).toBe(4);
    expect(await page.getByRole('table').count()).toBe(4);
    // The demo's leads span 90 days, so the last 30 have some.
    const funnelRows = page.getByRole('table', { name: 'Funnel: figures' }).locator('tbody tr');
    expect(await funnelRows.count()).toBeGreaterThan(0);
    // The demo's leads moved through the stages over hours to weeks: every stage has time in it somewhere.
    const velocity = await page
      .getByRole('table', { name: 'Velocity: figures' })
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent)),
      );
    for (let column = 1; column <= 8; column++)
      expect(
        velocity.some((row) => Number.parseFloat(row[column] ?? '') > 0),
        `column ${column}`,
      ).toBe(true);
    // Each rep converted some of the demo's leads.
    const converted = await page
      .getByRole('table', { name: 'Rep performance: figures' })
      .locator('tbody tr td:nth-of-type(4)')
      .allTextContents();
    expect(converted).toHaveLength(3);
    expect(converted.every((n) => Number(n) > 0)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // Group by rep: the funnel's rows are the reps.
    const response = page.waitForResponse(
      (r) => r.url().includes('/api/reports/funnel?') && r.url().includes('groupBy=rep'),
    );
    await page.getByLabel('Group by').selectOption('rep');
    await page.getByRole('button', { name: 'Show' }).click();
    await response;
    await page.waitForFunction(() => !document.querySelector('.toolbar__status')?.textContent);
    const groups = await page
      .getByRole('table', { name: 'Funnel: figures' })
      .locator('tbody th')
      .allInnerTexts();
    expect(groups.some((g) => /member|admin|owner/i.test(g))).toBe(true);

    // The CSV download is the same report as a file.
    const href = await page.getByRole('link', { name: 'Download Funnel as CSV' }).getAttribute('href');
    expect(href).toMatch(/\/api\/reports\/funnel\?.*groupBy=rep.*format=csv/);
    const csv = await page.request.get(href!);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n')[0]).toBe(
      'key,label,new,contacted,qualified,converted,lost,contacted_rate,qualified_rate,converted_rate,overall_rate',
    );
    // A viewer has no Outbox entry.
    expect(await page.getByRole('link', { name: 'Outbox' }).count()).toBe(0);
  });

  it('translates the reports page (Czech)', async () => {
    const page = await as('member@leadgate.test', 'cs-CZ');
    await page.goto(`${suite.baseUrl}/app/reports`);
    await page.getByRole('heading', { level: 1, name: 'Přehledy' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Trychtýř' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the outbox shows the stale digest that would have been emailed; axe finds nothing', async () => {
    const page = await as('admin@leadgate.test');
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    // The digest job runs a few seconds after start; reload until its email is listed.
    const subject = page.getByText(/stale leads? needing attention/).first();
    const emails = page.getByRole('table', { name: 'Emails, newest first' });
    const loaded = emails.or(page.getByText('No emails yet.'));
    await expect
      .poll(
        async () => {
          await loaded.waitFor();
          if ((await subject.count()) > 0) return true;
          await page.reload();
          return false;
        },
        { timeout: 30_000, interval: 1_000, message: 'the stale digest is in the outbox' },
      )
      .toBe(true);
    expect(await emails.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
  });
});

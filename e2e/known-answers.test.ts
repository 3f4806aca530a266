import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, PASSWORD, setupApi, type TestApi, type TestOrg } from '../test/support/api';
import { seedReportDataset } from '../test/support/report-fixture';
import { axeViolations, browserAvailable, launchBrowser } from './support/browser';
import { startProductServer } from './support/server';
import { signedInPage } from './support/workspace';

const enabled = browserAvailable();

/** Cell texts with any kind of space as a plain one ("40 %" in German has a no-break space). */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();

/**
 * The reports and money as the dashboard shows them, against data with known answers: the product server
 * on a Postgres database holding the reports' hand-built dataset (test/support/report-fixture.ts), a
 * German organization with a 20,000 EUR opportunity.
 */
describe.skipIf(!enabled)('reports and money against known answers in Chromium', () => {
  let t: TestApi;
  let org: TestOrg;
  let euro: TestOrg;
  let server: Awaited<ReturnType<typeof startProductServer>> | undefined;
  let chromium: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const open: Array<{ close: () => Promise<void>; pageErrors: string[] }> = [];

  beforeAll(async () => {
    t = await setupApi();
    ({ org } = await seedReportDataset(t));
    euro = await createTestOrg(t, { defaultCountry: 'DE' });
    await t.sql(`insert into leads (id, organization_id, last_name) values ('lead_euro', $1, 'Weiß')`, [
      euro.organizationId,
    ]);
    await t.sql(
      `insert into opportunities (id, organization_id, name, amount, currency, assigned_to)
       select 'opp_euro', id, 'Nordwind AG', 20000, currency, $2 from organizations where id = $1`,
      [euro.organizationId, euro.users.member.id],
    );
    [server, chromium] = await Promise.all([startProductServer({ databaseUrl: t.url }), launchBrowser()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
    await t?.close();
  });
  afterEach(async () => {
    for (const { close, pageErrors } of open.splice(0)) {
      await close();
      expect(pageErrors).toEqual([]);
    }
  });

  async function as(email: string, locale: string, width = 1440): Promise<Page> {
    if (!server || !chromium) throw new Error('The suite has not started');
    const session = await signedInPage(chromium.browser, server.baseUrl, email, locale, PASSWORD);
    open.push(session);
    await session.page.setViewportSize({ width, height: 900 });
    return session.page;
  }

  /** Opens the reports for January 2026, all leads together, and waits until they are shown. */
  async function january(page: Page, labels: { group: string; show: string }) {
    await page.goto(`${server!.baseUrl}/app/reports`);
    await page.locator('#report-from').fill('2026-01-01');
    await page.locator('#report-to').fill('2026-01-31');
    await page.getByLabel(labels.group).selectOption('none');
    const shown = page.waitForResponse((r) => r.url().includes('/api/reports/velocity?from=2026-01-01'));
    await page.getByRole('button', { name: labels.show }).click();
    await shown;
    await page.waitForFunction(() => !document.querySelector('.toolbar__status')?.textContent);
  }

  const cells = (page: Page, table: string) =>
    page
      .getByRole('table', { name: table })
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent)),
      );
  const chartTexts = (page: Page, id: string) =>
    page.locator(`section[aria-labelledby="${id}-title"] svg text`).allTextContents();
  const clipped = (page: Page, id: string) =>
    page.locator(`section[aria-labelledby="${id}-table"]`).evaluate((e) => e.scrollWidth - e.clientWidth);
  const name = (o: TestOrg, role: 'admin' | 'member') =>
    `${role} ${o.users[role].email.split('.')[1]!.split('@')[0]}`;

  it('velocity and rep performance show the known figures, the velocity table unclipped at 1440 px', async () => {
    const page = await as(org.users.viewer.email, 'en-US');
    await january(page, { group: 'Group by', show: 'Show' });
    const velocity = await cells(page, 'Velocity: figures');
    // Hours: New 24,525 s / 4,950 s; Contacted 129,600 s; Qualified 172,800 s; first contact 3,900 s / 2,700 s.
    expect(velocity.map((r) => r.map((c) => plain(c ?? '')))).toEqual([
      ['All leads', '6.8', '1.4', '36', '36', '48', '48', '1.1', '0.8', '40%'],
    ]);
    expect(await chartTexts(page, 'velocity')).toEqual([
      'New',
      '1.4 h',
      'Contacted',
      '36 h',
      'Qualified',
      '48 h',
    ]);
    expect(await clipped(page, 'velocity')).toBe(0);

    const reps = await cells(page, 'Rep performance: figures');
    expect(reps.map((r) => r.map((c) => plain(c ?? '')))).toEqual([
      [name(org, 'admin'), '2', '1', '1', '0', '0.8 h'],
      [name(org, 'member'), '2', '2', '1', '1', '1.3 h'],
    ]);
    expect(await chartTexts(page, 'reps')).toEqual([name(org, 'admin'), '0', name(org, 'member'), '1']);
    const attribution = await cells(page, 'Attribution: figures');
    expect(attribution.map((r) => plain(r.at(-1) ?? ''))).toEqual(['CZK 1,000.00', 'CZK 0.00']);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('in German: the same figures in German notation, unclipped; at 390 px the page does not scroll sideways', async () => {
    const page = await as(org.users.viewer.email, 'de-DE');
    await january(page, { group: 'Gruppieren nach', show: 'Anzeigen' });
    const velocity = await cells(page, 'Geschwindigkeit: Zahlen');
    expect(velocity.map((r) => r.map((c) => plain(c ?? '')))).toEqual([
      ['Alle Leads', '6,8', '1,4', '36', '36', '48', '48', '1,1', '0,8', '40 %'],
    ]);
    expect(await clipped(page, 'velocity')).toBe(0);
    const attribution = await cells(page, 'Zuordnung: Zahlen');
    expect(attribution.map((r) => plain(r.at(-1) ?? ''))).toEqual(['1.000,00 CZK', '0,00 CZK']);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('table', { name: 'Geschwindigkeit: Zahlen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('in German, an amount in EUR reads "20.000,00 €" and "1.234,56" is accepted', async () => {
    const page = await as(euro.users.member.email, 'de-DE');
    await page.goto(`${server!.baseUrl}/app/opportunities/opp_euro`);
    await page.getByRole('heading', { level: 1, name: 'Nordwind AG' }).waitFor();
    const details = page.locator('section[aria-labelledby="opp-details"]');
    await details.getByText('20.000,00 €').waitFor();
    const amount = page.getByLabel('Betrag (EUR)');
    expect(await amount.inputValue()).toBe('20.000,00');

    await amount.fill('12,34,5');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Geben Sie einen Betrag von 0 oder mehr ein, zum Beispiel 1.234,56.').waitFor();

    await amount.fill('1.234,56');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Verkaufschance gespeichert.' }).waitFor();
    await details.getByText('1.234,56 €').waitFor();
    const [stored] = await t.sql<{ amount: string; currency: string }>(
      `select amount, currency from opportunities where id = 'opp_euro'`,
    );
    expect(stored).toEqual({ amount: '1234.56', currency: 'EUR' });
    expect(await axeViolations(page)).toEqual([]);
  });
});

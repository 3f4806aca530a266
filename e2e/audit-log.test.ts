import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

/** The action codes of the rows the audit table shows. */
const actions = (page: Page) =>
  page.getByRole('table', { name: 'Audit events, newest first' }).locator('tbody th code').allInnerTexts();

/** Waits for the log's answer to a filter whose query string holds `part`. */
const answered = (page: Page, part: string) =>
  page.waitForResponse((r) => r.url().includes('/api/audit?') && r.url().includes(part) && r.ok());

describe.skipIf(!enabled)('the audit log in Chromium', () => {
  const suite = dashboardSuite();
  const { as } = suite;

  it('an admin filters the log (Enter applies), exports it (the export is audited), sets retention; axe finds nothing', async () => {
    const page = await as('admin@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/settings/audit`);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByRole('table', { name: 'Audit events, newest first' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A filter the server refuses is marked on its field, and nothing else breaks.
    const action = page.getByLabel('Action', { exact: true });
    await action.fill('Not an action!');
    await action.press('Enter');
    await expect.poll(() => action.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await action.fill('');

    // Type the action, Shift+Tab back to the actor and pick Alena Admin; Enter in the field applies both.
    await page.getByLabel('Action', { exact: true }).focus();
    await page.keyboard.type('session.created');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('audit-actor');
    await page.getByLabel('Who').selectOption({ label: 'Alena Admin' });
    const filtered = answered(page, 'action=session.created');
    await page.getByLabel('Action', { exact: true }).press('Enter');
    const response = await filtered;
    expect(response.url()).toMatch(/actorType=user&actorId=usr_/);
    await expect.poll(async () => [...new Set(await actions(page))]).toEqual(['session.created']);
    const shown = await actions(page);
    const who = await page
      .getByRole('table', { name: 'Audit events, newest first' })
      .locator('tbody tr td:nth-of-type(2)')
      .allInnerTexts();
    expect(new Set(who)).toEqual(new Set(['Alena Admin']));

    // The export carries the same filter, as formula-safe CSV with a BOM.
    const href = await page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href');
    expect(href).toMatch(/\/api\/audit\/export\?.*action=session.created/);
    const csv = await page.request.get(href!);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('id,at,action,actorType,actorId,actorName,entityType,entityId,leadId,data');
    expect(lines.length).toBe(shown.length + 1);
    expect(
      lines.slice(1).every((l) => l.includes(',session.created,user,') && l.includes('Alena Admin')),
    ).toBe(true);

    // The export is itself in the log.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('About', { exact: true }).selectOption({ label: 'Audit log export' });
    const exports = answered(page, 'entityType=audit_export');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await exports;
    await expect.poll(() => actions(page)).toEqual(['exported']);
    await page.getByRole('table').getByText('Audit log export').waitFor();

    // Retention: five years, saved, and the change shows its before and after.
    await page.getByLabel('Keep audit events for').selectOption({ label: '5 years' });
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByRole('status').getByText('Retention saved.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('table').getByText('from 2557 to 1826').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Keep audit events for').selectOption({ label: '7 years (default)' });
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByRole('table').getByText('from 1826 to 2557').waitFor();

    // A phone: cards instead of the table, no sideways scrolling, still clean.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('list', { name: 'Audit events, newest first' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('is in Czech for a Czech admin, and closed to members', async () => {
    const page = await as('owner@leadgate.test', 'cs-CZ');
    await page.goto(`${suite.baseUrl}/app/settings/audit`);
    await page.getByRole('heading', { level: 1, name: 'Auditní záznam' }).waitFor();
    await page.getByRole('table', { name: 'Auditní události, nejnovější první' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const member = await as('member@leadgate.test');
    await member.goto(`${suite.baseUrl}/app/settings/audit`);
    await member.waitForURL(/\/app\/(leads|tasks)/);
    expect(await member.getByRole('heading', { name: 'Audit log' }).count()).toBe(0);
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { createLead, uniqueName } from './support/leads';
import { waitForCount } from './support/wait';

const enabled = browserAvailable();

describe.skipIf(!enabled)('lead conversion in Chromium', () => {
  const suite = dashboardSuite();
  const { as } = suite;

  /** A qualified lead with a company, of this test's own, created and qualified through the API. */
  async function qualifiedLead(page: Page): Promise<{ id: string; company: string }> {
    const company = `${uniqueName('Konvert')} a.s.`;
    const id = await createLead(page, { firstName: 'Olga', lastName: uniqueName('Prevod'), company }, [
      'CONTACTED',
      'QUALIFIED',
    ]);
    return { id, company };
  }

  it('converts from the lead page through the dialog and lands on the opportunity', async () => {
    const page = await as('admin@leadgate.test');
    const lead = await qualifiedLead(page);
    await page.goto(`${suite.baseUrl}/app/leads/${lead.id}`);
    const convert = page.getByRole('button', { name: 'Convert', exact: true });
    await convert.click();

    const dialog = page.getByRole('dialog', { name: 'Convert lead' });
    await dialog.getByText(/^Create opportunity: /).waitFor();
    await dialog.getByLabel('Account executive').waitFor();
    expect(await dialog.getByText(/^(Create account|Link to account): /).count()).toBe(1);
    expect(await dialog.getByText(/^Assign to: /).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard: the new-account choice, then a named AE, then Enter on the submit button.
    await dialog.getByRole('radio', { name: /^New account: / }).check();
    await waitForCount(dialog.getByText(`Create account: ${lead.company}`), 1);
    await dialog.getByLabel('Account executive').selectOption({ label: 'Petr Member' });
    await waitForCount(dialog.getByText('Assign to: Petr Member'), 1);
    await dialog.getByRole('button', { name: 'Convert lead' }).click();

    await page.waitForURL(/\/app\/opportunities\/opp_/);
    const status = page.getByRole('status').filter({ hasText: 'Lead converted! Opportunity created:' });
    await status.waitFor();
    await page
      .getByRole('heading', { level: 1, name: new RegExp(`^${escapeRegExp(lead.company)} - `) })
      .waitFor();
    expect(await page.getByRole('link', { name: lead.company, exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText('Lead: Converted').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // Stage and amount are editable.
    await page.getByLabel('Stage', { exact: true }).selectOption('Proposal');
    await page.getByLabel('Amount (CZK)').fill('12500');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Opportunity saved.' }).waitFor();

    // The lead now links to its records and its edit controls say why they are disabled.
    await page.goto(`${suite.baseUrl}/app/leads/${lead.id}`);
    await page.getByRole('heading', { name: 'Converted' }).waitFor();
    expect(await page.getByText('This lead is converted: only notes can be added.').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Convert', exact: true }).count()).toBe(0);
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.waitForURL(/\/app\/accounts\/acct_/);
    await page.getByRole('heading', { level: 2, name: 'Opportunities' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('lists accounts, contacts and opportunities with search, without axe violations', async () => {
    const page = await as('admin@leadgate.test');
    for (const [path, heading] of [
      ['accounts', 'Accounts'],
      ['contacts', 'Contacts'],
      ['opportunities', 'Opportunities'],
    ] as const) {
      await page.getByRole('navigation').getByRole('link', { name: heading }).click();
      await page.waitForURL(new RegExp(`/app/${path}$`));
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByText(/^Results: \d+$/).waitFor();
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.getByLabel('Search by name').fill('zzzz-nothing');
    // The list's own Search, not the header's app-wide one.
    await page.getByRole('main').getByRole('button', { name: 'Search' }).click();
    await page.getByText('Results: 0').waitFor();
    expect(await page.getByText('Nothing found.').count()).toBe(1);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

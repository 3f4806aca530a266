import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { createLead, uniqueName } from './support/leads';
import { waitForCount } from './support/wait';
import { listSettled } from './support/workspace';

const enabled = browserAvailable();

describe.skipIf(!enabled)('GDPR erasure in Chromium', () => {
  const suite = dashboardSuite();
  const { as } = suite;

  /** A lead of this test's own, with a first name, created through the API as the signed-in user. */
  async function someLead(page: Page): Promise<{ id: string; name: string; lastName: string }> {
    const lastName = uniqueName('Vymazal');
    const id = await createLead(page, { firstName: 'Ilona', lastName, company: 'Erasure s.r.o.' });
    return { id, name: `Ilona ${lastName}`, lastName };
  }

  /** How many rows of the list, searched by the lead's last name, link to the lead. */
  async function linksTo(page: Page, lead: { id: string; lastName: string }): Promise<number> {
    const listed = page.waitForResponse((r) => /\/api\/leads\?.*q=/.test(r.url()) && r.ok());
    await page.goto(`${suite.baseUrl}/app/leads?q=${encodeURIComponent(lead.lastName)}`);
    await listed;
    await listSettled(page);
    return page.locator(`a[href$="/app/leads/${lead.id}"]`).count();
  }

  it('an owner erases a lead after typing its name, and it is gone', async () => {
    const page = await as('owner@leadgate.test');
    const lead = await someLead(page);
    expect(await linksTo(page, lead)).toBeGreaterThan(0);
    await page.goto(`${suite.baseUrl}/app/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: lead.name }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Erase personal data' }).waitFor();
    await page.getByRole('button', { name: 'Erase lead…' }).click();

    const dialog = page.getByRole('dialog', { name: `Erase ${lead.name} for good?` });
    await dialog.getByText('This cannot be undone.').waitFor();
    expect(await dialog.getByText(/every note, the documents attached only to this lead/).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard only: a wrong name is refused with the reason, then the right one and Enter erase.
    const confirm = dialog.getByLabel(`To confirm, type the lead’s name: ${lead.name}`);
    await confirm.focus();
    await page.keyboard.type(lead.lastName);
    await page.keyboard.press('Enter');
    await dialog.getByText(`That is not the lead’s name. Type ${lead.name} to confirm.`).waitFor();
    expect(await confirm.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('erase-confirm');
    const statusOf = (id: string) => page.evaluate(async (i) => (await fetch(`/api/leads/${i}`)).status, id);
    expect(await statusOf(lead.id)).toBe(200);
    await confirm.fill('');
    await page.keyboard.type(lead.name.toUpperCase());
    await page.keyboard.press('Enter');

    await page.getByRole('status').filter({ hasText: 'The lead’s personal data was erased.' }).waitFor();
    // Any dialog: the title (and with it this dialog's name) goes at once, the modal closes a frame later.
    await waitForCount(page.getByRole('dialog'), 0);
    expect(await statusOf(lead.id)).toBe(404);

    // Not in the list (searched by its last name), and its page says it does not exist.
    expect(await linksTo(page, lead)).toBe(0);
    await page.goto(`${suite.baseUrl}/app/leads/${lead.id}`);
    await page.getByText('This lead does not exist, or it belongs to another organization.').waitFor();
  });

  it.each(['admin@leadgate.test', 'viewer@leadgate.test'])('%s sees no Erase button', async (email) => {
    // A viewer cannot create leads: an admin makes the one to look at.
    const lead = await someLead(await as('admin@leadgate.test'));
    const page = await as(email);
    await page.goto(`${suite.baseUrl}/app/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: lead.name }).waitFor();
    expect(await page.getByRole('button', { name: 'Erase lead…' }).count()).toBe(0);
  });
});

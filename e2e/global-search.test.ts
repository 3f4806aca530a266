import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { createLead, uniqueName } from './support/leads';

const enabled = browserAvailable();

/** The id, or failing that the tag, of the focused element. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.id ? `#${el.id}` : (el?.tagName.toLowerCase() ?? 'none');
  });

describe.skipIf(!enabled)('the app-wide search in Chromium', () => {
  const suite = dashboardSuite();

  it('opens on Ctrl+K, finds a lead as typed, moves by arrow and opens it on Enter', async () => {
    const page = await suite.as('admin@leadgate.test');
    const lastName = uniqueName('Hledana');
    const id = await createLead(page, { firstName: 'Olga', lastName, company: 'Palette Works' });
    await page.goto(`${suite.baseUrl}/app/pipeline`);
    await page.getByRole('heading', { level: 1 }).waitFor();

    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search everything' });
    await dialog.waitFor();
    expect(await focused(page)).toBe('#global-search-input');
    const box = page.getByRole('combobox', { name: 'Leads, accounts, contacts, opportunities' });
    await box.pressSequentially(lastName.slice(0, 9));
    const option = dialog.getByRole('option', { name: new RegExp(lastName) });
    await option.waitFor();
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/1 result/);
    expect(await dialog.getByRole('group', { name: 'Leads' }).getByRole('option').count()).toBe(1);
    expect(await box.getAttribute('aria-activedescendant')).toBeNull();
    expect(await axeViolations(page)).toEqual([]);

    await page.keyboard.press('ArrowDown');
    const activeId = await box.getAttribute('aria-activedescendant');
    expect(activeId).toBe(await option.getAttribute('id'));
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await focused(page)).toBe('#global-search-input');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/app/leads/${id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(lastName) }).waitFor();
    expect(await dialog.isVisible()).toBe(false);
  });

  it('opens on / outside text fields, leaves / to the lead list search, and returns focus on Escape', async () => {
    const page = await suite.as('viewer@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/accounts`);
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await page.keyboard.press('/');
    const dialog = page.getByRole('dialog', { name: 'Search everything' });
    await dialog.waitFor();
    await page.keyboard.type('x');
    // One letter is not searched: no listbox shown, no request.
    expect(await dialog.getByRole('listbox').isVisible()).toBe(false);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Typing `/` into a text field types it.
    await page.locator('#crm-search').focus();
    await page.keyboard.type('a/b');
    expect(await page.locator('#crm-search').inputValue()).toBe('a/b');
    expect(await dialog.isVisible()).toBe(false);

    // On the lead list `/` is the list's own search; Ctrl+K is this one, and the shortcut help says so.
    await page.goto(`${suite.baseUrl}/app/leads`);
    await page.locator('tbody tr').first().waitFor();
    await page.locator('h1').focus();
    await page.keyboard.press('/');
    expect(await focused(page)).toBe('#lead-search');
    expect(await dialog.isVisible()).toBe(false);
    await page.keyboard.press('Control+k');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused(page)).toBe('#lead-search');

    // The header button, for pointer and touch: Escape returns focus to it.
    const button = page.getByRole('banner').getByRole('button', { name: 'Search' });
    await button.click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('header__search'))).toBe(
      true,
    );

    await page.locator('h1').focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Search leads, accounts, contacts and opportunities').waitFor();
  });

  it('in Czech on a phone: finds a lead by exact email and phone, axe-clean, without sideways scrolling', async () => {
    const admin = await suite.as('admin@leadgate.test');
    const lastName = uniqueName('Telefonni');
    const email = `${lastName.toLowerCase()}@hledani.example`;
    const id = await createLead(admin, {
      lastName,
      company: 'Hledání s.r.o.',
      email,
      phone: '+420 777 123 456',
    });
    const page = await suite.as('admin@leadgate.test', 'cs-CZ');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.baseUrl}/app/pipeline`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // Nothing on the page scrolls sideways, the header's search button included.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('banner').getByRole('button', { name: 'Hledat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hledat všude' });
    await dialog.waitFor();
    await page.keyboard.type(email.toUpperCase());
    const option = dialog
      .getByRole('group', { name: 'Leady' })
      .getByRole('option', { name: new RegExp(lastName) });
    await option.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The dialog and the header (its search button included) fit a phone's width; no part of them is cut off.
    const overflow = await page.evaluate(() =>
      ['dialog[open]', '.header', '.global-search__results'].map((selector) => {
        const el = document.querySelector(selector)!;
        return {
          selector,
          right: el.getBoundingClientRect().right <= 390,
          fits: el.scrollWidth <= el.clientWidth,
        };
      }),
    );
    expect(overflow.filter((o) => !o.right || !o.fits)).toEqual([]);
    await option.click();
    await page.waitForURL(`**/app/leads/${id}`);
    await page.keyboard.press('Control+k');
    await dialog.waitFor();
    await page.keyboard.type('777 123 456');
    await dialog.getByRole('option', { name: new RegExp(lastName) }).waitFor();
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { createLead, uniqueName } from './support/leads';
import { listAfter, listSettled } from './support/workspace';

const enabled = browserAvailable();

/** The focused element, described well enough to tell where keyboard users are (never just `<body>`). */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const id = el.id ? `#${el.id}` : '';
    const lead = el.getAttribute('data-lead-id') ? `[${el.getAttribute('data-lead-id')}]` : '';
    const text = el.matches('button, a, h1') ? ` "${el.textContent?.trim()}"` : '';
    return `${el.tagName.toLowerCase()}${id}${lead}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}${text}`;
  });
}

describe.skipIf(!enabled)('the core loop by keyboard in Chromium', () => {
  const suite = dashboardSuite();

  it('keeps focus on a sensible element after every step: search, rows, status, assign, tag, lost, back', async () => {
    const page = await suite.as('admin@leadgate.test');
    // A new, unassigned lead of this test's own: the walk changes it.
    const lastName = uniqueName('Klavesnice');
    await createLead(page, { firstName: 'Hana', lastName, company: 'Keyboard s.r.o.' });
    await page.goto(`${suite.baseUrl}/app/leads?status=NEW&assignee=unassigned`);
    await listSettled(page);

    // `/` jumps to the search; Escape leaves it for the list, keeping the search, so j/k move between rows.
    await page.keyboard.press('/');
    expect(await focused(page)).toBe('input#lead-search');
    await listAfter(page, () => page.keyboard.type(lastName));
    // The search is debounced: an earlier prefix's answer may be shown first; wait for the whole name's.
    await page.waitForFunction(
      (name) =>
        new URL(location.href).searchParams.get('q') === name &&
        !document.querySelector('.toolbar__status .spinner'),
      lastName,
    );
    await expect
      .poll(() => page.locator('tbody tr').allTextContents())
      .toSatisfy((rows: string[]) => rows.length > 0 && rows.every((row) => row.includes(lastName)));
    await page.keyboard.press('Escape');
    expect(await page.locator('#lead-search').inputValue()).toBe(lastName);
    expect(await focused(page)).toBe('section.table-scroll.table-scroll--sticky');
    await page.keyboard.press('j');
    const id = (await page.locator('tbody tr').first().getAttribute('data-lead-id')) ?? '';
    expect(await focused(page)).toBe(`tr[${id}]`);
    expect(await page.locator('#lead-search').inputValue()).toBe(lastName);

    // Enter opens the lead: focus on its heading.
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Move to Contacted' }).waitFor();
    expect(await focused(page)).toMatch(/^h1\.page-heading /);

    // Move to Contacted: its button goes; focus moves to the next move, not to <body>.
    await page.getByRole('button', { name: 'Move to Contacted' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Move to Qualified' }).waitFor();
    await expect.poll(() => focused(page)).toBe('button.button.button--primary "Move to Qualified"');

    // Assign: the choice, then the Assign button; focus returns to the choice once saved.
    await page.locator('#assignee-picker').focus();
    await page.locator('#assignee-picker').selectOption({ label: 'Petr Member' });
    await page.getByRole('button', { name: 'Assign', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Assigned to Petr Member.').waitFor();
    await expect.poll(() => focused(page)).toBe('select#assignee-picker');

    // A tag is added from its field and removed by its button; focus stays at the field, not <body>.
    await page.locator('#tag-input').focus();
    await page.keyboard.type('walk');
    await page.keyboard.press('Enter');
    const remove = page.getByRole('button', { name: 'Remove tag walk' });
    await remove.waitFor();
    await remove.focus();
    await page.keyboard.press('Enter');
    await remove.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('input#tag-input');

    // Lost asks why in a dialog; when it closes, focus is on the lead's next move (Reopen to Contacted).
    await page.getByRole('button', { name: 'Move to Lost' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Why was this lead lost?' });
    await dialog.waitFor();
    await dialog.getByLabel('Loss reason').selectOption('NO_BUDGET');
    await dialog.getByRole('button', { name: 'Mark as lost' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => focused(page)).toBe('button.button.button--primary "Move to Contacted"');

    // Back to the list it came from, search and filters kept: its heading has focus. The lead is Lost now,
    // so the list is empty; clearing the search from the keyboard brings rows, and j picks one again.
    await page.getByRole('link', { name: 'All leads' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    await page.waitForURL((url) => url.searchParams.get('q') === lastName);
    await expect.poll(() => focused(page)).toBe('h1.page-heading "Leads"');
    await listSettled(page);
    await page.keyboard.press('/');
    await page.keyboard.press('Control+A');
    await listAfter(page, () => page.keyboard.press('Delete'));
    await page.keyboard.press('Escape');
    await listSettled(page);
    await page.keyboard.press('j');
    expect(await focused(page)).toMatch(/^tr\[/);
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { signIn } from './support/leads';
import { DEMO_PASSWORD, listAfter, listSettled } from './support/workspace';

const enabled = browserAvailable();

/** The status each row shows: the chosen option of its status select. */
const shownStatuses = (page: Page) =>
  page
    .locator('tbody tr td:nth-child(4) select')
    .evaluateAll((selects) =>
      selects.map((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? ''),
    );

describe.skipIf(!enabled)('the SDR workspace in Chromium', () => {
  const suite = dashboardSuite();
  const { as } = suite;

  it('searches as you type, filters by status and stale, keeps it all in the URL, and Back undoes it', async () => {
    const page = await as('member@leadgate.test');
    expect(await listSettled(page)).toMatch(/Leads shown: 50 of 2\d\d/);
    expect(await axeViolations(page)).toEqual([]);

    // "/" jumps to the search; results arrive while typing, without pressing Enter.
    await page.locator('body').press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lead-search');
    await listAfter(page, () => page.keyboard.type('Acme', { delay: 30 }));
    await page.waitForURL(/\?q=Acme$/);
    await listSettled(page);
    const companies = await page.locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(companies.length).toBeGreaterThan(0);
    expect(companies.filter((c) => !c.includes('Acme'))).toEqual([]);

    // A status chip with its count filters; the count is the number of matching leads.
    const newChip = page.getByRole('button', { name: /^New \(\d+\)$/ });
    const newCount = Number(/\((\d+)\)/.exec((await newChip.textContent()) ?? '')?.[1]);
    await listAfter(page, () => newChip.click());
    await page.waitForURL(/status=NEW/);
    expect(await newChip.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('tbody tr').count()).toBe(Math.min(newCount, 50));
    const statuses = await shownStatuses(page);
    expect(new Set(statuses)).toEqual(new Set(['New']));

    // The filter panel: a score range.
    await page.getByText('Filters (1 active)').click();
    await page.getByLabel('Lowest score').fill('10');
    await listAfter(page, () => page.getByRole('button', { name: 'Apply filters' }).click());
    await page.waitForURL(/scoreMin=10/);
    const scores = (await page.locator('tbody tr td:first-child').allInnerTexts()).map((s) =>
      Number.parseInt(s, 10),
    );
    expect(scores.every((s) => s >= 10)).toBe(true);
    expect(await page.getByText('Filters (2 active)').count()).toBe(1);

    // Several statuses at once, from the panel's check boxes.
    await page.getByRole('checkbox', { name: 'Contacted' }).check();
    await listAfter(page, () => page.getByRole('button', { name: 'Apply filters' }).click());
    await page.waitForURL(/status=NEW%2CCONTACTED|status=NEW,CONTACTED/);
    const both = new Set(await shownStatuses(page));
    expect([...both].every((s) => s === 'New' || s === 'Contacted')).toBe(true);

    // Sort by last name.
    await listAfter(page, () => page.getByLabel('Sort by').selectOption('name'));
    await page.waitForURL(/sort=name/);

    // A shared link restores the same list.
    const shared = page.url();
    const other = await as('member@leadgate.test');
    await listAfter(other, () => other.goto(shared));
    expect(await other.getByLabel('Search leads').inputValue()).toBe('Acme');
    expect(await other.getByLabel('Sort by').inputValue()).toBe('name');

    // Back undoes the sort, then the filter.
    await listAfter(page, () => page.goBack());
    await page.waitForURL((url) => !url.search.includes('sort=name'));
    expect(await page.getByLabel('Sort by').inputValue()).toBe('score');
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('CONTACTED'));
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('scoreMin'));
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows days without activity with a stale marker in words, and the shortcut help as a dialog', async () => {
    const page = await as('member@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/leads?stale=30`);
    await listSettled(page);
    const rows = page.locator('tbody tr');
    if ((await rows.count()) > 0) {
      const idle = await rows.first().locator('td:nth-child(6)').textContent();
      expect(idle ?? '').toMatch(/Stale: (30|60)\+ days without activity/);
    }
    await page.locator('h1').click();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('opens a lead with j and Enter, shows the score breakdown, and a viewer cannot change it', async () => {
    const page = await as('viewer@leadgate.test');
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const name = (await page.locator('tbody tr:nth-child(2) .lead__name').textContent()) ?? '';
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name }).waitFor();
    expect(page.url()).toMatch(/\/app\/leads\/[\w-]+$/);
    await page.getByText('How this score was calculated').click();
    expect(await page.locator('.score-details p').textContent()).toMatch(/= \d+\/100$/);
    const move = page.getByRole('button', { name: /^Move to / }).first();
    if ((await move.count()) > 0) expect(await move.isDisabled()).toBe(true);
    expect(await page.getByText('Viewers can look at leads but not change them.').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
  });

  it('moves a lead to Lost only with a reason, through an accessible dialog', async () => {
    const page = await as('admin@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/leads?status=NEW`);
    await listSettled(page);
    await page.locator('tbody tr .lead__name').first().click();
    await page.getByRole('button', { name: 'Move to Lost' }).waitFor();
    expect(await page.locator('.stage--current').textContent()).toContain('New');
    await page.getByRole('button', { name: 'Move to Lost' }).click();
    const dialog = page.getByRole('dialog', { name: 'Why was this lead lost?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // Escape cancels and returns focus to the button that opened the dialog.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Move to Lost');

    await page.getByRole('button', { name: 'Move to Lost' }).click();
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await dialog.getByText('Choose why the lead was lost').waitFor();
    await dialog.getByLabel('Loss reason').selectOption('OTHER');
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await dialog.getByText('Describe the reason').waitFor();
    await dialog.getByLabel('Explain the reason').fill('Project cancelled');
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Status changed to Lost.').waitFor();
    expect(await page.locator('.hero__status .status').textContent()).toBe('Lost');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('edits fields in place with the server’s errors, tags with suggestions, notes and the timeline', async () => {
    const page = await as('admin@leadgate.test');
    await page.locator('tbody tr .lead__name').first().click();
    await page.getByRole('button', { name: 'Edit Company' }).click();
    await page.getByLabel('Company', { exact: true }).fill('Inline Edit GmbH');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Inline Edit GmbH').first().waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Edit Company');

    // The server refuses a bad email: its message shows under the input, which keeps focus.
    await page.getByRole('button', { name: 'Edit Email' }).click();
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#edit-email-error').waitFor();
    expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-describedby')).toBe(
      'edit-email-error',
    );
    expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByLabel('Add a tag').fill('e2e-hot');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove tag e2e-hot' }).waitFor();

    await page.getByRole('tab', { name: 'Notes' }).click();
    await page.getByLabel('New note').fill('Called, asked for a demo next week.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Called, asked for a demo next week.').waitFor();
    await page.getByRole('button', { name: 'Edit note' }).first().click();
    await page.getByLabel('Note text').fill('Demo booked for Tuesday.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Demo booked for Tuesday.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Delete note' }).first().click();
    await page.getByText('Demo booked for Tuesday.').waitFor({ state: 'detached' });

    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByLabel('Show').selectOption('notes');
    await page.locator('.timeline [data-type="note_added"]').first().waitFor();
    await page.getByText('Note added', { exact: true }).first().waitFor();
    // The unfiltered timeline already shows the notes (it follows live changes): wait for the filtered one.
    const types = () =>
      page
        .locator('.timeline [data-type]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-type') ?? ''));
    await expect.poll(async () => (await types()).every((type) => type.startsWith('note_'))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.getByLabel('Upload a document').setInputFiles({
      name: 'proposal.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Proposal for the pilot.'),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const link = page.getByRole('link', { name: 'Download proposal.txt' });
    await link.waitFor();
    const download = page.waitForEvent('download');
    await link.click();
    expect((await download).suggestedFilename()).toBe('proposal.txt');
    expect(await axeViolations(page)).toEqual([]);

    // Deleting asks first; Escape keeps the document, confirming removes it.
    await page.getByRole('button', { name: 'Delete proposal.txt' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the document proposal.txt?' });
    await confirm.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete proposal.txt' }).click();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await link.waitFor({ state: 'detached' });
    await page.getByText('proposal.txt deleted.').waitFor({ state: 'attached' });
  });

  it('tells the SDR when someone else changed the lead meanwhile, and reloads it', async () => {
    const first = await as('admin@leadgate.test');
    await first.locator('tbody tr .lead__name').first().click();
    // The first person is mid-edit, so the live update may not replace what they are typing.
    await first.getByRole('button', { name: 'Edit City' }).click();
    await first.getByLabel('City', { exact: true }).fill('Plzeň');
    const url = first.url();
    const second = await as('owner@leadgate.test');
    await second.goto(url);
    await second.getByRole('button', { name: 'Edit City' }).click();
    await second.getByLabel('City', { exact: true }).fill('Brno');
    await second.getByRole('button', { name: 'Save', exact: true }).click();
    await second.getByText('City saved.').waitFor({ state: 'attached' });

    await first.getByRole('button', { name: 'Save', exact: true }).click();
    await first
      .getByText('This lead was changed by someone else. Reload to see the latest version.')
      .waitFor();
    expect(await axeViolations(first)).toEqual([]);
    // Reload by hand, unless the live update already reloaded the lead once the edit closed.
    await expect
      .poll(async () => {
        const reload = first.getByRole('button', { name: 'Reload' });
        if (await reload.count()) await reload.first().click();
        return first.getByText('Brno', { exact: true }).count();
      })
      .toBe(1);
    expect(await first.getByText('This lead was changed by someone else.', { exact: false }).count()).toBe(0);
  });

  it('quick-creates a lead, warning about a similar one while typing', async () => {
    const page = await as('member@leadgate.test');
    const api = await signIn(suite.baseUrl, 'member@leadgate.test', DEMO_PASSWORD);
    const firstId = (await page.locator('tbody tr').first().getAttribute('data-lead-id')) ?? '';
    const existing = await api.lead(firstId);
    expect(existing.email).toBeTruthy();

    await page.getByRole('button', { name: 'New lead' }).click();
    const dialog = page.getByRole('dialog', { name: 'New lead' });
    await dialog.waitFor();
    await dialog.getByLabel('Email').pressSequentially(existing.email ?? '', { delay: 10 });
    const similar = dialog.getByText(/^Similar lead found: /);
    await similar.waitFor();
    expect(await similar.textContent()).toContain(existing.lastName);
    await dialog.getByRole('link', { name: /^View existing: / }).waitFor();
    await dialog.getByRole('button', { name: 'Create anyway' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A new name: no warning, and the lead's page opens once created.
    await dialog.getByLabel('Email').fill('');
    const lastName = `Quickfeld-${Date.now().toString(36)}`;
    await dialog.getByLabel('First name').fill('Jana');
    await dialog.getByLabel('Last name (required)').fill(lastName);
    await dialog.getByLabel('Company').fill('Nordlicht s.r.o.');
    await dialog.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('heading', { level: 1, name: `Jana ${lastName}` }).waitFor();
    expect(await page.locator('.hero__sub').textContent()).toBe('Nordlicht s.r.o.');
  });

  it('hides nothing but disables quick create for a viewer, with the reason', async () => {
    const page = await as('viewer@leadgate.test');
    const button = page.getByRole('button', { name: 'New lead' });
    expect(await button.isDisabled()).toBe(true);
    expect(await page.getByText('Viewers cannot create leads.').count()).toBe(1);
  });

  it('moves cards on the pipeline board with the pointer and with the keyboard', async () => {
    const page = await as('admin@leadgate.test');
    await page.getByRole('link', { name: 'Pipeline' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    const live = page.locator('p[role="status"][aria-live="assertive"]');
    const announced = (text: string) =>
      page
        .waitForFunction(
          ([t]) =>
            document.querySelector('p[role="status"][aria-live="assertive"]')?.textContent?.includes(t ?? ''),
          [text],
          { timeout: 5000 },
        )
        .catch(async (e) => {
          throw new Error(`not announced: ${text}; live region says: ${await live.textContent()}`, {
            cause: e,
          });
        });
    const column = (status: string) => page.locator(`section.column[data-status="${status}"]`);
    const count = async (status: string) =>
      Number(/\((\d+)\)/.exec((await column(status).locator('h2').textContent()) ?? '')?.[1]);
    await column('NEW').locator('li.card').first().waitFor();
    // The columns load one by one: every count is in once the board stops saying it is loading.
    await page.locator('p.loading').waitFor({ state: 'detached' });
    expect(await axeViolations(page)).toEqual([]);

    // Pointer: drag the first New card onto Contacted.
    const [newBefore, contactedBefore] = [await count('NEW'), await count('CONTACTED')];
    const id = (await column('NEW').locator('li.card').first().getAttribute('data-lead-id')) ?? '';
    const card = page.locator(`li.card[data-lead-id="${id}"]`);
    const name = (await card.locator('.card__name').textContent()) ?? '';
    const inColumn = (status: string) => column(status).locator(`li.card[data-lead-id="${id}"]`);
    const saved = page.waitForResponse((r) => r.url().endsWith('/status') && r.status() === 200);
    // Aim at the column's heading: its centre is far below the fold, and scrolling mid-drag moves the source.
    await card.dragTo(column('CONTACTED'), { targetPosition: { x: 20, y: 20 } });
    await saved;
    await inColumn('CONTACTED').waitFor();
    expect(await count('NEW')).toBe(newBefore - 1);
    expect(await count('CONTACTED')).toBe(contactedBefore + 1);
    await announced(`${name} moved to Contacted.`);

    // Keyboard: Space lifts, arrows choose a column, Space drops; every step is announced.
    const move = page.locator(`[data-move="${id}"]`);
    await move.focus();
    await page.keyboard.press('Space');
    await announced(`${name} picked up from Contacted.`);
    await page.keyboard.press('ArrowRight');
    await announced(`${name} over Qualified.`);
    expect(await column('QUALIFIED').getAttribute('class')).toContain('column--target');
    await page.keyboard.press('Space');
    await inColumn('QUALIFIED').waitFor();
    await announced(`${name} moved to Qualified.`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-move'))).toBe(id);

    // Escape cancels a lifted card.
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Escape');
    await announced(`Move of ${name} cancelled.`);
    expect(await inColumn('QUALIFIED').count()).toBe(1);

    // Dropping on Lost asks why, in a dialog, and offers to close the lead's open tasks (checked).
    const openTasks = () =>
      page.evaluate(async (lead) => {
        const res = await fetch(`/api/leads/${lead}/tasks`);
        return ((await res.json()) as { items: Array<{ doneAt: string | null }> }).items.filter(
          (x) => !x.doneAt,
        ).length;
      }, id);
    await page.evaluate(async (lead) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const res = await fetch(`/api/leads/${lead}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ title: 'Send the offer' }),
      });
      if (res.status !== 201) throw new Error(`task: ${res.status}`);
    }, id);
    expect(await openTasks()).toBe(1);
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    const dialog = page.getByRole('dialog', { name: 'Why was this lead lost?' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByLabel('Loss reason').selectOption('NO_BUDGET');
    expect(await dialog.getByRole('checkbox', { name: 'Also close their open tasks' }).isChecked()).toBe(
      true,
    );
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await inColumn('LOST').waitFor();
    await announced(`${name} moved to Lost.`);
    expect(await openTasks()).toBe(0);
  });

  it.each([
    ['de', 'Leads durchsuchen', 'Sortieren nach', 'Kontakt und Unternehmen'],
    ['cs', 'Hledat leady', 'Řadit podle', 'Kontakt a firma'],
    ['uk', 'Пошук лідів', 'Сортувати за', 'Контакт і компанія'],
  ])('switches to %s: the list, a lead and the pipeline', async (code, search, sort, facts) => {
    const page = await as('member@leadgate.test');
    await page.getByLabel('Language').selectOption(code);
    // The language's catalog is fetched on first choice; the page switches (and says so in lang) once it is in.
    await page.waitForFunction((c) => document.documentElement.lang === c, code);
    await page.getByLabel(search).waitFor();
    await page.getByLabel(sort).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('tbody tr .lead__name').first().click();
    await page.getByRole('heading', { level: 2, name: facts }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${suite.baseUrl}/app/pipeline`);
    await page.locator('li.card').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
  it('assigns through the picker, rings the assignee’s bell, and the bell is keyboard-operable', async () => {
    const admin = await as('admin@leadgate.test');
    await admin.goto(`${suite.baseUrl}/app/leads?assignee=unassigned`);
    await listSettled(admin);
    const lead = admin.locator('tbody tr .lead__name').first();
    const name = ((await lead.textContent()) ?? '').trim();
    await lead.click();
    await admin.getByLabel('Assignee', { exact: true }).selectOption({ label: 'Petr Member' });
    await admin.getByRole('button', { name: 'Assign', exact: true }).click();
    await admin.getByText('Assigned to Petr Member.').waitFor();
    expect(await axeViolations(admin)).toEqual([]);

    const member = await as('member@leadgate.test');
    const bell = member.getByRole('button', { name: /^Notifications, \d+ unread$/ });
    await bell.waitFor();
    const before = Number(/(\d+) unread/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1]);
    await bell.focus();
    await member.keyboard.press('Enter');
    const panel = member.getByRole('region', { name: 'Notifications' });
    await panel.waitFor();
    expect(await bell.getAttribute('aria-expanded')).toBe('true');
    const item = panel.getByRole('link', { name: new RegExp(`You've been assigned a new lead: ${name}`) });
    await item.first().waitFor();
    expect(await axeViolations(member)).toEqual([]);
    await member.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await member.evaluate(() => document.activeElement?.classList.contains('bell__button'))).toBe(
      true,
    );

    await member.keyboard.press('Enter');
    await item.first().click();
    await member.getByRole('heading', { level: 1, name }).waitFor();
    await member
      .getByRole('button', { name: before > 1 ? `Notifications, ${before - 1} unread` : 'Notifications' })
      .waitFor();
  });

  it('saves the current filter as a view, applies it from the list, renames and deletes it', async () => {
    const page = await as('member@leadgate.test');
    await listAfter(page, () => page.getByRole('button', { name: /^Contacted \(\d+\)$/ }).click());
    await page.getByLabel('Name of the view').fill('My contacted');
    await page.getByRole('button', { name: 'Save current view' }).click();
    await page.getByText('View My contacted saved.').waitFor();
    const link = page.getByRole('link', { name: 'My contacted' });
    expect(await link.getAttribute('aria-current')).toBe('page');
    expect(await axeViolations(page)).toEqual([]);

    await listAfter(page, () => page.goto(`${suite.baseUrl}/app/leads`));
    expect(await link.getAttribute('aria-current')).toBeNull();
    await listAfter(page, () => link.click());
    await page.waitForURL(/status=CONTACTED/);
    expect(await page.getByRole('button', { name: /^Contacted \(\d+\)$/ }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    await page.getByRole('button', { name: 'Rename view My contacted' }).click();
    await page.getByLabel('New name for My contacted').fill('Follow up');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('link', { name: 'Follow up' }).waitFor();
    await page.getByRole('button', { name: 'Delete view Follow up' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the view Follow up?' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('link', { name: 'Follow up' }).waitFor({ state: 'detached' });
  });
});

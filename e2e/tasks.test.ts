import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cs } from '../dashboard/i18n/cs';
import { en } from '../dashboard/i18n/en';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { createLead, uniqueName } from './support/leads';

const enabled = browserAvailable();
const DAY = 86_400_000;

type Task = { id: string; done: boolean; dueAt: string };

/** Adds a task to a lead as the page's user; returns it. */
function addTask(page: Page, leadId: string, body: Record<string, unknown>): Promise<Task> {
  return page.evaluate(
    async ({ leadId, body }) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const res = await fetch(`/api/leads/${leadId}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`add task: ${res.status} ${await res.text()}`);
      return (await res.json()) as Task;
    },
    { leadId, body },
  );
}

function leadTasks(page: Page, leadId: string): Promise<Task[]> {
  return page.evaluate(
    async (leadId) => ((await (await fetch(`/api/leads/${leadId}/tasks`)).json()) as { items: Task[] }).items,
    leadId,
  );
}

/** The focused task row's id (null when focus is elsewhere). */
function focusedTask(page: Page): Promise<string | null> {
  return page.evaluate(
    () => document.activeElement?.closest('li[data-task-id]')?.getAttribute('data-task-id') ?? null,
  );
}

/** A lead of this test's own with a task long overdue and one due in a few minutes. */
async function arrange(page: Page) {
  const lastName = uniqueName('Ukol');
  const leadId = await createLead(page, { firstName: 'Tereza', lastName, company: 'Úkoly a.s.' });
  // Far enough back to be the first overdue row of this user.
  const overdue = await addTask(page, leadId, {
    title: `Call back ${lastName}`,
    dueAt: new Date(Date.now() - 400 * DAY).toISOString(),
  });
  const soon = await addTask(page, leadId, {
    title: `Send the offer ${lastName}`,
    dueAt: new Date(Date.now() + 3 * 60_000).toISOString(),
  });
  return { leadId, lastName, overdue, soon };
}

describe.skipIf(!enabled)('My tasks in Chromium', () => {
  const suite = dashboardSuite();

  it('shows overdue in words, and is worked by keyboard alone: j, x, s, Enter', async () => {
    const page = await suite.as('admin@leadgate.test');
    const { leadId, lastName, overdue, soon } = await arrange(page);
    await page.goto(`${suite.baseUrl}/app/tasks`);
    await page.getByRole('heading', { name: en['tasks.title'], level: 1 }).waitFor();
    const overdueRow = page.locator(`li[data-task-id="${overdue.id}"]`);
    await overdueRow.waitFor();
    expect(await overdueRow.textContent()).toContain(en['tasks.overdue']);
    expect(await page.locator(`#tasks-overdue + ul li[data-task-id="${overdue.id}"]`).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    // The nav counts overdue and today's tasks, and says so to screen readers.
    expect(
      await page
        .getByRole('navigation')
        .getByRole('link', { name: /My tasks/ })
        .textContent(),
    ).toMatch(/My tasks\s+\d+/);

    // j focuses the first row (the long-overdue one); x marks it done, and x again would undo it.
    await page.keyboard.press('j');
    expect(await focusedTask(page)).toBe(overdue.id);
    await page.keyboard.press('x');
    await page.getByText(`Marked done: Call back ${lastName}`).waitFor();
    expect(await overdueRow.locator('input[type=checkbox]').isChecked()).toBe(true);
    expect((await leadTasks(page, leadId)).find((x) => x.id === overdue.id)?.done).toBe(true);

    // Down to the task due soon; s opens its snooze menu on "In an hour"; Tab, Enter picks "Tomorrow".
    while ((await focusedTask(page)) !== soon.id) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('s');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(en['tasks.snooze.hour']);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText(new RegExp(`^Snoozed until .*: Send the offer ${lastName}$`)).waitFor();
    expect(await focusedTask(page)).toBe(soon.id);
    const moved = (await leadTasks(page, leadId)).find((x) => x.id === soon.id)!;
    expect(Date.parse(moved.dueAt)).toBeGreaterThan(Date.parse(soon.dueAt));

    // Enter on the row opens the lead.
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/app/leads/${leadId}`);

    // A phone's width: the rows wrap, nothing scrolls sideways.
    await page.goto(`${suite.baseUrl}/app/tasks`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator(`li[data-task-id="${soon.id}"]`).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('offers to close the open tasks when a lead is marked lost', async () => {
    const page = await suite.as('admin@leadgate.test');
    const { leadId } = await arrange(page);
    await page.goto(`${suite.baseUrl}/app/leads/${leadId}`);
    await page.getByRole('button', { name: 'Move to Lost' }).click();
    const dialog = page.getByRole('dialog', { name: en['loss.title'] });
    await dialog.waitFor();
    const close = dialog.getByLabel('Close its 2 open tasks');
    expect(await close.isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByLabel(en['loss.reason']).selectOption('NO_BUDGET');
    await dialog.getByRole('button', { name: en['loss.submit'] }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await leadTasks(page, leadId)).map((x) => x.done)).toEqual([true, true]);
  });

  it('adds a task with the defaults from the lead page and marks it done there', async () => {
    const page = await suite.as('admin@leadgate.test');
    const leadId = await createLead(page, { lastName: uniqueName('Panel'), company: 'Panel s.r.o.' });
    await page.goto(`${suite.baseUrl}/app/leads/${leadId}`);
    await page.getByRole('heading', { name: en['lead.tasks.title'], level: 2 }).waitFor();
    await page.getByRole('button', { name: en['lead.tasks.add'] }).click();
    await page.getByText('Task added: Follow up').waitFor();
    const box = page.getByLabel(en['tasks.followUp'], { exact: true });
    await box.check();
    await page.getByText('Marked done: Follow up').waitFor();
    expect((await leadTasks(page, leadId)).map((x) => x.done)).toEqual([true]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('turns the reminder email on from My account', async () => {
    const page = await suite.as('member@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/account`);
    const box = page.getByLabel(en['account.taskReminderEmail']);
    await expect.poll(() => box.isEnabled()).toBe(true);
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await page.getByRole('button', { name: en['account.saveProfile'], exact: true }).click();
    await page.getByText(en['account.profileSaved']).waitFor();
    const stored = await page.evaluate(
      async () => (await (await fetch('/api/account')).json()).taskReminderEmail,
    );
    expect(stored).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('reads in Czech, axe-clean', async () => {
    const page = await suite.as('admin@leadgate.test', 'cs');
    const { overdue } = await arrange(page);
    await page.goto(`${suite.baseUrl}/app/tasks`);
    await page.getByRole('heading', { name: cs['tasks.title'], level: 1 }).waitFor();
    const row = page.locator(`li[data-task-id="${overdue.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(cs['tasks.overdue']);
    expect(await page.getByRole('heading', { name: /Po termínu/, level: 2 }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe.skipIf(!enabled)('a lead’s tasks in Chromium: snooze, edit and delete by keyboard', () => {
  const suite = dashboardSuite();

  it('snoozes to tomorrow, renames and reassigns, then deletes, axe-clean', async () => {
    const page = await suite.as('admin@leadgate.test');
    const lastName = uniqueName('Panel');
    const leadId = await createLead(page, { lastName, company: 'Panel s.r.o.' });
    const task = await addTask(page, leadId, {
      title: `Call ${lastName}`,
      dueAt: new Date(Date.now() + 3 * 60_000).toISOString(),
    });
    await page.goto(`${suite.baseUrl}/app/leads/${leadId}`);
    const row = page.locator(`li[data-task-id="${task.id}"]`);
    await row.waitFor();

    // Snooze: Enter opens the menu on its summary, Tab walks its presets, Escape closes it.
    const summary = row.getByText(en['tasks.snooze'], { exact: true });
    expect(await summary.getAttribute('aria-label')).toBe(`Snooze Call ${lastName}`);
    await summary.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(en['tasks.snooze.hour']);
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await row.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText(new RegExp(`^Snoozed until .*: Call ${lastName}$`)).waitFor();
    const snoozed = (await leadTasks(page, leadId)).find((x) => x.id === task.id)!;
    expect(Date.parse(snoozed.dueAt) - Date.parse(task.dueAt)).toBeGreaterThan(60 * 60_000);

    // Edit: a dialog with title, due and assignee; Enter in the title saves.
    await row.getByRole('button', { name: `Edit Call ${lastName}` }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Edit “Call ${lastName}”` });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const name = dialog.getByLabel(en['lead.tasks.field.title']);
    await name.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(`Offer ${lastName}`);
    await dialog.getByLabel(en['lead.tasks.field.assignee']).selectOption({ label: 'Petr Member' });
    await name.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`Task saved: Offer ${lastName}`).waitFor();
    const edited = (await leadTasks(page, leadId)).find((x) => x.id === task.id) as Task & {
      title: string;
      assignee: { name: string } | null;
    };
    expect([edited.title, edited.assignee?.name, edited.dueAt]).toEqual([
      `Offer ${lastName}`,
      'Petr Member',
      snoozed.dueAt,
    ]);

    // A phone's width: the row's actions wrap, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Delete asks first; Cancel keeps it, the confirmation removes it.
    const remove = row.getByRole('button', { name: `Delete Offer ${lastName}` });
    await remove.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: `Delete “Offer ${lastName}”?` });
    await confirm.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(en['lead.tasks.delete']);
    await page.keyboard.press('Enter');
    await confirm.getByRole('button', { name: en['lead.tasks.deleteConfirm'] }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(`Task deleted: Offer ${lastName}`).waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await leadTasks(page, leadId)).toEqual([]);
  });
});

describe.skipIf(!enabled)('the lead list’s Open task due column in Chromium', () => {
  const suite = dashboardSuite();

  it('shows the earliest open task of each lead, overdue in words, and does not sort by it', async () => {
    const page = await suite.as('admin@leadgate.test');
    const stem = uniqueName('Termin');
    const late = await createLead(page, { lastName: `${stem}a`, company: 'Pozdě s.r.o.' });
    const ahead = await createLead(page, { lastName: `${stem}b`, company: 'Včas s.r.o.' });
    const plain = await createLead(page, { lastName: `${stem}c`, company: 'Bez úkolu s.r.o.' });
    await addTask(page, late, { dueAt: new Date(Date.now() - 2 * DAY).toISOString() });
    await addTask(page, late, { dueAt: new Date(Date.now() + 5 * DAY).toISOString() });
    const next = await addTask(page, ahead, { dueAt: new Date(Date.now() + 3 * DAY).toISOString() });
    await addTask(page, ahead, { dueAt: new Date(Date.now() + DAY).toISOString() }).then((x) =>
      page.evaluate(async (id) => {
        const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        await fetch(`/api/tasks/${id}/done`, { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
      }, x.id),
    );
    await page.goto(`${suite.baseUrl}/app/leads?q=${stem}`);
    await page.locator(`tbody tr[data-lead-id="${plain}"]`).waitFor();

    await page.getByRole('button', { name: 'Columns' }).click();
    const dialog = page.getByRole('dialog', { name: 'Columns of the list' });
    await dialog.getByRole('checkbox', { name: en['leads.col.nextTask'] }).check();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const headers = (await page.locator('.leads-table thead th').allTextContents()).map((h) => h.trim());
    const at = headers.indexOf(en['leads.col.nextTask']);
    expect(at).toBeGreaterThan(0);
    expect(await page.locator('.leads-table thead th').nth(at).locator('[data-sort]').count()).toBe(0);
    const cell = (id: string) => page.locator(`tbody tr[data-lead-id="${id}"] > *`).nth(at);
    expect(await cell(late).textContent()).toContain(en['tasks.overdue']);
    const aheadText = (await cell(ahead).textContent()) ?? '';
    expect(aheadText).not.toContain(en['tasks.overdue']);
    expect(await cell(ahead).locator('time').getAttribute('datetime')).toBe(next.dueAt);
    expect((await cell(plain).textContent())?.trim()).toBe('');
    expect(await axeViolations(page)).toEqual([]);
  });
});

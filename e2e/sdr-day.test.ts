import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cs } from '../dashboard/i18n/cs';
import { en } from '../dashboard/i18n/en';
import { connect } from '../db/connect';
import { sendTaskReminders } from '../edge/services/tasks/reminders';
import { createTestOrg, PASSWORD, setupApi, type TestApi, type TestOrg } from '../test/support/api';
import { axeViolations, browserAvailable, launchBrowser } from './support/browser';
import { uniqueName } from './support/leads';
import { startProductServer } from './support/server';
import { signedInAtHome } from './support/workspace';

const enabled = browserAvailable();
const LANGUAGES = { en: { words: en, locale: 'en-US' }, cs: { words: cs, locale: 'cs-CZ' } } as const;
type Words = Record<keyof typeof en, string>;

/**
 * Presses Tab until the focused element matches `selector` (and says `text`, when given): keyboard only,
 * failing after 80 presses.
 */
async function tabTo(page: Page, selector: string, text?: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    const there = await page.evaluate(
      ({ selector, text }) => {
        const el = document.activeElement;
        return !!el?.matches(selector) && (text === undefined || el.textContent?.trim() === text);
      },
      { selector, text },
    );
    if (there) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector} ${text ?? ''}`);
}

/** Chooses an option of the focused <select> with the arrow keys. */
async function chooseByKeys(page: Page, value: string): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 0; i < 12; i++) {
    if (await page.evaluate((v) => (document.activeElement as HTMLSelectElement).value === v, value)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no option ${value} in the focused select`);
}

/** The unread count the bell's label says (0 without a number). */
async function unread(page: Page): Promise<number> {
  const label = (await page.locator('.bell__button').getAttribute('aria-label')) ?? '';
  return Number(/\d+/.exec(label)?.[0] ?? 0);
}

/**
 * The done-when of an SDR's day, in Chromium against the product on a Postgres database of the test's own:
 * an inbound lead arrives unassigned through the public form; a member signs in (landing on My tasks),
 * claims it, logs a call with no answer, schedules the follow-up, is reminded of it the next day (the
 * reminders job run with its clock at the day after, as the scheduler would), logs a connected call and
 * moves the lead to CONTACTED, then QUALIFIED — by keyboard alone, axe-clean. The manager's page of the
 * same lead, open all along in a second context, shows each change without a reload.
 */
describe.skipIf(!enabled)("an SDR's day, by keyboard, watched live by the manager, in Chromium", () => {
  let t: TestApi;
  let server: Awaited<ReturnType<typeof startProductServer>> | undefined;
  let chromium: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  // The reminders job's own connection, as the product's job timer has: it announces commits to live listeners.
  let jobs: Awaited<ReturnType<typeof connect>> | undefined;
  const open: Array<{ close: () => Promise<void>; pageErrors: string[] }> = [];

  beforeAll(async () => {
    t = await setupApi();
    [server, chromium, jobs] = await Promise.all([
      startProductServer({ databaseUrl: t.url }),
      launchBrowser(),
      connect({ url: t.url, poolSize: 1 }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
    await jobs?.close();
    await t?.close();
  });
  afterEach(async () => {
    for (const { close, pageErrors } of open.splice(0)) {
      await close();
      expect(pageErrors).toEqual([]);
    }
  });

  const base = () => server!.baseUrl;

  /** A visitor's submission through the public form endpoint; resolves to the lead once it is processed. */
  async function inboundLead(org: TestOrg, lastName: string): Promise<string> {
    const res = await fetch(`${base()}/v1/forms/${org.formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        firstName: 'Jana',
        lastName,
        company: 'Příchozí s.r.o.',
        email: `${lastName}@example.cz`,
      }),
    });
    expect(res.status).toBeLessThan(300);
    let rows: Array<{ id: string; assigned_to: string | null }> = [];
    await expect
      .poll(async () => {
        rows = await t.sql(
          `select id, assigned_to from leads where organization_id = $1 and last_name = $2`,
          [org.organizationId, lastName],
        );
        return rows.length;
      })
      .toBe(1);
    expect(rows[0]!.assigned_to).toBeNull();
    return rows[0]!.id;
  }

  /** The SDR signs in by keyboard and lands on My tasks. */
  async function signInByKeyboard(org: TestOrg, locale: string, w: Words): Promise<Page> {
    const context = await chromium!.browser.newContext({ locale });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    open.push({ pageErrors, close: () => context.close() });
    await page.goto(`${base()}/app/`);
    await page.locator('input[type=email]').waitFor();
    await tabTo(page, 'input[type=email]');
    await page.keyboard.type(org.users.member.email);
    await tabTo(page, 'input[type=password]');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: w['tasks.title'], level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/tasks');
    return page;
  }

  /** Opens the log dialog with `l`, picks the call's outcome by arrow keys and submits with Enter. */
  async function logCall(page: Page, w: Words, outcome: 'no_answer' | 'connected') {
    await page.keyboard.press('l');
    const dialog = page.getByRole('dialog', { name: w['activity.log'] });
    await dialog.waitFor();
    await tabTo(page, '#activity-outcome');
    await chooseByKeys(page, outcome);
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, 'dialog button[type=submit]');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
  }

  it.each(Object.keys(LANGUAGES) as Array<keyof typeof LANGUAGES>)('in %s', async (language) => {
    const { words: w, locale } = LANGUAGES[language];
    const org = await createTestOrg(t);
    const lastName = uniqueName('Prichozi');
    const leadId = await inboundLead(org, lastName);
    const memberName = `member ${org.users.member.email.split('.')[1]!.split('@')[0]}`;

    // The manager keeps the lead open; a reload would make a new document without the mark.
    const managerSession = await signedInAtHome(
      chromium!.browser,
      base(),
      org.users.admin.email,
      locale,
      PASSWORD,
    );
    open.push(managerSession);
    const manager = managerSession.page;
    await manager.goto(`${base()}/app/leads/${leadId}`);
    await manager.getByRole('heading', { level: 1, name: new RegExp(lastName) }).waitFor();
    await manager.evaluate(() => {
      (window as unknown as { mark: number }).mark = 1;
    });
    const main = manager.locator('main');

    // The SDR: My tasks first (nothing due yet), then the lead through the app-wide search.
    const sdr = await signInByKeyboard(org, locale, w);
    expect(await axeViolations(sdr)).toEqual([]);
    await sdr.keyboard.press('Control+k');
    await sdr.locator('#global-search-input').waitFor();
    await sdr.keyboard.type(lastName);
    await sdr.getByRole('option', { name: new RegExp(lastName) }).waitFor();
    await sdr.keyboard.press('ArrowDown');
    await sdr.keyboard.press('Enter');
    await sdr.waitForURL(`**/app/leads/${leadId}`);
    await sdr.getByRole('heading', { level: 1, name: new RegExp(lastName) }).waitFor();
    await expect.poll(() => sdr.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await axeViolations(sdr)).toEqual([]);

    // `a` claims the unassigned lead: the manager sees its new owner.
    await sdr.keyboard.press('a');
    await sdr.getByText(w['lead.claimed']).waitFor({ state: 'attached' });
    await main.getByText(w['lead.owner'].replace('{name}', memberName)).first().waitFor();

    // The call goes unanswered: logged, and in the manager's timeline.
    await logCall(sdr, w, 'no_answer');
    const calls = (page: Page) =>
      page.locator('.timeline li', { has: page.locator('[data-type="activity.call"]') });
    await calls(manager).first().waitFor();
    expect(await calls(manager).first().textContent()).toContain(w['activity.outcome.no_answer']);

    // The follow-up: the Tasks panel's defaults (tomorrow at 9:00 for the lead's owner).
    await tabTo(sdr, '#lead-task-title');
    await tabTo(sdr, 'form:has(#lead-task-title) button[type=submit]');
    await sdr.keyboard.press('Enter');
    const followUp = w['tasks.followUp'];
    await sdr.getByText(w['lead.tasks.added'].replace('{title}', followUp)).waitFor();
    const managerTasks = manager.locator('section[aria-labelledby="lead-tasks-heading"]');
    await managerTasks.getByText(followUp, { exact: true }).waitFor();
    const [task] = await t.sql<{ due_at: Date; assignee_id: string }>(
      `select due_at, assignee_id from tasks where lead_id = $1`,
      [leadId],
    );
    expect(task!.assignee_id).toBe(org.users.member.id);
    expect(task!.due_at.getTime()).toBeGreaterThan(Date.now());

    // The next day: the reminders job runs with its clock a minute past the due time; the bell rings.
    const before = await unread(sdr);
    expect(await sendTaskReminders(t.deps, jobs!.db, new Date(task!.due_at.getTime() - 60_000))).toBe(0);
    expect(await sendTaskReminders(t.deps, jobs!.db, new Date(task!.due_at.getTime() + 60_000))).toBe(1);
    await expect.poll(() => unread(sdr), { timeout: 10_000 }).toBe(before + 1);
    await tabTo(sdr, '.bell__button');
    await sdr.keyboard.press('Enter');
    const reminder = sdr.locator('.bell__list li', { hasText: lastName }).first();
    await reminder.waitFor();
    expect(await reminder.textContent()).toContain(
      w['notifications.type.task.due.followUp'].split('{lead}')[0]!.trim(),
    );
    expect(await axeViolations(sdr)).toEqual([]);
    await sdr.keyboard.press('Escape');

    // Connected this time; then CONTACTED and QUALIFIED, each seen by the manager.
    await logCall(sdr, w, 'connected');
    await expect.poll(() => calls(manager).count()).toBe(2);
    await tabTo(sdr, 'button', w['lead.moveTo.CONTACTED']);
    await sdr.keyboard.press('Enter');
    await manager.getByRole('button', { name: w['lead.moveTo.QUALIFIED'] }).waitFor();
    await manager.getByRole('button', { name: w['lead.moveTo.CONTACTED'] }).waitFor({ state: 'detached' });
    // Focus moves on to the next step, Qualified.
    await expect
      .poll(() => sdr.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe(w['lead.moveTo.QUALIFIED']);
    await sdr.keyboard.press('Enter');
    await manager.getByRole('button', { name: w['lead.moveTo.QUALIFIED'] }).waitFor({ state: 'detached' });
    const [lead] = await t.sql<{ status: string; assigned_to: string }>(
      `select status, assigned_to from leads where id = $1`,
      [leadId],
    );
    expect(lead).toEqual({ status: 'QUALIFIED', assigned_to: org.users.member.id });
    expect(await axeViolations(sdr)).toEqual([]);
    expect(await axeViolations(manager)).toEqual([]);
    expect(await manager.evaluate(() => (window as unknown as { mark?: number }).mark)).toBe(1);
  });
});

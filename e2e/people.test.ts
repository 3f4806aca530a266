import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cs } from '../dashboard/i18n/cs';
import { de } from '../dashboard/i18n/de';
import { en } from '../dashboard/i18n/en';
import { uk } from '../dashboard/i18n/uk';
import { axeViolations, browserAvailable, launchBrowser } from './support/browser';
import { startProductServer } from './support/server';
import { signedInPage } from './support/workspace';

const enabled = browserAvailable();

const SETUP_TOKEN = 'e2e-setup-token-0123456789';
const OWNER = { name: 'Olga Owner', email: 'olga@acme.test', password: 'owner password 1' };
const ADMIN = { name: 'Adam Admin', email: 'adam@acme.test', password: 'admin password 1' };
const MEMBER = { name: 'Míša Členová 🐝', email: 'misa@acme.test', password: 'member password 1' };

/** A database on the test server with nothing in it (no tables): the product migrates it at start. */
async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${inject('pgTemplate').replace('leadgate_tpl_', 'lg_t_')}_people_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A team's first run, in Chromium against the product on an empty Postgres database: setup with the
 * token, invitations read from the outbox and accepted in fresh browsers, what a member may edit, and a
 * deactivated member's open tab signed out on its next request. Every new page is scanned by axe.
 */
describe.skipIf(!enabled)('first run, invitations and members in Chromium', () => {
  let database: Awaited<ReturnType<typeof emptyDatabase>> | undefined;
  let server: Awaited<ReturnType<typeof startProductServer>> | undefined;
  let chromium: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const open: Array<{ close: () => Promise<void>; pageErrors: string[] }> = [];

  beforeAll(async () => {
    database = await emptyDatabase();
    [server, chromium] = await Promise.all([
      startProductServer({ databaseUrl: database.url, setupToken: SETUP_TOKEN }),
      launchBrowser(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
    await database?.drop();
  });
  afterEach(async () => {
    for (const { close, pageErrors } of open.splice(0)) {
      await close();
      expect(pageErrors).toEqual([]);
    }
  });

  const base = () => server!.baseUrl;
  const browser = (): Browser => chromium!.browser;

  /** A fresh browser context (no cookies), its page recording uncaught errors. */
  async function freshPage(locale = 'en-US'): Promise<Page> {
    const context = await browser().newContext({ locale });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    open.push({ close: () => context.close(), pageErrors });
    return page;
  }

  async function signedIn(email: string, password: string, locale = 'en-US'): Promise<Page> {
    const session = await signedInPage(browser(), base(), email, locale, password);
    open.push(session);
    return session.page;
  }

  /** A JSON API call with the page's session (its cookie and CSRF token). */
  async function apiAs(page: Page, method: string, path: string, data?: unknown) {
    const session = (await (await page.request.get(`${base()}/api/session`)).json()) as { csrfToken: string };
    const res = await page.request.fetch(`${base()}${path}`, {
      method,
      headers: { 'x-csrf-token': session.csrfToken },
      ...(data !== undefined && { data }),
    });
    return { status: res.status(), body: (await res.json().catch(() => null)) as Record<string, unknown> };
  }

  /** No axe violation, and nothing wider than a 390 px phone screen. */
  async function checkPage(page: Page, where: string) {
    expect(await axeViolations(page), where).toEqual([]);
    const width = page.viewportSize()?.width ?? 0;
    await page.setViewportSize({ width: 390, height: 844 });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `${where}: horizontal scroll at 390 px`).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: width || 1280, height: 800 });
  }

  /** The invitation token of the latest email to `email`, read from the outbox as an admin sees it. */
  async function invitationLink(owner: Page, email: string): Promise<string> {
    const { body } = await apiAs(owner, 'GET', '/api/outbox');
    const items = body.items as Array<{ to: { email: string } | null; text: string }>;
    const mail = items.find((i) => i.to?.email === email);
    const link = mail && /(\S*)\/app\/invite#([A-Za-z0-9_-]+)/.exec(mail.text);
    if (!link) throw new Error(`no invitation email to ${email}`);
    // No APP_URL is set here: the link still starts with where the server answers, never a bare path.
    expect(link[1], 'the invitation link is absolute').toBe(base());
    return link[2] as string;
  }

  /** Accepts an invitation in a fresh browser; it lands on the role's home (`/app/tasks` for a member). */
  async function accept(
    token: string,
    person: { name: string; password: string },
    home = '/app/leads',
  ): Promise<Page> {
    const page = await freshPage();
    await page.goto(`${base()}/app/invite#${token}`);
    await page.locator('#invite-name').waitFor();
    await checkPage(page, 'invitation');
    await page.locator('#invite-name').fill(person.name);
    await page.locator('#invite-password').fill(person.password);
    await page.getByRole('button', { name: en['invite.accept'] }).click();
    await page.waitForURL(`${base()}${home}`);
    return page;
  }

  it('setup → invite an admin and a member → they join → the member edits only their leads → deactivated, signed out', async () => {
    // The empty database leads /app/ to the setup page; a wrong token is refused on its field.
    const owner = await freshPage();
    await owner.goto(`${base()}/app/`);
    await owner.waitForURL(`${base()}/app/setup`);
    await owner.locator('#setup-token').waitFor();
    await checkPage(owner, 'setup');
    await owner.locator('#setup-token').fill('not the token');
    await owner.locator('#setup-organization').fill('Acme s.r.o.');
    await owner.locator('#setup-country').selectOption('CZ');
    await owner.locator('#setup-timezone').selectOption('Europe/Prague');
    await owner.locator('#setup-name').fill(OWNER.name);
    await owner.locator('#setup-email').fill(OWNER.email);
    await owner.locator('#setup-password').fill(OWNER.password);
    await owner.getByRole('button', { name: en['setup.submit'] }).click();
    await expect.poll(() => owner.locator('#setup-token').getAttribute('aria-invalid')).toBe('true');
    await checkPage(owner, 'setup with errors');
    await owner.locator('#setup-token').fill(SETUP_TOKEN);
    await owner.getByRole('button', { name: en['setup.submit'] }).click();
    await owner.waitForURL(`${base()}/app/leads`);
    await expect.poll(() => owner.locator('.header__role').textContent()).toBe(en['role.owner']);

    // The settings gear leads to the first section; the owner invites an admin and a member.
    await owner.getByRole('link', { name: en['shell.settings'] }).click();
    await owner.waitForURL(`${base()}/app/settings/organization`);
    await owner.locator('#organization-name').waitFor();
    await checkPage(owner, 'organization settings');
    await owner.getByRole('link', { name: en['settings.nav.invitations'] }).click();
    await owner.locator('#invite-email').waitFor();
    for (const [person, role] of [
      [ADMIN, 'admin'],
      [MEMBER, 'member'],
    ] as const) {
      await owner.locator('#invite-email').fill(person.email);
      await owner.locator('#invite-role').selectOption(role);
      const sent = owner.waitForResponse(
        (r) => r.url().endsWith('/api/invitations') && r.request().method() === 'POST',
      );
      await owner.getByRole('button', { name: en['settings.invitations.send'] }).click();
      expect((await sent).status()).toBe(201);
      await owner.getByRole('heading', { name: person.email }).waitFor();
    }
    await checkPage(owner, 'invitations');

    // Each accepts in a fresh browser, straight into the lead list.
    const admin = await accept(await invitationLink(owner, ADMIN.email), ADMIN);
    await expect.poll(() => admin.locator('.header__role').textContent()).toBe(en['role.admin']);
    await accept(await invitationLink(owner, MEMBER.email), MEMBER, '/app/tasks');
    const used = await freshPage();
    await used.goto(`${base()}/app/invite#${await invitationLink(owner, MEMBER.email)}`);
    await used.getByText(en['problem.invitation-used']).waitFor();
    await checkPage(used, 'used invitation');

    // Two leads: one assigned to the member, one to the owner.
    const members = (await apiAs(owner, 'GET', '/api/members')).body.items as Array<{
      id: string;
      email: string;
    }>;
    const memberId = members.find((m) => m.email === MEMBER.email)!.id;
    const ownerId = members.find((m) => m.email === OWNER.email)!.id;
    const leadFor = async (lastName: string, assigneeId: string) => {
      const created = await apiAs(owner, 'POST', '/api/leads', {
        firstName: 'Jana',
        lastName,
        company: 'Nordwind',
      });
      const id = created.body.id as string;
      const { body } = await apiAs(owner, 'GET', `/api/leads/${id}`);
      const assigned = await apiAs(owner, 'POST', `/api/leads/${id}/assign`, {
        assigneeId,
        version: body.version,
      });
      expect(assigned.status).toBe(200);
      return id;
    };
    const mine = await leadFor('Mine', memberId);
    const theirs = await leadFor('Theirs', ownerId);

    // The member signs in and can edit only the lead assigned to them.
    const member = await signedIn(MEMBER.email, MEMBER.password);
    await member.goto(`${base()}/app/leads/${theirs}`);
    await member.locator('#lead-readonly').waitFor();
    expect(await member.locator('#lead-readonly').textContent()).toBe(en['lead.readOnly.notYours']);
    expect(await member.locator('main .fact button').first().isDisabled()).toBe(true);
    const { version } = (await apiAs(member, 'GET', `/api/leads/${theirs}`)).body;
    expect((await apiAs(member, 'PATCH', `/api/leads/${theirs}`, { company: 'Taken', version })).status).toBe(
      403,
    );
    await member.goto(`${base()}/app/leads/${mine}`);
    await member.locator('main .fact button').first().waitFor();
    expect(await member.locator('#lead-readonly').count()).toBe(0);
    await member.getByRole('button', { name: 'Edit Job title' }).click();
    await member.locator('#edit-title').fill('Edited by the member');
    const saved = member.waitForResponse(
      (r) => r.url().endsWith(`/api/leads/${mine}`) && r.request().method() === 'PATCH',
    );
    await member.locator('form.inline-edit:has(#edit-title) button[type=submit]').click();
    expect((await saved).status()).toBe(200);

    // The owner deactivates the member, leaving their lead unassigned.
    await owner.getByRole('link', { name: en['settings.nav.members'] }).click();
    const card = owner.locator('li.person-card', { has: owner.getByRole('heading', { name: MEMBER.name }) });
    await card.waitFor();
    await checkPage(owner, 'members');
    await card.getByRole('button', { name: en['settings.members.deactivate'] }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel(en['settings.members.leaveUnassigned']).check();
    await checkPage(owner, 'deactivate dialog');
    await dialog.getByRole('button', { name: en['settings.members.deactivate'] }).click();
    await card.getByText(en['settings.members.deactivated']).waitFor();

    // The member's open tab is signed out on its next request.
    // (Unless the bell's polling was that next request already.)
    await member
      .getByRole('link', { name: en['shell.nav.leads'], exact: true })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await member.waitForURL(`${base()}/app/login`);
    await member.getByText(en['errors.sessionExpired']).waitFor();

    // The owner's own account page: a wrong current password is refused on its field.
    await owner.getByRole('link', { name: en['shell.account'] }).click();
    await owner.locator('#account-currentPassword').fill('wrong password');
    await owner.locator('#account-newPassword').fill('a new owner password');
    await owner.getByRole('button', { name: en['account.changePassword'] }).click();
    await expect
      .poll(() => owner.locator('#account-currentPassword').getAttribute('aria-invalid'))
      .toBe('true');
    await checkPage(owner, 'account');
  }, 240_000);

  const CATALOGS = { de, cs, uk } as const;
  const BROWSER_LOCALE = { de: 'de-DE', cs: 'cs-CZ', uk: 'uk-UA' } as const;
  const KEYS = Object.keys(en);

  it.each(Object.keys(CATALOGS) as Array<keyof typeof CATALOGS>)(
    '%s: the new pages show no raw catalog key and their own words',
    async (lang) => {
      const catalog = CATALOGS[lang] as Record<string, string>;
      const page = await signedIn(OWNER.email, OWNER.password, BROWSER_LOCALE[lang]);
      const seen: string[] = [];
      const visit = async (path: string, heading: string) => {
        await page.goto(`${base()}${path}`);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered lines are what a reader sees
        const text = await page.locator('body').innerText();
        seen.push(...KEYS.filter((key) => text.includes(key)).map((key) => `${path}: raw key ${key}`));
      };
      await visit('/app/settings/organization', catalog['settings.organization.title']!);
      await visit('/app/settings/members', catalog['settings.members.title']!);
      await visit('/app/settings/teams', catalog['settings.teams.title']!);
      await visit('/app/settings/invitations', catalog['settings.invitations.title']!);
      await visit('/app/settings/api-keys', catalog['integrations.keys.title']!);
      await visit('/app/settings/webhooks', catalog['integrations.hooks.title']!);
      await visit('/app/account', catalog['account.title']!);
      await visit('/app/invite#not-a-token', catalog['invite.title']!);
      await page.getByText(catalog['problem.invitation-not-found']!).waitFor();
      await visit('/app/setup', catalog['setup.title']!);
      await page.getByText(catalog['setup.closed']!).waitFor();
      expect(seen).toEqual([]);
    },
    90_000,
  );
});

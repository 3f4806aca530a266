import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { en } from '../dashboard/i18n/en';
import { axeViolations, browserAvailable, launchBrowser } from './support/browser';
import { startProductServer } from './support/server';

const enabled = browserAvailable();

const SETUP_TOKEN = 'e2e-signup-setup-token-0123456789';
const FIRST = { name: 'First Org', email: 'first@first.test', password: 'first owner password' };
const NEWCOMER = { email: 'Nova.Owner@Example.test', name: 'Оксана 🦊', password: 'new owner password 1' };

/** A database on the test server with nothing in it (no tables): the product migrates it at start. */
async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${inject('pgTemplate').replace('leadgate_tpl_', 'lg_t_')}_signup_${Math.random().toString(36).slice(2, 8)}`;
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
 * Sign-up in Chromium against the product with ALLOW_SIGNUP=1 on Postgres: the sign-in page offers it,
 * the address is proven through the link emailed via the outbox, and the new owner lands in the new
 * organization's empty leads list. Every page is scanned by axe.
 */
describe.skipIf(!enabled)('sign-up in Chromium', () => {
  let database: Awaited<ReturnType<typeof emptyDatabase>> | undefined;
  let server: Awaited<ReturnType<typeof startProductServer>> | undefined;
  let chromium: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let raw: pg.Pool | undefined;
  const open: Array<{ close: () => Promise<void>; pageErrors: string[] }> = [];

  beforeAll(async () => {
    database = await emptyDatabase();
    [server, chromium] = await Promise.all([
      startProductServer({ databaseUrl: database.url, setupToken: SETUP_TOKEN, allowSignup: true }),
      launchBrowser(),
    ]);
    raw = new pg.Pool({ connectionString: database.url, max: 1 });
    // An organization exists already (else /app/ leads to the first-run setup).
    const res = await fetch(`${server.baseUrl}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: SETUP_TOKEN,
        organization: { name: 'First s.r.o.', defaultCountry: 'CZ', timezone: 'Europe/Prague' },
        owner: FIRST,
      }),
    });
    if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  }, 120_000);
  afterAll(async () => {
    await raw?.end();
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

  async function freshPage(): Promise<Page> {
    const context = await chromium!.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    open.push({ close: () => context.close(), pageErrors });
    return page;
  }

  /** No axe violation, and nothing wider than a 390 px phone screen. */
  async function checkPage(page: Page, where: string) {
    expect(await axeViolations(page), where).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `${where}: horizontal scroll at 390 px`).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  it('sign-in page → create an organization → the emailed link → the new organization’s empty leads', async () => {
    const page = await freshPage();
    await page.goto(`${base()}/app/login`);
    const offer = page.getByRole('link', { name: en['login.createOrganization'] });
    await offer.waitFor();
    await checkPage(page, 'sign-in with sign-up offered');
    await offer.click();
    await page.waitForURL(`${base()}/app/signup`);
    await page.locator('#signup-email').waitFor();
    await checkPage(page, 'sign-up: email');
    await page.locator('#signup-email').fill(NEWCOMER.email);
    await page.locator('#signup-email').press('Enter');
    await page.getByText(en['signup.sent'].replace('{email}', NEWCOMER.email)).waitFor();
    await checkPage(page, 'sign-up: check your inbox');

    const { rows } = await raw!.query<{ link: string; organization_id: string | null }>(
      `select payload->>'link' as link, organization_id from outbox
       where payload->>'template' = 'signup' and payload->>'to' = $1`,
      [NEWCOMER.email.toLowerCase()],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.organization_id).toBeNull();
    await page.goto(`${base()}${rows[0]!.link}`);
    await page.locator('#signup-organization').waitFor();
    // The token leaves the address bar.
    expect(page.url()).toBe(`${base()}/app/signup`);
    await checkPage(page, 'sign-up: the organization');
    await page.locator('#signup-organization').fill('Nova 🚀 s.r.o.');
    await page.locator('#signup-country').selectOption('CZ');
    await page.locator('#signup-timezone').selectOption('Europe/Prague');
    await page.locator('#signup-name').fill(NEWCOMER.name);
    await page.locator('#signup-password').fill('short');
    await page.getByRole('button', { name: en['setup.submit'] }).click();
    await expect.poll(() => page.locator('#signup-password').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'sign-up: errors');
    await page.locator('#signup-password').fill(NEWCOMER.password);
    await page.locator('#signup-password').press('Enter');
    await page.waitForURL(`${base()}/app/leads`);
    await page.getByText(en['leads.noMatch']).waitFor();
    await expect.poll(() => page.locator('.header__role').textContent()).toBe(en['role.owner']);
    await checkPage(page, 'the new organization’s leads');

    // The link works once.
    const again = await freshPage();
    await again.goto(`${base()}${rows[0]!.link}`);
    await again.getByText(en['problem.signup-link-used']).waitFor();
    await checkPage(again, 'sign-up: used link');
  });
});

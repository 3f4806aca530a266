import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../dashboard/i18n/en';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { DEMO_PASSWORD } from './support/workspace';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const FAR_EAST = 'Pacific/Kiritimati';

/**
 * My account in Chromium: the list of my sessions with a device signed out from it, and my own time zone
 * changing how a date reads. Its own server: the time zone it sets and the sessions it ends are the demo
 * viewer's, which other suites sign in as.
 */
describe.skipIf(!browserAvailable())('my account in Chromium', () => {
  const suite = dashboardSuite({});

  /** A session opened elsewhere (another device: Firefox on Linux), as its cookie. */
  async function signInElsewhere(email: string): Promise<string> {
    const res = await fetch(`${suite.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': FIREFOX_LINUX },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
  const sessionStatus = async (cookie: string) =>
    (await fetch(`${suite.baseUrl}/api/session`, { headers: { cookie } })).status;

  /** How the dashboard words an instant in a zone, computed by the page's own Intl. */
  const worded = (page: Page, iso: string, timeZone: string) =>
    page.evaluate(
      ([at, zone]) =>
        new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(
          new Date(at!),
        ),
      [iso, timeZone],
    );

  it('a signed-in load never asks whether the first-run setup is open', async () => {
    const page = await suite.as('viewer@leadgate.test');
    const asked: string[] = [];
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === '/api/setup' || r.status() === 404) asked.push(`${r.status()} ${path}`);
    });
    await page.reload();
    await page.locator('tbody tr').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(asked).toEqual([]);
  });

  it('lists my sessions, signs one device out, and shows dates in the time zone I choose', async () => {
    const email = 'viewer@leadgate.test';
    const elsewhere = await signInElsewhere(email);
    const page = await suite.as(email);
    await page.goto(`${suite.baseUrl}/app/account`);
    const sessions = page.locator('section[aria-labelledby="account-sessions"] li');
    const firefox = sessions.filter({ hasText: 'Firefox on Linux' });
    await firefox.waitFor();
    const mine = sessions.filter({ hasText: en['account.session.current'] });
    await expect(mine.count()).resolves.toBe(1);
    await expect(mine.locator('h3').textContent()).resolves.toBe('Chrome on Linux');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Sign the other device out from the list: it is gone here, and its cookie no longer works.
    expect(await sessionStatus(elsewhere)).toBe(200);
    await firefox.getByRole('button', { name: 'Sign out: Firefox on Linux' }).click();
    await page.getByText(en['account.session.ended']).waitFor();
    await expect(firefox.count()).resolves.toBe(0);
    expect(await sessionStatus(elsewhere)).toBe(401);
    await expect(mine.count()).resolves.toBe(1);

    // My own time zone: the "signed in" time of this session reads as in that zone, then as the
    // organization's again.
    const opened = mine.locator('time').first();
    const iso = (await opened.getAttribute('datetime'))!;
    const org = (await (await page.request.get(`${suite.baseUrl}/api/session`)).json()) as {
      organization: { timezone: string };
    };
    await expect(opened.textContent()).resolves.toBe(await worded(page, iso, org.organization.timezone));
    await page.locator('#account-timezone').selectOption(FAR_EAST);
    await page.getByRole('button', { name: en['account.saveProfile'], exact: true }).click();
    await page.getByText(en['account.profileSaved']).waitFor();
    const far = await worded(page, iso, FAR_EAST);
    expect(far).not.toBe(await worded(page, iso, org.organization.timezone));
    await expect(opened.textContent()).resolves.toBe(far);
    expect(await axeViolations(page)).toEqual([]);

    // It holds across a reload: the session carries it.
    await page.reload();
    await mine.locator('time').first().waitFor();
    await expect(mine.locator('time').first().textContent()).resolves.toBe(far);

    await page.locator('#account-timezone').selectOption('');
    await page.getByRole('button', { name: en['account.saveProfile'], exact: true }).click();
    await page.getByText(en['account.profileSaved']).waitFor();
    await expect(opened.textContent()).resolves.toBe(await worded(page, iso, org.organization.timezone));
  });

  it('chooses which new inbound leads tell me, by keyboard, and keeps the choice', async () => {
    const page = await suite.as('member@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/account`);
    const group = page.getByRole('group', { name: en['account.notifyNewLeads'] });
    const claimable = group.getByRole('radio', { name: en['account.notifyNewLeads.claimable'] });
    await expect.poll(() => claimable.isEnabled()).toBe(true);
    const account = async () =>
      ((await (await page.request.get(`${suite.baseUrl}/api/account`)).json()) as { notifyNewLeads: string })
        .notifyNewLeads;
    const before = await account();
    const choice = before === 'claimable' ? 'off' : 'claimable';
    await group.getByRole('radio', { name: en[`account.notifyNewLeads.${choice}`] }).check();
    await page.getByRole('button', { name: en['account.saveProfile'], exact: true }).press('Enter');
    await page.getByText(en['account.profileSaved']).waitFor();
    expect(await account()).toBe(choice);
    await page.reload();
    await expect
      .poll(() => group.getByRole('radio', { name: en[`account.notifyNewLeads.${choice}`] }).isChecked())
      .toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });
});

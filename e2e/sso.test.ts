import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProvider, type TestProvider } from '../test/support/oidc-provider';
import { axeViolations, browserAvailable, launchBrowser } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

/**
 * Single sign-on in Chromium against a real OpenID Provider process: the owner sets it up and tests it
 * from the settings, then a colleague at the allowed domain signs in with "Sign in with SSO" and one at
 * another domain is told why not. The provider signs in whoever the test names (its `defaultAccount`).
 */
describe.skipIf(!enabled)('single sign-on in Chromium', () => {
  const suite = dashboardSuite();
  let idp: TestProvider;
  let browser: { browser: Browser; close: () => Promise<void> };
  beforeAll(async () => {
    [idp, browser] = await Promise.all([startProvider(`${suite.baseUrl}/api/sso/callback`), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await idp?.close();
  });

  async function freshPage(): Promise<Page> {
    const context = await browser.browser.newContext({ locale: 'en-US' });
    return context.newPage();
  }

  async function ssoFromLogin(page: Page, workEmail: string) {
    await page.goto(`${suite.baseUrl}/app/login`);
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.getByLabel('Work email or organization').fill(workEmail);
    await page.getByRole('button', { name: 'Continue to your identity provider' }).click();
  }

  it('the owner sets it up and tests it; a colleague signs in with SSO; another domain is refused', async () => {
    const owner = await suite.as('owner@leadgate.test');
    await owner.goto(`${suite.baseUrl}/app/settings/sso`);
    await owner.getByRole('heading', { level: 1, name: 'Single sign-on' }).waitFor();
    await owner.getByLabel('Issuer URL').fill(idp.issuer);
    await owner.getByLabel('Client ID').fill(idp.clientId);
    await owner.getByLabel('Client secret').fill(idp.clientSecret);
    await owner.getByLabel('Allowed email domains').fill('sso-e2e.test');
    await owner.getByLabel('Someone signing in for the first time').selectOption('member');
    await owner.getByRole('button', { name: 'Save' }).click();
    await owner.getByText('Single sign-on is saved.').waitFor();
    expect(await axeViolations(owner)).toEqual([]);

    idp.accounts.set('tess', { email: 'tess@sso-e2e.test', email_verified: true, name: 'Tess Tester' });
    idp.accounts.set('otto', { email: 'otto@elsewhere.test', email_verified: true, name: 'Otto Outsider' });
    idp.defaultAccount = 'tess';
    await owner.getByRole('button', { name: 'Test sign-in' }).click();
    await owner.getByText('The test worked: tess@sso-e2e.test would join as a member.').waitFor();
    expect(new URL(owner.url()).pathname).toBe('/app/settings/sso');
    // Still the owner: the test signed nobody in.
    await owner.getByLabel('Issuer URL').waitFor();
    expect(await owner.getByLabel('Issuer URL').inputValue()).toBe(idp.issuer);

    const colleague = await freshPage();
    await ssoFromLogin(colleague, 'tess@sso-e2e.test');
    await colleague.waitForURL(`${suite.baseUrl}/app/leads`);
    await colleague.getByText('Tess Tester').first().waitFor();

    idp.defaultAccount = 'otto';
    const outsider = await freshPage();
    await ssoFromLogin(outsider, 'sso-e2e.test');
    await outsider
      .getByRole('alert')
      .getByText('Your email domain may not sign in to this organization with single sign-on.')
      .waitFor();
    expect(new URL(outsider.url()).pathname).toBe('/app/login');
    expect(await axeViolations(outsider)).toEqual([]);
  });
});

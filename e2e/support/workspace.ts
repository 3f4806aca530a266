import type { Browser, Page } from 'playwright-core';

export const DEMO_PASSWORD = 'leadgate-demo';

type SignedIn = { page: Page; pageErrors: string[]; close: () => Promise<void> };

/**
 * A fresh browser context signed in to the dashboard as `email`, on the leads list (a member, whose home is
 * My tasks, is taken there through the nav); the page records uncaught errors.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  email: string,
  locale = 'en-US',
  password = DEMO_PASSWORD,
): Promise<SignedIn> {
  const session = await signedInAtHome(browser, baseUrl, email, locale, password);
  const { page } = session;
  if (new URL(page.url()).pathname !== '/app/leads') await page.locator('nav a[href="/app/leads"]').click();
  await page.locator('tbody tr').first().waitFor();
  return session;
}

/** A fresh browser context signed in as `email`, on the page the sign-in lands on (the role's home). */
export async function signedInAtHome(
  browser: Browser,
  baseUrl: string,
  email: string,
  locale = 'en-US',
  password = DEMO_PASSWORD,
): Promise<SignedIn> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${baseUrl}/app/login`);
  await page.locator('#login-email, input[type=email]').first().fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname !== '/app/login');
  await page.locator('main h1').first().waitFor();
  return { page, pageErrors, close: () => context.close() };
}

/** Runs `action` (which changes the list's query) and waits for the list it asks for to be shown. */
export async function listAfter(page: Page, action: () => Promise<unknown>): Promise<string> {
  const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/leads');
  await action();
  await response;
  return listSettled(page);
}

/** Waits until the polite list status says the list is ready (not loading). */
export async function listSettled(page: Page): Promise<string> {
  const status = page.locator('.toolbar__status');
  await page.waitForFunction(() => !document.querySelector('.toolbar__status .spinner'));
  return (await status.textContent()) ?? '';
}

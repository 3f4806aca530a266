import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTurnstile } from '../test/support/fake-turnstile';
import { browserAvailable, launchBrowser } from './support/browser';
import { landingHtml, startLandingServer } from './support/landing';
import { signIn } from './support/leads';
import { startProductServer } from './support/server';
import { fakeTurnstileScript, formAdmin } from './support/widget-forms';

const enabled = browserAvailable();
const CLOUDFLARE = 'https://challenges.cloudflare.com/**';
const THANKS = 'Thank you! We got your details.';
const SITE_KEY = '1x00000000000000000000AA';

describe.skipIf(!enabled)('<lead-form> with Turnstile and behavioural signals, in Chromium', () => {
  let server: Awaited<ReturnType<typeof startProductServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let siteverify: Awaited<ReturnType<typeof startFakeTurnstile>>;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let forms: Awaited<ReturnType<typeof formAdmin>>;
  const passing: string[] = [];
  const open: Array<{ context: BrowserContext; pageErrors: string[] }> = [];
  let turnstileForm = '';
  let signalsForm = '';

  beforeAll(async () => {
    // siteverify is faked at the HTTP level, single-use like Cloudflare's; the server is told where it is.
    siteverify = await startFakeTurnstile(passing, { singleUse: true });
    const saved = { ...process.env };
    Object.assign(process.env, {
      TRUST_PROXY: '1',
      TURNSTILE_SECRET_KEY: 'test-turnstile-secret',
      TURNSTILE_VERIFY_URL: siteverify.url,
    });
    [server, browser] = await Promise.all([startProductServer(), launchBrowser()]);
    for (const k of ['TRUST_PROXY', 'TURNSTILE_SECRET_KEY', 'TURNSTILE_VERIFY_URL'])
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    admin = await signIn(server.baseUrl, 'admin@leadgate.test', 'leadgate-demo');
    forms = await formAdmin(server.baseUrl, 'admin@leadgate.test', 'leadgate-demo');
    const base = { consentText: { en: 'You may contact me.' }, minSubmitSeconds: 0, rateLimitPerIp: 100 };
    turnstileForm = await forms.createForm({
      ...base,
      name: 'Demo with Turnstile',
      turnstileEnabled: true,
      turnstileSiteKey: SITE_KEY,
    });
    signalsForm = await forms.createForm({ ...base, name: 'Demo with signals', signalsEnabled: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await siteverify?.close();
  });
  afterEach(async () => {
    for (const { context, pageErrors } of open.splice(0)) {
      await context.close();
      expect(pageErrors).toEqual([]);
    }
  });

  type Visit = { page: Page; requests: Request[]; tokens: string[] };

  /** A visitor on landing pages of the product's origin; Cloudflare's script answered by the fake. */
  async function visit(
    formId: string,
    opts: { blockTurnstile?: boolean; path?: string; url?: string } = {},
  ): Promise<Visit> {
    const context = await browser.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    open.push({ context, pageErrors });
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    const tokens = [1, 2, 3].map((i) => `tok-${randomUUID()}-${i}`);
    passing.push(...tokens);
    await page.route(CLOUDFLARE, (route) =>
      opts.blockTurnstile
        ? route.abort('blockedbyclient')
        : route.fulfill({ contentType: 'text/javascript', body: fakeTurnstileScript([...tokens]) }),
    );
    const html = landingHtml(`<lead-form form="${formId}"></lead-form>`);
    await page.route(`${server.baseUrl}/p/**`, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }),
    );
    await page.goto(opts.url ?? `${server.baseUrl}${opts.path ?? '/p/landing'}`);
    return { page, requests, tokens };
  }

  const form = (page: Page) => page.locator('lead-form');
  const urls = (requests: Request[]) => requests.map((r) => r.url());
  const submissions = (requests: Request[]) => requests.filter((r) => r.url().endsWith('/submissions'));
  const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

  async function fillAndSend(page: Page, lastName: string, consent = false) {
    const f = form(page);
    await f.getByLabel('Last name (required)').fill(lastName);
    await f.getByLabel('Email (required)').fill(`${lastName.toLowerCase()}@example.com`);
    if (consent) await f.getByLabel('You may contact me.').check();
    await f.getByRole('button', { name: 'Send' }).click();
  }

  it('loads Turnstile only on the first focus; the token travels in a header, outside the body', async () => {
    const { page, requests, tokens } = await visit(turnstileForm);
    await form(page).getByRole('button', { name: 'Send' }).waitFor();
    // Loading it eagerly would start a request by the time the form is shown; once the page has had none in
    // flight for 500 ms, every request it started is in `requests`.
    await page.waitForLoadState('networkidle');
    expect(urls(requests).filter((u) => /challenges\.cloudflare\.com|widget-turnstile/.test(u))).toEqual([]);

    await form(page).getByLabel('Last name (required)').focus();
    await expect
      .poll(() =>
        urls(requests).some((u) => u.startsWith('https://challenges.cloudflare.com/turnstile/v0/api.js')),
      )
      .toBe(true);
    expect(urls(requests).find((u) => u.includes('challenges'))).toContain('render=explicit');
    expect(urls(requests).some((u) => /\/widget-turnstile\.[0-9a-f]{12}\.js$/.test(u))).toBe(true);
    await expect
      .poll(() =>
        page.evaluate(
          () => (window as unknown as { __fakeTurnstile: { rendered: unknown[] } }).__fakeTurnstile.rendered,
        ),
      )
      .toEqual([{ sitekey: SITE_KEY, language: 'en', inLightDom: true }]);

    const lastName = unique('Turnstile');
    await fillAndSend(page, lastName);
    await form(page).getByRole('status').filter({ hasText: THANKS }).waitFor();
    const [sent] = submissions(requests);
    expect(sent!.headers()['cf-turnstile-response']).toBe(tokens[0]);
    expect(sent!.postData()).not.toContain(tokens[0]);
    expect(JSON.parse(sent!.postData()!)).not.toHaveProperty('cf-turnstile-response');
    expect(siteverify.calls.filter((c) => c.response === tokens[0])).toHaveLength(1);
    expect(await admin.leadsNamed(lastName)).toHaveLength(1);
  });

  it('an expired token is replaced before the submission takes one', async () => {
    const { page, requests, tokens } = await visit(turnstileForm);
    await form(page).getByLabel('Last name (required)').focus();
    // The first token is in hand before it expires.
    await expect
      .poll(() =>
        page.evaluate(
          () => (window as unknown as { __fakeTurnstile?: { issued: string[] } }).__fakeTurnstile?.issued,
        ),
      )
      .toEqual([tokens[0]]);
    await page.evaluate(() =>
      (window as unknown as { __fakeTurnstile: { expire(): void } }).__fakeTurnstile.expire(),
    );
    const lastName = unique('Expired');
    await fillAndSend(page, lastName);
    await form(page).getByRole('status').filter({ hasText: THANKS }).waitFor();
    expect(submissions(requests)[0]!.headers()['cf-turnstile-response']).toBe(tokens[1]);
    expect(await admin.leadsNamed(lastName)).toHaveLength(1);
  });

  it('a retry after the answer was lost replays the same submission: one lead, the token verified once', async () => {
    const { page, requests, tokens } = await visit(turnstileForm);
    let first = true;
    await page.route('**/submissions', async (route) => {
      if (!first) return route.continue();
      first = false;
      // The server stores the lead (and spends the token); the answer is lost on the way back.
      await route.fetch();
      await route.abort('connectionreset');
    });
    const lastName = unique('TurnstileRetry');
    await fillAndSend(page, lastName);
    await form(page).getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await form(page).getByRole('status').filter({ hasText: THANKS }).waitFor({ timeout: 15_000 });
    const sent = submissions(requests);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sent.map((r) => r.headers()['idempotency-key'])).size).toBe(1);
    expect(new Set(sent.map((r) => r.postData())).size).toBe(1);
    // Each attempt takes a fresh token; the server replays the accepted key without verifying it.
    expect(sent.map((r) => r.headers()['cf-turnstile-response']).slice(0, 2)).toEqual(tokens.slice(0, 2));
    expect(siteverify.calls.filter((c) => c.response === tokens[0])).toHaveLength(1);
    expect(siteverify.calls.filter((c) => c.response === tokens[1])).toHaveLength(0);
    const leads = await admin.leadsNamed(lastName);
    expect(leads).toHaveLength(1);
    expect(await admin.lead(leads[0]!.id)).toMatchObject({ version: 1 });
  });

  it('offline first: the retry that reaches the server carries a fresh token, verified once', async () => {
    const { page, requests, tokens } = await visit(turnstileForm);
    await page.route('**/submissions', (route) => route.abort('internetdisconnected'));
    const lastName = unique('TurnstileOffline');
    await fillAndSend(page, lastName);
    await form(page).getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.unroute('**/submissions');
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await form(page).getByRole('status').filter({ hasText: THANKS }).waitFor({ timeout: 15_000 });
    const sent = submissions(requests);
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.headers()['cf-turnstile-response'])).toEqual(tokens.slice(0, 2));
    expect(siteverify.calls.filter((c) => tokens.includes(c.response ?? '')).map((c) => c.response)).toEqual([
      tokens[1],
    ]);
    expect(await admin.leadsNamed(lastName)).toHaveLength(1);
  });

  it('Turnstile blocked: the submission is held for review, and the visitor is told so', async () => {
    const { page } = await visit(turnstileForm, { blockTurnstile: true });
    const lastName = unique('Blocked');
    await form(page).getByLabel('Last name (required)').focus();
    await fillAndSend(page, lastName);
    await form(page)
      .getByRole('status')
      .filter({ hasText: 'Received — a person will check it first.' })
      .waitFor();
    expect(await admin.leadsNamed(lastName)).toEqual([]);
    const held = (await forms.quarantine()).filter((q) => q.formId === turnstileForm);
    expect(
      held.some((q) => q.reason === 'turnstile-failed' && JSON.stringify(q.payload).includes(lastName)),
    ).toBe(true);
  });

  it('signals: this session’s pages and time on page go only with consent, only when the form enables them', async () => {
    const { page, requests } = await visit(signalsForm, { path: '/p/pricing' });
    await form(page).getByRole('button', { name: 'Send' }).waitFor();
    await page.goto(`${server.baseUrl}/p/product`);
    await form(page).getByRole('button', { name: 'Send' }).waitFor();
    await fillAndSend(page, unique('NoConsent'));
    await form(page).getByRole('status').filter({ hasText: THANKS }).waitFor();
    const without = JSON.parse(submissions(requests)[0]!.postData()!);
    expect(without).not.toHaveProperty('pagesViewed');
    expect(without).not.toHaveProperty('timeOnPage');

    await page.goto(`${server.baseUrl}/p/contact`);
    await fillAndSend(page, unique('Consent'), true);
    await form(page).getByRole('status').filter({ hasText: THANKS }).waitFor();
    const withConsent = JSON.parse(submissions(requests)[1]!.postData()!);
    expect(withConsent.pagesViewed).toEqual(['/p/pricing', '/p/product', '/p/contact']);
    expect(withConsent.timeOnPage).toEqual(expect.any(Number));

    // The Turnstile form does not enable signals: nothing is sent (or kept), consent or not.
    const other = await visit(turnstileForm);
    await fillAndSend(other.page, unique('Disabled'), true);
    await form(other.page).getByRole('status').filter({ hasText: THANKS }).waitFor();
    expect(JSON.parse(submissions(other.requests)[0]!.postData()!)).not.toHaveProperty('pagesViewed');
    expect(await other.page.evaluate(() => sessionStorage.getItem('leadgate:pages'))).toBeNull();
  });

  it('on another site (allowed origin), in German: catalog and Turnstile come from Leadgate’s origin', async () => {
    let formId = '';
    const landing = await startLandingServer(() =>
      landingHtml(`<lead-form form="${formId}" lang="de"></lead-form>`, {
        script: `${server.baseUrl}/widget.js`,
      }),
    );
    try {
      formId = await forms.createForm({
        name: 'Elsewhere',
        allowedOrigins: [new URL(landing.url).origin],
        minSubmitSeconds: 0,
        turnstileEnabled: true,
        turnstileSiteKey: SITE_KEY,
      });
      const { page, requests, tokens } = await visit(formId, { url: landing.url });
      await form(page).getByRole('button', { name: 'Senden' }).waitFor();
      expect(urls(requests).some((u) => u.startsWith(`${server.baseUrl}/widget-de.`))).toBe(true);
      const lastName = unique('Fremd');
      await form(page).getByLabel('Nachname (Pflichtfeld)').fill(lastName);
      await form(page).getByLabel('E-Mail (Pflichtfeld)').fill(`${lastName.toLowerCase()}@example.de`);
      await form(page).getByRole('button', { name: 'Senden' }).click();
      await form(page).getByRole('status').filter({ hasText: 'Danke! Wir haben Ihre Angaben.' }).waitFor();
      expect(submissions(requests).at(-1)!.headers()['cf-turnstile-response']).toBe(tokens[0]);
      expect(await admin.leadsNamed(lastName)).toHaveLength(1);
    } finally {
      await landing.close();
    }
  });
});

import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from './support/browser';
import { startLandingServer } from './support/landing';
import { startProductServer } from './support/server';
import { fakeTurnstileScript, formAdmin } from './support/widget-forms';

const enabled = browserAvailable();
const THANKS = 'Thank you! We got your details.';

/**
 * The Content-Security-Policy docs/widget-csp.md tells a marketer's site to send, for a Leadgate at `api`:
 * nothing else is allowed (`default-src 'none'`, so no style source either), which is what proves the list
 * complete.
 */
function documentedPolicy(api: string, { turnstile = false, nonce = '' } = {}): string {
  const cloudflare = turnstile ? ' https://challenges.cloudflare.com' : '';
  return [
    "default-src 'none'",
    nonce ? `script-src 'nonce-${nonce}' 'strict-dynamic'` : `script-src ${api}${cloudflare}`,
    `connect-src ${api}`,
    `form-action ${api}`,
    ...(turnstile ? ['frame-src https://challenges.cloudflare.com'] : []),
  ].join('; ');
}

/** A landing page with no inline script or style of its own: only the widget's tag and its fallback form. */
function landing(api: string, formId: string, nonce = ''): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Acme — book a demo</title></head>
  <body>
    <main>
      <h1>Book a demo</h1>
      <lead-form form="${formId}">
        <form method="post" action="${api}/v1/forms/${formId}/submissions">
          <label>Last name <input name="last_name" required /></label>
          <label>Email <input name="email" type="email" required /></label>
          <button>Send without JavaScript</button>
        </form>
      </lead-form>
    </main>
    <script src="${api}/widget.js"${nonce ? ` nonce="${nonce}"` : ''} defer></script>
  </body>
</html>`;
}

describe.skipIf(!enabled)('<lead-form> on a page with a strict Content-Security-Policy, in Chromium', () => {
  let server: Awaited<ReturnType<typeof startProductServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let forms: Awaited<ReturnType<typeof formAdmin>>;
  const open: BrowserContext[] = [];
  const sites: Array<{ close: () => Promise<void> }> = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startProductServer(), launchBrowser()]);
    forms = await formAdmin(server.baseUrl, 'admin@leadgate.test', 'leadgate-demo');
  }, 120_000);
  afterAll(async () => {
    await Promise.all(sites.map((s) => s.close()));
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    for (const context of open.splice(0)) await context.close();
  });

  /** A form allowed on a new landing site that sends the documented policy; the page opened there. */
  async function visit(opts: { turnstile?: boolean; javaScript?: boolean; nonce?: string } = {}) {
    let origin = '';
    let formId = '';
    const site = await startLandingServer(() => landing(server.baseUrl, formId, opts.nonce), {
      headers: () => ({ 'content-security-policy': documentedPolicy(server.baseUrl, opts) }),
    });
    sites.push(site);
    origin = new URL(site.url).origin;
    formId = await forms.createForm({
      name: `CSP ${randomUUID().slice(0, 8)}`,
      consentText: { en: 'You may contact me.' },
      minSubmitSeconds: 0,
      rateLimitPerIp: 100,
      ...(opts.turnstile ? { turnstileEnabled: true, turnstileSiteKey: '1x00000000000000000000AA' } : {}),
    });
    await forms.allowOrigin(formId, origin);
    const context = await browser.browser.newContext({ locale: 'en-US', javaScriptEnabled: opts.javaScript });
    open.push(context);
    const page = await context.newPage();
    const logs: string[] = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
    if (opts.turnstile)
      await page.route('https://challenges.cloudflare.com/**', (route) =>
        route.fulfill({ contentType: 'text/javascript', body: fakeTurnstileScript(['tok-csp']) }),
      );
    await page.goto(site.url);
    return { page, logs, pageErrors, formId };
  }

  const violations = (page: Page) =>
    page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  const refused = (logs: string[]) => logs.filter((l) => /Content Security Policy|Refused to/i.test(l));

  it('renders, styles itself and submits with no violation', async () => {
    const { page, logs, pageErrors } = await visit();
    const form = page.locator('lead-form');
    await form.getByRole('button', { name: 'Send' }).waitFor();
    // Styled in shadow DOM by adopted style sheets, which style-src does not govern: the element is laid out
    // by the widget's own rules (a block), not the browser's default for an unknown element (inline).
    expect(
      await form.evaluate((el) => ({
        display: getComputedStyle(el).display,
        adopted: el.shadowRoot?.adoptedStyleSheets.length,
        styleElements: el.shadowRoot?.querySelectorAll('style').length,
      })),
    ).toEqual({ display: 'block', adopted: 1, styleElements: 0 });
    const lastName = `Csp-${randomUUID().slice(0, 8)}`;
    await form.getByLabel('Last name (required)').fill(lastName);
    await form.getByLabel('Email (required)').fill(`${lastName.toLowerCase()}@example.com`);
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByRole('status').filter({ hasText: THANKS }).waitFor();
    expect(await violations(page)).toEqual([]);
    expect(refused(logs)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('speaks another language (an on-demand chunk) and loads Turnstile with no violation', async () => {
    const { page, logs } = await visit({ turnstile: true });
    await page.locator('lead-form').evaluate((el) => el.setAttribute('lang', 'de'));
    const form = page.locator('lead-form');
    await form.getByRole('button', { name: 'Senden' }).waitFor();
    const api = page.waitForRequest((r) =>
      r.url().startsWith('https://challenges.cloudflare.com/turnstile/'),
    );
    await form.getByLabel('Nachname (Pflichtfeld)').focus();
    await api;
    await expect
      .poll(() => page.evaluate(() => Boolean((window as { turnstile?: unknown }).turnstile)))
      .toBe(true);
    expect(await violations(page)).toEqual([]);
    expect(refused(logs)).toEqual([]);
  });

  it('under a nonce with strict-dynamic: the chunks and Turnstile are trusted through the widget’s tag', async () => {
    const { page, logs } = await visit({ turnstile: true, nonce: randomUUID().replaceAll('-', '') });
    const form = page.locator('lead-form');
    await form.getByRole('button', { name: 'Send' }).waitFor();
    await page.locator('lead-form').evaluate((el) => el.setAttribute('lang', 'cs'));
    await form.getByRole('button', { name: 'Odeslat' }).waitFor();
    const api = page.waitForRequest((r) =>
      r.url().startsWith('https://challenges.cloudflare.com/turnstile/'),
    );
    await form.getByRole('textbox').first().focus();
    await api;
    await expect
      .poll(() => page.evaluate(() => Boolean((window as { turnstile?: unknown }).turnstile)))
      .toBe(true);
    expect(await violations(page)).toEqual([]);
    expect(refused(logs)).toEqual([]);
  });

  it('without JavaScript, the fallback form posts and lands on the thank-you page (form-action)', async () => {
    const { page, logs, formId } = await visit({ javaScript: false });
    await page.getByLabel('Last name').fill(`NoJs-${randomUUID().slice(0, 8)}`);
    await page.getByLabel('Email').fill('nojs@example.com');
    await Promise.all([
      page.waitForURL(`${server.baseUrl}/v1/forms/${formId}/thanks`),
      page.getByRole('button').click(),
    ]);
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    expect(refused(logs)).toEqual([]);
  });
});

import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable, launchBrowser } from './support/browser';
import { landingHtml, startLandingServer } from './support/landing';
import { signIn } from './support/leads';
import { startProductServer } from './support/server';
import { formAdmin } from './support/widget-forms';

const enabled = browserAvailable();
const QUEUE_KEY = 'leadgate:outbox';
const SUBMISSIONS = '**/v1/forms/frm_demo/submissions';
const THANKS = 'Thank you! We got your details.';
const QUEUED = 'Saved — we’ll send it as soon as you’re back online.';

type WidgetEvent = { type: string; detail: Record<string, unknown> };
type Visit = {
  page: Page;
  context: BrowserContext;
  form: Locator;
  events: WidgetEvent[];
  /** The page's console, as `type: text`. */
  logs: string[];
};

describe.skipIf(!enabled)('<lead-form> in Chromium', () => {
  let server: Awaited<ReturnType<typeof startProductServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let visitors = 0;
  const open: Array<{ context: BrowserContext; pageErrors: string[] }> = [];

  beforeAll(async () => {
    // Each test is its own visitor (its own X-Forwarded-For, trusted by this server only), so the per-IP
    // rate limit of the demo form (10 a minute) does not couple the tests.
    const trustProxy = process.env.TRUST_PROXY;
    process.env.TRUST_PROXY = '1';
    [server, browser] = await Promise.all([startProductServer(), launchBrowser()]);
    if (trustProxy === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = trustProxy;
    admin = await signIn(server.baseUrl, 'admin@leadgate.test', 'leadgate-demo');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    // The widget never throws into the host page.
    for (const { context, pageErrors } of open.splice(0)) {
      await context.close();
      expect(pageErrors).toEqual([]);
    }
  });

  /** Opens a landing page on the product's origin (served by the test) with the widget on it. */
  async function visit(
    body = '<lead-form form="frm_demo"></lead-form>',
    opts: {
      lang?: string;
      locale?: string;
      stay?: boolean;
      url?: string;
      before?: (page: Page) => Promise<unknown>;
    } = {},
  ): Promise<Visit> {
    const context = await browser.browser.newContext({
      locale: opts.locale ?? 'en-US',
      extraHTTPHeaders: opts.url ? {} : { 'x-forwarded-for': `198.51.100.${++visitors}` },
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    open.push({ context, pageErrors });
    const events: WidgetEvent[] = [];
    const logs: string[] = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    await page.exposeFunction('lgEvent', (type: string, detail: Record<string, unknown>) =>
      events.push({ type, detail }),
    );
    await page.addInitScript((stay) => {
      for (const type of ['lead-form:submit', 'lead-form:success', 'lead-form:error'])
        document.addEventListener(type, (e) => {
          (window as unknown as { lgEvent: (t: string, d: unknown) => void }).lgEvent(
            type,
            (e as CustomEvent).detail,
          );
          if (stay && type === 'lead-form:success') e.preventDefault();
        });
    }, !!opts.stay);
    const html = landingHtml(body, { lang: opts.lang });
    await page.route(`${server.baseUrl}/landing`, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }),
    );
    await opts.before?.(page);
    await page.goto(opts.url ?? `${server.baseUrl}/landing`);
    return { page, context, form: page.locator('lead-form').first(), events, logs };
  }

  const unique = (name: string) => `${name}-${Date.now().toString(36)}${visitors}`;

  async function fill(form: Locator, lastName: string) {
    await form.getByLabel('First name', { exact: true }).fill('Zoë');
    await form.getByLabel('Last name (required)').fill(lastName);
    await form.getByLabel('Email (required)').fill(`${lastName.toLowerCase()}@example.de`);
    await form.getByLabel('Company', { exact: true }).fill('Nordwind AG');
  }

  const status = (form: Locator) => form.getByRole('status');
  const types = (events: WidgetEvent[]) => events.map((e) => e.type);
  const queued = (page: Page) =>
    page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), QUEUE_KEY);

  it('renders real, labelled, autofillable fields and a live region, with no axe violations light or dark', async () => {
    const { page, form } = await visit(
      '<lead-form form="frm_demo"><p>Fallback for no script</p></lead-form>',
    );
    await form.getByRole('button', { name: 'Send' }).waitFor();
    expect(await page.getByText('Fallback for no script').isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    const dom = await page.locator('lead-form').evaluate((host) => {
      const root = host.shadowRoot!;
      const f = root.querySelector('form')!;
      const hp = root.querySelector<HTMLInputElement>('[name=lg_hp]')!;
      const statusEl = root.querySelector('[part=status]')!;
      return {
        action: f.getAttribute('action'),
        method: f.getAttribute('method'),
        fields: [...f.querySelectorAll('input:not([name=lg_hp]), textarea')].map((i) => [
          i.getAttribute('name'),
          i.getAttribute('type'),
          i.getAttribute('autocomplete'),
          i.hasAttribute('required'),
        ]),
        honeypot: {
          tabindex: hp.getAttribute('tabindex'),
          autocomplete: hp.getAttribute('autocomplete'),
          hidden: hp.closest('[aria-hidden=true]') !== null,
          display: getComputedStyle(hp).display,
          clipped: getComputedStyle(hp.parentElement!).clipPath,
        },
        status: [statusEl.getAttribute('role'), statusEl.getAttribute('aria-live')],
        parts: [...new Set([...root.querySelectorAll('[part]')].map((e) => e.getAttribute('part')))].sort(),
      };
    });
    expect(dom.action).toBe(`${server.baseUrl}/v1/forms/frm_demo/submissions`);
    expect(dom.method).toBe('post');
    expect(dom.fields).toEqual([
      ['firstName', 'text', 'given-name', false],
      ['lastName', 'text', 'family-name', true],
      ['email', 'email', 'email', true],
      ['phone', 'tel', 'tel', false],
      ['company', 'text', 'organization', false],
      ['title', 'text', 'organization-title', false],
      ['consent', 'checkbox', null, false],
    ]);
    expect(dom.honeypot).toEqual({
      tabindex: '-1',
      autocomplete: 'off',
      hidden: true,
      display: 'inline-block',
      clipped: 'inset(50%)',
    });
    expect(dom.status).toEqual(['status', 'polite']);
    expect(dom.parts).toEqual(['button', 'error', 'field', 'form', 'input', 'label', 'status']);
    await expect
      .poll(() => form.getByText('I agree that Acme may contact me about this request.').isVisible())
      .toBe(true);

    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page
      .locator('lead-form')
      .evaluate((host) => getComputedStyle(host).backgroundColor);
    expect(background).toBe('rgb(28, 28, 36)');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('submits: lead-form:submit and lead-form:success, exactly one new lead, then the form’s redirect', async () => {
    const { page, form, events } = await visit();
    const lastName = unique('Redirect');
    await fill(form, lastName);
    await form.getByLabel(/I agree/).check();
    await form.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/demo\?submitted=1$/);
    await expect.poll(() => types(events)).toEqual(['lead-form:submit', 'lead-form:success']);
    expect(events[0]!.detail).toEqual({ formId: 'frm_demo' });
    expect(events[1]!.detail.receiptId).toEqual(expect.any(String));
    const leads = await admin.leadsNamed(lastName);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ firstName: 'Zoë', company: 'Nordwind AG' });
    expect(await admin.lead(leads[0]!.id)).toMatchObject({ email: `${lastName.toLowerCase()}@example.de` });
  });

  it('works from the keyboard alone: fields in order, honeypot skipped, Space, Enter, visible focus', async () => {
    const { page, form, events } = await visit(undefined, { stay: true });
    await form.getByRole('button', { name: 'Send' }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const inner = document.activeElement?.shadowRoot?.activeElement;
        return inner?.getAttribute('name') ?? inner?.tagName.toLowerCase() ?? null;
      });
    const lastName = unique('Keyboard');
    const order: Array<string | null> = [];
    const typed: Record<string, string> = { firstName: 'Ada', lastName, email: `${lastName}@example.cz` };
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      const name = await focused();
      order.push(name);
      if (name && typed[name]) await page.keyboard.type(typed[name]);
      if (name === 'consent') await page.keyboard.press('Space');
    }
    expect(order).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      'company',
      'title',
      'consent',
      'button',
    ]);
    const outline = await form
      .getByRole('button', { name: 'Send' })
      .evaluate((b) => getComputedStyle(b).outlineStyle);
    expect(outline).toBe('solid');
    expect(await form.getByLabel(/I agree/).isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await status(form).filter({ hasText: THANKS }).waitFor();
    await expect.poll(() => types(events)).toEqual(['lead-form:submit', 'lead-form:success']);
    expect(page.url()).toBe(`${server.baseUrl}/landing`);
    expect(await admin.leadsNamed(lastName)).toHaveLength(1);
  });

  it('validates natively with its own messages: marks, describes and focuses the first invalid field', async () => {
    const { page, form, events } = await visit();
    await form.getByRole('button', { name: 'Send' }).click();
    await status(form).filter({ hasText: 'Please fix the marked fields.' }).waitFor();
    const lastName = form.getByLabel('Last name (required)');
    const state = await lastName.evaluate((input: HTMLInputElement) => {
      const root = input.getRootNode() as ShadowRoot;
      return {
        invalid: input.getAttribute('aria-invalid'),
        description: root.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent,
        message: input.validationMessage,
        focused: root.activeElement === input,
      };
    });
    expect(state).toEqual({
      invalid: 'true',
      description: 'Please fill this in.',
      message: 'Please fill this in.',
      focused: true,
    });
    expect(await form.getByLabel('Email (required)').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('First name', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    expect(events).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(page)).toEqual([]);

    await lastName.fill('Novák');
    await expect.poll(() => lastName.getAttribute('aria-invalid')).toBeNull();
    await form.getByLabel('Email (required)').fill('not an email');
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByText('Enter a valid email.').waitFor();
  });

  it('puts the server’s field errors (422) on the right field, focused and announced', async () => {
    const { page, form, events } = await visit();
    const lastName = unique('Invalid');
    await fill(form, lastName);
    // The browser accepts a@b as an email address; the server does not.
    await form.getByLabel('Email (required)').fill('a@b');
    await form.getByRole('button', { name: 'Send' }).click();
    await status(form).filter({ hasText: 'Please fix the marked fields.' }).waitFor();
    const email = form.getByLabel('Email (required)');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.evaluate((i) => (i.getRootNode() as ShadowRoot).activeElement === i)).toBe(true);
    expect(await form.getByText('Enter a valid email.').isVisible()).toBe(true);
    await expect.poll(() => types(events)).toEqual(['lead-form:submit', 'lead-form:error']);
    expect(events[1]!.detail).toEqual({ code: 'validation-failed' });
    expect(await admin.leadsNamed(lastName)).toEqual([]);
    expect(await queued(page)).toBeNull();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('offline: keeps the lead, tells the visitor, and sends it once with the same key when back online', async () => {
    const { page, form, events } = await visit(undefined, { stay: true });
    const requests: Array<{ key: string | undefined; body: string | null }> = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/submissions'))
        requests.push({ key: r.headers()['idempotency-key'], body: r.postData() });
    });
    await page.route(SUBMISSIONS, (route) => route.abort('internetdisconnected'));
    const lastName = unique('Offline');
    await fill(form, lastName);
    await form.getByRole('button', { name: 'Send' }).click();
    await status(form).filter({ hasText: QUEUED }).waitFor();
    expect(await form.getByRole('button', { name: 'Send' }).isVisible()).toBe(false);
    const [entry] = await queued(page);
    expect(entry).toMatchObject({
      form: 'frm_demo',
      url: `${server.baseUrl}/v1/forms/frm_demo/submissions`,
      key: expect.any(String),
    });
    expect(JSON.parse(entry.body)).toMatchObject({ lastName, firstName: 'Zoë', consent: false });

    await page.unroute(SUBMISSIONS);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await status(form).filter({ hasText: THANKS }).waitFor();
    await expect.poll(() => types(events)).toEqual(['lead-form:submit', 'lead-form:success']);
    expect(await admin.leadsNamed(lastName)).toHaveLength(1);
    expect(await queued(page)).toBeNull();
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(new Set(requests.map((r) => r.key))).toEqual(new Set([entry.key]));
    expect(new Set(requests.map((r) => r.body))).toEqual(new Set([entry.body]));
  });

  it('a 503 after the server stored the lead: the retry (same key) is answered from the server’s record', async () => {
    const { page, form, events } = await visit(undefined, { stay: true });
    let stored: string | undefined;
    await page.route(SUBMISSIONS, async (route) => {
      if (stored) return route.continue();
      // The request reaches the server, which stores the lead; the answer is lost on the way back.
      stored = ((await (await route.fetch()).json()) as { id: string }).id;
      await route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        headers: { 'retry-after': '1' },
        body: JSON.stringify({
          type: '/problems/service-unavailable',
          status: 503,
          code: 'service-unavailable',
        }),
      });
    });
    const lastName = unique('Retry');
    await fill(form, lastName);
    await form.getByRole('button', { name: 'Send' }).click();
    await status(form).filter({ hasText: QUEUED }).waitFor();
    await status(form).filter({ hasText: THANKS }).waitFor({ timeout: 15_000 });
    await expect.poll(() => types(events)).toEqual(['lead-form:submit', 'lead-form:success']);
    expect(events[1]!.detail).toEqual({ receiptId: stored });
    const leads = await admin.leadsNamed(lastName);
    expect(leads).toHaveLength(1);
    // Not created, then updated by a second copy (a merge would bump the version).
    expect(await admin.lead(leads[0]!.id)).toMatchObject({ version: 1 });
  });

  it('reload while queued: the next page with the widget sends it, once', async () => {
    const { page, form } = await visit(undefined, { stay: true });
    await page.route(SUBMISSIONS, (route) => route.abort('internetdisconnected'));
    const lastName = unique('Reload');
    await fill(form, lastName);
    await form.getByRole('button', { name: 'Send' }).click();
    await status(form).filter({ hasText: QUEUED }).waitFor();
    await page.goto('about:blank');
    await page.unroute(SUBMISSIONS);
    expect(await admin.leadsNamed(lastName)).toEqual([]);
    await page.goto(`${server.baseUrl}/landing`);
    await expect.poll(() => queued(page), { timeout: 10_000 }).toBeNull();
    expect(await admin.leadsNamed(lastName)).toHaveLength(1);
    // The fresh form is ready for the next visitor's lead.
    await form.getByRole('button', { name: 'Send' }).waitFor();
  });

  it.each([
    [
      'de',
      ['Vorname', 'Nachname (Pflichtfeld)', 'E-Mail (Pflichtfeld)', 'Firma'],
      'Senden',
      'Bitte ausfüllen.',
    ],
    ['cs', ['Jméno', 'Příjmení (povinné)', 'E-mail (povinné)', 'Firma'], 'Odeslat', 'Vyplňte prosím.'],
    [
      'uk',
      ['Ім’я', 'Прізвище (обов’язково)', 'Ел. пошта (обов’язково)', 'Компанія'],
      'Надіслати',
      'Заповніть поле.',
    ],
  ])('speaks %s: labels, button and validation messages', async (lang, labels, send, missing) => {
    const { page, form } = await visit(`<lead-form form="frm_demo" lang="${lang}"></lead-form>`);
    await form.getByRole('button', { name: send }).waitFor();
    for (const label of labels) expect(await form.getByLabel(label, { exact: true }).count()).toBe(1);
    expect(await form.locator('div[lang]').getAttribute('lang')).toBe(lang);
    await form.getByRole('button', { name: send }).click();
    await expect
      .poll(() => form.getByLabel(labels[1]!).evaluate((i: HTMLInputElement) => i.validationMessage))
      .toBe(missing);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('takes its language from <html lang>, else from the browser', async () => {
    const czech = await visit(undefined, { lang: 'cs' });
    await czech.form.getByRole('button', { name: 'Odeslat' }).waitFor();
    const ukrainian = await visit(undefined, { lang: '', locale: 'uk-UA' });
    await ukrainian.form.getByRole('button', { name: 'Надіслати' }).waitFor();
    const french = await visit(undefined, { lang: 'fr', locale: 'fr-FR' });
    await french.form.getByRole('button', { name: 'Send' }).waitFor();
  });

  it('on a site the form does not allow: one console message saying what to allow and where, the page’s fallback, an error event; allowed, it renders', async () => {
    const landing = await startLandingServer(
      landingHtml(
        '<lead-form form="frm_demo"><p>Or write to <a href="mailto:sales@acme.example">sales@acme.example</a>.</p></lead-form>',
        { script: `${server.baseUrl}/widget.js` },
      ),
    );
    try {
      const { page, form, events, logs } = await visit(undefined, { url: landing.url });
      await status(form).filter({ hasText: 'This form is not available here.' }).waitFor();
      expect(await form.getByRole('link', { name: 'sales@acme.example' }).isVisible()).toBe(true);
      expect(await form.locator('form').count()).toBe(0);
      await expect
        .poll(() => events)
        .toEqual([{ type: 'lead-form:error', detail: { code: 'origin-not-allowed' } }]);
      expect(await axeViolations(page)).toEqual([]);
      const origin = new URL(landing.url).origin;
      await expect
        .poll(() => logs.filter((line) => line.includes('Leadgate')))
        .toEqual([
          `error: Leadgate <lead-form form="frm_demo">: This page’s origin ${origin} may not embed the form “Book a demo” (frm_demo). ` +
            `An admin can allow it in the Leadgate dashboard: Forms → “Book a demo” → Where the form may be embedded (${server.baseUrl}/app/forms/frm_demo), ` +
            'where it is listed as a refused origin to allow in one click (or for every form under Settings → Data).',
        ]);
      // The refusal is readable: the browser's own CORS error no longer stands in for an explanation.
      expect(logs.filter((line) => /CORS/i.test(line))).toEqual([]);

      const forms = await formAdmin(server.baseUrl, 'admin@leadgate.test', 'leadgate-demo');
      await forms.allowOrigin('frm_demo', origin);
      await page.reload();
      await form.getByRole('button', { name: 'Send' }).waitFor();
      expect(await page.getByRole('link', { name: 'sales@acme.example' }).isVisible()).toBe(false);
    } finally {
      await landing.close();
    }
  });

  it('a form that does not exist: an error state and event, never an exception', async () => {
    const { form, events } = await visit('<lead-form form="frm_missing"></lead-form>');
    await status(form).filter({ hasText: 'Something went wrong. Try again.' }).waitFor();
    await expect
      .poll(() => events)
      .toEqual([{ type: 'lead-form:error', detail: { code: 'form-not-found' } }]);
  });

  it('runs several forms on one page independently', async () => {
    const { page, events } = await visit(
      '<lead-form form="frm_demo"></lead-form><lead-form form="frm_demo" lang="de"></lead-form>',
      { stay: true },
    );
    const [english, german] = [page.locator('lead-form').nth(0), page.locator('lead-form').nth(1)];
    await german.getByRole('button', { name: 'Senden' }).waitFor();
    await english.getByRole('button', { name: 'Send' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const lastName = unique('Twin');
    await german.getByLabel('Nachname (Pflichtfeld)').fill(lastName);
    await german.getByLabel('E-Mail (Pflichtfeld)').fill(`${lastName}@example.de`);
    await english.getByLabel('First name', { exact: true }).fill('Untouched');
    await german.getByRole('button', { name: 'Senden' }).click();
    await status(german).filter({ hasText: 'Danke!' }).waitFor();
    expect(await status(english).textContent()).toBe('');
    expect(await english.getByLabel('First name', { exact: true }).inputValue()).toBe('Untouched');
    await expect.poll(() => types(events)).toEqual(['lead-form:submit', 'lead-form:success']);
    expect(await admin.leadsNamed(lastName)).toHaveLength(1);
  });

  it('429: says “too many attempts”, waits out Retry-After, then sends it once', async () => {
    const { page, form, events } = await visit(undefined, { stay: true });
    const times: number[] = [];
    await page.route(SUBMISSIONS, async (route) => {
      times.push(Date.now());
      if (times.length > 1) return route.continue();
      await route.fulfill({
        status: 429,
        contentType: 'application/problem+json',
        headers: { 'retry-after': '3' },
        body: JSON.stringify({ type: '/problems/rate-limited', status: 429, code: 'rate-limited' }),
      });
    });
    const lastName = unique('Busy');
    await fill(form, lastName);
    await form.getByRole('button', { name: 'Send' }).click();
    await status(form).filter({ hasText: 'Too many attempts — we’ll retry shortly.' }).waitFor();
    expect(await form.getByRole('button', { name: 'Send' }).isVisible()).toBe(false);
    expect(await queued(page)).toHaveLength(1);
    await status(form).filter({ hasText: THANKS }).waitFor({ timeout: 15_000 });
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2900);
    await expect.poll(() => types(events)).toEqual(['lead-form:submit', 'lead-form:success']);
    expect(await admin.leadsNamed(lastName)).toHaveLength(1);
  });

  it('follows a change of its lang attribute after render, keeping what was typed', async () => {
    const { page, form } = await visit();
    await form.getByLabel('Last name (required)').fill('Schmidt');
    const host = page.locator('lead-form');
    await host.evaluate((el) => el.setAttribute('lang', 'de'));
    await form.getByRole('button', { name: 'Senden' }).waitFor();
    expect(await form.getByLabel('Nachname (Pflichtfeld)').inputValue()).toBe('Schmidt');
    await host.evaluate((el) => el.setAttribute('lang', 'uk'));
    await form.getByRole('button', { name: 'Надіслати' }).waitFor();
    expect(await form.locator('div[lang]').getAttribute('lang')).toBe('uk');
    await host.evaluate((el) => el.removeAttribute('lang'));
    await form.getByRole('button', { name: 'Send' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('retries a form definition that failed to load: with backoff, and at once when back online', async () => {
    let failing = true;
    let requests = 0;
    const { page, form, events } = await visit(undefined, {
      before: (p) =>
        p.route('**/v1/forms/frm_demo', (route) => {
          requests++;
          return failing ? route.abort('internetdisconnected') : route.continue();
        }),
    });
    await status(form).filter({ hasText: 'Something went wrong. Try again.' }).waitFor();
    // A second attempt (one fetch each) follows by itself about 2 s later.
    await expect.poll(() => requests, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    failing = false;
    await page.evaluate(() => dispatchEvent(new Event('online')));
    // Sooner than the next backoff step (4 s): the `online` event did it.
    await form.getByRole('button', { name: 'Send' }).waitFor({ timeout: 2_000 });
    expect(await status(form).textContent()).toBe('');
    // Told once, not once per attempt.
    expect(events).toEqual([{ type: 'lead-form:error', detail: { code: 'network' } }]);
  });

  it('fits a 320 px wide screen', async () => {
    const { page, form } = await visit();
    await page.setViewportSize({ width: 320, height: 640 });
    await form.getByRole('button', { name: 'Send' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const box = await form.getByLabel('Email (required)').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(320);
  });
});

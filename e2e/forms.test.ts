import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable, launchBrowser } from './support/browser';
import { startLandingServer } from './support/landing';
import { signIn } from './support/leads';
import { startProductServer } from './support/server';
import { waitForCount } from './support/wait';
import { formAdmin } from './support/widget-forms';

const enabled = browserAvailable();
const PASSWORD = 'leadgate-demo';

/** A bare page on another origin with nothing but what marketing pasted into it. */
const pastedPage = (snippet: string) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Acme — partner page</title></head>
  <body><main><h1>Talk to us</h1>
${snippet}
  </main></body>
</html>`;

describe.skipIf(!enabled)('the Forms page in Chromium', () => {
  let server: Awaited<ReturnType<typeof startProductServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let admin: Awaited<ReturnType<typeof signIn>>;
  const open: Array<{ close: () => Promise<void>; pageErrors: string[] }> = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startProductServer(), launchBrowser()]);
    admin = await signIn(server.baseUrl, 'admin@leadgate.test', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    for (const { close, pageErrors } of open.splice(0)) {
      await close();
      expect(pageErrors).toEqual([]);
    }
  });

  /** A fresh browser profile (its own cookies and clipboard) with a page that records uncaught errors. */
  async function newPage(b: Browser, opts: { clipboard?: boolean } = {}): Promise<Page> {
    const context = await b.newContext({
      locale: 'en-US',
      permissions: opts.clipboard ? ['clipboard-read', 'clipboard-write'] : [],
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    open.push({ close: () => context.close(), pageErrors });
    return page;
  }

  /** Signs in through the dashboard and opens the Forms page from the navigation. */
  async function openForms(page: Page, email: string) {
    await page.goto(`${server.baseUrl}/app/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // Each role lands on its own home (a member's is My tasks); Forms is in the navigation everywhere.
    await page.waitForURL((url) => !url.pathname.endsWith('/login') && url.pathname !== '/app/');
    await page.getByRole('navigation').getByRole('link', { name: 'Forms' }).click();
    await page.getByRole('heading', { name: 'Forms', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Book a demo' }).waitFor();
  }

  /** Opens the demo form's editor and waits for the real widget in the preview. */
  async function openDemoForm(page: Page) {
    await page.getByRole('link', { name: 'Book a demo' }).click();
    await page.getByRole('heading', { name: 'Form: Book a demo', level: 1 }).waitFor();
    await page.locator('lead-form').getByRole('button', { name: 'Send' }).waitFor();
  }

  it('an admin allows a second site, copies the snippet, and the widget there creates exactly one lead', async () => {
    let snippet = '';
    const landing = await startLandingServer(() => pastedPage(snippet));
    try {
      const page = await newPage(browser.browser, { clipboard: true });
      await openForms(page, 'admin@leadgate.test');
      expect(await axeViolations(page)).toEqual([]);
      await openDemoForm(page);
      expect(await axeViolations(page)).toEqual([]);

      const origin = new URL(landing.url).origin;
      await page.getByRole('button', { name: 'Add an origin' }).click();
      const input = page.getByLabel('Allowed origin 1', { exact: true });
      await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
      await input.fill(origin);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const stored = (await (
        await fetch(`${server.baseUrl}/v1/forms/frm_demo`, { headers: { origin } })
      ).json()) as {
        name: string;
      };
      expect(stored.name).toBe('Book a demo');

      await page.getByRole('button', { name: 'Copy: Widget', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
      snippet = await page.evaluate(() => navigator.clipboard.readText());
      expect(snippet).toBe(
        `<script src="${server.baseUrl}/widget.js" async></script>\n<lead-form form="frm_demo"></lead-form>`,
      );
      expect(await page.locator('#snippet-script-code').textContent()).toBe(snippet);

      const visitor = await newPage(browser.browser);
      await visitor.goto(landing.url);
      const form = visitor.locator('lead-form');
      const lastName = `Partner-${Date.now().toString(36)}`;
      await form.getByLabel('Last name (required)').fill(lastName);
      await form.getByLabel('Email (required)').fill(`${lastName.toLowerCase()}@example.cz`);
      await form.getByLabel('Company', { exact: true }).fill('Vltava s.r.o.');
      await form.getByRole('button', { name: 'Send' }).click();
      // The demo form sends its visitors on to the thank-you page after a submission it accepted.
      await visitor.waitForURL(`${server.baseUrl}/demo?submitted=1`);
      const leads = await admin.leadsNamed(lastName);
      expect(leads).toHaveLength(1);
      expect(leads[0]).toMatchObject({ company: 'Vltava s.r.o.' });
    } finally {
      await landing.close();
    }
  });

  it('a snippet pasted on a site not allowed yet: the editor offers that site, allowed by keyboard in one step', async () => {
    const forms = await formAdmin(server.baseUrl, 'admin@leadgate.test', PASSWORD);
    const formId = await forms.createForm({ name: 'Partner page' });
    const landing = await startLandingServer(
      pastedPage(
        `<script src="${server.baseUrl}/widget.js" async></script>\n<lead-form form="${formId}"></lead-form>`,
      ),
    );
    try {
      const origin = new URL(landing.url).origin;
      const visitor = await newPage(browser.browser);
      await visitor.goto(landing.url);
      const widget = visitor.locator('lead-form');
      await widget.getByRole('status').filter({ hasText: 'This form is not available here.' }).waitFor();

      const page = await newPage(browser.browser);
      await openForms(page, 'admin@leadgate.test');
      await page.getByRole('link', { name: 'Partner page' }).click();
      await page.getByRole('heading', { name: 'Form: Partner page', level: 1 }).waitFor();
      const refused = page.getByRole('list', { name: 'Seen on sites that are not allowed yet' });
      await refused
        .getByText(new RegExp(`^${origin.replace(/[.]/g, '\\.')}: refused at least once, most recently `))
        .waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.setViewportSize({ width: 1280, height: 900 });

      const allow = refused.getByRole('button', { name: `Allow ${origin}` });
      await allow.focus();
      await page.keyboard.press('Enter');
      await page
        .getByRole('status')
        .filter({ hasText: 'Allowed: pages on that site now show the form.' })
        .waitFor();
      const row = page.getByLabel('Allowed origin 1', { exact: true });
      await expect.poll(() => row.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await row.inputValue()).toBe(origin);
      expect(await refused.count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);

      await visitor.reload();
      await widget.getByRole('button', { name: 'Send' }).waitFor();
      // Saving the draft afterwards keeps the origin allowed: the draft took it in.
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const stored = await fetch(`${server.baseUrl}/v1/forms/${formId}`, { headers: { origin } });
      expect(stored.status).toBe(200);
    } finally {
      await landing.close();
    }
  });

  it('shows its own and the server’s field errors in place, focused and described; SRI and HTML snippets', async () => {
    const page = await newPage(browser.browser);
    await openForms(page, 'admin@leadgate.test');
    await openDemoForm(page);

    await page.getByRole('button', { name: 'Add an origin' }).click();
    const last = page.getByLabel(/^Allowed origin \d+$/).last();
    await last.fill('https://www.example.com/contact');
    await page.getByLabel('Minimum time to fill in the form (seconds)').fill('90');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const error = 'Enter an origin like https://www.example.com (no path), http://localhost:3000, or *';
    await page.getByText(error).waitFor();
    const state = () =>
      last.evaluate((el: HTMLInputElement) => ({
        invalid: el.getAttribute('aria-invalid'),
        described: (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent),
        focused: el === document.activeElement,
      }));
    // Focus moves to the first error in the frame after the errors are shown.
    await expect.poll(state).toEqual({ invalid: 'true', described: [error], focused: true });
    expect(
      await page.getByLabel('Minimum time to fill in the form (seconds)').getAttribute('aria-invalid'),
    ).toBe('true');
    await page.getByText('Enter a whole number from 0 to 60').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Typing clears an error at once.
    await last.fill('https://www.example.com');
    await expect.poll(() => last.getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('Minimum time to fill in the form (seconds)').fill('3');
    await page.getByLabel('Check visitors with Cloudflare Turnstile').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Enter the Turnstile site key, or turn Turnstile off').waitFor();
    await expect
      .poll(() => page.getByLabel('Turnstile site key').evaluate((el) => el === document.activeElement))
      .toBe(true);
    await page.getByLabel('Check visitors with Cloudflare Turnstile').uncheck();

    // A rule only the server knows: its pointer (into the request it got) lands on the right input.
    await page.route(`${server.baseUrl}/api/forms/frm_demo`, (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 422,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: '/problems/validation-failed',
              title: 'The request has invalid fields',
              status: 422,
              code: 'validation-failed',
              errors: [{ pointer: '/fields/1/label/de', detail: 'Too long', code: 'too_big' }],
            }),
          })
        : route.continue(),
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Some fields need attention.' }).waitFor();
    const germanLastName = page.getByRole('group', { name: 'Last name' }).getByLabel('Label (Deutsch)');
    expect(await germanLastName.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => germanLastName.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByText('This is too long').waitFor();
    await page.unroute(`${server.baseUrl}/api/forms/frm_demo`);

    const sri = (await page.locator('#snippet-sri-code').textContent()) ?? '';
    const manifest = (await (await fetch(`${server.baseUrl}/widget.manifest.json`)).json()) as {
      file: string;
      sri: string;
    };
    expect(sri).toBe(
      `<script src="${server.baseUrl}/${manifest.file}" integrity="${manifest.sri}" crossorigin="anonymous" async></script>\n<lead-form form="frm_demo"></lead-form>`,
    );
    const html = (await page.locator('#snippet-html-code').textContent()) ?? '';
    expect(html).toContain(`<form method="post" action="${server.baseUrl}/v1/forms/frm_demo/submissions">`);
    expect(html).toContain('<label for="lg-lastName">Last name (required)</label>');
    expect(html).toContain('<input id="lg-lastName" name="lastName" autocomplete="family-name" required>');
  });

  it('creates a form, then disables it: the preview and the public endpoint follow', async () => {
    const page = await newPage(browser.browser);
    await openForms(page, 'admin@leadgate.test');
    await page.getByRole('link', { name: 'New form' }).click();
    await page.getByRole('heading', { name: 'New form', level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create form' }).click();
    await page.getByText('Fill this in').first().waitFor();
    await expect
      .poll(() => page.getByLabel('Name', { exact: true }).evaluate((el) => el === document.activeElement))
      .toBe(true);

    await page.getByLabel('Name', { exact: true }).fill('Webinar sign-up');
    await page.getByRole('group', { name: 'Phone' }).getByLabel('On the form').uncheck();
    await page.getByRole('group', { name: 'City' }).getByLabel('On the form').check();
    const city = page.getByRole('group', { name: 'City' });
    // The widget has no label of its own for a city: the editor starts it with ours, in every language.
    await expect.poll(() => city.getByLabel('Label (English)').inputValue()).toBe('City');
    await city.getByLabel('Label (Deutsch)').fill('Wohnort');
    await page.getByRole('button', { name: 'Create form' }).click();
    await page.getByRole('heading', { name: 'Form: Webinar sign-up', level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Form created.' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect(id).toMatch(/^frm_/);
    const preview = page.locator('lead-form');
    await preview.getByLabel('City', { exact: true }).waitFor();
    expect(await preview.getByLabel('Phone').count()).toBe(0);
    // Trying the preview out never creates a lead: the submit is stopped before the widget sees it.
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/submissions')) posts.push(r.url());
    });
    await preview.getByLabel('Last name (required)').fill('Preview');
    // A submit the widget saw would show in its status (sending, or what to fix) within the click's own
    // task; a timer set while the click is dispatched runs after that task, so then the status is final.
    await page.evaluate(() => {
      const mark = () => setTimeout(() => document.body.setAttribute('data-clicked', ''));
      document.addEventListener('click', mark, { once: true, capture: true });
    });
    await preview.getByRole('button', { name: 'Send' }).click();
    await page.locator('body[data-clicked]').waitFor({ state: 'attached' });
    expect([await preview.getByRole('status').textContent(), posts]).toEqual(['', []]);
    await page.getByLabel('Preview language').selectOption('de');
    await preview.getByLabel('Wohnort', { exact: true }).waitFor();

    // After a save the preview shows the new version, although the browser had cached the old one.
    await city.getByLabel('Label (Deutsch)').fill('Stadt');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await preview.getByLabel('Stadt', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Disable form' }).click();
    await page.getByRole('status').filter({ hasText: 'Form disabled.' }).waitFor();
    await page.getByText('The form is disabled, so there is nothing to preview.').waitFor();
    expect((await fetch(`${server.baseUrl}/v1/forms/${id}`)).status).toBe(404);
    await page.getByRole('link', { name: 'All forms' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Webinar sign-up' });
    await waitForCount(row.getByText('Disabled'), 1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each(['viewer', 'member'])(
    'a %s sees every setting read-only, with the reason, and may copy snippets',
    async (role) => {
      const page = await newPage(browser.browser);
      await openForms(page, `${role}@leadgate.test`);
      const reason =
        'Only admins and owners can create or change forms. You can look at every setting and copy the embed code.';
      const newForm = page.getByRole('button', { name: 'New form' });
      expect(await newForm.isDisabled()).toBe(true);
      expect(
        await newForm.evaluate(
          (el) => document.getElementById(el.getAttribute('aria-describedby')!)?.textContent,
        ),
      ).toBe(reason);
      await openDemoForm(page);
      expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Copy: Widget', exact: true }).isEnabled()).toBe(true);
      await page.getByText(reason).waitFor();
      expect(await axeViolations(page)).toEqual([]);
    },
  );
});

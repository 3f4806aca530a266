import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

describe.skipIf(!enabled)('phones on the lead page, and the demo page’s form', () => {
  // A server of its own: it changes the demo form (button text, phone rule) that other suites submit.
  const suite = dashboardSuite({});

  /** A visitor's fresh browser profile (not signed in), from the suite's Chromium. */
  async function visitor(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const browser = (await suite.as('viewer@leadgate.test')).context().browser()!;
    return browser.newContext({ locale: 'en-US', ...options });
  }

  /** Edits the open lead's phone in place and waits until it is saved. */
  async function editPhone(page: Page, phone: string) {
    await page.getByRole('button', { name: 'Edit Phone' }).click();
    await page.getByLabel('Phone', { exact: true }).fill(phone);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Phone saved.').waitFor();
  }

  it('the lead page links only a valid phone and flags any other, as entered', async () => {
    const page = await suite.as('admin@leadgate.test');
    await page.locator('tbody tr .lead__name').first().click();
    const facts = page.getByRole('region', { name: 'Contact and company' });
    await page.getByRole('button', { name: 'Edit Phone' }).waitFor();

    await editPhone(page, 'call me maybe');
    await facts.getByText('call me maybe', { exact: true }).waitFor();
    await facts.getByText('Not a valid phone number').waitFor();
    expect(await facts.locator('a[href^="tel:"]').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    const digits = String(Date.now()).slice(-6);
    await editPhone(page, `601 ${digits.slice(0, 3)} ${digits.slice(3)}`);
    const link = facts.locator('a[href^="tel:"]');
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`tel:+420601${digits}`);
    expect(await facts.getByText('Not a valid phone number').count()).toBe(0);
  });

  it('after a widget submission on /demo, the thank-you stands alone: no empty, active form', async () => {
    const context = await visitor();
    try {
      const page = await context.newPage();
      await page.goto(`${suite.baseUrl}/demo`);
      const form = page.locator('lead-form');
      const lastName = `Demo-${Date.now().toString(36)}`;
      // The no-script fallback inside <lead-form> is not rendered: these roles are the widget's inputs.
      await form.getByRole('textbox', { name: 'Last name (required)' }).fill(lastName);
      await form
        .getByRole('textbox', { name: 'Email (required)' })
        .fill(`${lastName.toLowerCase()}@example.de`);
      await form.getByRole('button').click();
      await page.waitForURL(/\/demo\?submitted=1$/);
      await page.getByRole('status').filter({ hasText: 'Thank you' }).waitFor();
      expect(await page.locator('lead-form, form').count()).toBe(0);
      expect(await page.getByRole('textbox').count()).toBe(0);
      expect(await page.getByRole('button').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the no-script fallback marks the fields the form requires, email too', async () => {
    const context = await visitor({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.baseUrl}/demo`);
      const email = page.getByRole('textbox', { name: 'Email (required)' });
      expect(await email.getAttribute('required')).not.toBeNull();
      expect(await page.getByRole('textbox', { name: 'Last name (required)' }).count()).toBe(1);
      expect(await page.getByRole('textbox', { name: 'First name', exact: true }).count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('the button says what the form editor set, per language; the widget’s own word where none', async () => {
    const page = await suite.as('admin@leadgate.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Forms' }).click();
    await page.getByRole('link', { name: 'Book a demo' }).click();
    await page.getByRole('heading', { name: 'Form: Book a demo', level: 1 }).waitFor();
    await page.getByLabel('Button text (English)').fill('Request a demo');
    await page.getByLabel('Button text (Deutsch)').fill('Demo anfragen');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.locator('lead-form').getByRole('button', { name: 'Request a demo' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const context = await visitor();
    try {
      const guest = await context.newPage();
      await guest.goto(`${suite.baseUrl}/demo`);
      const form = guest.locator('lead-form');
      await form.getByRole('button', { name: 'Request a demo' }).waitFor();
      for (const [lang, label] of [
        ['de', 'Demo anfragen'],
        ['cs', 'Odeslat'],
        ['uk', 'Надіслати'],
      ]) {
        await form.evaluate((el, l) => el.setAttribute('lang', l), lang!);
        await form.getByRole('button', { name: label }).waitFor();
      }
      const noScript = await visitor({ javaScriptEnabled: false });
      const plain = await noScript.newPage();
      await plain.goto(`${suite.baseUrl}/demo`);
      expect(await plain.getByRole('button').textContent()).toBe('Request a demo');
      await noScript.close();
    } finally {
      await context.close();
    }
  });

  it('a form set to take only valid phones refuses "call me maybe" on the phone field, in words', async () => {
    const page = await suite.as('admin@leadgate.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Forms' }).click();
    await page.getByRole('link', { name: 'Book a demo' }).click();
    await page.getByRole('heading', { name: 'Form: Book a demo', level: 1 }).waitFor();
    await page.getByRole('group', { name: 'Phone' }).getByLabel('Only a valid phone number').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const context = await visitor();
    try {
      const guest = await context.newPage();
      await guest.goto(`${suite.baseUrl}/demo`);
      const form = guest.locator('lead-form');
      const lastName = `Maybe-${Date.now().toString(36)}`;
      await form.getByRole('textbox', { name: 'Last name (required)' }).fill(lastName);
      await form
        .getByRole('textbox', { name: 'Email (required)' })
        .fill(`${lastName.toLowerCase()}@example.de`);
      const phone = form.getByRole('textbox', { name: 'Phone' });
      await phone.fill('call me maybe');
      await form.getByRole('button').click();
      await form.getByText('Enter a valid phone number.').waitFor();
      expect(await phone.getAttribute('aria-invalid')).toBe('true');
      expect(new URL(guest.url()).search).toBe('');
    } finally {
      await context.close();
    }
  });
});

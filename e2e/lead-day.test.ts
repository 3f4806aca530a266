import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { createLead, uniqueName } from './support/leads';

const enabled = browserAvailable();

type Words = {
  claim: string;
  claimed: string;
  log: string;
  outcome: string;
  noAnswer: string;
  save: string;
  call: string;
  offer: string;
  logCall: string;
};

const WORDS: Record<'en' | 'de', Words> = {
  en: {
    claim: 'Assign to me',
    claimed: 'The lead is yours now.',
    log: 'Log activity',
    outcome: 'Outcome',
    noAnswer: 'No answer',
    save: 'Log it',
    call: 'Call',
    offer: 'Back from the call? Log it while you remember.',
    logCall: 'Log the call',
  },
  de: {
    claim: 'Mir zuweisen',
    claimed: 'Der Lead gehört jetzt Ihnen.',
    log: 'Aktivität erfassen',
    outcome: 'Ergebnis',
    noAnswer: 'Keine Antwort',
    save: 'Erfassen',
    call: 'Anruf',
    offer: 'Zurück vom Anruf? Erfassen Sie ihn, solange Sie sich erinnern.',
    logCall: 'Anruf erfassen',
  },
};

/** A new unassigned lead with a phone number, entered by the admin (whose leads stay in the pool). */
async function poolLead(admin: Page): Promise<{ id: string; lastName: string }> {
  const lastName = uniqueName('Telefon');
  const id = await createLead(admin, {
    firstName: 'Jana',
    lastName,
    company: 'Volání s.r.o.',
    // A number of its own: a known phone would update that person's lead instead of entering a new one.
    phone: `+420 601 ${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`,
  });
  return { id, lastName };
}

describe.skipIf(!enabled)("an SDR's day on a lead in Chromium", () => {
  const suite = dashboardSuite();

  it.each(['en', 'de'] as const)(
    'a member claims a lead by keyboard, logs a "no answer" call and sees it in the timeline (%s)',
    async (language) => {
      const w = WORDS[language];
      const admin = await suite.as('admin@leadgate.test');
      const { id, lastName } = await poolLead(admin);
      const page = await suite.as('member@leadgate.test', language === 'de' ? 'de-DE' : 'en-US');
      await page.goto(`${suite.baseUrl}/app/leads/${id}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(lastName) }).waitFor();
      const claim = page.getByRole('button', { name: w.claim });
      await claim.waitFor();
      expect(await claim.getAttribute('aria-keyshortcuts')).toBe('a');
      expect(await axeViolations(page)).toEqual([]);

      // `a` takes the lead: the button goes, the page says so, and focus stays among the lead's actions.
      await page.locator('h1').click();
      await page.keyboard.press('a');
      await page.getByText(w.claimed).waitFor({ state: 'attached' });
      await claim.waitFor({ state: 'detached' });
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.closest('.lead-actions') !== null))
        .toBe(true);

      // `l` opens the log; the call is the default kind; choose the outcome and submit with Enter.
      await page.locator('h1').click();
      await page.keyboard.press('l');
      const dialog = page.getByRole('dialog', { name: w.log });
      await dialog.waitFor();
      expect(await dialog.getByRole('radio', { name: w.call }).isChecked()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await dialog.getByLabel(w.outcome).selectOption('no_answer');
      await dialog.getByRole('button', { name: w.save }).press('Enter');
      await dialog.waitFor({ state: 'hidden' });

      const entry = page.locator('.timeline li', { has: page.locator('[data-type="activity.call"]') });
      await entry.waitFor();
      expect(await entry.textContent()).toContain(w.noAnswer);
      expect(await axeViolations(page)).toEqual([]);

      // After following the tel: link, coming back to the page offers to log the call, prefilled.
      await page.evaluate(() =>
        document.addEventListener(
          'click',
          (event) => {
            if ((event.target as Element).closest('a[href^="tel:"]')) event.preventDefault();
          },
          { capture: true },
        ),
      );
      await page.locator('a[href^="tel:"]:visible').click();
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await page.getByText(w.offer).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: w.logCall }).click();
      const again = page.getByRole('dialog', { name: w.log });
      await again.waitFor();
      expect(await again.getByRole('radio', { name: w.call }).isChecked()).toBe(true);
      await page.keyboard.press('Escape');
      await again.waitFor({ state: 'hidden' });
    },
  );
});

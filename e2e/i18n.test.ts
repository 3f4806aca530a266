import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { de } from '../dashboard/i18n/de';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

/** Imports a two-row CSV through the API as the page's user (its session and CSRF token), to completion. */
async function importThroughApi(page: Page, filename: string): Promise<void> {
  await page.evaluate(async (name) => {
    const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': csrfToken };
    const form = new FormData();
    const rows = `First Name,Last Name,Company\nOlga,Sprachtest-${Date.now()},Lingua s.r.o.\nIvo,Sprachtest-${Date.now() + 1},Lingua s.r.o.\n`;
    form.append('file', new Blob([rows], { type: 'text/csv' }), name);
    const created = await fetch('/api/leads/imports', { method: 'POST', headers, body: form });
    if (created.status !== 201) throw new Error(`upload: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    await fetch(`/api/leads/imports/${id}/preview`);
    const commit = await fetch(`/api/leads/imports/${id}/commit`, { method: 'POST', headers });
    if (commit.status !== 202) throw new Error(`commit: ${commit.status} ${await commit.text()}`);
    for (;;) {
      const job = (await (await fetch(`/api/leads/imports/${id}`)).json()) as { status: string };
      if (job.status === 'completed') return;
      if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`import ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, filename);
}

describe.skipIf(!enabled)('the dashboard in four languages, in Chromium', () => {
  const { as } = dashboardSuite();

  it('Quick create in German: the input keeps to the server’s limit; a longer pasted name is refused in German', async () => {
    const page = await as('member@leadgate.test', 'de-DE');
    await page.getByRole('button', { name: de['create.open'] }).click();
    const dialog = page.getByRole('dialog', { name: de['create.title'] });
    const lastName = dialog.getByLabel(de['create.lastName']);
    await lastName.fill('x'.repeat(700));
    expect(await lastName.getAttribute('maxlength')).toBe('200');
    expect((await lastName.inputValue()).length).toBe(200);

    // A script (or an extension's paste) can set a value past maxlength: the server's answer is worded.
    await lastName.evaluate((input: HTMLInputElement, value) => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, 'y'.repeat(700));
    await dialog.getByRole('button', { name: de['create.submit'] }).click();
    const error = dialog.locator('#create-lastName-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Geben Sie höchstens 200 Zeichen ein.');
    expect(await lastName.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each([
    ['en-US', 'Import of sprachen.csv finished: 2 created, 0 updated.'],
    ['de-DE', 'Import der Datei sprachen.csv abgeschlossen: 2 angelegt, 0 aktualisiert.'],
    ['cs-CZ', 'Import souboru sprachen.csv dokončen: vytvořeno 2, aktualizováno 0.'],
    ['uk-UA', 'Імпорт файлу sprachen.csv завершено: створено 2, оновлено 0.'],
  ])('the bell words a finished import in %s', async (browserLocale, expected) => {
    const page = await as('owner@leadgate.test', browserLocale);
    await importThroughApi(page, 'sprachen.csv');
    await page.locator('.bell__button').click();
    const item = page.locator('.bell__list li', { hasText: 'sprachen.csv' }).first();
    await item.waitFor();
    expect(await item.locator('[dir=auto]').textContent()).toBe(expected);
  });
});

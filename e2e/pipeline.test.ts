import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { listSettled } from './support/workspace';

const enabled = browserAvailable();

/** A lead created, qualified and converted through the API as the signed-in admin; returns its id. */
async function convertedLead(page: Page, lastName: string): Promise<string> {
  return page.evaluate(async (lastName) => {
    const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
    const post = async (path: string, body: unknown, expected: number) => {
      const res = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      if (res.status !== expected) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const { id } = await post('/api/leads', { lastName, company: `${lastName} GmbH` }, 201);
    await post(`/api/leads/${id}/status`, { status: 'CONTACTED' }, 200);
    await post(`/api/leads/${id}/status`, { status: 'QUALIFIED' }, 200);
    await post(`/api/leads/${id}/convert`, { createAccount: true }, 201);
    return id;
  }, lastName);
}

describe.skipIf(!enabled)('the pipeline board’s rules in Chromium', () => {
  const suite = dashboardSuite();

  const open = async (page: Page) => {
    await page.goto(`${suite.baseUrl}/app/pipeline`);
    await page.locator('section.column[data-status="NEW"] li.card').first().waitFor();
    // The columns load one by one (Converted last): the board is whole once it stops saying it is loading.
    await page.locator('p.loading').waitFor({ state: 'detached' });
  };
  const column = (page: Page, status: string) => page.locator(`section.column[data-status="${status}"]`);
  const alert = (page: Page, text: string) => page.getByRole('alert').filter({ hasText: text });
  const reason = 'A lead in New cannot move to Qualified. It can move to: Contacted or Lost.';

  it('marks the columns a dragged card may not enter, and refuses a drop there with the reason', async () => {
    const page = await suite.as('admin@leadgate.test');
    await open(page);
    const card = column(page, 'NEW').locator('li.card').first();
    const id = (await card.getAttribute('data-lead-id')) ?? '';
    const name = (await card.locator('.card__name').textContent()) ?? '';
    const statusCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/status')) statusCalls.push(r.url());
    });

    // Pick the card up and hold it over Qualified: the forbidden columns say so, in words and to assistive tech.
    await card.hover();
    await page.mouse.down();
    const qualified = (await column(page, 'QUALIFIED').locator('h2').boundingBox())!;
    await page.mouse.move(qualified.x + 20, qualified.y + 10, { steps: 5 });
    await expect.poll(() => column(page, 'QUALIFIED').getAttribute('data-drop')).toBe('forbidden');
    expect(await column(page, 'CONTACTED').getAttribute('data-drop')).toBe('allowed');
    expect(await column(page, 'LOST').getAttribute('data-drop')).toBe('allowed');
    expect(await column(page, 'CONVERTED').getAttribute('data-drop')).toBe('forbidden');
    const describedBy = (await column(page, 'QUALIFIED').getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain(reason);
    expect(await axeViolations(page)).toEqual([]);

    await page.mouse.up();
    await expect.poll(() => alert(page, reason).textContent()).toBe(`${name} was not moved. ${reason}`);
    expect(await column(page, 'NEW').locator(`li.card[data-lead-id="${id}"]`).count()).toBe(1);
    expect(await column(page, 'QUALIFIED').locator(`li.card[data-lead-id="${id}"]`).count()).toBe(0);
    expect(await page.locator('[data-drop]').count()).toBe(0);

    // The keyboard move follows the same rule: over Qualified it is told why, and the drop is refused.
    await page.locator(`[data-move="${id}"]`).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const live = page.locator('p[role="status"][aria-live="assertive"]');
    await expect.poll(() => live.textContent()).toBe(`${name} over Qualified. ${reason}`);
    expect(await column(page, 'QUALIFIED').getAttribute('class')).toContain('column--forbidden');
    await page.keyboard.press('Space');
    await expect.poll(() => live.textContent()).toBe(`${name} was not moved. ${reason}`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-move'))).toBe(id);
    expect(statusCalls).toEqual([]);
  });

  it('words the reason in the user’s language', async () => {
    const page = await suite.as('admin@leadgate.test');
    await page.getByLabel('Language').selectOption('de');
    await page.waitForFunction(() => document.documentElement.lang === 'de');
    await open(page);
    const card = column(page, 'NEW').locator('li.card').first();
    await card.locator('.card__move').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    const german =
      'Ein Lead aus Neu kann nicht nach Qualifiziert verschoben werden. Möglich ist: Kontaktiert oder Verloren.';
    await expect.poll(() => alert(page, german).count()).toBe(1);
  });

  it('shows converted leads under Converted, not Qualified, and the list marks them', async () => {
    const page = await suite.as('admin@leadgate.test');
    const lastName = `Konverze${Math.random().toString(36).slice(2, 7).replace(/\d/g, 'x')}`;
    const id = await convertedLead(page, lastName);
    await open(page);
    // The Converted column pages like the others: load on until the new one shows.
    const converted = column(page, 'CONVERTED');
    const card = converted.locator(`li.card[data-lead-id="${id}"]`);
    const more = converted.getByRole('button', { name: 'Load more in Converted' });
    while ((await card.count()) === 0 && (await more.count()) > 0) {
      const loaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/leads');
      await more.click();
      await loaded;
    }
    await card.waitFor();
    // No converted lead stays among the qualified ones.
    const convertedIds = new Set(
      await page.evaluate(async () => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = `status=QUALIFIED&converted=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
          const page = (await (await fetch(`/api/leads?${query}`)).json()) as {
            items: { id: string }[];
            nextCursor: string | null;
          };
          ids.push(...page.items.map((l) => l.id));
          cursor = page.nextCursor && encodeURIComponent(page.nextCursor);
        } while (cursor);
        return ids;
      }),
    );
    expect(convertedIds.has(id)).toBe(true);
    const qualifiedIds = await column(page, 'QUALIFIED')
      .locator('li.card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-lead-id')));
    expect(qualifiedIds.length).toBeGreaterThan(0);
    expect(qualifiedIds.filter((q) => convertedIds.has(q ?? ''))).toEqual([]);
    // A converted lead is read-only: its card offers no move.
    expect(await page.locator(`[data-move="${id}"]`).count()).toBe(0);
    expect(await converted.locator('h2').textContent()).toMatch(/^Converted \(\d+\)$/);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${suite.baseUrl}/app/leads?q=${lastName}`);
    await listSettled(page);
    const row = page.locator(`tbody tr[data-lead-id="${id}"]`);
    await row.waitFor();
    expect(await row.locator('.converted-mark').textContent()).toContain('Converted');
  });
});

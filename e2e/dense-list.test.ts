import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { createLead, uniqueName } from './support/leads';
import { listSettled } from './support/workspace';

const enabled = browserAvailable();

/**
 * Every top-level page a phone must show without sideways scrolling. `lead` stands for the first lead's
 * page. Pages from other branches join this list as they land (My tasks: /app/tasks).
 */
export const PHONE_PAGES = [
  '/app/leads',
  'lead',
  '/app/pipeline',
  '/app/forms',
  '/app/forms/new',
  '/app/duplicates',
  '/app/reports',
  '/app/outbox',
  '/app/accounts',
  '/app/contacts',
  '/app/opportunities',
  '/app/leads/import',
  '/app/settings',
  '/app/account',
  '/app/tasks',
  '/app/settings/teams',
  '/app/settings/api-keys',
  '/app/settings/webhooks',
  '/app/settings/scoring',
  '/app/settings/routing',
  '/app/settings/outgoing-webhooks',
  '/app/settings/quarantine',
  '/app/settings/data',
  '/app/settings/audit',
] as const;

/** What overflows the window sideways: the page itself, and any element not inside its own scroll region. */
async function sidewaysOverflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const scrolls = (el: Element | null): boolean => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const x = getComputedStyle(e).overflowX;
        if (x === 'auto' || x === 'scroll' || x === 'hidden') return true;
      }
      return false;
    };
    const wide = Array.from(document.body.querySelectorAll('*'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 1 || r.left < -1) && !scrolls(el.parentElement);
      })
      .slice(0, 5)
      .map(
        (el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`,
      );
    return { scrollWidth: root.scrollWidth, clientWidth: width, wide };
  });
}

const rowsInView = (page: Page) =>
  page.evaluate(() => {
    const rows = Array.from(document.querySelectorAll('.leads-table tbody tr'));
    const inView = rows.filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= 0 && b.bottom <= window.innerHeight;
    });
    return { count: inView.length, tallest: Math.max(...rows.map((r) => r.getBoundingClientRect().height)) };
  });

describe.skipIf(!enabled)('the dense, adjustable lead list in Chromium', () => {
  // Its own server: these tests change leads and views the other suites read.
  const suite = dashboardSuite({});

  const openList = async (page: Page, size = { width: 1440, height: 900 }) => {
    await page.setViewportSize(size);
    await page.goto(`${suite.baseUrl}/app/leads`);
    await listSettled(page);
  };

  it('compact rows show at least 20 leads at 1440×900, each at most 36 px tall; axe-clean', async () => {
    const page = await suite.as('admin@leadgate.test');
    await openList(page);
    await page.locator('.table-scroll').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const comfortable = await rowsInView(page);
    await page.getByRole('radio', { name: 'Compact' }).check();
    await page.locator('.leads-table--compact').waitFor();
    await page.locator('.table-scroll').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const compact = await rowsInView(page);
    expect(compact.tallest).toBeLessThanOrEqual(36);
    expect(compact.count).toBeGreaterThanOrEqual(20);
    expect(compact.count).toBeGreaterThan(comfortable.count);
    // The header stays in view while the rows scroll under it.
    await page.locator('.table-scroll').evaluate((el) => el.scrollBy(0, 400));
    const header = await page.locator('.leads-table thead th').first().boundingBox();
    const region = await page.locator('.table-scroll').boundingBox();
    expect(Math.abs((header?.y ?? 0) - (region?.y ?? 0))).toBeLessThanOrEqual(2);
    expect(await axeViolations(page)).toEqual([]);
    // The choice is kept for the next visit.
    await page.reload();
    await page.locator('.leads-table--compact tbody tr').first().waitFor();
    expect(await page.getByRole('radio', { name: 'Compact' }).isChecked()).toBe(true);
  });

  it('chooses columns by keyboard, sorts by a header, saves the view, and the view brings it all back', async () => {
    const page = await suite.as('admin@leadgate.test');
    await openList(page);
    await page.getByRole('button', { name: 'Columns' }).click();
    const dialog = page.getByRole('dialog', { name: 'Columns of the list' });
    await dialog.getByRole('checkbox', { name: 'Campaign' }).check();
    await dialog.getByRole('checkbox', { name: 'Country' }).check();
    // Country was added last; two presses of its "up" button by keyboard put it before Campaign's neighbour.
    await dialog.getByRole('button', { name: 'Move Country up' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const headers = () => page.locator('.leads-table thead th').allTextContents();
    const shown = (await headers()).map((h) => h.replace(/[▲▼]/g, '').trim());
    expect(shown.slice(-3)).toEqual(['Country', 'Created', 'Campaign']);

    const campaignHeader = page.locator('th', { has: page.locator('[data-sort="campaign"]') });
    await page.locator('[data-sort="campaign"]').click();
    await expect.poll(() => campaignHeader.getAttribute('aria-sort')).toBe('ascending');
    await listSettled(page);
    await page.locator('[data-sort="campaign"]').click();
    await expect.poll(() => campaignHeader.getAttribute('aria-sort')).toBe('descending');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('campaign');
    await listSettled(page);
    const campaigns = await page
      .locator('.leads-table tbody tr')
      .evaluateAll((rows) => rows.map((r) => (r.lastElementChild?.textContent ?? '').toLowerCase()));
    expect(campaigns).toEqual([...campaigns].sort().reverse());
    await page.getByRole('radio', { name: 'Compact' }).check();

    await page.getByLabel('Name of the view').fill('Campaigns, dense');
    await page.getByRole('button', { name: 'Save current view' }).click();
    await page.getByRole('link', { name: 'Campaigns, dense' }).waitFor();

    // Back to the defaults, and a fresh page: the view restores sort, columns and density.
    await page.getByRole('radio', { name: 'Comfortable' }).check();
    await page.getByRole('button', { name: 'Columns' }).click();
    await dialog.getByRole('button', { name: 'Default columns' }).click();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.goto(`${suite.baseUrl}/app/leads`);
    await listSettled(page);
    expect(await page.locator('[data-sort="campaign"]').count()).toBe(0);
    await page.getByRole('link', { name: 'Campaigns, dense' }).click();
    await expect.poll(() => campaignHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await page.locator('.leads-table--compact').count()).toBe(1);
    expect((await headers()).map((h) => h.replace(/[▲▼]/g, '').trim()).slice(-3)).toEqual([
      'Country',
      'Created',
      'Campaign',
    ]);
  });

  it('changes a status in its row, and asks why for Lost', async () => {
    const page = await suite.as('admin@leadgate.test');
    await openList(page);
    await page.goto(`${suite.baseUrl}/app/leads?status=NEW`);
    await listSettled(page);
    const select = page.locator('select[data-status-of]:not(:disabled)').first();
    const id = (await select.getAttribute('data-status-of')) ?? '';
    await select.selectOption('CONTACTED');
    await expect
      .poll(() => page.locator('[data-inline-status]').textContent())
      .toMatch(/is now Contacted\.$/);
    expect(await page.locator(`select[data-status-of="${id}"]`).inputValue()).toBe('CONTACTED');
    const stored = await page.evaluate(
      async (id) => ((await (await fetch(`/api/leads/${id}`)).json()) as { status: string }).status,
      id,
    );
    expect(stored).toBe('CONTACTED');
    await page.locator(`select[data-status-of="${id}"]`).selectOption('LOST');
    await page.getByRole('dialog').waitFor();
    expect(await page.locator(`select[data-status-of="${id}"]`).inputValue()).toBe('CONTACTED');
  });

  it('disables the row edits for a viewer, with the reason', async () => {
    const page = await suite.as('viewer@leadgate.test');
    await openList(page);
    const select = page.locator('select[data-status-of]').first();
    expect(await select.isDisabled()).toBe(true);
    const reason = (await select.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${reason}"]`).textContent()).toBeTruthy();
    expect(await page.locator('select[data-owner-of]').first().isDisabled()).toBe(true);
  });

  it('on a phone: cards, and a navigation menu that opens and closes by keyboard', async () => {
    const page = await suite.as('admin@leadgate.test');
    await openList(page, { width: 390, height: 844 });
    expect(await page.locator('.leads-table').count()).toBe(0);
    const card = page.locator('.lead-card').first();
    await card.waitFor();
    expect(await card.locator('.lead-card__open').count()).toBe(1);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    const toggle = page.getByRole('button', { name: 'Menu' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect(await nav.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('nav-toggle'))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('scrolls no page sideways at 390×844', async () => {
    const page = await suite.as('owner@leadgate.test');
    await openList(page, { width: 390, height: 844 });
    const leadHref = await page.locator('.lead-card__open').first().getAttribute('href');
    const failures: string[] = [];
    for (const path of PHONE_PAGES) {
      await page.goto(`${suite.baseUrl}${path === 'lead' ? leadHref : path}`);
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.spinner, p.loading'));
      const { scrollWidth, clientWidth, wide } = await sidewaysOverflow(page);
      if (scrollWidth > clientWidth || wide.length)
        failures.push(`${path}: ${scrollWidth}/${clientWidth} ${wide}`);
    }
    expect(failures).toEqual([]);
  });

  it('keeps a lead’s main actions at the bottom of a phone’s screen, within a thumb’s reach', async () => {
    const page = await suite.as('member@leadgate.test');
    await page.setViewportSize({ width: 390, height: 844 });
    const id = await createLead(page, {
      lastName: uniqueName('Palec'),
      email: 'palec@example.test',
      phone: '+420 601 555 123',
    });
    await page.goto(`${suite.baseUrl}/app/leads/${id}`);
    const bar = page.getByRole('navigation', { name: 'Quick actions' });
    await bar.waitFor();
    const names = await bar.locator('a, button').allTextContents();
    expect(names).toEqual(['Call', 'Email', 'Log', 'Move to Contacted']);
    expect(await bar.getByRole('link', { name: 'Call' }).getAttribute('href')).toBe('tel:+420601555123');
    // At the top of the page and after scrolling to its middle, the bar sits in the screen's lowest fifth.
    for (const y of [0, 600]) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      const box = (await bar.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(844 * 0.8);
      expect(box.y + box.height).toBeLessThanOrEqual(844);
    }
    // Its next move works from there.
    await bar.getByRole('button', { name: 'Move to Contacted' }).click();
    await bar.getByRole('button', { name: 'Move to Qualified' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // Wider screens have the same actions in the header: no bar.
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await bar.isVisible()).toBe(false);
  });

  it('filters the board by owner with server counts, and moves a card with “Move to…”', async () => {
    const page = await suite.as('admin@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/pipeline`);
    await page.locator('p.loading').waitFor({ state: 'detached' });
    await page.getByLabel('Owner').selectOption('unassigned');
    await page.locator('p.loading').waitFor({ state: 'detached' });
    const counts = await page.evaluate(
      async () =>
        (
          (await (await fetch('/api/leads/counts?assignee=unassigned&converted=false')).json()) as {
            counts: Record<string, number>;
          }
        ).counts,
    );
    const title = (status: string) =>
      page.locator(`section.column[data-status="${status}"] h2`).textContent();
    await expect.poll(() => title('NEW')).toContain(String(counts.NEW));
    expect(await title('CONTACTED')).toContain(String(counts.CONTACTED));
    const column = (status: string) => page.locator(`section.column[data-status="${status}"]`);
    const card = column('NEW').locator('li.card').first();
    const id = (await card.getAttribute('data-lead-id')) ?? '';
    await page.locator(`select[data-move-to="${id}"]`).selectOption('CONTACTED');
    await column('CONTACTED').locator(`li.card[data-lead-id="${id}"]`).waitFor();
    await page.locator(`select[data-move-to="${id}"]`).selectOption('LOST');
    await page.getByRole('dialog').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('speaks German too: the menu, density and columns', async () => {
    const page = await suite.as('admin@leadgate.test', 'de-DE');
    await openList(page, { width: 390, height: 844 });
    await page.getByRole('button', { name: 'Menü' }).waitFor();
    await page.getByRole('radio', { name: 'Kompakt' }).waitFor();
    await page.getByRole('button', { name: 'Spalten' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});

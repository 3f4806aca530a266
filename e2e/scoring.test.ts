import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

describe.skipIf(!enabled)('the scoring model editor in Chromium', () => {
  // A server of its own: saving a model rescores the demo leads other suites read.
  const suite = dashboardSuite({});
  const { as } = suite;

  it('changes a rule, previews it, saves, follows the rescore, compares and restores; axe-clean', async () => {
    const page = await as('admin@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/settings/scoring`);
    await page.getByRole('heading', { level: 1, name: 'Scoring model' }).waitFor();
    const industry = page.getByLabel('Target industry', { exact: true });
    await industry.waitFor();
    expect(await industry.inputValue()).toBe('15');
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard: the points field, then the preview button.
    await industry.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('40');
    await page.getByRole('button', { name: 'Preview on my leads' }).focus();
    await page.keyboard.press('Enter');
    const histogram = page.getByRole('table', { name: 'Leads by score, now and with the draft' });
    await histogram.waitFor();
    expect(await histogram.getByRole('row').count()).toBe(11);
    await page.getByRole('table', { name: /Leads by band/ }).waitFor();
    expect(await page.getByText(/of 200 leads would change score\./).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Leads that move most' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Save as new version' }).click();
    await expect.poll(() => page.locator('.toolbar__status').textContent()).toMatch(/^Version 2 saved/);
    const progress = page.getByRole('progressbar', { name: 'Rescoring with version 2' });
    await progress.waitFor();
    await expect
      .poll(() => page.locator('.toolbar__status').textContent(), { timeout: 30_000 })
      .toBe('Every lead is scored by version 2.');
    expect(await progress.getAttribute('aria-valuenow')).toBe(await progress.getAttribute('aria-valuemax'));
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Changes in version 2 since version 1' }).click();
    await page.getByText('Target industry: 15 → 40').waitFor();

    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await expect
      .poll(() => page.locator('.toolbar__status').textContent())
      .toMatch(/^Version 1 restored as version 3/);
    await expect.poll(() => industry.inputValue()).toBe('15');
    await expect
      .poll(() => page.locator('.toolbar__status').textContent(), { timeout: 30_000 })
      .toBe('Every lead is scored by version 3.');
    await page.getByText('restores version 1').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Another tab follows a rescore the first one started.
    const other = await as('owner@leadgate.test');
    await other.goto(`${suite.baseUrl}/app/settings/scoring`);
    await other.getByRole('progressbar', { name: 'Rescoring with version 3' }).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('shows a contradictory threshold at its field and saves nothing', async () => {
    const page = await as('admin@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/settings/scoring`);
    const warm = page.getByLabel('Warm from (score)');
    await warm.waitFor();
    await warm.fill('90');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByText('Warm must start below hot.').waitFor();
    expect(await warm.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
  });
});

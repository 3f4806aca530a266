import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

describe.skipIf(!enabled)('teams in the settings in Chromium', () => {
  const suite = dashboardSuite();
  const { as } = suite;

  it('creates a team by keyboard, adds a member, renames it; every state is axe-clean', async () => {
    const page = await as('admin@leadgate.test');
    const suffix = Math.random().toString(36).slice(2, 8);
    await page.goto(`${suite.baseUrl}/app/settings/teams`);
    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    await expect.poll(() => page.locator('.toolbar__status').textContent()).not.toContain('Loading');
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard only: the name, then Enter submits.
    await page.getByLabel('Team name').focus();
    await page.keyboard.type(`Inbound ${suffix}`);
    await page.keyboard.press('Enter');
    const card = page.locator('.person-card', {
      has: page.getByRole('heading', { level: 2, name: `Inbound ${suffix}` }),
    });
    await card.waitFor();
    await expect.poll(() => page.locator('.toolbar__status').textContent()).toBe(`Team Inbound ${suffix} created.`);
    expect(await card.getByText('Nobody is in this team yet.').count()).toBe(1);

    const who = card.getByLabel('Member to add');
    const picked = (await who.locator('option:checked').textContent())!;
    await card.getByRole('button', { name: 'Add to team' }).click();
    await card.getByRole('checkbox', { name: `${picked} is senior` }).waitFor();
    expect(await card.getByRole('button', { name: `Remove ${picked}` }).count()).toBe(1);
    // The box shows what the server saved: it turns checked once the change is stored. Space toggles it.
    await card.getByRole('checkbox', { name: `${picked} is senior` }).focus();
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.locator('.toolbar__status').textContent())
      .toBe(`${picked} is senior in team Inbound ${suffix}.`);
    expect(await card.getByRole('checkbox', { name: `${picked} is senior` }).isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await card.getByLabel('New name').fill(`Outbound ${suffix}`);
    await card.getByRole('button', { name: 'Rename' }).click();
    const renamed = page.getByRole('heading', { level: 2, name: `Outbound ${suffix}` });
    await renamed.waitFor();
    expect(await page.getByRole('heading', { level: 2, name: `Inbound ${suffix}` }).count()).toBe(0);

    // A second team with the first one's name in other case is refused on the field.
    await page.getByLabel('Team name').fill(`OUTBOUND ${suffix}`);
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByText('Another team already has this name.').waitFor();
    expect(await page.getByLabel('Team name').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);

    // The choice is remembered by the server: a reload shows the renamed team with its senior member.
    await page.reload();
    await renamed.waitFor();
    const again = page.locator('.person-card', { has: renamed });
    expect(await again.getByRole('checkbox', { name: `${picked} is senior` }).isChecked()).toBe(true);
  });
});

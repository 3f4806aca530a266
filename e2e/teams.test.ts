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
    await expect
      .poll(() => page.locator('.toolbar__status').textContent())
      .toBe(`Team Inbound ${suffix} created.`);
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

describe.skipIf(!enabled)('deactivating a member with their leads spread over a team in Chromium', () => {
  // A server of its own: the member it deactivates is one the other suites sign in as.
  const suite = dashboardSuite({});
  const { as } = suite;

  it('offers the team round-robin in the deactivate dialog, axe-clean, and spreads the leads', async () => {
    const page = await as('admin@leadgate.test');
    const ids = await page.evaluate(async () => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const send = async (method: string, path: string, body: unknown) => {
        const res = await fetch(path, {
          method,
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return res.json();
      };
      const users = (await (await fetch('/api/users')).json()) as {
        items: Array<{ id: string; email: string }>;
      };
      const id = (email: string) => users.items.find((u) => u.email === email)!.id;
      const team = (await send('POST', '/api/teams', { name: 'Inbound' })) as { id: string };
      for (const email of ['member@leadgate.test', 'owner@leadgate.test'])
        await send('PUT', `/api/teams/${team.id}/members/${id(email)}`, { senior: false });
      return { member: id('member@leadgate.test'), owner: id('owner@leadgate.test') };
    });
    await page.goto(`${suite.baseUrl}/app/settings/members`);
    const card = page.locator('li.person-card', { has: page.locator(`#member-${ids.member}-name`) });
    await card.waitFor();
    await card.getByRole('button', { name: 'Deactivate' }).click();
    const dialog = page.getByRole('dialog');
    const spread = dialog.getByLabel('Spread them evenly over a team (round-robin)');
    await spread.waitFor();
    await expect.poll(() => spread.isEnabled()).toBe(true);
    await spread.check();
    expect(await dialog.getByLabel('Team to take them over').inputValue()).not.toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await expect
      .poll(() => page.locator('.toolbar__status').textContent())
      .toMatch(/is deactivated; (\d+ open leads were spread over|1 open lead was passed on to) the team\./);
    await card.getByText('Deactivated').waitFor();
  });
});

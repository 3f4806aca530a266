import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

describe.skipIf(!enabled)('routing rules in the settings in Chromium', () => {
  // A server of its own: the rules it saves would route the other suites' new leads.
  const suite = dashboardSuite({});
  const { as } = suite;

  it('reorders rules by keyboard, asks who would get a lead, and the lead page says why; axe-clean', async () => {
    const page = await as('admin@leadgate.test');
    const suffix = Math.random().toString(36).slice(2, 8);
    const arranged = await page.evaluate(async (suffix) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const send = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(path, {
          method,
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return res.json();
      };
      const users = (await (await fetch('/api/users')).json()) as {
        items: Array<{ id: string; name: string; email: string }>;
      };
      const member = users.items.find((u) => u.email === 'member@leadgate.test')!;
      const owner = users.items.find((u) => u.email === 'owner@leadgate.test')!;
      await send('PUT', '/api/routing-rules', {
        rules: [
          {
            name: 'Trade fair',
            condition: { sources: ['Trade fair'] },
            action: { type: 'user', userId: owner.id },
          },
          { name: 'Hot leads', condition: { minScore: 80 }, action: { type: 'user', userId: owner.id } },
          { name: 'Everyone else', condition: {}, action: { type: 'user', userId: member.id } },
        ],
      });
      const lead = (await send('POST', '/api/leads', {
        lastName: `Routed${suffix}`,
        company: 'Routing s.r.o.',
        source: 'Website',
      })) as { id?: string; leadId?: string };
      return { leadId: lead.leadId ?? lead.id!, member: member.name };
    }, suffix);

    await page.goto(`${suite.baseUrl}/app/settings/routing`);
    await page.getByRole('heading', { level: 1, name: 'Routing' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /Hot leads/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard only: "Move up" on the second rule, announced, then Save.
    const hot = page.locator('.routing-rule', {
      has: page.getByRole('heading', { level: 2, name: /Hot leads/ }),
    });
    await hot.getByRole('button', { name: 'Move up' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.toolbar__status').textContent())
      .toBe('Moved “Hot leads” to position 1 of 3.');
    const names = () => page.locator('.routing-rule h2').allTextContents();
    expect(await names()).toEqual(['Rule 1: Hot leads', 'Rule 2: Trade fair', 'Rule 3: Everyone else']);
    await page.getByRole('button', { name: 'Save rules' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.toolbar__status').textContent()).toBe('Routing rules saved.');

    // Who would get this lead: find it by name, ask, read the rule and why the earlier ones did not match.
    await page.getByLabel('Find a lead by name or company').fill(`Routed${suffix}`);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: `Ask for Routed${suffix}` }).click();
    const answer = page.locator('.routing-answer');
    await answer.getByText(`${arranged.member} would get this lead, by rule “Everyone else”.`).waitFor();
    const verdicts = await answer.locator('.routing-verdicts > li').allTextContents();
    expect(verdicts[0]).toMatch(
      /^Hot leads: does not match.*Lowest score: the rule wants 80, the lead has \d+/,
    );
    expect(verdicts[1]).toMatch(
      /^Trade fair: does not match.*Source: the rule wants Trade fair, the lead has Website/,
    );
    expect(verdicts[2]).toBe('Everyone else: matches and takes the lead');
    expect(await axeViolations(page)).toEqual([]);

    // An admin marks the member away: the routing page's absences, then the answer skips them.
    await page.getByLabel(`${arranged.member}: away until`).fill('2099-01-01T09:00');
    await page.getByLabel(`${arranged.member}: away until`).press('Enter');
    await page.getByText(/^Away until .*: routing passes over new leads meanwhile\.$/).waitFor();
    await page.getByRole('button', { name: `Ask for Routed${suffix}` }).click();
    await answer.getByText('No rule takes this lead: it would stay unassigned.').waitFor();
    expect(await answer.textContent()).toContain(`${arranged.member} is away until`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(`${arranged.member}: away until`).fill('');
    await page.getByLabel(`${arranged.member}: away until`).press('Enter');
    await page.getByText('Available: routing assigns new leads again.').waitFor();

    // Reordering by drag: "Trade fair" dropped on the first rule takes its place, announced like a key move.
    const fair = page.locator('.routing-rule', {
      has: page.getByRole('heading', { level: 2, name: /Trade fair/ }),
    });
    await fair.dragTo(page.locator('.routing-rule').first());
    await expect
      .poll(() => page.locator('.toolbar__status').textContent())
      .toBe('Moved “Trade fair” to position 1 of 3.');
    expect(await names()).toEqual(['Rule 1: Trade fair', 'Rule 2: Hot leads', 'Rule 3: Everyone else']);
    expect(await page.getByText('Unsaved changes').count()).toBe(1);

    // No horizontal scroll at a phone's width.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });

    // The lead page says why it went to its rep.
    await page.goto(`${suite.baseUrl}/app/leads/${arranged.leadId}`);
    const why = page.locator('section', {
      has: page.getByRole('heading', { name: 'Why it went to its rep' }),
    });
    await why.waitFor();
    await expect
      .poll(() => why.textContent())
      .toContain(`Routing rule “Everyone else” (rules version 1) assigned it to ${arranged.member}`);
    expect(await why.textContent()).toContain('The rule takes every lead that reaches it.');
    expect(await axeViolations(page)).toEqual([]);
  });
});

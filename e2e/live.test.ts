import { describe, expect, it } from 'vitest';
import { browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { createLead, uniqueName } from './support/leads';
import { listSettled } from './support/workspace';

const enabled = browserAvailable();

describe.skipIf(!enabled)('live updates between two people in Chromium', () => {
  const suite = dashboardSuite();
  const { as } = suite;

  it('a lead created by the admin appears in the member’s list and bell without a reload', async () => {
    const member = await as('member@leadgate.test');
    const admin = await as('admin@leadgate.test');
    const lastName = uniqueName('Livesey');
    // The member's list searches for the lead before it exists: empty, until it arrives.
    await member.goto(`${suite.baseUrl}/app/leads?q=${lastName}`);
    await listSettled(member);
    expect(await member.locator('tbody tr', { hasText: lastName }).count()).toBe(0);
    // Marks this document: a reload would make a new one without the mark.
    await member.evaluate(() => {
      (window as unknown as { liveMark: number }).liveMark = 1;
    });
    await member.locator('.bell__button').waitFor();
    const unread = async () =>
      Number(
        /(\d+) unread/.exec((await member.locator('.bell__button').getAttribute('aria-label')) ?? '')?.[1] ??
          0,
      );
    const before = await unread();

    const id = await createLead(admin, { lastName, company: 'Live Updates s.r.o.' });
    // Well before the 30 s poll.
    await member.locator('tbody tr', { hasText: lastName }).waitFor({ timeout: 5_000 });

    // Assigned to the member: their bell rings.
    const version = await admin.evaluate(async (leadId) => {
      const lead = (await (await fetch(`/api/leads/${leadId}`)).json()) as { version: number };
      return lead.version;
    }, id);
    const memberId = await member.evaluate(
      async () => ((await (await fetch('/api/session')).json()) as { user: { id: string } }).user.id,
    );
    await admin.evaluate(
      async ({ leadId, assigneeId, version }) => {
        const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const res = await fetch(`/api/leads/${leadId}/assign`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
          body: JSON.stringify({ assigneeId, version }),
        });
        if (!res.ok) throw new Error(`assign: ${res.status} ${await res.text()}`);
      },
      { leadId: id, assigneeId: memberId, version },
    );
    await member.waitForFunction(
      (n) => {
        const label = document.querySelector('.bell__button')?.getAttribute('aria-label') ?? '';
        return Number(/(\d+) unread/.exec(label)?.[1] ?? 0) > n;
      },
      before,
      { timeout: 5_000 },
    );
    expect(await member.evaluate(() => (window as unknown as { liveMark?: number }).liveMark)).toBe(1);
  });

  it('a lead page with an edit open says it changed elsewhere instead of overwriting it', async () => {
    const admin = await as('admin@leadgate.test');
    const owner = await as('owner@leadgate.test');
    const lastName = uniqueName('Editsey');
    const id = await createLead(admin, { lastName });
    await admin.goto(`${suite.baseUrl}/app/leads/${id}`);
    await admin.getByRole('heading', { level: 1, name: lastName }).waitFor();
    await admin.getByRole('button', { name: 'Edit Job title' }).click();
    // Type only once the field has the focus: keys sent before reach the page's shortcuts (`a` claims).
    await admin.waitForFunction(() => document.activeElement?.tagName === 'INPUT');
    await admin.keyboard.type('Head of ');
    await owner.evaluate(async (leadId) => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const res = await fetch(`/api/leads/${leadId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, 'if-match': '"1"' },
        body: JSON.stringify({ company: 'Elsewhere GmbH' }),
      });
      if (!res.ok) throw new Error(`edit: ${res.status} ${await res.text()}`);
    }, id);
    await admin
      .getByText('Someone else changed this lead while you were editing.', { exact: false })
      .waitFor();
    // The open edit keeps what was typed.
    expect(await admin.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe(
      'Head of ',
    );
    await admin.keyboard.press('Escape');
    await admin.getByRole('button', { name: 'Reload' }).first().click();
    await admin.getByText('Elsewhere GmbH').first().waitFor();
  });
});

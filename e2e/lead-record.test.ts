import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';
import { signIn, uniqueName } from './support/leads';
import { DEMO_PASSWORD } from './support/workspace';

const enabled = browserAvailable();

describe.skipIf(!enabled)('the whole record on the lead page', () => {
  const suite = dashboardSuite();
  const { as } = suite;

  /** A lead as a visitor makes it: through the demo form, with the consent box ticked. */
  async function submitted(lastName: string): Promise<string> {
    const res = await fetch(`${suite.baseUrl}/v1/forms/frm_demo/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        firstName: 'Marta',
        lastName,
        email: `${lastName.toLowerCase()}@record.example`,
        company: 'Record s.r.o.',
        consent: true,
      }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const admin = await signIn(suite.baseUrl, 'admin@leadgate.test', DEMO_PASSWORD);
    const [lead] = await admin.leadsNamed(lastName);
    return lead!.id;
  }

  it('edits every field in place, custom fields as a set, and shows consent and the loss reason', async () => {
    const lastName = uniqueName('Record');
    const id = await submitted(lastName);
    const page = await as('admin@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/leads/${id}`);
    const facts = page.locator('section[aria-labelledby="facts-heading"]');
    await facts.getByText('Given').waitFor();
    await facts.getByText('What they agreed to').click();
    await facts.getByText('I agree that Acme may contact me about this request.').waitFor();

    // Names, employees (a bad number is the server's field error), campaign and referrer.
    await page.getByRole('button', { name: 'Edit Last name' }).click();
    await page.getByLabel('Last name', { exact: true }).fill(`${lastName}-Nováková`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Last name saved.').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Edit Employees' }).click();
    await page.getByLabel('Employees', { exact: true }).fill('many');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#edit-employees-error').waitFor();
    await page.getByLabel('Employees', { exact: true }).fill('250');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await facts.getByText('250', { exact: true }).waitFor();
    for (const [label, value] of [
      ['Campaign', 'Spring webinar'],
      ['Referred by', 'Петро Шевченко'],
      ['Country', 'CZ'],
    ] as const) {
      await page.getByRole('button', { name: `Edit ${label}` }).click();
      await page.getByLabel(label, { exact: true }).fill(value);
      await page.keyboard.press('Enter');
      await page.getByText(`${label} saved.`).waitFor({ state: 'attached' });
    }
    await page.getByRole('button', { name: 'Edit Message' }).click();
    await page.getByLabel('Message', { exact: true }).fill('Needs a quote\nfor 40 seats');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Message saved.').waitFor({ state: 'attached' });

    // Custom fields: add two, then remove one.
    await page.getByRole('button', { name: 'Edit custom fields' }).click();
    await page.getByLabel('Field name').fill('Budget');
    await page.getByLabel('Value').fill('50k EUR');
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.getByLabel('Field name').nth(1).fill('Zdroj');
    await page.getByLabel('Value').nth(1).fill('veletrh');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Custom fields saved.').waitFor({ state: 'attached' });
    const custom = page.locator('section[aria-labelledby="custom-heading"]');
    expect(await custom.locator('dt').allInnerTexts()).toEqual(['Budget', 'Zdroj']);
    await page.getByRole('button', { name: 'Edit custom fields' }).click();
    await page.getByRole('button', { name: 'Remove Zdroj' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => custom.locator('dt').allInnerTexts()).toEqual(['Budget']);

    const stored = await page.evaluate(async (leadId) => (await fetch(`/api/leads/${leadId}`)).json(), id);
    expect(stored).toMatchObject({
      lastName: `${lastName}-Nováková`,
      employees: 250,
      campaign: 'Spring webinar',
      referredBy: 'Петро Шевченко',
      description: 'Needs a quote\nfor 40 seats',
      custom: { Budget: '50k EUR' },
      consent: { given: true },
    });

    // A lost lead shows why.
    await page.getByRole('button', { name: 'Move to Lost' }).click();
    const dialog = page.getByRole('dialog', { name: 'Why was this lead lost?' });
    await dialog.getByLabel('Loss reason').selectOption('NO_BUDGET');
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await facts.getByText('No budget').waitFor();

    // The timeline says what each change was, read again after each of the rep's own changes.
    const timeline = page.locator('.timeline');
    await timeline.getByText('New → Lost').waitFor();
    await timeline.getByText('Reason: No budget').waitFor();
    await timeline.getByText(`Last name: ${lastName} → ${lastName}-Nováková`).waitFor();
    await timeline.getByText('Employees: — → 250').waitFor();
    await timeline.getByText('Custom fields changed').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('steps through the list it was opened from with [ and ], and goes back to it with its filter', async () => {
    const page = await as('member@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/leads?status=NEW`);
    await page.locator('tbody tr .lead__name').first().waitFor();
    const names = await page.locator('tbody tr .lead__name').allInnerTexts();
    await page.locator('tbody tr .lead__name').first().click();
    await page.getByRole('heading', { level: 1, name: names[0] }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Lead list' });
    await nav.getByText(`1 of ${names.length}`).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.keyboard.press(']');
    await page.getByRole('heading', { level: 1, name: names[1] }).waitFor();
    await nav.getByText(`2 of ${names.length}`).waitFor();
    await page.keyboard.press('[');
    await page.getByRole('heading', { level: 1, name: names[0] }).waitFor();

    await nav.getByRole('link', { name: 'All leads' }).click();
    await page.waitForURL(/\/app\/leads\?status=NEW$/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversion } from '../../edge/contract/conversion';
import type { OpportunityDetail } from '../../edge/contract/crm';
import type { Session } from '../../edge/contract/session';
import { createTestOrg, setupApi, signIn, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

describe('the organization’s currency', () => {
  it.each([
    ['CZ', 'CZK'],
    ['DE', 'EUR'],
    ['UA', 'UAH'],
    ['US', 'USD'],
    ['GB', 'GBP'],
    ['AQ', 'USD'],
  ])('an organization in %s has %s, shown by its sessions', async (defaultCountry, currency) => {
    const org = await createTestOrg(t, { defaultCountry });
    const { headers } = await signIn(t, org.users.viewer.email);
    const res = await t.app.request('/api/session', { headers });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Session).organization.currency).toBe(currency);
  });

  it('a lead converted in a Czech organization makes an opportunity in CZK, kept through an amount change', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const leadId = await seedLead(
      t,
      org,
      {
        firstName: 'Jana',
        lastName: 'Nováková',
        company: 'Brno Analytics s.r.o.',
        email: 'jana@brno.example',
      },
      { status: 'QUALIFIED', assignedTo: org.users.member.id },
    );
    const res = await call(t, sessions.member, 'POST', `/api/leads/${leadId}/convert`, {
      createAccount: true,
    });
    expect(res.status).toBe(201);
    const { opportunityId } = await bodyOf<Conversion>(res);
    const path = `/api/opportunities/${opportunityId}`;
    const created = await bodyOf<OpportunityDetail>(await call(t, sessions.member, 'GET', path));
    expect(created).toMatchObject({ amount: '0.00', currency: 'CZK' });

    const changed = await call(t, sessions.member, 'PATCH', path, { amount: 1234.56, version: 1 });
    expect(changed.status).toBe(200);
    expect(await bodyOf<OpportunityDetail>(changed)).toMatchObject({ amount: '1234.56', currency: 'CZK' });
  });
});

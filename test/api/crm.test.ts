import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversion } from '../../edge/contract/conversion';
import type { AccountDetail, ContactDetail, OpportunityDetail } from '../../edge/contract/crm';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

async function converted(org: TestOrg, admin: Session, company = 'Acme Corp', lastName = 'Doe') {
  const id = await seedLead(
    t,
    org,
    { firstName: 'John', lastName, company, email: `${lastName}@${company.replace(/\W/g, '')}.example` },
    { status: 'QUALIFIED', assignedTo: org.users.member.id, source: 'Web' },
  );
  const res = await call(t, admin, 'POST', `/api/leads/${id}/convert`, { createAccount: true });
  expect(res.status).toBe(201);
  return bodyOf<Conversion>(res);
}

describe('accounts, contacts, opportunities', () => {
  it('lists with search and shows an account with its contacts and opportunities', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const acme = await converted(org, sessions.admin);
    await converted(org, sessions.admin, 'Globex', 'Smith');
    const list = await bodyOf<{ items: Array<{ name: string }> }>(
      await call(t, sessions.viewer, 'GET', '/api/accounts?q=acm'),
    );
    expect(list.items.map((a) => a.name)).toEqual(['Acme Corp']);
    const all = await bodyOf<{ items: unknown[] }>(await call(t, sessions.viewer, 'GET', '/api/accounts'));
    expect(all.items).toHaveLength(2);
    const account = await bodyOf<AccountDetail>(
      await call(t, sessions.viewer, 'GET', `/api/accounts/${acme.accountId}`),
    );
    expect(account).toMatchObject({
      name: 'Acme Corp',
      contacts: [{ id: acme.contactId, lastName: 'Doe', email: 'doe@acmecorp.example' }],
      opportunities: [{ id: acme.opportunityId, stage: 'Qualification', amount: '0.00' }],
    });
    const contacts = await bodyOf<{ items: Array<{ lastName: string }> }>(
      await call(t, sessions.viewer, 'GET', '/api/contacts?q=smi'),
    );
    expect(contacts.items.map((c) => c.lastName)).toEqual(['Smith']);
    const contact = await bodyOf<ContactDetail>(
      await call(t, sessions.viewer, 'GET', `/api/contacts/${acme.contactId}`),
    );
    expect(contact).toMatchObject({ leadId: acme.leadId, opportunities: [{ id: acme.opportunityId }] });
    const opps = await bodyOf<{ items: Array<{ name: string }> }>(
      await call(t, sessions.viewer, 'GET', '/api/opportunities?q=globex'),
    );
    expect(opps.items.map((o) => o.name)).toEqual(['Globex - John Smith']);
    const pct = await bodyOf<{ items: unknown[] }>(
      await call(t, sessions.viewer, 'GET', '/api/accounts?q=%25'),
    );
    expect(pct.items).toHaveLength(0);
  });

  it('shows a contact phone in international format beside the stored E.164 number', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const id = await seedLead(
      t,
      org,
      { firstName: 'Jana', lastName: 'Nováková', company: 'Acme Corp', phone: '601 123 456' },
      { status: 'QUALIFIED', assignedTo: org.users.member.id, source: 'Web' },
    );
    const res = await call(t, sessions.admin, 'POST', `/api/leads/${id}/convert`, { createAccount: true });
    const { contactId } = await bodyOf<Conversion>(res);
    const contact = await bodyOf<ContactDetail>(
      await call(t, sessions.viewer, 'GET', `/api/contacts/${contactId}`),
    );
    expect({ phone: contact.phone, phoneDisplay: contact.phoneDisplay }).toEqual({
      phone: '+420601123456',
      phoneDisplay: '+420 601 123 456',
    });
  });

  it('shows an opportunity with account, contact, originating lead and the lead history', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const c = await converted(org, sessions.admin);
    const res = await call(t, sessions.viewer, 'GET', `/api/opportunities/${c.opportunityId}`);
    expect(res.headers.get('etag')).toBe('"1"');
    const opp = await bodyOf<OpportunityDetail>(res);
    expect(opp).toMatchObject({
      name: 'Acme Corp - John Doe',
      stage: 'Qualification',
      account: { id: c.accountId, name: 'Acme Corp' },
      contact: { id: c.contactId, name: 'John Doe' },
      lead: { id: c.leadId, name: 'John Doe', status: 'QUALIFIED' },
      assignee: { id: org.users.member.id },
      source: 'Web',
      version: 1,
    });
    expect(opp.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'lead.converted']));
  });

  it('changes stage and amount with events, refusing stale versions and non-owners', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const { opportunityId: id } = await converted(org, sessions.admin);
    const path = `/api/opportunities/${id}`;
    expect((await call(t, sessions.viewer, 'PATCH', path, { stage: 'Proposal', version: 1 })).status).toBe(
      403,
    );
    const ok = await call(t, sessions.member, 'PATCH', path, {
      stage: 'Closed Won',
      amount: 12500.5,
      version: 1,
    });
    expect(ok.status).toBe(200);
    const opp = await bodyOf<OpportunityDetail>(ok);
    expect(opp).toMatchObject({
      stage: 'Closed Won',
      amount: '12500.50',
      version: 2,
      closedAt: expect.any(String),
    });
    expect(opp.timeline[0]).toMatchObject({
      type: 'updated',
      data: { changes: { stage: { from: 'Qualification', to: 'Closed Won' }, amount: { to: '12500.50' } } },
    });
    const stale = await call(t, sessions.admin, 'PATCH', path, { stage: 'Proposal', version: 1 });
    expect(stale.status).toBe(409);
    expect(await bodyOf(stale)).toMatchObject({ code: 'version-conflict', current: { version: 2 } });
    const bad = await call(t, sessions.admin, 'PATCH', path, { stage: 'Won', version: 2 });
    expect(bad.status).toBe(422);
    expect(await bodyOf(bad)).toMatchObject({ errors: [{ pointer: '/stage' }] });
    const reopened = await bodyOf<OpportunityDetail>(
      await call(t, sessions.admin, 'PATCH', path, { stage: 'Negotiation', version: 2 }),
    );
    expect(reopened).toMatchObject({ stage: 'Negotiation', closedAt: null, version: 3 });
    const other = await converted(org, sessions.admin, 'Initech', 'Lumbergh');
    await t.sql('update opportunities set assigned_to = $1 where id = $2', [
      org.users.admin.id,
      other.opportunityId,
    ]);
    const notMine = await call(t, sessions.member, 'PATCH', `/api/opportunities/${other.opportunityId}`, {
      amount: 1,
      version: 1,
    });
    expect(notMine.status).toBe(403);
  });

  it('keeps every record inside its organization', async () => {
    const a = await orgWithSessions(t);
    const b = await orgWithSessions(t);
    const c = await converted(b.org, b.sessions.admin);
    for (const path of [
      `/api/accounts/${c.accountId}`,
      `/api/contacts/${c.contactId}`,
      `/api/opportunities/${c.opportunityId}`,
    ])
      expect((await call(t, a.sessions.admin, 'GET', path)).status).toBe(404);
    const patch = await call(t, a.sessions.admin, 'PATCH', `/api/opportunities/${c.opportunityId}`, {
      amount: 5,
      version: 1,
    });
    expect(patch.status).toBe(404);
    for (const path of ['/api/accounts', '/api/contacts', '/api/opportunities'])
      expect(await bodyOf(await call(t, a.sessions.admin, 'GET', path))).toEqual({ items: [] });
  });
});

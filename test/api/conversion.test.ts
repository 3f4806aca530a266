import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversion, ConversionPreview } from '../../edge/contract/conversion';
import type { TestOrg } from '../support/api';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

const PDF = new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x0a])], {
  type: 'application/pdf',
});

function pdfForm(): FormData {
  const form = new FormData();
  form.append('file', PDF, 'offer.pdf');
  return form;
}

async function qualifiedLead(org: TestOrg, overrides: Record<string, unknown> = {}) {
  return seedLead(
    t,
    org,
    {
      firstName: 'John',
      lastName: 'Doe',
      company: 'Acme Corp',
      email: 'john.doe@acme.example',
      phone: '+420 601 123 456',
      title: 'CTO',
      industry: 'Software',
      employees: 120,
      description: 'Wants a demo',
    },
    { status: 'QUALIFIED', assignedTo: org.users.member.id, source: 'Web', campaign: 'spring', ...overrides },
  );
}

function convert(session: Session, leadId: string, body: Record<string, unknown> = { createAccount: true }) {
  return call(t, session, 'POST', `/api/leads/${leadId}/convert`, body);
}

async function counts(organizationId: string) {
  const [row] = await t.sql<{ a: string; c: string; o: string }>(
    `select (select count(*) from accounts where organization_id = $1) a,
            (select count(*) from contacts where organization_id = $1) c,
            (select count(*) from opportunities where organization_id = $1) o`,
    [organizationId],
  );
  return { accounts: Number(row!.a), contacts: Number(row!.c), opportunities: Number(row!.o) };
}

describe('conversion', () => {
  it('creates exactly one account, contact and opportunity, links documents, records and notifies', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const id = await qualifiedLead(org);
    const form = new FormData();
    form.append('file', PDF, 'offer.pdf');
    const up = await t.app.request(`/api/leads/${id}/documents`, {
      method: 'POST',
      headers: sessions.member.headers,
      body: form,
    });
    expect(up.status).toBe(201);
    await call(t, sessions.member, 'POST', `/api/leads/${id}/notes`, { body: 'Budget approved' });

    const res = await convert(sessions.admin, id);
    expect(res.status).toBe(201);
    const conv = await bodyOf<Conversion>(res);
    expect(conv).toMatchObject({ leadId: id, opportunityName: 'Acme Corp - John Doe', accountCreated: true });
    expect(await counts(org.organizationId)).toEqual({ accounts: 1, contacts: 1, opportunities: 1 });

    const [acct] = await t.sql('select name, name_key, industry, employees from accounts where id = $1', [
      conv.accountId,
    ]);
    expect(acct).toEqual({ name: 'Acme Corp', name_key: 'acme', industry: 'Software', employees: 120 });
    const [opp] = await t.sql(
      'select stage, amount, assigned_to, description, source, campaign, account_id, contact_id, lead_id from opportunities where id = $1',
      [conv.opportunityId],
    );
    expect(opp).toEqual({
      stage: 'Qualification',
      amount: '0.00',
      assigned_to: org.users.member.id,
      description: 'Wants a demo\n\nBudget approved',
      source: 'Web',
      campaign: 'spring',
      account_id: conv.accountId,
      contact_id: conv.contactId,
      lead_id: id,
    });
    const links = await t.sql('select entity_type from document_links where entity_id = $1', [
      conv.opportunityId,
    ]);
    expect(links).toEqual([{ entity_type: 'opportunity' }]);

    const lead = await bodyOf<{ status: string; conversion: Record<string, unknown> }>(
      await call(t, sessions.admin, 'GET', `/api/leads/${id}`),
    );
    expect(lead.status).toBe('QUALIFIED');
    expect(lead.conversion).toEqual({
      accountId: conv.accountId,
      contactId: conv.contactId,
      opportunityId: conv.opportunityId,
      convertedAt: conv.convertedAt,
    });

    const events = await t.sql<{ entity_type: string; type: string }>(
      'select entity_type, type from lead_events where organization_id = $1 and type in ($2, $3) order by id',
      [org.organizationId, 'converted', 'created'],
    );
    expect(events.map((e) => `${e.entity_type}:${e.type}`)).toEqual([
      'lead:converted',
      'account:created',
      'contact:created',
      'opportunity:created',
    ]);
    const mail = await t.sql('select payload from outbox where organization_id = $1 and payload->>$2 = $3', [
      org.organizationId,
      'template',
      'opportunity-assigned',
    ]);
    expect(mail).toEqual([
      {
        payload: {
          template: 'opportunity-assigned',
          userId: org.users.member.id,
          opportunityId: conv.opportunityId,
          leadId: id,
        },
      },
    ]);
    const notes = await t.sql('select type, link from notifications where user_id = $1 and type = $2', [
      org.users.member.id,
      'opportunity.assigned',
    ]);
    expect(notes).toEqual([
      { type: 'opportunity.assigned', link: `/app/opportunities/${conv.opportunityId}` },
    ]);
  });

  it('stores the contact email and phone only as ciphertext, with the lead blind index', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const id = await qualifiedLead(org);
    const conv = await bodyOf<Conversion>(await convert(sessions.member, id));
    const [row] = await t.sql<Record<string, unknown>>('select * from contacts where id = $1', [
      conv.contactId,
    ]);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain('john.doe@acme.example');
    expect(stored).not.toContain('601');
    const [lead] = await t.sql('select email_index, phone_index from leads where id = $1', [id]);
    expect({ email_index: row!.email_index, phone_index: row!.phone_index }).toEqual(lead);
    expect(row).toMatchObject({
      first_name: 'John',
      last_name: 'Doe',
      title: 'CTO',
      account_id: conv.accountId,
    });
    // The converter is the assignee: nobody else to tell.
    const mail = await t.sql('select 1 from outbox where organization_id = $1 and payload->>$2 = $3', [
      org.organizationId,
      'template',
      'opportunity-assigned',
    ]);
    expect(mail).toHaveLength(0);
  });

  it('previews fuzzy account matches (legal suffixes ignored) and links the chosen one', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const first = await bodyOf<Conversion>(await convert(sessions.admin, await qualifiedLead(org)));
    const id = await qualifiedLead(org, {
      company: 'ACME, Inc.',
      companyKey: 'acme',
      emailIndex: null,
      phoneIndex: null,
    });
    const preview = await bodyOf<ConversionPreview>(
      await call(t, sessions.viewer, 'GET', `/api/leads/${id}/conversion-preview`),
    );
    expect(preview).toMatchObject({
      convertible: true,
      accountName: 'ACME, Inc.',
      opportunityName: 'ACME, Inc. - John Doe',
      assignee: { id: org.users.member.id },
      candidates: [{ id: first.accountId, name: 'Acme Corp', similarity: 1 }],
    });
    const res = await convert(sessions.admin, id, { accountId: first.accountId });
    expect(res.status).toBe(201);
    expect(await bodyOf(res)).toMatchObject({ accountId: first.accountId, accountCreated: false });
    expect(await counts(org.organizationId)).toEqual({ accounts: 1, contacts: 2, opportunities: 2 });
  });

  it('converts once under a concurrent double click, and a retry answers with the same ids', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const id = await qualifiedLead(org);
    const [a, b] = await Promise.all([convert(sessions.member, id), convert(sessions.member, id)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const [ca, cb] = [await bodyOf<Conversion>(a), await bodyOf<Conversion>(b)];
    expect(ca.opportunityId).toBe(cb.opportunityId);
    const retry = await convert(sessions.member, id);
    expect(retry.status).toBe(200);
    expect(await bodyOf(retry)).toMatchObject({ opportunityId: ca.opportunityId, alreadyConverted: true });
    expect(await counts(org.organizationId)).toEqual({ accounts: 1, contacts: 1, opportunities: 1 });
  });

  it('leaves nothing behind when a step fails mid-transaction', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const taken = await bodyOf<Conversion>(await convert(sessions.admin, await qualifiedLead(org)));
    const id = await qualifiedLead(org, { emailIndex: null, phoneIndex: null, company: 'Globex' });
    const newId = t.deps.newId;
    // The opportunity insert collides with an existing primary key, after the account and contact inserts.
    t.deps.newId = (prefix) => (prefix === 'opp' ? taken.opportunityId : newId(prefix));
    const errors = console.error;
    console.error = () => {};
    try {
      const res = await convert(sessions.admin, id);
      expect(res.status).toBe(500);
    } finally {
      t.deps.newId = newId;
      console.error = errors;
    }
    expect(await counts(org.organizationId)).toEqual({ accounts: 1, contacts: 1, opportunities: 1 });
    const [lead] = await t.sql('select converted_at, version from leads where id = $1', [id]);
    expect(lead).toEqual({ converted_at: null, version: 1 });
    const events = await t.sql('select 1 from lead_events where lead_id = $1 and type = $2', [
      id,
      'converted',
    ]);
    expect(events).toHaveLength(0);
    expect((await convert(sessions.admin, id)).status).toBe(201);
  });

  it('refuses leads that are not qualified (409) and a new account without a company (422)', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const fresh = await qualifiedLead(org, { status: 'CONTACTED' });
    const res = await convert(sessions.admin, fresh);
    expect(res.status).toBe(409);
    expect(await bodyOf(res)).toMatchObject({ code: 'lead-not-qualified' });
    const noCompany = await qualifiedLead(org, {
      company: null,
      companyKey: null,
      emailIndex: null,
      phoneIndex: null,
    });
    const missing = await convert(sessions.admin, noCompany);
    expect(missing.status).toBe(422);
    expect(await bodyOf(missing)).toMatchObject({
      code: 'validation-failed',
      errors: [{ pointer: '/lead/company', code: 'required' }],
    });
    const neither = await convert(sessions.admin, noCompany, {});
    expect(neither.status).toBe(422);
    expect(await counts(org.organizationId)).toEqual({ accounts: 0, contacts: 0, opportunities: 0 });
  });

  it('lets a member convert only their own leads, and never a viewer', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const mine = await qualifiedLead(org);
    const theirs = await qualifiedLead(org, {
      assignedTo: org.users.admin.id,
      emailIndex: null,
      phoneIndex: null,
    });
    expect((await convert(sessions.viewer, mine)).status).toBe(403);
    expect((await convert(sessions.member, theirs)).status).toBe(403);
    expect(await counts(org.organizationId)).toEqual({ accounts: 0, contacts: 0, opportunities: 0 });
    expect((await convert(sessions.member, mine)).status).toBe(201);
    expect((await convert(sessions.owner, theirs)).status).toBe(201);
  });

  it('refuses another organization account, assignee and lead', async () => {
    const a = await orgWithSessions(t);
    const b = await orgWithSessions(t);
    const other = await bodyOf<Conversion>(await convert(b.sessions.admin, await qualifiedLead(b.org)));
    const id = await qualifiedLead(a.org);
    const acct = await convert(a.sessions.admin, id, { accountId: other.accountId });
    expect(acct.status).toBe(422);
    expect(await bodyOf(acct)).toMatchObject({ errors: [{ pointer: '/accountId' }] });
    const ae = await convert(a.sessions.admin, id, {
      createAccount: true,
      assigneeId: b.org.users.member.id,
    });
    expect(ae.status).toBe(422);
    expect(await bodyOf(ae)).toMatchObject({ errors: [{ pointer: '/assigneeId' }] });
    const viewerAe = await convert(a.sessions.admin, id, {
      createAccount: true,
      assigneeId: a.org.users.viewer.id,
    });
    expect(viewerAe.status).toBe(422);
    expect((await convert(a.sessions.admin, other.leadId)).status).toBe(404);
    expect(
      (await call(t, a.sessions.admin, 'GET', `/api/leads/${other.leadId}/conversion-preview`)).status,
    ).toBe(404);
    expect(await counts(a.org.organizationId)).toEqual({ accounts: 0, contacts: 0, opportunities: 0 });
  });

  it('makes the converted lead read-only except for notes', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const id = await qualifiedLead(org);
    const up = await t.app.request(`/api/leads/${id}/documents`, {
      method: 'POST',
      headers: sessions.member.headers,
      body: pdfForm(),
    });
    const docId = (await bodyOf<{ id: string }>(up)).id;
    await convert(sessions.member, id);
    const refusals = await Promise.all([
      call(t, sessions.admin, 'PATCH', `/api/leads/${id}`, { title: 'CEO', version: 2 }),
      call(t, sessions.admin, 'POST', `/api/leads/${id}/status`, { status: 'CONTACTED' }),
      call(t, sessions.admin, 'POST', `/api/leads/${id}/assign`, { assigneeId: org.users.admin.id }),
      call(t, sessions.admin, 'POST', `/api/leads/${id}/tags`, { tags: ['vip'] }),
      call(t, sessions.admin, 'DELETE', `/api/leads/${id}`),
      call(t, sessions.admin, 'DELETE', `/api/leads/${id}/documents/${docId}`),
      t.app.request(`/api/leads/${id}/documents`, {
        method: 'POST',
        headers: sessions.admin.headers,
        body: pdfForm(),
      }),
    ]);
    for (const res of refusals) {
      expect(res.status).toBe(409);
      expect(await bodyOf(res)).toMatchObject({ code: 'lead-converted' });
    }
    const note = await call(t, sessions.member, 'POST', `/api/leads/${id}/notes`, {
      body: 'Handed to the AE',
    });
    expect(note.status).toBe(201);
  });
});

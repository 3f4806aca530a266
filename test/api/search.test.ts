import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversion } from '../../edge/contract/conversion';
import type { GlobalSearch } from '../../edge/contract/search';
import { defaultConfig } from '../../edge/deps';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session, seedLead } from '../support/workspace';

describe.each(['postgres', 'pglite'] as const)('global search on %s', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } }, { database });
  });
  afterAll(() => t.close());

  const search = (s: Session | null, q: string, limit?: number) =>
    call(t, s, 'GET', `/api/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
  const found = async (s: Session, q: string, limit?: number) => {
    const res = await search(s, q, limit);
    expect(res.status).toBe(200);
    return bodyOf<GlobalSearch>(res);
  };
  const leadNames = async (s: Session, q: string) => (await found(s, q)).leads.items.map((l) => l.name);

  async function jana(org: TestOrg, status: 'NEW' | 'QUALIFIED' = 'NEW') {
    return seedLead(
      t,
      org,
      {
        firstName: 'Jana',
        lastName: 'Nováková',
        company: 'Acme Logistics',
        email: 'jana.novakova@acme.example',
        phone: '601 123 456',
      },
      { assignedTo: org.users.member.id, score: 70, status },
    );
  }

  it('finds a lead by part of its name, its company, its exact email in any case and its phone', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const id = await jana(org);
    await seedLead(t, org, { firstName: 'Petr', lastName: 'Svoboda', company: 'Globex' });
    const viewer = sessions.viewer;
    const hit = await found(viewer, 'novak');
    expect(hit.match).toBe('text');
    expect(hit.leads).toEqual({
      items: [
        {
          id,
          name: 'Jana Nováková',
          company: 'Acme Logistics',
          status: 'NEW',
          score: 70,
          owner: { id: org.users.member.id, name: expect.any(String) },
        },
      ],
      more: false,
    });
    expect(await leadNames(viewer, 'Jana Nov')).toEqual(['Jana Nováková']);
    expect(await leadNames(viewer, 'acme log')).toEqual(['Jana Nováková']);
    expect(await leadNames(viewer, 'glob')).toEqual(['Petr Svoboda']);
    const byEmail = await found(viewer, 'JANA.Novakova@ACME.example');
    expect(byEmail.match).toBe('email');
    expect(byEmail.leads.items.map((l) => l.id)).toEqual([id]);
    // Only exact: part of an email finds nothing.
    expect((await found(viewer, 'jana.novakova@acme.exampl')).leads.items).toEqual([]);
    for (const phone of ['601 123 456', '+420 601 123 456', '00420601123456', '(601) 123-456']) {
      const byPhone = await found(viewer, phone);
      expect({ phone, match: byPhone.match, ids: byPhone.leads.items.map((l) => l.id) }).toEqual({
        phone,
        match: 'phone',
        ids: [id],
      });
    }
  });

  it('leaves out deleted and erased leads, and says when a group holds fewer than match', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await seedLead(t, org, { lastName: 'Gone', company: 'Zeta Deleted' }, { deletedAt: new Date() });
    for (const score of [10, 90, 50])
      await seedLead(t, org, { lastName: `Zetov${score}`, company: 'Zeta Works' }, { score });
    const page = await found(sessions.viewer, 'zeta', 2);
    expect(page.leads.items.map((l) => l.score)).toEqual([90, 50]);
    expect(page.leads.more).toBe(true);
    const all = await found(sessions.viewer, 'zeta');
    expect(all.leads.items.map((l) => l.name)).toEqual(['Zetov90', 'Zetov50', 'Zetov10']);
    expect(all.leads.more).toBe(false);
  });

  it('finds accounts, contacts (by name, email and phone) and opportunities', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const leadId = await jana(org, 'QUALIFIED');
    const res = await call(t, sessions.admin, 'POST', `/api/leads/${leadId}/convert`, {
      createAccount: true,
    });
    expect(res.status).toBe(201);
    const c = await bodyOf<Conversion>(res);
    const acme = await found(sessions.viewer, 'acme');
    expect(acme.accounts).toEqual({
      items: [{ id: c.accountId, name: 'Acme Logistics', industry: null }],
      more: false,
    });
    expect(acme.opportunities.items).toEqual([
      {
        id: c.opportunityId,
        name: 'Acme Logistics - Jana Nováková',
        stage: 'Qualification',
        amount: '0.00',
        currency: expect.any(String),
        account: { id: c.accountId, name: 'Acme Logistics' },
      },
    ]);
    const contact = {
      id: c.contactId,
      name: 'Jana Nováková',
      title: null,
      account: { id: c.accountId, name: 'Acme Logistics' },
    };
    expect((await found(sessions.viewer, 'jana nov')).contacts.items).toEqual([contact]);
    expect((await found(sessions.viewer, 'Jana.Novakova@acme.EXAMPLE')).contacts.items).toEqual([contact]);
    const byPhone = await found(sessions.viewer, '+420601123456');
    expect(byPhone.contacts.items).toEqual([contact]);
    // An exact email or phone names a person: accounts and opportunities are not searched for it.
    expect(byPhone.accounts.items).toEqual([]);
    expect(byPhone.opportunities.items).toEqual([]);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(doc.paths['/api/search']).toHaveProperty('get');
  });

  it("never shows another organization's records", async () => {
    const mine = await orgWithSessions(t);
    const theirs = await orgWithSessions(t);
    const theirLead = await jana(theirs.org, 'QUALIFIED');
    const res = await call(t, theirs.sessions.admin, 'POST', `/api/leads/${theirLead}/convert`, {
      createAccount: true,
    });
    expect(res.status).toBe(201);
    const none = { items: [], more: false };
    for (const q of ['novak', 'acme', 'jana.novakova@acme.example', '601 123 456']) {
      const result = await found(mine.sessions.viewer, q);
      expect({ q, ...result, match: undefined }).toEqual({
        q,
        match: undefined,
        leads: none,
        accounts: none,
        contacts: none,
        opportunities: none,
      });
    }
    expect((await found(theirs.sessions.viewer, 'novak')).leads.items).toHaveLength(1);
  });

  it('refuses a missing, empty, too long or too short q with a problem naming q, and anonymous callers', async () => {
    const { sessions } = await orgWithSessions(t);
    expect((await search(null, 'novak')).status).toBe(401);
    for (const path of [
      '/api/search',
      '/api/search?q=',
      '/api/search?q=%20%20',
      `/api/search?q=${'a'.repeat(201)}`,
      '/api/search?q=a',
      '/api/search?q=a%20b',
      '/api/search?q=ab&limit=0',
      '/api/search?q=ab&limit=21',
    ]) {
      const res = await call(t, sessions.viewer, 'GET', path);
      const body = await bodyOf<{ status: number; errors?: Array<{ pointer: string }> }>(res);
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(body.errors?.map((e) => e.pointer)).toEqual([path.includes('limit') ? '/limit' : '/q']);
    }
    // Wildcards and 200 characters of anything are searched, not failed.
    for (const q of ['%_\\', `${'ž'.repeat(200)}`, "o'brien", '+', '@@'])
      expect({ q, clientAnswer: (await search(sessions.viewer, q)).status < 500 }).toEqual({
        q,
        clientAnswer: true,
      });
    expect((await search(sessions.viewer, '%_\\')).status).toBe(200);
    expect((await search(sessions.viewer, 'ž'.repeat(200))).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadDetail } from '../../edge/contract/leads';
import { postJson, setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

type Problem = { code: string; errors?: Array<{ pointer: string; code?: string }> };

/** The stored phone (decrypted), its flag and its display form, as the lead page reads them. */
async function phoneOf(session: Parameters<typeof call>[1], id: string) {
  const lead = await bodyOf<LeadDetail>(await call(t, session, 'GET', `/api/leads/${id}`));
  return { phone: lead.phone, phoneValid: lead.phoneValid, phoneDisplay: lead.phoneDisplay };
}

describe('one phone rule for every channel', () => {
  /** Each channel in an organization of its own: a valid phone would otherwise dedupe onto one lead. */
  const channels = {
    'lead page': async (raw: string) => {
      const { org, sessions } = await orgWithSessions(t);
      const id = await seedLead(t, org, { lastName: 'Edited' });
      const res = await call(t, sessions.admin, 'PATCH', `/api/leads/${id}`, { phone: raw, version: 1 });
      expect(res.status).toBe(200);
      return phoneOf(sessions.admin, id);
    },
    API: async (raw: string) => {
      const { sessions } = await orgWithSessions(t);
      const res = await call(t, sessions.admin, 'POST', '/api/leads', { lastName: 'Created', phone: raw });
      expect(res.status).toBe(201);
      return phoneOf(sessions.admin, (await bodyOf<{ id: string }>(res)).id);
    },
    form: async (raw: string) => {
      const { org, sessions } = await orgWithSessions(t);
      const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, {
        lastName: 'Submitted',
        email: 'submitted@example.com',
        phone: raw,
      });
      expect(res.status).toBe(201);
      const [row] = await t.sql<{ id: string }>('select id from leads where organization_id = $1', [
        org.organizationId,
      ]);
      return phoneOf(sessions.admin, row!.id);
    },
  };

  it.each([
    ['call me maybe', { phone: 'call me maybe', phoneValid: false, phoneDisplay: null }],
    [' 601  123 456 ', { phone: '+420601123456', phoneValid: true, phoneDisplay: '+420 601 123 456' }],
    ['+49 30 123456', { phone: '+4930123456', phoneValid: true, phoneDisplay: '+49 30 123456' }],
  ])('the lead page, the API and a form store %j alike', async (raw, expected) => {
    for (const [channel, store] of Object.entries(channels))
      expect({ channel, ...(await store(raw)) }).toEqual({ channel, ...expected });
  });

  it('the lead page clears a phone with an empty value, and keeps no blank phone', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const id = await seedLead(t, org, { lastName: 'Novak', phone: '601 123 456' });
    const res = await call(t, sessions.admin, 'PATCH', `/api/leads/${id}`, { phone: '   ', version: 1 });
    expect(res.status).toBe(200);
    expect(await bodyOf<LeadDetail>(res)).toMatchObject({
      phone: null,
      phoneValid: null,
      phoneDisplay: null,
    });
  });
});

describe('a form that demands a valid phone', () => {
  async function strictForm() {
    const { org, sessions } = await orgWithSessions(t);
    const res = await call(t, sessions.admin, 'PATCH', `/api/forms/${org.formId}`, {
      fields: [
        { name: 'lastName', required: true },
        { name: 'email', required: true },
        { name: 'phone', required: false, mustBeValid: true },
      ],
    });
    expect(res.status).toBe(200);
    expect((await bodyOf<{ fields: unknown[] }>(res)).fields).toContainEqual({
      name: 'phone',
      required: false,
      mustBeValid: true,
    });
    return org;
  }

  it('refuses an unparseable phone with a 422 pointing at /phone, and stores nothing', async () => {
    const org = await strictForm();
    const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, {
      lastName: 'Maybe',
      email: 'maybe@example.com',
      phone: 'call me maybe',
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = await bodyOf<Problem>(res);
    expect(problem.code).toBe('validation-failed');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/phone', code: 'invalid_phone' })]);
    const leads = await t.sql('select id from leads where organization_id = $1', [org.organizationId]);
    expect(leads).toEqual([]);
  });

  it('refuses it from a plain HTML form post too', async () => {
    const org = await strictForm();
    const res = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ lastName: 'Maybe', phone: 'call me maybe' }).toString(),
    });
    expect(res.status).toBe(422);
    expect((await bodyOf<Problem>(res)).errors?.[0]).toMatchObject({ pointer: '/phone' });
  });

  it('takes a valid one, stored as E.164', async () => {
    const org = await strictForm();
    const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, {
      lastName: 'Valid',
      email: 'valid@example.com',
      phone: '601 123 456',
    });
    expect(res.status).toBe(201);
    const [row] = await t.sql<{ phone_valid: boolean }>(
      'select phone_valid from leads where organization_id = $1',
      [org.organizationId],
    );
    expect(row).toEqual({ phone_valid: true });
  });

  it('keeps the flag only on the phone field', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const res = await call(t, sessions.admin, 'PATCH', `/api/forms/${org.formId}`, {
      fields: [
        { name: 'lastName', required: true, mustBeValid: true },
        { name: 'phone', required: false, mustBeValid: false },
      ],
    });
    expect(res.status).toBe(200);
    expect((await bodyOf<{ fields: unknown[] }>(res)).fields).toEqual([
      { name: 'lastName', required: true },
      { name: 'phone', required: false },
    ]);
  });
});

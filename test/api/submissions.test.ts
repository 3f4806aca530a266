import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, postJson, setupApi, signIn, type TestApi, type TestOrg } from '../support/api';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

async function counts(orgId: string) {
  const [row] = await t.sql<{ leads: string; events: string }>(
    `select (select count(*) from leads where organization_id = $1) as leads,
            (select count(*) from lead_events where organization_id = $1 and lead_id is not null) as events`,
    [orgId],
  );
  return { leads: Number(row!.leads), events: Number(row!.events) };
}

describe('POST /v1/forms/:formId/submissions', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await createTestOrg(t);
  });

  it('stores a JSON submission as one normalized lead with a created event, PII encrypted', async () => {
    const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, {
      firstName: '  Jana  ',
      lastName: 'Nováková',
      email: 'Jana.Novakova@Škoda-Digital.CZ',
      phone: '601 123 456',
      company: 'Škoda Digital a.s.',
      title: 'Head of Marketing',
      consent: true,
      utm_campaign: 'spring',
    });
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as { id: string; status: string };
    expect(receipt).toEqual({ id: expect.stringMatching(/^sub_/), status: 'received' });

    const [lead] = await t.sql<Record<string, unknown>>('select * from leads where organization_id = $1', [
      org.organizationId,
    ]);
    expect(lead).toMatchObject({
      first_name: 'Jana',
      last_name: 'Nováková',
      company: 'Škoda Digital a.s.',
      company_key: 'skoda digital',
      status: 'NEW',
      form_id: org.formId,
      source: 'Website Form',
      phone_valid: true,
      custom: { utm_campaign: 'spring' },
    });
    // Nothing in the row is the plaintext email or phone, in any form.
    const rowText = JSON.stringify(lead);
    for (const needle of ['novakova@', 'xn--koda-digital', '601123456', '601 123 456', '+420601123456'])
      expect(rowText.toLowerCase()).not.toContain(needle);
    expect(lead!.email_ciphertext).toMatch(/^v1\./);

    const events = await t.sql<{ type: string; actor_type: string; data: Record<string, unknown> }>(
      'select type, actor_type, data from lead_events where lead_id = $1',
      [lead!.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'created',
      actor_type: 'public',
      data: { receiptId: receipt.id, consent: { given: true, text: { en: 'You may contact me.' } } },
    });

    // An admin reads the PII back, normalized: lower-cased email with an IDNA domain, E.164 phone.
    const admin = await signIn(t, org.users.admin.email);
    const detail = await t.app.request(`/api/leads/${lead!.id}`, { headers: admin.headers });
    expect(await detail.clone().json()).toMatchObject({
      consent: { given: true, text: { en: 'You may contact me.' }, at: expect.any(String), channel: 'form' },
    });
    expect(await detail.json()).toMatchObject({
      email: 'jana.novakova@xn--koda-digital-unc.cz',
      phone: '+420601123456',
    });
  });

  it('accepts a plain HTML form post and redirects with 303', async () => {
    const res = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        firstName: 'Олена',
        lastName: 'Шевченко',
        email: 'olena@example.ua',
        consent: 'on',
      }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/v1/forms/${org.formId}/thanks`);
    const rows = await t.sql<{ first_name: string }>('select first_name from leads where last_name = $1', [
      'Шевченко',
    ]);
    expect(rows).toEqual([{ first_name: 'Олена' }]);
  });

  it('keeps one lead per email: a resubmission answers the same and is recorded as resubmitted', async () => {
    const o = await createTestOrg(t);
    const body = { lastName: 'Müller', email: 'jurgen@example.de' };
    const first = await postJson(t, `/v1/forms/${o.formId}/submissions`, body);
    const second = await postJson(t, `/v1/forms/${o.formId}/submissions`, {
      ...body,
      email: ' JURGEN@example.de ',
    });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(Object.keys((await second.json()) as object)).toEqual(['id', 'status']);
    const events = await t.sql<{ type: string }>(
      'select type from lead_events where organization_id = $1 and lead_id is not null order by id',
      [o.organizationId],
    );
    expect(events.map((e) => e.type)).toEqual(['created', 'resubmitted']);
    expect(await counts(o.organizationId)).toEqual({ leads: 1, events: 2 });
  });

  it('creates exactly one lead from 30 concurrent submissions of the same person', async () => {
    const o = await createTestOrg(t);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        postJson(
          t,
          `/v1/forms/${o.formId}/submissions`,
          { lastName: 'Race', email: 'race@example.com' },
          { 'x-test-client-ip': `198.51.100.${i}` },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    expect(await counts(o.organizationId)).toEqual({ leads: 1, events: 30 });
  });

  it('preserves emoji, Cyrillic and markup exactly, and stores SQL as text', async () => {
    const o = await createTestOrg(t);
    const lastName = `Robert'); DROP TABLE leads;-- 🚀 Іваненко <script>alert(1)</script>`;
    const res = await postJson(t, `/v1/forms/${o.formId}/submissions`, { lastName: lastName.slice(0, 200) });
    expect(res.status).toBe(201);
    const rows = await t.sql<{ last_name: string }>(
      'select last_name from leads where organization_id = $1',
      [o.organizationId],
    );
    expect(rows).toEqual([{ last_name: lastName }]);
  });

  const oversized = JSON.stringify({ lastName: 'X', description: 'a'.repeat(70 * 1024) });
  it.each([
    ['malformed JSON', 'application/json', '{"lastName": ', 400, 'malformed-body', undefined],
    ['wrong content type', 'text/plain', 'lastName=X', 415, 'unsupported-media-type', undefined],
    ['missing last name', 'application/json', '{"firstName":"Anna"}', 422, 'validation-failed', '/lastName'],
    [
      'invalid email',
      'application/json',
      '{"lastName":"X","email":"not-an-email"}',
      422,
      'validation-failed',
      '/email',
    ],
    [
      '10,000-character name',
      'application/json',
      JSON.stringify({ lastName: 'x'.repeat(10_000) }),
      422,
      'validation-failed',
      '/lastName',
    ],
    ['body over 64 KB', 'application/json', oversized, 413, 'payload-too-large', undefined],
    [
      'NUL character in a name',
      'application/json',
      JSON.stringify({ lastName: 'a\u0000b' }),
      422,
      'validation-failed',
      '/lastName',
    ],
    [
      'NUL character in a custom field',
      'application/json',
      JSON.stringify({ lastName: 'X', note: 'a\u0000' }),
      422,
      'validation-failed',
      '/note',
    ],
  ])('%s → problem, nothing stored', async (_name, type, body, status, code, pointer) => {
    const before = await counts(org.organizationId);
    const res = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { code: string; type: string; errors?: Array<{ pointer: string }> };
    expect(problem.code).toBe(code);
    expect(problem.type).toBe(`/problems/${code}`);
    if (pointer) expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
    expect(await counts(org.organizationId)).toEqual(before);
  });

  it('rejects bytes that are not UTF-8 with a 400 problem', async () => {
    const before = await counts(org.organizationId);
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"lastName":"'),
      0xc3,
      0x28,
      ...new TextEncoder().encode('"}'),
    ]);
    const res = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('invalid-encoding');
    expect(await counts(org.organizationId)).toEqual(before);
  });

  it('answers 404 for an unknown form', async () => {
    const res = await postJson(t, '/v1/forms/frm_nope/submissions', { lastName: 'X' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('form-not-found');
  });
});

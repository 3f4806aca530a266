import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../edge/core/standard-webhooks';
import { createWebhookSource } from '../../edge/services/ingest/receive-webhook';
import {
  createTestOrg,
  postJson,
  sessionAuth,
  setupApi,
  signIn,
  type TestApi,
  type TestOrg,
} from '../support/api';
import { holdableClock } from '../support/rate-window';

let t: TestApi;
const clock = holdableClock();
beforeAll(async () => {
  t = await setupApi({ now: clock.now });
});
afterAll(() => t.close());

async function source(org: TestOrg, adapter: 'leadgate' | 'hubspot') {
  return createWebhookSource(t.deps, t.db, sessionAuth(org, 'admin'), { name: `${adapter} source`, adapter });
}

async function deliver(
  src: { id: string; secret: string },
  payload: unknown,
  opts: { id?: string; at?: number; secret?: string; signature?: string | null } = {},
) {
  const body = JSON.stringify(payload);
  const id = opts.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const at = opts.at ?? Math.floor(Date.now() / 1000);
  const signature =
    opts.signature === undefined
      ? await signWebhook(opts.secret ?? src.secret, id, at, body)
      : opts.signature;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(at),
  };
  if (signature !== null) headers['webhook-signature'] = signature;
  return t.app.request(`/v1/hooks/${src.id}`, { method: 'POST', headers, body });
}

const leadsOf = (orgId: string) =>
  t.sql<Record<string, unknown>>('select * from leads where organization_id = $1', [orgId]);

describe('POST /v1/hooks/:sourceId', () => {
  it('accepts a signed lead in our schema, and a redelivery of the same webhook-id stores nothing twice', async () => {
    const org = await createTestOrg(t);
    const src = await source(org, 'leadgate');
    const payload = {
      firstName: 'Марія',
      lastName: 'Бондаренко',
      email: 'maria@example.ua',
      company: 'ТОВ Київ Софт',
      crm_id: '42',
    };
    const first = await deliver(src, payload, { id: 'msg_1' });
    const again = await deliver(src, payload, { id: 'msg_1' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual(await first.json());
    const leads = await leadsOf(org.organizationId);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ first_name: 'Марія', source: 'Partner', custom: { crm_id: '42' } });
    const [event] = await t.sql<{ actor_type: string; actor_id: string; data: Record<string, unknown> }>(
      `select actor_type, actor_id, data from lead_events where lead_id = $1`,
      [leads[0]!.id],
    );
    expect(event).toMatchObject({
      actor_type: 'webhook',
      actor_id: src.id,
      data: { channel: 'webhook', sourceId: src.id },
    });
  });

  it('maps a HubSpot Forms v3 submission', async () => {
    const org = await createTestOrg(t);
    const src = await source(org, 'hubspot');
    const res = await deliver(src, {
      fields: [
        { objectTypeId: '0-1', name: 'firstname', value: 'Emily' },
        { objectTypeId: '0-1', name: 'lastname', value: 'Carter' },
        { objectTypeId: '0-1', name: 'email', value: 'Emily.Carter@Example.com' },
        { objectTypeId: '0-1', name: 'company', value: 'Acme Corp' },
        { objectTypeId: '0-1', name: 'jobtitle', value: 'VP Marketing' },
        { objectTypeId: '0-1', name: 'phone', value: '+1 415 555 2671' },
        { objectTypeId: '0-1', name: 'country', value: 'US' },
        { objectTypeId: '0-1', name: 'favorite_color', value: 'teal' },
      ],
      context: {
        pageUri: 'https://www.example.com/demo',
        pageName: 'Demo',
        hutk: 'abc123',
        ipAddress: '192.0.2.1',
      },
      legalConsentOptions: {
        consent: { consentToProcess: true, text: 'I agree to allow Example to store my data.' },
      },
    });
    expect(res.status).toBe(201);
    const [lead] = await leadsOf(org.organizationId);
    expect(lead).toMatchObject({
      first_name: 'Emily',
      last_name: 'Carter',
      company: 'Acme Corp',
      title: 'VP Marketing',
      country: 'US',
      phone_valid: true,
      custom: { favorite_color: 'teal', hubspotutk: 'abc123' },
    });
    expect(JSON.stringify(lead)).not.toContain('192.0.2.1');
    const [event] = await t.sql<{ data: Record<string, unknown> }>(
      `select data from lead_events where lead_id = $1`,
      [lead!.id],
    );
    expect(event!.data).toMatchObject({
      page: 'https://www.example.com/demo',
      consent: { given: true, text: 'I agree to allow Example to store my data.' },
    });
  });

  it('never fails with a 500 on U+0000 anywhere in a HubSpot payload (Postgres cannot store it)', async () => {
    const org = await createTestOrg(t);
    const src = await source(org, 'hubspot');
    const res = await deliver(src, {
      fields: [
        { name: 'lastname', value: 'Null' },
        { name: 'favorite_color', value: 'te\u0000al' },
      ],
      context: { pageUri: 'https://www.example.com/\u0000demo' },
    });
    expect(res.status).toBe(201);
    const [lead] = await leadsOf(org.organizationId);
    expect(lead).toMatchObject({ last_name: 'Null', custom: { favorite_color: 'teal' } });
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['a forged signature', { signature: 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }],
    ['a signature made with another secret', { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }],
    ['no signature header', { signature: null }],
    ['a timestamp 6 minutes old', { at: now() - 360 }],
    ['a timestamp 6 minutes ahead', { at: now() + 360 }],
  ])('refuses %s with 401, storing nothing', async (_name, opts) => {
    const org = await createTestOrg(t);
    const src = await source(org, 'leadgate');
    const res = await deliver(src, { lastName: 'Forged' }, opts);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('webhook-signature-invalid');
    expect(await leadsOf(org.organizationId)).toHaveLength(0);
  });

  it('refuses a replay of a signed delivery after the tolerance window', async () => {
    const org = await createTestOrg(t);
    const src = await source(org, 'leadgate');
    const at = now() - 301;
    const res = await deliver(src, { lastName: 'Replayed' }, { at });
    expect(res.status).toBe(401);
  });

  it('answers 404 for an unknown source and 422 with pointers for a bad payload', async () => {
    const org = await createTestOrg(t);
    const src = await source(org, 'hubspot');
    expect((await deliver({ id: 'src_unknown', secret: src.secret }, { lastName: 'X' })).status).toBe(404);
    const bad = await deliver(src, { fields: [{ name: 'firstname', value: 'NoLast' }, { value: 'x' }] });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: Array<{ pointer: string }> }).errors[0]!.pointer).toBe(
      '/fields/1/name',
    );
  });
});

describe('POST /api/leads', () => {
  it('creates a lead for a member, tells an authenticated caller about a duplicate, and audits the actor', async () => {
    const org = await createTestOrg(t);
    const s = await signIn(t, org.users.member.email);
    const body = {
      firstName: 'Tomáš',
      lastName: 'Černý',
      email: 'tomas@example.cz',
      company: 'Initech Ltd',
      notes_from_call: 'call back Monday',
    };
    const first = await postJson(t, '/api/leads', body, s.headers);
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; outcome: string };
    expect(created.outcome).toBe('created');
    const second = await postJson(t, '/api/leads', { ...body, email: 'TOMAS@example.cz' }, s.headers);
    expect(await second.json()).toMatchObject({ id: created.id, outcome: 'updated' });
    const [lead] = await leadsOf(org.organizationId);
    // A lead a member enters is theirs (no routing rule chose anyone else).
    expect(lead).toMatchObject({
      source: 'Manual',
      custom: { notes_from_call: 'call back Monday' },
      assigned_to: org.users.member.id,
    });
    const events = await t.sql<{ type: string; actor_id: string }>(
      'select type, actor_id from lead_events where lead_id = $1 order by id',
      [created.id],
    );
    expect(events).toEqual([
      { type: 'assigned', actor_id: org.users.member.id },
      { type: 'created', actor_id: org.users.member.id },
      { type: 'resubmitted', actor_id: org.users.member.id },
    ]);
  });

  it('is refused to viewers (403) and needs the CSRF token with a session (403)', async () => {
    const org = await createTestOrg(t);
    const viewer = await signIn(t, org.users.viewer.email);
    expect((await postJson(t, '/api/leads', { lastName: 'X' }, viewer.headers)).status).toBe(403);
    const member = await signIn(t, org.users.member.email);
    const noCsrf = await postJson(t, '/api/leads', { lastName: 'X' }, { cookie: member.cookie });
    expect(noCsrf.status).toBe(403);
    expect(await leadsOf(org.organizationId)).toHaveLength(0);
  });

  it('sends RateLimit headers and answers the 101st request in a minute with 429', async () => {
    const org = await createTestOrg(t);
    const s = await signIn(t, org.users.viewer.email);
    const resume = clock.hold();
    let last: Response | undefined;
    for (let i = 0; i < 101; i++)
      last = await t.app.request('/api/leads?limit=1', { headers: { cookie: s.cookie } });
    resume();
    expect(last!.status).toBe(429);
    expect(last!.headers.get('ratelimit-policy')).toBe('"api";q=100;w=60');
  });
});

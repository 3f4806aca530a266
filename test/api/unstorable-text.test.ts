import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../db/errors';
import { signWebhook } from '../../edge/core/standard-webhooks';
import { createWebhookSource } from '../../edge/services/ingest/receive-webhook';
import { sessionAuth, setupApi, type TestApi, type TestOrg } from '../support/api';
import { call, orgWithSessions, type Session, seedLead } from '../support/workspace';

/**
 * Text Postgres cannot store (U+0000, an unpaired UTF-16 surrogate) is refused at the boundary in every
 * field, key and parameter with a pointer to it — never a 500 — and nothing logged carries a statement's
 * parameters.
 */
let t: TestApi;
let org: TestOrg;
let admin: Session;
let leadId: string;
let source: { id: string; secret: string };
let hubspot: { id: string; secret: string };
const logged: string[] = [];

const LONE = '\udfff';
const HIGH = 'Jana \ud83d';
const NUL = 'a\u0000b';

beforeAll(async () => {
  t = await setupApi({
    logger: { info: () => {}, error: (msg, data) => void logged.push(`${msg} ${JSON.stringify(data)}`) },
  });
  const arranged = await orgWithSessions(t);
  org = arranged.org;
  admin = arranged.sessions.admin;
  leadId = await seedLead(t, org, { lastName: 'Nováková' });
  source = await createWebhookSource(t.deps, t.db, sessionAuth(org, 'admin'), {
    name: 'Ours',
    adapter: 'leadgate',
  });
  hubspot = await createWebhookSource(t.deps, t.db, sessionAuth(org, 'admin'), {
    name: 'HubSpot',
    adapter: 'hubspot',
  });
});
afterAll(() => t.close());

async function deliver(src: { id: string; secret: string }, payload: unknown) {
  const body = JSON.stringify(payload);
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const at = Math.floor(Date.now() / 1000);
  return t.app.request(`/v1/hooks/${src.id}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(at),
      'webhook-signature': await signWebhook(src.secret, id, at, body),
    },
    body,
  });
}

const submit = (body: Record<string, unknown>) =>
  call(t, null, 'POST', `/v1/forms/${org.formId}/submissions`, { lastName: 'Nováková', ...body });

const formPost = (body: string) =>
  t.app.request(`/v1/forms/${org.formId}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });

type Case = [name: string, status: number, pointer: string, send: () => Promise<Response> | Response];

const CASES: Case[] = [
  ['a lone surrogate in source', 422, '/source', () => submit({ source: LONE })],
  ['an unpaired high surrogate in the first name', 422, '/firstName', () => submit({ firstName: HIGH })],
  ['a lone surrogate in a custom attribute value', 422, '/favourite', () => submit({ favourite: LONE })],
  ['NUL in a custom attribute key', 422, '/a\u0000b', () => submit({ [NUL]: 'x' })],
  ['NUL in a posted form field name', 422, '/a\u0000b', () => formPost('last_name=Nov%C3%A1k&a%00b=x')],
  ['%00 in a form id (definition)', 400, '/formId', () => t.app.request('/v1/forms/%00')],
  [
    '%00 in a form id (submission)',
    400,
    '/formId',
    () => call(t, null, 'POST', '/v1/forms/%00/submissions', {}),
  ],
  ['%00 in a webhook source id', 400, '/sourceId', () => call(t, null, 'POST', '/v1/hooks/%00', {})],
  [
    'a lone surrogate in a webhook source',
    422,
    '/source',
    () => deliver(source, { lastName: 'Hook', source: LONE }),
  ],
  [
    'a lone surrogate in a note body',
    422,
    '/body',
    () => call(t, admin, 'POST', `/api/leads/${leadId}/notes`, { body: LONE }),
  ],
  [
    'a lone surrogate in a tag',
    422,
    '/tags/0',
    () => call(t, admin, 'POST', `/api/leads/${leadId}/tags`, { tags: [LONE] }),
  ],
  [
    'a lone surrogate in a saved view name',
    422,
    '/name',
    () => call(t, admin, 'POST', '/api/saved-views', { name: LONE, filter: {} }),
  ],
  [
    'a lone surrogate in an API key name',
    422,
    '/name',
    () => call(t, admin, 'POST', '/api/api-keys', { name: LONE, role: 'member', scopes: ['leads:read'] }),
  ],
  [
    'a lone surrogate in a new lead',
    422,
    '/company',
    () => call(t, admin, 'POST', '/api/leads', { lastName: 'Nová', company: LONE }),
  ],
  [
    'NUL in a lead edit',
    422,
    '/city',
    () => call(t, admin, 'PATCH', `/api/leads/${leadId}`, { version: 1, city: NUL }),
  ],
  [
    'a lone surrogate in a search',
    400,
    '/q',
    () => call(t, admin, 'GET', `/api/leads?q=${encodeURIComponent('x')}%00`),
  ],
];

describe('text Postgres cannot store', () => {
  it.each(CASES)('%s → %i at %s', async (_name, status, pointer, send) => {
    const res = await send();
    const body = (await res.json()) as { errors?: Array<{ pointer: string; code: string }> };
    expect(res.status, JSON.stringify(body)).toBe(status);
    expect(body.errors).toContainEqual(expect.objectContaining({ pointer }));
  });

  it('a form field named as a Salesforce form posted it carries the same code', async () => {
    const res = await formPost(`last_name=${encodeURIComponent('Nov\u00e1k')}&company=a%00b`);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ pointer: '/company', code: 'invalid-text' }] });
  });

  it('a HubSpot payload is mended in what its adapter only keeps, and refused in a lead field', async () => {
    const refused = await deliver(hubspot, {
      fields: [{ objectTypeId: '0-1', name: 'lastname', value: HIGH }],
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ errors: [{ pointer: '/lastName', code: 'invalid-text' }] });
    const res = await deliver(hubspot, {
      fields: [
        { objectTypeId: '0-1', name: 'lastname', value: 'Carter' },
        { objectTypeId: '0-1', name: 'favorite_color', value: `te\u0000al${LONE}` },
        { objectTypeId: '0-1', name: `shoe${NUL}size`, value: '42' },
      ],
      context: { pageUri: `https://www.example.com/${LONE}` },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const [row] = await t.sql<{ last_name: string; custom: Record<string, string> }>(
      `select last_name, custom from leads where organization_id = $1 and custom ? 'favorite_color'`,
      [org.organizationId],
    );
    expect(row).toMatchObject({ last_name: 'Carter', custom: { favorite_color: 'teal\ufffd' } });
    expect(Object.keys(row!.custom).every((key) => !key.includes('\u0000'))).toBe(true);
  });

  it('logs nothing of a failed statement but its shape: no parameter, no quoted value', async () => {
    const secret = 'klaus.mueller@example.test';
    let failure: unknown;
    try {
      await t.db.execute(sql`select ${JSON.stringify({ email: secret }).replace('}', '')}::jsonb`);
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).toContain(secret); // what the driver and drizzle would have printed
    const logLine = describeError(failure);
    expect(logLine).toMatch(/^database error 22P02/);
    expect(logLine).toContain('statement: select $1::jsonb');
    expect(logLine).not.toContain(secret);
    expect(logged.join('\n')).not.toContain('example.test');
  });
});

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../edge/contract/session';
import { DEFAULT_SCORING_RULES } from '../../edge/core/score';
import { signWebhook } from '../../edge/core/standard-webhooks';
import { createApiKey } from '../../edge/services/admin/api-keys';
import { createWebhookSource } from '../../edge/services/ingest/receive-webhook';
import { quarantineSubmission } from '../../edge/services/ingest/spam';
import { createInvitation } from '../../edge/services/people/invitations';
import { RESCORE_BATCH_SIZE } from '../../edge/services/scoring/rescore-job';
import {
  createTestOrg,
  postJson,
  sessionAuth,
  setupApi,
  signIn,
  type TestApi,
  type TestOrg,
} from '../support/api';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

type Problem = { code: string; errors?: Array<{ pointer: string }> };
type Headers = Record<string, string>;
type AuditRow = {
  entity_type: string;
  entity_id: string;
  actor_id: string | null;
  data: Record<string, unknown>;
};

function send(method: string, path: string, headers: Headers, body?: unknown) {
  const json: Headers = body === undefined ? {} : { 'content-type': 'application/json' };
  return t.app.request(path, { method, headers: { ...headers, ...json }, body: JSON.stringify(body) });
}

async function getJson<T = unknown>(path: string, headers: Headers): Promise<T> {
  return (await send('GET', path, headers)).json() as Promise<T>;
}

async function pointers(res: Response): Promise<string[]> {
  return (((await res.json()) as Problem).errors ?? []).map((e) => e.pointer);
}

async function as(org: TestOrg, role: Role): Promise<Headers> {
  return (await signIn(t, org.users[role].email)).headers;
}

function events(org: TestOrg, type: string) {
  return t.sql<AuditRow>(
    `select entity_type, entity_id, actor_id, data from lead_events
     where organization_id = $1 and type = $2 order by id`,
    [org.organizationId, type],
  );
}

const ownerAuth = (org: TestOrg) => sessionAuth(org, 'owner');
const newKey = async (org: TestOrg) =>
  (await createApiKey(t.deps, t.db, ownerAuth(org), { name: 'k', scopes: ['leads:read'] })).id;
const newSource = async (org: TestOrg) =>
  (await createWebhookSource(t.deps, t.db, ownerAuth(org), { name: 'Zap', adapter: 'leadgate' })).id;
const newHeld = (org: TestOrg) =>
  quarantineSubmission(t.deps, t.db, {
    organizationId: org.organizationId,
    formId: org.formId,
    channel: 'form',
    reason: 'honeypot',
    payload: { lastName: 'Held', lg_hp: 'x' },
  });

const newInvitation = async (org: TestOrg) =>
  (
    await createInvitation(t.deps, t.db, ownerAuth(org), {
      email: `invited.${Math.random().toString(36).slice(2)}@example.test`,
      role: 'viewer',
    })
  ).id;

/** A member besides the four signed-in roles, to change without locking a caller out. */
async function extraMember(org: TestOrg, status: 'active' | 'deactivated' = 'active'): Promise<string> {
  const id = t.deps.newId('usr');
  await t.sql(`insert into users (id, email, name, password_hash) values ($1, $2, 'Extra', '-')`, [
    id,
    `${id.toLowerCase()}@example.test`,
  ]);
  await t.sql(
    `insert into memberships (organization_id, user_id, role, status) values ($1, $2, 'member', $3)`,
    [org.organizationId, id, status],
  );
  return id;
}

type Arrange = (org: TestOrg) => Promise<{ path: string; body?: unknown }>;

/** Every mutating admin route: its success status, its audit event, and how to arrange a valid call. */
const MUTATIONS: Array<[route: string, ok: number, event: string, arrange: Arrange]> = [
  // people: invitations and members
  [
    'POST /api/invitations',
    201,
    'invitation.created',
    async () => ({ path: '/api/invitations', body: { email: 'new.colleague@example.test', role: 'member' } }),
  ],
  [
    'POST /api/invitations/{id}/resend',
    200,
    'invitation.resent',
    async (org) => ({ path: `/api/invitations/${await newInvitation(org)}/resend` }),
  ],
  [
    'DELETE /api/invitations/{id}',
    204,
    'invitation.revoked',
    async (org) => ({ path: `/api/invitations/${await newInvitation(org)}` }),
  ],
  [
    'PATCH /api/members/{userId}',
    200,
    'membership.role_changed',
    async (org) => ({ path: `/api/members/${await extraMember(org)}`, body: { role: 'viewer' } }),
  ],
  [
    'POST /api/members/{userId}/deactivate',
    200,
    'membership.deactivated',
    async (org) => ({
      path: `/api/members/${await extraMember(org)}/deactivate`,
      body: { leads: { action: 'unassign' } },
    }),
  ],
  [
    'POST /api/members/{userId}/reactivate',
    200,
    'membership.reactivated',
    async (org) => ({ path: `/api/members/${await extraMember(org, 'deactivated')}/reactivate` }),
  ],
  [
    'DELETE /api/members/{userId}',
    204,
    'membership.removed',
    async (org) => ({ path: `/api/members/${await extraMember(org)}` }),
  ],
  [
    'PATCH /api/organization',
    200,
    'organization.updated',
    async () => ({ path: '/api/organization', body: { name: 'Renamed', language: 'cs' } }),
  ],
  [
    'POST /api/api-keys',
    201,
    'api_key.created',
    async () => ({
      path: '/api/api-keys',
      body: { name: 'CI', role: 'member', scopes: ['submit'] },
    }),
  ],
  [
    'DELETE /api/api-keys/{id}',
    204,
    'api_key.revoked',
    async (org) => ({
      path: `/api/api-keys/${await newKey(org)}`,
    }),
  ],
  [
    'POST /api/webhook-sources',
    201,
    'webhook_source.created',
    async () => ({
      path: '/api/webhook-sources',
      body: { name: 'Zap', adapter: 'hubspot' },
    }),
  ],
  [
    'POST /api/webhook-sources/{id}/secrets',
    201,
    'webhook_source.secret_added',
    async (org) => ({
      path: `/api/webhook-sources/${await newSource(org)}/secrets`,
    }),
  ],
  [
    'DELETE /api/webhook-sources/{id}/secrets/old',
    204,
    'webhook_source.old_secrets_dropped',
    async (org) => ({
      path: `/api/webhook-sources/${await newSource(org)}/secrets/old`,
    }),
  ],
  [
    'PUT /api/scoring-rules',
    200,
    'scoring_rules.updated',
    async () => ({
      path: '/api/scoring-rules',
      body: DEFAULT_SCORING_RULES,
    }),
  ],
  [
    'PUT /api/routing-rules',
    200,
    'routing_rules.replaced',
    async () => ({
      path: '/api/routing-rules',
      body: { rules: [] },
    }),
  ],
  [
    'POST /api/quarantine/{id}/release',
    200,
    'submission.released',
    async (org) => ({
      path: `/api/quarantine/${await newHeld(org)}/release`,
    }),
  ],
];

const ROLES: Role[] = ['viewer', 'member', 'admin', 'owner'];
const MAY_ADMINISTER: Record<Role, boolean> = { viewer: false, member: false, admin: true, owner: true };

describe('RBAC', () => {
  it.each(MUTATIONS.flatMap((m) => ROLES.map((role) => [m[0], role, m] as const)))(
    '%s as %s',
    async (route, role, [, ok, event, arrange]) => {
      const org = await createTestOrg(t);
      const { path, body } = await arrange(org);
      const res = await send(route.split(' ')[0]!, path, await as(org, role), body);
      const audit = await events(org, event);
      if (MAY_ADMINISTER[role]) {
        expect(res.status).toBe(ok);
        expect(audit.map((e) => e.actor_id)).toEqual([org.users[role].id]);
      } else {
        expect([res.status, ((await res.json()) as Problem).code]).toEqual([403, 'forbidden']);
        expect(audit).toEqual([]);
      }
    },
  );

  it.each([
    ['/api/api-keys', [403, 403, 200, 200]],
    ['/api/webhook-sources', [403, 403, 200, 200]],
    ['/api/quarantine', [403, 403, 200, 200]],
    ['/api/organization', [403, 403, 200, 200]],
    ['/api/scoring-rules', [200, 200, 200, 200]],
    ['/api/routing-rules', [200, 200, 200, 200]],
  ])('GET %s answers viewer, member, admin, owner with %j; nobody with 401', async (path, statuses) => {
    const org = await createTestOrg(t);
    const sessions = await Promise.all(ROLES.map((role) => as(org, role)));
    expect(await Promise.all(sessions.map(async (h) => (await send('GET', path, h)).status))).toEqual(
      statuses,
    );
    expect((await t.app.request(path)).status).toBe(401);
  });
});

describe('OpenAPI', () => {
  it('documents every admin route with named schemas', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const admin = [
      ...MUTATIONS.map((m) => m[0]),
      ...['api-keys', 'webhook-sources', 'scoring-rules', 'routing-rules', 'quarantine'].map(
        (p) => `GET /api/${p}`,
      ),
    ];
    expect(routes).toEqual(expect.arrayContaining(admin));
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'CreatedApiKey',
        'WebhookSource',
        'ScoringRules',
        'RoutingRule',
        'QuarantineItem',
      ]),
    );
  });
});

type Ids = { key: string; source: string; held: string };

describe('organization isolation', () => {
  it.each([
    ['DELETE /api/api-keys/{id}', (id: Ids) => `/api/api-keys/${id.key}`],
    ['POST /api/webhook-sources/{id}/secrets', (id: Ids) => `/api/webhook-sources/${id.source}/secrets`],
    [
      'DELETE /api/webhook-sources/{id}/secrets/old',
      (id: Ids) => `/api/webhook-sources/${id.source}/secrets/old`,
    ],
    ['POST /api/quarantine/{id}/release', (id: Ids) => `/api/quarantine/${id.held}/release`],
  ])('%s with an id of another organization → 404, nothing changed', async (route, path) => {
    const [mine, theirs] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    const ids: Ids = {
      key: await newKey(theirs),
      source: await newSource(theirs),
      held: await newHeld(theirs),
    };
    const headers = await as(mine, 'owner');
    const count = () =>
      t.sql('select count(*)::int as n from lead_events where organization_id = $1', [mine.organizationId]);
    const before = await count();
    const res = await send(route.split(' ')[0]!, path(ids), headers);
    expect([res.status, ((await res.json()) as Problem).code]).toEqual([404, 'not-found']);
    const [state] = await t.sql(
      `select (select revoked_at from api_keys where id = $1) as revoked,
              (select cardinality(secret_ciphertexts) from webhook_sources where id = $2) as secrets,
              (select released_at from quarantined_submissions where id = $3) as released`,
      [ids.key, ids.source, ids.held],
    );
    expect(state).toEqual({ revoked: null, secrets: 1, released: null });
    expect(await count()).toEqual(before);
  });

  it('lists only the own organization', async () => {
    const [mine, theirs] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    await Promise.all([newKey(theirs), newSource(theirs), newHeld(theirs)]);
    const headers = await as(mine, 'owner');
    for (const path of ['/api/api-keys', '/api/webhook-sources', '/api/quarantine', '/api/routing-rules']) {
      expect(await getJson(path, headers)).toEqual({ items: [] });
    }
  });
});

describe('API keys', () => {
  it('creates a key shown once that authenticates, lists it without secrets, revokes it → 401', async () => {
    const org = await createTestOrg(t);
    const admin = await as(org, 'admin');
    const res = await send('POST', '/api/api-keys', admin, {
      name: 'Zapier',
      role: 'member',
      scopes: ['leads:read'],
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; key: string; prefix: string };
    expect(created).toMatchObject({
      name: 'Zapier',
      role: 'member',
      scopes: ['leads:read'],
      key: expect.stringMatching(/^lg_/),
    });
    const bearer = { authorization: `Bearer ${created.key}` };
    expect((await t.app.request('/api/leads', { headers: bearer })).status).toBe(200);

    const list = await getJson('/api/api-keys', admin);
    expect(list).toEqual({
      items: [
        expect.objectContaining({ id: created.id, prefix: created.prefix, lastUsedAt: expect.any(String) }),
      ],
    });
    expect(JSON.stringify(list)).not.toContain(created.key.slice(12));

    expect((await send('DELETE', `/api/api-keys/${created.id}`, admin)).status).toBe(204);
    expect((await t.app.request('/api/leads', { headers: bearer })).status).toBe(401);
    expect((await send('DELETE', `/api/api-keys/${created.id}`, admin)).status).toBe(404);
    expect((await events(org, 'api_key.created')).map((e) => e.entity_id)).toEqual([created.id]);
    expect((await events(org, 'api_key.revoked')).map((e) => e.entity_id)).toEqual([created.id]);
  });

  it.each([
    ['an admin session', 'admin', 'admin', 201],
    ['an admin session', 'admin', 'owner', 403],
    ['an owner session', 'owner', 'owner', 201],
  ] as const)('%s creating a key with the %s role → %i', async (_who, caller, role, status) => {
    const org = await createTestOrg(t);
    const body = { name: 'K', role, scopes: ['leads:read'] };
    const res = await send('POST', '/api/api-keys', await as(org, caller), body);
    expect(res.status).toBe(status);
    expect(await events(org, 'api_key.created')).toHaveLength(status === 201 ? 1 : 0);
  });

  it('keys are made by people: an API key, even with the admin scope, cannot mint another', async () => {
    const org = await createTestOrg(t);
    const adminKey = await createApiKey(t.deps, t.db, ownerAuth(org), { name: 'a', scopes: ['admin'] });
    const mint = await send(
      'POST',
      '/api/api-keys',
      { authorization: `Bearer ${adminKey.key}` },
      { name: 'child', scopes: ['leads:read'] },
    );
    expect(mint.status).toBe(403);
    expect(await events(org, 'api_key.created')).toHaveLength(1);
  });

  it.each([
    ['an empty name', { name: '', scopes: ['submit'] }, '/name'],
    ['a name over 100 characters', { name: 'x'.repeat(101), scopes: ['submit'] }, '/name'],
    ['an unknown role', { name: 'K', role: 'god', scopes: ['submit'] }, '/role'],
  ])('%s → 422 at %s', async (_what, body, pointer) => {
    const org = await createTestOrg(t);
    const res = await send('POST', '/api/api-keys', await as(org, 'owner'), body);
    expect(res.status).toBe(422);
    expect(await pointers(res)).toContain(pointer);
  });
});

describe('webhook sources', () => {
  async function deliver(url: string, secret: string, lead: Record<string, unknown>) {
    const id = `msg_${Math.random().toString(36).slice(2)}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const raw = JSON.stringify(lead);
    const signature = await signWebhook(secret, id, timestamp, raw);
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    };
    return (await postJson(t, url, raw, headers)).status;
  }

  it('rotates secrets: old and new both verify until the old ones are dropped', async () => {
    const org = await createTestOrg(t);
    const admin = await as(org, 'admin');
    const res = await send('POST', '/api/webhook-sources', admin, { name: 'Zapier', adapter: 'leadgate' });
    expect(res.status).toBe(201);
    const source = (await res.json()) as { id: string; secret: string; url: string };
    expect(source).toMatchObject({ name: 'Zapier', adapter: 'leadgate', url: `/v1/hooks/${source.id}` });
    expect(await deliver(source.url, source.secret, { lastName: 'One' })).toBe(201);

    const rotated = await send('POST', `/api/webhook-sources/${source.id}/secrets`, admin);
    expect(rotated.status).toBe(201);
    const { secret, secretCount } = (await rotated.json()) as { secret: string; secretCount: number };
    expect([secret.startsWith('whsec_'), secret !== source.secret, secretCount]).toEqual([true, true, 2]);
    expect(await deliver(source.url, source.secret, { lastName: 'Old' })).toBe(201);
    expect(await deliver(source.url, secret, { lastName: 'New' })).toBe(201);
    const listed = await getJson('/api/webhook-sources', admin);
    expect(listed).toEqual({
      items: [expect.objectContaining({ id: source.id, secretCount: 2, formId: null })],
    });
    expect(JSON.stringify(listed)).not.toContain(secret);

    expect((await send('DELETE', `/api/webhook-sources/${source.id}/secrets/old`, admin)).status).toBe(204);
    expect(await deliver(source.url, source.secret, { lastName: 'Late' })).toBe(401);
    expect(await deliver(source.url, secret, { lastName: 'Newer' })).toBe(201);

    const names = await t.sql<{ last_name: string }>(
      'select last_name from leads where organization_id = $1 order by created_at, id',
      [org.organizationId],
    );
    expect(names.map((n) => n.last_name)).toEqual(['One', 'Old', 'New', 'Newer']);
    expect(await events(org, 'webhook_source.secret_added')).toMatchObject([{ data: { secretCount: 2 } }]);
    expect(await events(org, 'webhook_source.old_secrets_dropped')).toMatchObject([
      { entity_id: source.id, data: { removed: 1 } },
    ]);
  });

  it('links an own form, but refuses a form of another organization (422 at /formId, nothing stored)', async () => {
    const [org, other] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    const admin = await as(org, 'admin');
    const create = (formId: string) =>
      send('POST', '/api/webhook-sources', admin, { name: formId, adapter: 'hubspot', formId });
    const refused = await create(other.formId);
    expect(refused.status).toBe(422);
    expect(await pointers(refused)).toEqual(['/formId']);
    expect((await create(org.formId)).status).toBe(201);
    const rows = await t.sql('select form_id from webhook_sources where organization_id = $1', [
      org.organizationId,
    ]);
    expect(rows).toEqual([{ form_id: org.formId }]);
    expect(await events(org, 'webhook_source.created')).toHaveLength(1);
  });
});

describe('scoring rules', () => {
  const RULES = {
    ...DEFAULT_SCORING_RULES,
    targetIndustries: ['Software*', 'SaaS'],
    targetRegions: ['DE'],
    points: {
      ...DEFAULT_SCORING_RULES.points,
      industry: 30,
      titleDirector: 5,
      titleIndividual: 1,
      region: 20,
    },
  };
  const BULK = 2_500;
  const submit = (org: TestOrg, lead: object) => postJson(t, `/v1/forms/${org.formId}/submissions`, lead);

  /** A form lead, an API lead, 2,500 bulk rows (stale scores, no `created` event) and a deleted lead. */
  async function arrangeLeads(org: TestOrg) {
    const lead = {
      lastName: 'Weiß',
      title: 'Head of Sales',
      industry: 'Software',
      employees: 250,
      country: 'DE',
    };
    await submit(org, lead);
    const api = { lastName: 'Api', industry: 'SaaS', title: 'Engineer', country: 'AT' };
    await send('POST', '/api/leads', await as(org, 'member'), api);
    await t.sql(
      `insert into leads (id, organization_id, last_name, industry, score, score_breakdown)
       select 'lead_bulk_' || lpad(g::text, 5, '0'), $1, 'Bulk' || g,
              case when g % 2 = 0 then 'SaaS' else 'Internet' end, 99, '[{"rule":"stale","points":99}]'
       from generate_series(1, ${BULK}) g`,
      [org.organizationId],
    );
    await t.sql(
      `insert into leads (id, organization_id, last_name, industry, score, deleted_at)
       values ('lead_deleted_' || $1, $1, 'Gone', 'SaaS', 7, now())`,
      [org.organizationId],
    );
  }

  it('saves a new version and rescores every live lead, one UPDATE per batch', async () => {
    const [org, other] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    await arrangeLeads(org);
    await submit(other, { lastName: 'Theirs', industry: 'SaaS' });
    const admin = await as(org, 'admin');
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    const res = await send('PUT', '/api/scoring-rules', admin, RULES);
    const updates = spy.mock.calls.filter(([q]) => /^update "leads".*unnest/is.test(queryText(q)));
    spy.mockRestore();
    expect(await res.json()).toEqual({ version: 2, rescored: BULK + 2 });
    expect(updates).toHaveLength(Math.ceil((BULK + 2) / RESCORE_BATCH_SIZE));

    const lead = async (name: string) =>
      (
        await t.sql(
          'select score, score_breakdown, score_version from leads where organization_id = $1 and last_name = $2',
          [org.organizationId, name],
        )
      )[0];
    expect(await lead('Weiß')).toEqual({
      score: 60,
      score_version: 2,
      score_breakdown: [
        { rule: 'employees-large', points: 10, detail: '250' },
        { rule: 'industry', points: 30, detail: 'Software' },
        { rule: 'title-director', points: 5, detail: 'head of' },
        { rule: 'region', points: 20, detail: 'DE' },
        { rule: 'demographic-cap', points: -15 },
        { rule: 'form-submitted', points: 10, detail: 'form' },
      ],
    });
    expect(await lead('Api')).toEqual({
      score: 31,
      score_version: 2,
      score_breakdown: [
        { rule: 'industry', points: 30, detail: 'SaaS' },
        { rule: 'title-individual', points: 1 },
      ],
    });
    const saas = [{ rule: 'industry', points: 30, detail: 'SaaS' }];
    expect(await lead('Bulk2')).toEqual({ score: 30, score_version: 2, score_breakdown: saas });
    expect(await lead('Bulk1')).toEqual({ score: 0, score_version: 2, score_breakdown: [] });
    expect(await lead('Gone')).toMatchObject({ score: 7, score_version: 0 });
    const [totals] = await t.sql(
      `select count(*) filter (where score_version = 2)::int as v2,
              count(*) filter (where last_name like 'Bulk%' and score = 30)::int as saas
       from leads where organization_id = $1`,
      [org.organizationId],
    );
    expect(totals).toEqual({ v2: BULK + 2, saas: BULK / 2 });
    const theirs = await t.sql('select score, score_version from leads where organization_id = $1', [
      other.organizationId,
    ]);
    expect(theirs).toEqual([{ score: 25, score_version: 1 }]);
    expect(await events(org, 'scoring_rules.updated')).toMatchObject([
      { entity_type: 'scoring_rules', data: { version: 2, previousVersion: 1, changeCount: 6 } },
    ]);
    expect(await events(org, 'scoring_rules.rescored')).toMatchObject([
      { entity_type: 'scoring_rules', data: { version: 2, rescored: BULK + 2 } },
    ]);

    expect(await getJson('/api/scoring-rules', await as(org, 'viewer'))).toEqual({
      version: 2,
      rules: RULES,
    });
    await submit(org, { lastName: 'After', industry: 'SaaS' });
    expect(await lead('After')).toMatchObject({ score: 40, score_version: 2 });
  });

  it.each([
    ['points over 100', { points: { ...RULES.points, industry: 101 } }, '/points/industry'],
    ['negative points', { points: { ...RULES.points, region: -1 } }, '/points/region'],
    ['fractional points', { points: { ...RULES.points, region: 2.5 } }, '/points/region'],
    ['an empty keyword', { targetIndustries: [''] }, '/targetIndustries/0'],
    ['301 regions', { targetRegions: Array(301).fill('DE') }, '/targetRegions'],
    ['mid above large', { employees: { large: 10, mid: 50 } }, '/employees/mid'],
    ['a missing part', { signals: undefined }, '/signals'],
    ['an unknown part', { bonus: 5 }, '/'],
  ])('%s → 422 at %s, nothing saved', async (_what, change, pointer) => {
    const org = await createTestOrg(t);
    const res = await send('PUT', '/api/scoring-rules', await as(org, 'admin'), { ...RULES, ...change });
    expect(res.status).toBe(422);
    expect(await pointers(res)).toContain(pointer);
    const versions = await t.sql('select version from scoring_rules where organization_id = $1', [
      org.organizationId,
    ]);
    expect(versions).toEqual([{ version: 1 }]);
    expect(await events(org, 'scoring_rules.updated')).toEqual([]);
  });
});

function queryText(q: unknown): string {
  return typeof q === 'string' ? q : String((q as { text?: unknown } | null)?.text ?? '');
}

describe('routing rules', () => {
  const toTeam = { type: 'team', team: 'inbound' };

  it('rejects an assignee who is not a member (422 with a pointer), keeping the old rules', async () => {
    const [org, other] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    const res = await send('PUT', '/api/routing-rules', await as(org, 'admin'), {
      rules: [
        { name: 'A', condition: { sources: ['Ads'] }, action: toTeam },
        {
          name: 'B',
          condition: { sources: ['Expo'] },
          action: { type: 'user', userId: org.users.member.id },
        },
        { name: 'C', condition: {}, action: { type: 'user', userId: other.users.member.id } },
      ],
    });
    expect(res.status).toBe(422);
    expect(await pointers(res)).toEqual(['/rules/2/action/userId']);
    expect(
      await t.sql('select id from routing_rules where organization_id = $1', [org.organizationId]),
    ).toEqual([]);
    expect(await events(org, 'routing_rules.replaced')).toEqual([]);
  });

  it.each([
    ['51 rules', Array(51).fill({ name: 'R', condition: {}, action: toTeam }), '/rules'],
    [
      'a user action without user',
      [{ name: 'R', condition: {}, action: { type: 'user' } }],
      '/rules/0/action/userId',
    ],
    [
      'minScore above maxScore',
      [{ name: 'R', condition: { minScore: 80, maxScore: 20 }, action: toTeam }],
      '/rules/0/condition/minScore',
    ],
    [
      'an unknown condition',
      [{ name: 'R', condition: { region: 'EU' }, action: toTeam }],
      '/rules/0/condition',
    ],
  ])('%s → 422 at %s', async (_what, rules, pointer) => {
    const org = await createTestOrg(t);
    const res = await send('PUT', '/api/routing-rules', await as(org, 'admin'), { rules });
    expect(res.status).toBe(422);
    expect(await pointers(res)).toContain(pointer);
  });

  it('replaces the list in order, and new submissions are routed by it', async () => {
    const org = await createTestOrg(t);
    const admin = await as(org, 'admin');
    const put = (rules: unknown[]) => send('PUT', '/api/routing-rules', admin, { rules });
    expect((await put([{ name: 'Old', condition: {}, action: toTeam }])).status).toBe(200);
    const toMember = { type: 'user', userId: org.users.member.id };
    const toAdmin = { type: 'user', userId: org.users.admin.id };
    const res = await put([
      { name: 'DACH', condition: { countries: ['de', 'AT'] }, action: toMember },
      { name: 'Rest', enabled: false, condition: {}, action: toAdmin },
    ]);
    const id = expect.any(String);
    const saved = {
      items: [
        {
          id,
          position: 1,
          enabled: true,
          name: 'DACH',
          condition: { countries: ['DE', 'AT'] },
          action: toMember,
          version: 2,
        },
        { id, position: 2, enabled: false, name: 'Rest', condition: {}, action: toAdmin, version: 2 },
      ],
    };
    expect([res.status, await res.json()]).toEqual([200, saved]);
    expect(await getJson('/api/routing-rules', await as(org, 'viewer'))).toEqual(saved);

    await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Berlin', country: 'DE' });
    await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Paris', country: 'FR' });
    const assigned = await t.sql(
      'select last_name, assigned_to from leads where organization_id = $1 order by last_name',
      [org.organizationId],
    );
    expect(assigned).toEqual([
      { last_name: 'Berlin', assigned_to: org.users.member.id },
      { last_name: 'Paris', assigned_to: null },
    ]);
    const audit = await events(org, 'routing_rules.replaced');
    expect(audit.map((e) => e.actor_id)).toEqual([org.users.admin.id, org.users.admin.id]);
    expect(audit[1]!.data).toMatchObject({
      before: [{ name: 'Old' }],
      after: [
        { name: 'DACH', position: 1 },
        { name: 'Rest', position: 2 },
      ],
    });
  });
});

describe('quarantine', () => {
  type Held = { id: string; leadId: string | null };
  type HeldList = { items: Held[] };

  it('holds a honeypot submission, lists it decrypted, releases it once into a lead', async () => {
    const org = await createTestOrg(t);
    const payload = { lastName: 'Bot', email: 'Bot@Example.com', industry: 'SaaS', lg_hp: 'x' };
    const bot = await postJson(t, `/v1/forms/${org.formId}/submissions`, payload);
    // Answered as an accepted submission would be: the bot learns nothing.
    expect([bot.status, ((await bot.json()) as { status: string }).status]).toEqual([201, 'received']);
    const admin = await as(org, 'admin');
    const held = await getJson<HeldList>('/api/quarantine?status=held', admin);
    expect(held.items).toEqual([
      expect.objectContaining({ formId: org.formId, channel: 'form', reason: 'honeypot', payload }),
    ]);
    expect(held.items[0]).toMatchObject({ releasedAt: null, leadId: null });
    const id = held.items[0]!.id;

    const res = await send('POST', `/api/quarantine/${id}/release`, admin);
    const { leadId, outcome } = (await res.json()) as { leadId: string; outcome: string };
    expect([res.status, outcome]).toEqual([200, 'created']);
    expect(await getJson(`/api/leads/${leadId}`, admin)).toMatchObject({
      lastName: 'Bot',
      email: 'bot@example.com',
      source: 'Website Form',
      custom: {},
    });
    const created = await t.sql('select actor_id, data from lead_events where lead_id = $1 and type = $2', [
      leadId,
      'created',
    ]);
    expect(created).toMatchObject([
      { actor_id: org.users.admin.id, data: { channel: 'form', formId: org.formId } },
    ]);
    expect(await events(org, 'submission.released')).toMatchObject([
      { entity_type: 'quarantine', entity_id: id, actor_id: org.users.admin.id, data: { leadId, outcome } },
    ]);

    const again = await send('POST', `/api/quarantine/${id}/release`, admin);
    expect([again.status, ((await again.json()) as Problem).code]).toEqual([409, 'conflict']);
    const released = await getJson<HeldList>('/api/quarantine?status=released', admin);
    expect(released.items).toEqual([expect.objectContaining({ id, leadId, releasedAt: expect.any(String) })]);
    expect(await getJson('/api/quarantine?status=held', admin)).toEqual({ items: [] });
    expect((await send('GET', '/api/quarantine?status=spam', admin)).status).toBe(400);
  });

  it('releases a held Salesforce form post with its field names mapped', async () => {
    const org = await createTestOrg(t);
    const post = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ oid: 'x', last_name: 'Novák', company: 'Acme', lg_hp: 'spam' }),
    });
    expect(post.status).toBe(303);
    const admin = await as(org, 'admin');
    const [held] = (await getJson<HeldList>('/api/quarantine', admin)).items;
    expect((await send('POST', `/api/quarantine/${held!.id}/release`, admin)).status).toBe(200);
    const leads = await t.sql('select last_name, company, custom from leads where organization_id = $1', [
      org.organizationId,
    ]);
    expect(leads).toEqual([{ last_name: 'Novák', company: 'Acme', custom: {} }]);
    expect(await events(org, 'submission.released')).toHaveLength(1);
  });

  it('two concurrent releases of one submission make one lead: one 200, one 409', async () => {
    const org = await createTestOrg(t);
    const id = await newHeld(org);
    const admin = await as(org, 'admin');
    const results = await Promise.all([1, 2].map(() => send('POST', `/api/quarantine/${id}/release`, admin)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const leads = await t.sql('select id from leads where organization_id = $1', [org.organizationId]);
    expect(leads).toHaveLength(1);
    expect(await events(org, 'submission.released')).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../edge/contract/session';
import { API_SCOPES, type ApiScope } from '../../edge/core/api-scopes';
import { keyRoutes, SESSION_ONLY_ROUTES } from '../../edge/http/api-key-scopes';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { call, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
let shiftMs = 0;
beforeAll(async () => {
  t = await setupApi({ now: () => new Date(Date.now() + shiftMs) });
});
afterAll(() => t.close());

type Problem = {
  code: string;
  detail?: string;
  requiredScope?: string;
  errors?: Array<{ pointer: string; code: string }>;
};

async function newKey(session: Session, body: Record<string, unknown>) {
  const res = await call(t, session, 'POST', '/api/api-keys', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; key: string; scopes: ApiScope[]; role: Role };
}

function withKey(key: string, method: string, path: string, body?: unknown, ip?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (ip) headers['x-test-client-ip'] = ip;
  return t.app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function listKeys(session: Session) {
  const res = await call(t, session, 'GET', '/api/api-keys');
  return ((await res.json()) as { items: Array<Record<string, unknown>> }).items;
}

/** One request per scope that needs exactly that scope (ids of the key's own organization). */
function scopedRequests(org: TestOrg, leadId: string): Record<ApiScope, [string, string, unknown?]> {
  return {
    'leads:read': ['GET', `/api/leads/${leadId}`],
    'leads:write': ['POST', `/api/leads/${leadId}/tags`, { tags: ['vip'] }],
    submit: ['POST', '/api/leads', { lastName: 'Scoped', email: `s.${org.formId}@example.test` }],
    import: ['GET', '/api/leads/imports/templates'],
    export: ['GET', '/api/leads/export?format=json'],
    admin: ['GET', '/api/webhook-sources'],
  };
}

describe('API key scopes', () => {
  it('every route needs its scope: a key with one scope passes there and gets 403 on the others', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const leadId = await seedLead(t, org, { lastName: 'Scope' });
    const requests = scopedRequests(org, leadId);
    for (const scope of API_SCOPES) {
      const { key } = await newKey(sessions.owner, { name: scope, scopes: [scope] });
      for (const [other, [method, path, body]] of Object.entries(requests)) {
        const res = await withKey(key, method, path, body);
        if (other === scope) {
          expect(res.status, `${scope} on ${method} ${path}`).toBeLessThan(300);
        } else {
          expect(res.status, `${scope} on ${method} ${path}`).toBe(403);
          expect(await res.json()).toMatchObject({ code: 'api-key-scope-missing', requiredScope: other });
        }
      }
    }
  });

  it('routes that act for a person refuse keys whatever their scopes', async () => {
    const { sessions } = await orgWithSessions(t);
    const { key } = await newKey(sessions.admin, { name: 'all', scopes: [...API_SCOPES] });
    for (const [method, path] of [
      ['GET', '/api/account'],
      ['GET', '/api/notifications'],
      ['GET', '/api/saved-views'],
    ] as const) {
      const res = await withKey(key, method, path);
      expect(res.status).toBe(403);
      expect(((await res.json()) as Problem).code).toBe('api-key-scope-missing');
    }
  });

  it('the table names real routes, and every authenticated /api route is in it or session-only', () => {
    const routes = new Set(
      t.app.routes
        .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path}`),
    );
    const listed = new Set([...keyRoutes().keys(), ...SESSION_ONLY_ROUTES]);
    expect([...listed].filter((r) => !routes.has(r))).toEqual([]);
    // Routes anyone may call (signing in, setup, sign-up, invitation links, single sign-on's redirects).
    const open = new Set([
      'POST /api/session',
      'POST /api/password-reset',
      'POST /api/password-reset/confirm',
      'GET /api/setup',
      'POST /api/setup',
      'GET /api/signup',
      'POST /api/signup',
      'POST /api/signup/preview',
      'POST /api/signup/complete',
      'POST /api/invitations/preview',
      'POST /api/invitations/accept',
      'GET /api/sso/start',
      'GET /api/sso/callback',
    ]);
    expect([...routes].filter((r) => !listed.has(r) && !open.has(r))).toEqual([]);
  });

  it('the API document names each route’s scope', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'session']);
    expect(doc.paths['/api/leads/{id}']!.get!.security).toEqual([
      { session: [] },
      { apiKey: ['leads:read'] },
    ]);
    expect(doc.paths['/api/leads/export']!.get!.security).toContainEqual({ apiKey: ['export'] });
    expect(doc.paths['/api/account']!.get!.security).toEqual([{ session: [] }]);
  });

  it('a key acts with its creator’s current role at most: demoted to member, its admin scope is 403', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const { key, role } = await newKey(sessions.admin, { name: 'ops', scopes: ['admin'] });
    expect(role).toBe('admin');
    expect((await withKey(key, 'GET', '/api/webhook-sources')).status).toBe(200);
    const demote = await call(t, sessions.owner, 'PATCH', `/api/members/${org.users.admin.id}`, {
      role: 'member',
    });
    expect(demote.status).toBe(200);
    const res = await withKey(key, 'GET', '/api/webhook-sources');
    expect(res.status).toBe(403);
    expect(((await res.json()) as Problem).code).toBe('forbidden');
  });
});

describe('API key lifetime', () => {
  it('an expired key answers 401 api-key-expired with the time; a key without expiry keeps working', async () => {
    const { sessions } = await orgWithSessions(t);
    const expiresAt = new Date(Date.now() + shiftMs + 3_600_000).toISOString();
    const short = await newKey(sessions.admin, { name: 'short', scopes: ['leads:read'], expiresAt });
    const forever = await newKey(sessions.admin, { name: 'forever', scopes: ['leads:read'] });
    expect((await withKey(short.key, 'GET', '/api/leads')).status).toBe(200);
    const listed = (await listKeys(sessions.admin)).find((k) => k.id === short.id);
    expect(new Date(listed!.expiresAt as string).toISOString()).toBe(expiresAt);
    shiftMs += 3_600_000 + 1000;
    try {
      const res = await withKey(short.key, 'GET', '/api/leads');
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as Problem & { expiredAt: string };
      expect(problem).toMatchObject({ code: 'api-key-expired', expiredAt: expiresAt });
      expect(problem.detail).toContain(expiresAt);
      expect((await withKey(forever.key, 'GET', '/api/leads')).status).toBe(200);
    } finally {
      shiftMs -= 3_600_000 + 1000;
    }
  });

  it('last use: time and address, written at most once a minute', async () => {
    const { sessions } = await orgWithSessions(t);
    const created = await newKey(sessions.admin, { name: 'used', scopes: ['leads:read'] });
    const mine = async () => (await listKeys(sessions.admin)).find((k) => k.id === created.id)!;
    expect(await mine()).toMatchObject({ lastUsedAt: null, lastUsedIp: null });
    expect((await withKey(created.key, 'GET', '/api/leads', undefined, '203.0.113.7')).status).toBe(200);
    const first = await mine();
    expect(first).toMatchObject({ lastUsedAt: expect.any(String), lastUsedIp: '203.0.113.7' });
    // Within the minute: nothing is written.
    await withKey(created.key, 'GET', '/api/leads', undefined, '203.0.113.8');
    expect(await mine()).toMatchObject({ lastUsedAt: first.lastUsedAt, lastUsedIp: '203.0.113.7' });
    shiftMs += 61_000;
    try {
      await withKey(created.key, 'GET', '/api/leads', undefined, '203.0.113.9');
      const later = await mine();
      expect(later.lastUsedIp).toBe('203.0.113.9');
      expect(Date.parse(later.lastUsedAt as string)).toBeGreaterThan(Date.parse(first.lastUsedAt as string));
    } finally {
      shiftMs -= 61_000;
    }
  });

  it('a deactivated creator’s keys stop on the next request, and work again on reactivation', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const { key } = await newKey(sessions.admin, { name: 'theirs', scopes: ['leads:read'] });
    expect((await withKey(key, 'GET', '/api/leads')).status).toBe(200);
    const off = await call(t, sessions.owner, 'POST', `/api/members/${org.users.admin.id}/deactivate`, {
      leads: { action: 'unassign' },
    });
    expect(off.status, await off.clone().text()).toBe(200);
    const refused = await withKey(key, 'GET', '/api/leads');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Problem).code).toBe('unauthenticated');
    await call(t, sessions.owner, 'POST', `/api/members/${org.users.admin.id}/reactivate`);
    expect((await withKey(key, 'GET', '/api/leads')).status).toBe(200);
  });

  it('revoked: 401; the audit log has the creation with its scopes and the revocation', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const { id, key } = await newKey(sessions.owner, { name: 'gone', scopes: ['submit', 'leads:read'] });
    expect((await call(t, sessions.owner, 'DELETE', `/api/api-keys/${id}`)).status).toBe(204);
    expect((await withKey(key, 'GET', '/api/leads')).status).toBe(401);
    const events = await t.sql<{ type: string; actor_id: string; data: Record<string, unknown> }>(
      `select type, actor_id, data from lead_events where organization_id = $1 and entity_id = $2 order by id`,
      [org.organizationId, id],
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'api_key.created',
        actor_id: org.users.owner.id,
        data: expect.objectContaining({ scopes: ['submit', 'leads:read'], expiresAt: null }),
      }),
      expect.objectContaining({ type: 'api_key.revoked', actor_id: org.users.owner.id }),
    ]);
  });
});

describe('API key bad input and access', () => {
  const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();
  it.each([
    ['a scope that does not exist', { name: 'K', scopes: ['leads:delete'] }, '/scopes/0', 'invalid_value'],
    ['no scope', { name: 'K', scopes: [] }, '/scopes', 'too_small'],
    ['no scopes at all', { name: 'K' }, '/scopes', 'invalid_type'],
    [
      'an expiry in the past',
      { name: 'K', scopes: ['submit'], expiresAt: '2020-01-01T00:00:00Z' },
      '/expiresAt',
      'not_in_future',
    ],
    [
      'an expiry ten years ahead',
      { name: 'K', scopes: ['submit'], expiresAt: '2099-01-01T00:00:00Z' },
      '/expiresAt',
      'too_far_ahead',
    ],
    [
      'an expiry that is no date',
      { name: 'K', scopes: ['submit'], expiresAt: 'soon' },
      '/expiresAt',
      'invalid_format',
    ],
  ])('%s → 422 at %s, nothing saved', async (_what, body, pointer, code) => {
    const { org, sessions } = await orgWithSessions(t);
    const res = await call(t, sessions.owner, 'POST', '/api/api-keys', body);
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors).toContainEqual(expect.objectContaining({ pointer, code }));
    const [{ n }] = (await t.sql<{ n: number }>(
      'select count(*)::int as n from api_keys where organization_id = $1',
      [org.organizationId],
    )) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('members and viewers get 403 on create, list and revoke; another organization’s key is 404', async () => {
    const { sessions } = await orgWithSessions(t);
    const theirs = await orgWithSessions(t);
    const { id } = await newKey(sessions.owner, { name: 'K', scopes: ['submit'], expiresAt: inAYear() });
    for (const role of ['member', 'viewer'] as const) {
      const s = sessions[role];
      expect((await call(t, s, 'POST', '/api/api-keys', { name: 'x', scopes: ['submit'] })).status).toBe(403);
      expect((await call(t, s, 'GET', '/api/api-keys')).status).toBe(403);
      expect((await call(t, s, 'DELETE', `/api/api-keys/${id}`)).status).toBe(403);
    }
    expect((await call(t, theirs.sessions.owner, 'DELETE', `/api/api-keys/${id}`)).status).toBe(404);
    expect((await listKeys(theirs.sessions.owner)).map((k) => k.id)).toEqual([]);
    expect((await listKeys(sessions.admin)).map((k) => k.id)).toEqual([id]);
  });
});

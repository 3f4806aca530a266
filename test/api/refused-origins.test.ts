import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Form, RefusedOrigin } from '../../edge/contract/forms-admin';
import { PublicFormSchema } from '../../edge/contract/public-form';
import type { Role } from '../../edge/contract/session';
import { createCaches } from '../../edge/deps';
import { createForm } from '../../edge/services/people/organizations';
import { createTestOrg, postJson, setupApi, signIn, type TestApi, type TestOrg } from '../support/api';

let t: TestApi;
/** The app's clock runs `shiftMs` ahead of the real one: the refusal writes are coalesced per minute. */
let shiftMs = 0;
beforeAll(async () => {
  // A real time to live, so a form left stale in the cache after an allow would be visible.
  t = await setupApi({ caches: createCaches(60_000), now: () => new Date(Date.now() + shiftMs) });
});
afterAll(() => t.close());

type Headers = Record<string, string>;
type Problem = {
  code: string;
  detail: string;
  origin?: string;
  formId?: string;
  editorUrl?: string;
  errors?: Array<{ pointer: string; code?: string }>;
};

const as = async (org: TestOrg, role: Role): Promise<Headers> =>
  (await signIn(t, org.users[role].email)).headers;
const definition = (formId: string, origin?: string) =>
  t.app.request(`/v1/forms/${formId}`, { headers: origin ? { origin } : {} });
const refusedRows = (formId: string) =>
  t.sql<{ organization_id: string; origin: string; count: number; last_seen_at: Date }>(
    'select organization_id, origin, count, last_seen_at from form_refused_origins where form_id = $1 order by last_seen_at desc, origin',
    [formId],
  );
const countOf = async (formId: string, origin: string) =>
  (await refusedRows(formId)).find((r) => r.origin === origin)?.count ?? 0;

async function listRefused(org: TestOrg, headers?: Headers): Promise<RefusedOrigin[]> {
  const res = await t.app.request(`/api/forms/${org.formId}/refused-origins`, {
    headers: headers ?? (await as(org, 'admin')),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: RefusedOrigin[] }).items;
}

const allow = (org: TestOrg, headers: Headers, origin: unknown, formId = org.formId) =>
  postJson(t, `/api/forms/${formId}/allowed-origins`, { origin }, headers);

describe('a page on an origin the form does not allow', () => {
  it('can read the refusal of the definition (which origin, where to allow it); submissions stay unreadable', async () => {
    const org = await createTestOrg(t);
    const origin = 'https://landing.acme.example';
    const res = await definition(org.formId, origin);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as Problem;
    expect(problem).toMatchObject({
      code: 'origin-not-allowed',
      status: 403,
      origin,
      formId: org.formId,
      editorUrl: `http://localhost/app/forms/${org.formId}`,
    });
    expect(problem.detail).toContain(origin);
    expect(problem.detail).toContain('Forms → “Contact us” → Where the form may be embedded');
    expect(problem).not.toHaveProperty('fields');

    // The preflight of a JSON submission and a plain post stay refused without CORS: nothing is sent or read.
    const pre = await t.app.request(`/v1/forms/${org.formId}/submissions`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const post = await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Nope' }, { origin });
    expect(post.status).toBe(403);
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    const [{ n }] = (await t.sql<{ n: number }>(
      'select count(*)::int as n from leads where organization_id = $1',
      [org.organizationId],
    )) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('lets the page read that the form does not exist, too (final, not a network error to retry)', async () => {
    const res = await definition('frm_nope', 'https://landing.acme.example');
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://landing.acme.example');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(((await res.json()) as Problem).code).toBe('form-not-found');
  });

  it('names what to do when the page has no origin to allow, or one that cannot be allowed', async () => {
    const org = await createTestOrg(t);
    const fromFile = (await (await definition(org.formId, 'null')).json()) as Problem;
    expect(fromFile.detail).toMatch(/no origin to allow.*Serve it over https/);
    const insecure = (await (await definition(org.formId, 'http://shop.example')).json()) as Problem;
    expect(insecure.detail).toMatch(/only on https pages.*not on http:\/\/shop\.example/);
  });

  it('answers an allowed origin the definition, in the shape of the contract', async () => {
    const org = await createTestOrg(t);
    const formId = await createForm(t.deps, t.db, org.organizationId, {
      name: 'Allowed',
      allowedOrigins: ['https://ok.example'],
    });
    const res = await definition(formId, 'https://ok.example');
    expect(res.status).toBe(200);
    const body = await res.json();
    // Strict: a member the contract does not describe fails here, as one the widget relies on fails tsc.
    expect(PublicFormSchema.parse(body)).toEqual(body);
  });
});

describe('refused origins, remembered per form', () => {
  it('keeps the origin only (no path, no visitor data), and coalesces a burst into one write a minute', async () => {
    const org = await createTestOrg(t);
    const origin = 'https://burst.example';
    expect((await definition(org.formId, origin)).status).toBe(403);
    await expect.poll(() => countOf(org.formId, origin)).toBe(1);
    // A burst within the minute is counted, and written with the next write.
    for (let i = 0; i < 5; i++) await definition(org.formId, origin);
    await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'X' }, { origin });
    expect(await countOf(org.formId, origin)).toBe(1);
    shiftMs += 61_000;
    await definition(org.formId, origin);
    await expect.poll(() => countOf(org.formId, origin)).toBe(8);
    const [row] = await refusedRows(org.formId);
    expect(row).toMatchObject({ organization_id: org.organizationId, origin });
    const [listed] = await listRefused(org);
    expect(listed).toEqual({
      origin,
      firstSeenAt: expect.any(String),
      lastSeenAt: expect.any(String),
      count: 8,
    });
    expect(Date.parse(listed!.lastSeenAt) - Date.parse(listed!.firstSeenAt)).toBeGreaterThanOrEqual(61_000);
  });

  it('remembers nothing an admin could not allow as it stands: null, plain http, a path', async () => {
    const org = await createTestOrg(t);
    for (const origin of ['null', 'http://shop.example', 'https://a.example/path', 'https://A.example', '*'])
      expect((await definition(org.formId, origin)).status).toBe(403);
    expect((await definition(org.formId, 'https://kept.example')).status).toBe(403);
    await expect
      .poll(async () => (await refusedRows(org.formId)).map((r) => r.origin))
      .toEqual(['https://kept.example']);
  });

  it('keeps the 20 most recently seen origins of a form', async () => {
    const org = await createTestOrg(t);
    const origins = Array.from({ length: 25 }, (_, i) => `https://site-${i}.example`);
    for (const [i, origin] of origins.entries()) {
      shiftMs += 1000;
      await definition(org.formId, origin);
      // One at a time, so the order of last sightings is the order of the requests.
      await expect.poll(() => countOf(org.formId, origin)).toBe(1);
      expect((await refusedRows(org.formId)).length).toBe(Math.min(i + 1, 20));
    }
    const listed = await listRefused(org);
    expect(listed.map((r) => r.origin)).toEqual(origins.slice(5).reverse());
  });

  it('is another organization’s business: its form answers 404, its list is not shown', async () => {
    const mine = await createTestOrg(t);
    const theirs = await createTestOrg(t);
    await definition(theirs.formId, 'https://theirs.example');
    await expect.poll(() => countOf(theirs.formId, 'https://theirs.example')).toBe(1);
    const headers = await as(mine, 'owner');
    const res = await t.app.request(`/api/forms/${theirs.formId}/refused-origins`, { headers });
    expect([res.status, ((await res.json()) as Problem).code]).toEqual([404, 'not-found']);
    const allowed = await allow(mine, headers, 'https://theirs.example', theirs.formId);
    expect([allowed.status, ((await allowed.json()) as Problem).code]).toEqual([404, 'not-found']);
    expect(await countOf(theirs.formId, 'https://theirs.example')).toBe(1);
  });
});

describe('POST /api/forms/{id}/allowed-origins', () => {
  it('allows a refused origin in one call, audited; the page then gets the form', async () => {
    const org = await createTestOrg(t);
    const origin = 'https://www.acme.example';
    expect((await definition(org.formId, origin)).status).toBe(403);
    await expect.poll(() => countOf(org.formId, origin)).toBe(1);
    const admin = await as(org, 'admin');

    const res = await allow(org, admin, `${origin}/`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Form).allowedOrigins).toEqual([origin]);
    expect(await listRefused(org)).toEqual([]);
    const events = await t.sql<{ type: string; actor_id: string; data: Record<string, unknown> }>(
      `select type, actor_id, data from lead_events
       where organization_id = $1 and entity_type = 'form' and actor_type <> 'system'`,
      [org.organizationId],
    );
    expect(events).toEqual([
      {
        type: 'form.updated',
        actor_id: org.users.admin.id,
        data: expect.objectContaining({
          allowedOrigin: origin,
          before: expect.objectContaining({ allowedOrigins: [] }),
          after: expect.objectContaining({ allowedOrigins: [origin] }),
        }),
      },
    ]);
    const page = await definition(org.formId, origin);
    expect(page.status).toBe(200);
    expect(page.headers.get('access-control-allow-origin')).toBe(origin);

    // Again: nothing changes, nothing more is written.
    expect((await allow(org, admin, origin)).status).toBe(200);
    const after = await t.sql(
      `select 1 from lead_events where organization_id = $1 and entity_type = 'form' and actor_type <> 'system'`,
      [org.organizationId],
    );
    expect(after).toHaveLength(1);
  });

  it.each([
    ['viewer', 403],
    ['member', 403],
    ['admin', 200],
    ['owner', 200],
  ] as const)('answers a %s with %i, on the list and on the allow', async (role, status) => {
    const org = await createTestOrg(t);
    const headers = await as(org, role);
    const list = await t.app.request(`/api/forms/${org.formId}/refused-origins`, { headers });
    expect(list.status).toBe(status);
    const res = await allow(org, headers, 'https://rbac.example');
    expect(res.status).toBe(status);
    if (status === 403) expect(((await res.json()) as Problem).code).toBe('forbidden');
    const [form] = await t.sql<{ allowed_origins: string[] }>(
      'select allowed_origins from forms where id = $1',
      [org.formId],
    );
    expect(form!.allowed_origins).toEqual(status === 200 ? ['https://rbac.example'] : []);
  });

  it('asks for a session: 401 without one', async () => {
    const org = await createTestOrg(t);
    expect((await t.app.request(`/api/forms/${org.formId}/refused-origins`)).status).toBe(401);
    expect(
      (await postJson(t, `/api/forms/${org.formId}/allowed-origins`, { origin: 'https://x.example' })).status,
    ).toBe(401);
  });

  it.each([
    ['plain http', 'http://shop.example', 'invalid_origin'],
    ['a path', 'https://shop.example/landing', 'invalid_origin'],
    ['not a URL', 'shop', 'invalid_origin'],
    ['empty', '', 'too_small'],
    ['too long', `https://${'a'.repeat(300)}.example`, 'too_big'],
    ['not a string', 42, 'invalid_type'],
  ])('refuses %s with a 422 pointing at /origin, saving nothing', async (_, origin, code) => {
    const org = await createTestOrg(t);
    const res = await allow(org, await as(org, 'admin'), origin);
    expect(res.status).toBe(422);
    const problem = (await res.json()) as Problem;
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/origin', code })]);
    const [form] = await t.sql<{ allowed_origins: string[] }>(
      'select allowed_origins from forms where id = $1',
      [org.formId],
    );
    expect(form!.allowed_origins).toEqual([]);
  });

  it('refuses a 51st origin with a 422', async () => {
    const org = await createTestOrg(t);
    const full = Array.from({ length: 50 }, (_, i) => `https://s${i}.example`);
    const admin = await as(org, 'admin');
    const set = await t.app.request(`/api/forms/${org.formId}`, {
      method: 'PATCH',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ allowedOrigins: full }),
    });
    expect(set.status).toBe(200);
    const res = await allow(org, admin, 'https://one-more.example');
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors).toEqual([
      expect.objectContaining({ pointer: '/origin', code: 'too_big' }),
    ]);
  });
});

describe('the OpenAPI document', () => {
  it('describes the new endpoints, the public form’s schema and the readable refusal', async () => {
    type Operation = {
      responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
    };
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, { type?: string; properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths['/api/forms/{id}/refused-origins'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/forms/{id}/allowed-origins'] ?? {})).toEqual(['post']);
    const get = doc.paths['/v1/forms/{formId}']!.get!;
    expect(get.responses['200']!.content!['application/json']!.schema.$ref).toBe(
      '#/components/schemas/PublicForm',
    );
    expect(get.responses['403']!.content!['application/problem+json']!.schema.$ref).toBe(
      '#/components/schemas/OriginRefusedProblem',
    );
    const publicForm = doc.components.schemas.PublicForm!;
    expect(publicForm.type).toBe('object');
    expect(Object.keys(publicForm.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'fields', 'spam', 'turnstileSiteKey', 'action']),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['PublicFormField', 'RefusedOrigin', 'RefusedOriginList', 'AllowOrigin']),
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Form } from '../../edge/contract/forms-admin';
import type { Role } from '../../edge/contract/session';
import { createCaches } from '../../edge/deps';
import { createTestOrg, postJson, setupApi, signIn, type TestApi, type TestOrg } from '../support/api';

let t: TestApi;
beforeAll(async () => {
  // A real time to live (the default test deps cache nothing), so a stale public form would be visible.
  t = await setupApi({ caches: createCaches(60_000) });
});
afterAll(() => t.close());

type Problem = { code: string; errors?: Array<{ pointer: string; code?: string }> };
type Headers = Record<string, string>;
type AuditRow = { type: string; entity_id: string; actor_id: string | null; data: Record<string, unknown> };

function send(method: string, path: string, headers: Headers, body?: unknown) {
  const json: Headers = body === undefined ? {} : { 'content-type': 'application/json' };
  return t.app.request(path, { method, headers: { ...headers, ...json }, body: JSON.stringify(body) });
}

async function as(org: TestOrg, role: Role): Promise<Headers> {
  return (await signIn(t, org.users[role].email)).headers;
}

/** The form events people caused (not the system's creation of the test org's form). */
function formEvents(org: TestOrg) {
  return t.sql<AuditRow>(
    `select type, entity_id, actor_id, data from lead_events
     where organization_id = $1 and entity_type = 'form' and actor_type <> 'system' order by id`,
    [org.organizationId],
  );
}

async function storedForm(id: string) {
  const [row] = await t.sql<{ name: string; status: string; allowed_origins: string[] }>(
    'select name, status, allowed_origins from forms where id = $1',
    [id],
  );
  return row;
}

const publicForm = (id: string, headers: Headers = {}) => t.app.request(`/v1/forms/${id}`, { headers });

async function disable(org: TestOrg, id = org.formId) {
  expect((await send('POST', `/api/forms/${id}/disable`, await as(org, 'owner'))).status).toBe(200);
}

type Arrange = (org: TestOrg) => Promise<{ path: string; body?: unknown }>;

/** Every mutating route: its success status, its audit event, and how to arrange a valid call. */
const MUTATIONS: Array<[route: string, ok: number, event: string, arrange: Arrange]> = [
  ['POST /api/forms', 201, 'form.created', async () => ({ path: '/api/forms', body: { name: 'Webinar' } })],
  [
    'PATCH /api/forms/{id}',
    200,
    'form.updated',
    async (org) => ({ path: `/api/forms/${org.formId}`, body: { name: 'Renamed' } }),
  ],
  [
    'POST /api/forms/{id}/disable',
    200,
    'form.disabled',
    async (org) => ({ path: `/api/forms/${org.formId}/disable` }),
  ],
  [
    'POST /api/forms/{id}/enable',
    200,
    'form.enabled',
    async (org) => {
      await disable(org);
      return { path: `/api/forms/${org.formId}/enable` };
    },
  ],
];

const ROLES: Role[] = ['viewer', 'member', 'admin', 'owner'];
const MAY_EDIT: Record<Role, boolean> = { viewer: false, member: false, admin: true, owner: true };

describe('RBAC', () => {
  it.each(MUTATIONS.flatMap((m) => ROLES.map((role) => [m[0], role, m] as const)))(
    '%s as %s',
    async (route, role, [, ok, event, arrange]) => {
      const org = await createTestOrg(t);
      const { path, body } = await arrange(org);
      const before = await storedForm(org.formId);
      const res = await send(route.split(' ')[0]!, path, await as(org, role), body);
      const byRole = (await formEvents(org)).filter(
        (e) => e.type === event && e.actor_id === org.users[role].id,
      );
      if (MAY_EDIT[role]) {
        expect(res.status).toBe(ok);
        expect(byRole).toHaveLength(1);
      } else {
        expect([res.status, ((await res.json()) as Problem).code]).toEqual([403, 'forbidden']);
        expect(byRole).toEqual([]);
        expect(await storedForm(org.formId)).toEqual(before);
      }
    },
  );

  it.each([
    ['/api/forms', [200, 200, 200, 200]],
    ['/api/forms/{id}', [200, 200, 200, 200]],
  ])('GET %s answers viewer, member, admin, owner with %j; nobody with 401', async (path, statuses) => {
    const org = await createTestOrg(t);
    const url = path.replace('{id}', org.formId);
    const sessions = await Promise.all(ROLES.map((role) => as(org, role)));
    expect(await Promise.all(sessions.map(async (h) => (await send('GET', url, h)).status))).toEqual(
      statuses,
    );
    expect((await t.app.request(url)).status).toBe(401);
  });

  it('a cookie session must send its CSRF token on a mutation', async () => {
    const org = await createTestOrg(t);
    const { cookie } = await signIn(t, org.users.admin.email);
    const res = await send('PATCH', `/api/forms/${org.formId}`, { cookie }, { name: 'No token' });
    expect([res.status, ((await res.json()) as Problem).code]).toEqual([403, 'csrf-failed']);
  });
});

describe('organization isolation', () => {
  it.each([
    ['GET', (id: string) => `/api/forms/${id}`, undefined],
    ['PATCH', (id: string) => `/api/forms/${id}`, { name: 'Hijacked', allowedOrigins: ['*'] }],
    ['POST', (id: string) => `/api/forms/${id}/disable`, undefined],
    ['POST', (id: string) => `/api/forms/${id}/enable`, undefined],
  ])('%s %s with a form of another organization → 404, nothing changed', async (method, path, body) => {
    const [mine, theirs] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    if (path('x').endsWith('/enable')) await disable(theirs);
    const before = await storedForm(theirs.formId);
    const res = await send(method, path(theirs.formId), await as(mine, 'owner'), body);
    expect([res.status, ((await res.json()) as Problem).code]).toEqual([404, 'not-found']);
    expect(await storedForm(theirs.formId)).toEqual(before);
    expect(await formEvents(mine)).toEqual([]);
  });

  it('lists only the own organization’s forms', async () => {
    const [mine, theirs] = await Promise.all([createTestOrg(t), createTestOrg(t)]);
    const res = await send('GET', '/api/forms', await as(mine, 'viewer'));
    const { items } = (await res.json()) as { items: Form[] };
    expect(items.map((f) => f.id)).toEqual([mine.formId]);
    expect(JSON.stringify(items)).not.toContain(theirs.formId);
  });
});

describe('create', () => {
  it('fills in the defaults, audits before/after, and the form is live at once', async () => {
    const org = await createTestOrg(t);
    const res = await send('POST', '/api/forms', await as(org, 'admin'), {
      name: '  Webinar sign-up ',
      allowedOrigins: ['https://WWW.Example.com/'],
      consentText: { en: 'You may email me.', de: 'Sie dürfen mir schreiben.' },
      successMessage: {},
    });
    expect(res.status).toBe(201);
    const form = (await res.json()) as Form;
    expect(form).toMatchObject({
      id: expect.stringMatching(/^frm_/),
      status: 'active',
      name: 'Webinar sign-up',
      fields: [
        { name: 'firstName', required: false },
        { name: 'lastName', required: true },
        { name: 'email', required: true },
        { name: 'phone', required: false },
        { name: 'company', required: false },
        { name: 'title', required: false },
      ],
      allowedOrigins: ['https://www.example.com'],
      consentText: { en: 'You may email me.', de: 'Sie dürfen mir schreiben.' },
      successMessage: null,
      redirectUrl: null,
      defaultSource: 'Website Form',
      defaultCampaign: null,
      turnstileEnabled: false,
      signalsEnabled: false,
      minSubmitSeconds: 2,
      rateLimitPerIp: 10,
      rateLimitPerForm: 600,
      defaultLocale: 'en',
    });
    const [event] = (await formEvents(org)).filter((e) => e.type === 'form.created');
    expect(event).toMatchObject({
      entity_id: form.id,
      actor_id: org.users.admin.id,
      data: { before: null, after: form },
    });
    const live = await publicForm(form.id);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ name: 'Webinar sign-up', consentText: form.consentText });
  });

  it('refuses an invalid form as a whole: 422, no row, no event', async () => {
    const org = await createTestOrg(t);
    const res = await send('POST', '/api/forms', await as(org, 'admin'), {
      name: 'Broken',
      fields: [{ name: 'email', required: true }],
      allowedOrigins: ['ftp://example.com'],
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors).toEqual([
      { pointer: '/fields', detail: expect.any(String), code: 'last_name_required' },
      { pointer: '/allowedOrigins/0', detail: expect.any(String), code: 'invalid_origin' },
    ]);
    const rows = await t.sql('select id from forms where organization_id = $1', [org.organizationId]);
    expect(rows).toEqual([{ id: org.formId }]);
    expect(await formEvents(org)).toEqual([]);
  });
});

describe('update', () => {
  it('changes only what is sent, normalizes, and audits the change with before and after', async () => {
    const org = await createTestOrg(t);
    const admin = await as(org, 'admin');
    const before = (await (await send('GET', `/api/forms/${org.formId}`, admin)).json()) as Form;
    const res = await send('PATCH', `/api/forms/${org.formId}`, admin, {
      fields: [
        { name: 'lastName', required: true, label: { en: 'Surname', de: 'Nachname', cs: '' } },
        { name: 'email', required: false, label: {} },
        { name: 'city', required: false },
      ],
      allowedOrigins: ['https://Shop.Example.com:443', 'http://localhost:5173/', '*'],
      consentText: {},
      redirectUrl: '/thanks',
      turnstileEnabled: true,
      turnstileSiteKey: '0x4AAAAAAAB',
      minSubmitSeconds: 0,
      defaultLocale: 'cs',
    });
    expect(res.status).toBe(200);
    const after = (await res.json()) as Form;
    expect(after).toEqual({
      ...before,
      fields: [
        { name: 'lastName', required: true, label: { en: 'Surname', de: 'Nachname' } },
        { name: 'email', required: false },
        { name: 'city', required: false },
      ],
      allowedOrigins: ['https://shop.example.com', 'http://localhost:5173', '*'],
      consentText: null,
      redirectUrl: '/thanks',
      turnstileEnabled: true,
      turnstileSiteKey: '0x4AAAAAAAB',
      minSubmitSeconds: 0,
      defaultLocale: 'cs',
      updatedAt: expect.any(String),
    });
    const [event] = (await formEvents(org)).filter((e) => e.type === 'form.updated');
    expect(event).toMatchObject({ actor_id: org.users.admin.id, data: { before, after } });
  });

  it('checks the merged result: Turnstile cannot lose its key while on', async () => {
    const org = await createTestOrg(t);
    const admin = await as(org, 'admin');
    const on = { turnstileEnabled: true, turnstileSiteKey: '0x4AAAAAAAB' };
    expect((await send('PATCH', `/api/forms/${org.formId}`, admin, on)).status).toBe(200);
    const res = await send('PATCH', `/api/forms/${org.formId}`, admin, { turnstileSiteKey: null });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors).toMatchObject([
      { pointer: '/turnstileSiteKey', code: 'site_key_required' },
    ]);
    // Turned off, the key may go.
    const off = await send('PATCH', `/api/forms/${org.formId}`, admin, {
      turnstileEnabled: false,
      turnstileSiteKey: null,
    });
    expect(off.status).toBe(200);
  });

  it('an empty change changes nothing and records nothing', async () => {
    const org = await createTestOrg(t);
    const res = await send('PATCH', `/api/forms/${org.formId}`, await as(org, 'admin'), {});
    expect(res.status).toBe(200);
    expect(await formEvents(org)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Array<[pointer: string, code: string]>]>([
    ['an empty name', { name: ' ' }, [['/name', 'too_small']]],
    ['no last name', { fields: [{ name: 'email', required: true }] }, [['/fields', 'last_name_required']]],
    [
      'an optional last name',
      { fields: [{ name: 'lastName', required: false }] },
      [['/fields/0/required', 'last_name_required']],
    ],
    [
      'a field that is not a standard lead field',
      {
        fields: [
          { name: 'lastName', required: true },
          { name: 'website', required: false },
        ],
      },
      [['/fields/1/name', 'invalid_value']],
    ],
    [
      'a field twice',
      {
        fields: [
          { name: 'lastName', required: true },
          { name: 'email', required: true },
          { name: 'email', required: false },
        ],
      },
      [['/fields/2/name', 'duplicate_field']],
    ],
    [
      'a label in a locale we do not speak',
      { fields: [{ name: 'lastName', required: true, label: { fr: 'Nom' } }] },
      [['/fields/0/label', 'unrecognized_keys']],
    ],
    ['a consent text too long', { consentText: { de: 'x'.repeat(2001) } }, [['/consentText/de', 'too_big']]],
    [
      'origins with a path, over plain http, and twice',
      {
        allowedOrigins: [
          'https://ok.example',
          'https://ok.example/form',
          'http://example.com',
          'https://OK.example',
        ],
      },
      [
        ['/allowedOrigins/1', 'invalid_origin'],
        ['/allowedOrigins/2', 'invalid_origin'],
        ['/allowedOrigins/3', 'duplicate_origin'],
      ],
    ],
    ['a script redirect', { redirectUrl: 'javascript:alert(1)' }, [['/redirectUrl', 'invalid_redirect']]],
    [
      'a protocol-relative redirect',
      { redirectUrl: '//evil.example/' },
      [['/redirectUrl', 'invalid_redirect']],
    ],
    ['Turnstile without a key', { turnstileEnabled: true }, [['/turnstileSiteKey', 'site_key_required']]],
    ['a site key with spaces', { turnstileSiteKey: 'a b' }, [['/turnstileSiteKey', 'invalid_format']]],
    ['a minimum time over a minute', { minSubmitSeconds: 61 }, [['/minSubmitSeconds', 'too_big']]],
    ['a negative minimum time', { minSubmitSeconds: -1 }, [['/minSubmitSeconds', 'too_small']]],
    ['a fractional minimum time', { minSubmitSeconds: 1.5 }, [['/minSubmitSeconds', 'invalid_type']]],
    ['no submissions per IP at all', { rateLimitPerIp: 0 }, [['/rateLimitPerIp', 'too_small']]],
    [
      'a per-IP limit above the whole form’s',
      { rateLimitPerIp: 700, rateLimitPerForm: 600 },
      [['/rateLimitPerIp', 'rate_limit_order']],
    ],
    ['an unknown default locale', { defaultLocale: 'fr' }, [['/defaultLocale', 'invalid_value']]],
    ['a setting that is not one', { status: 'disabled' }, [['/', 'unrecognized_keys']]],
  ])('%s → 422 with pointers, nothing stored', async (_what, patch, expected) => {
    const org = await createTestOrg(t);
    const before = await storedForm(org.formId);
    const res = await send('PATCH', `/api/forms/${org.formId}`, await as(org, 'admin'), patch);
    expect(res.status).toBe(422);
    const problem = (await res.json()) as Problem;
    expect(problem.code).toBe('validation-failed');
    expect(problem.errors?.map((e) => [e.pointer, e.code])).toEqual(expected);
    expect(await storedForm(org.formId)).toEqual(before);
    expect(await formEvents(org)).toEqual([]);
  });
});

describe('the public form endpoint sees every change at once (cache invalidation)', () => {
  it('after a PATCH, a disable and an enable', async () => {
    const org = await createTestOrg(t);
    const admin = await as(org, 'admin');
    // Warm the cache (60 s time to live in this file).
    expect(await (await publicForm(org.formId)).json()).toMatchObject({ name: 'Contact us' });
    const patch = {
      name: 'Talk to sales',
      fields: [{ name: 'lastName', required: true, label: { en: 'Family name' } }],
      successMessage: { en: 'Thanks!' },
    };
    expect((await send('PATCH', `/api/forms/${org.formId}`, admin, patch)).status).toBe(200);
    expect(await (await publicForm(org.formId)).json()).toMatchObject({
      name: 'Talk to sales',
      fields: [{ name: 'lastName', required: true, label: { en: 'Family name' } }],
      successMessage: { en: 'Thanks!' },
    });

    await disable(org);
    expect((await publicForm(org.formId)).status).toBe(404);
    expect((await send('POST', `/api/forms/${org.formId}/enable`, admin)).status).toBe(200);
    expect((await publicForm(org.formId)).status).toBe(200);
  });

  it('a newly allowed origin may load and submit right after the PATCH', async () => {
    const org = await createTestOrg(t);
    const origin = { origin: 'https://landing.example' };
    expect((await publicForm(org.formId, origin)).status).toBe(403);
    const res = await send('PATCH', `/api/forms/${org.formId}`, await as(org, 'admin'), {
      allowedOrigins: ['https://landing.example'],
    });
    expect(res.status).toBe(200);
    const loaded = await publicForm(org.formId, origin);
    expect(loaded.status).toBe(200);
    expect(loaded.headers.get('access-control-allow-origin')).toBe('https://landing.example');
    const submitted = await postJson(
      t,
      `/v1/forms/${org.formId}/submissions`,
      { lastName: 'Allowed' },
      origin,
    );
    expect(submitted.status).toBe(201);
  });
});

describe('submit button text', () => {
  it('is set per language, stored without empty ones, audited, and in the public definition', async () => {
    const org = await createTestOrg(t);
    const admin = await as(org, 'admin');
    expect(await (await publicForm(org.formId)).json()).toMatchObject({ submitLabel: null });
    const res = await send('PATCH', `/api/forms/${org.formId}`, admin, {
      submitLabel: { en: ' Request a demo ', de: 'Demo anfragen', cs: '' },
    });
    expect(res.status).toBe(200);
    const expected = { en: 'Request a demo', de: 'Demo anfragen' };
    expect(((await res.json()) as Form).submitLabel).toEqual(expected);
    expect(await (await publicForm(org.formId)).json()).toMatchObject({ submitLabel: expected });
    const [event] = (await formEvents(org)).filter((e) => e.type === 'form.updated');
    expect(event!.data).toMatchObject({ before: { submitLabel: null }, after: { submitLabel: expected } });

    const tooLong = await send('PATCH', `/api/forms/${org.formId}`, admin, {
      submitLabel: { en: 'x'.repeat(61) },
    });
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as Problem).errors).toEqual([
      expect.objectContaining({ pointer: '/submitLabel/en', code: 'too_big' }),
    ]);
  });
});

describe('OpenAPI', () => {
  it('documents every form route with named schemas', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([...MUTATIONS.map((m) => m[0]), 'GET /api/forms', 'GET /api/forms/{id}']),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Form', 'FormList', 'CreateForm', 'UpdateForm']),
    );
  });
});

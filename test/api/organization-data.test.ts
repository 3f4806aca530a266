import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, setupApi, signIn, type TestApi, type TestOrg } from '../support/api';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

type Headers = Record<string, string>;
type Problem = { code: string; errors?: Array<{ pointer: string; code: string }> };

function send(method: string, path: string, headers: Headers, body?: unknown) {
  const json: Headers = body === undefined ? {} : { 'content-type': 'application/json' };
  return t.app.request(path, { method, headers: { ...headers, ...json }, body: JSON.stringify(body) });
}

const owner = async (org: TestOrg) => (await signIn(t, org.users.owner.email)).headers;

const DEFAULTS = {
  leadPurgeDays: 30,
  quarantineRetentionDays: 30,
  allowedOrigins: [],
  defaultFormLocale: 'en',
};

describe('organization data settings', () => {
  it('reads the defaults, saves a change normalized and audited with before/after', async () => {
    const org = await createTestOrg(t);
    const headers = await owner(org);
    expect(await (await send('GET', '/api/organization/data', headers)).json()).toEqual(DEFAULTS);
    const res = await send('PATCH', '/api/organization/data', headers, {
      leadPurgeDays: 14,
      allowedOrigins: ['https://Shop.Example.com/', 'http://localhost:3000'],
      defaultFormLocale: 'cs',
    });
    expect(res.status).toBe(200);
    const saved = {
      leadPurgeDays: 14,
      quarantineRetentionDays: 30,
      allowedOrigins: ['https://shop.example.com', 'http://localhost:3000'],
      defaultFormLocale: 'cs',
    };
    expect(await res.json()).toEqual(saved);
    expect(await (await send('GET', '/api/organization/data', headers)).json()).toEqual(saved);
    const audit = await t.sql(
      "select actor_id, data from lead_events where organization_id = $1 and type = 'organization.data_updated'",
      [org.organizationId],
    );
    expect(audit).toEqual([
      {
        actor_id: org.users.owner.id,
        data: {
          before: { leadPurgeDays: 30, allowedOrigins: [], defaultFormLocale: 'en' },
          after: {
            leadPurgeDays: 14,
            allowedOrigins: ['https://shop.example.com', 'http://localhost:3000'],
            defaultFormLocale: 'cs',
          },
        },
      },
    ]);
  });

  it.each([
    [{ leadPurgeDays: 0 }, ['/leadPurgeDays']],
    [{ leadPurgeDays: 366 }, ['/leadPurgeDays']],
    [{ quarantineRetentionDays: 1.5 }, ['/quarantineRetentionDays']],
    [{ quarantineRetentionDays: '30' }, ['/quarantineRetentionDays']],
    [{ defaultFormLocale: 'fr' }, ['/defaultFormLocale']],
    [
      { allowedOrigins: ['https://ok.example', 'http://plain.example', '*', 'https://x.example/path'] },
      ['/allowedOrigins/1', '/allowedOrigins/2', '/allowedOrigins/3'],
    ],
    [{ allowedOrigins: ['https://a.example', 'https://A.example'] }, ['/allowedOrigins/1']],
    [{ allowedOrigins: Array.from({ length: 51 }, (_, i) => `https://s${i}.example`) }, ['/allowedOrigins']],
    [{ allowedOrigins: [`https://${'a'.repeat(300)}.example`] }, ['/allowedOrigins/0']],
    [{ unknown: 1 }, ['/']],
  ])('%j → 422 with pointers %j, nothing saved', async (body, pointers) => {
    const org = await createTestOrg(t);
    const headers = await owner(org);
    const res = await send('PATCH', '/api/organization/data', headers, body);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as Problem;
    expect(problem.code).toBe('validation-failed');
    expect(problem.errors!.map((e) => e.pointer)).toEqual(pointers);
    expect(await (await send('GET', '/api/organization/data', headers)).json()).toEqual(DEFAULTS);
    const audit = await t.sql(
      "select 1 from lead_events where organization_id = $1 and type = 'organization.data_updated'",
      [org.organizationId],
    );
    expect(audit).toEqual([]);
  });

  it('a new form starts in the default form language unless it names one', async () => {
    const org = await createTestOrg(t);
    const headers = await owner(org);
    await send('PATCH', '/api/organization/data', headers, { defaultFormLocale: 'uk' });
    const plain = (await (await send('POST', '/api/forms', headers, { name: 'Kyiv' })).json()) as {
      defaultLocale: string;
    };
    expect(plain.defaultLocale).toBe('uk');
    const named = (await (
      await send('POST', '/api/forms', headers, { name: 'Wien', defaultLocale: 'de' })
    ).json()) as {
      defaultLocale: string;
    };
    expect(named.defaultLocale).toBe('de');
  });
});

describe('origins shared by every form, through the public form endpoints', () => {
  const SHOP = 'https://shop.example.com';

  it('an origin the organization allows opens every form; the form’s own list still counts', async () => {
    const org = await createTestOrg(t);
    const headers = await owner(org);
    const ownList = (await (
      await send('POST', '/api/forms', headers, { name: 'Own', allowedOrigins: ['https://own.example'] })
    ).json()) as { id: string };
    const preflight = (formId: string, origin: string) =>
      t.app.request(`/v1/forms/${formId}/submissions`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const submit = (formId: string, origin: string) =>
      t.app.request(`/v1/forms/${formId}/submissions`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ lastName: 'Shared', email: `shared.${formId}@example.cz` }),
      });

    for (const formId of [org.formId, ownList.id]) {
      const refused = await preflight(formId, SHOP);
      expect([refused.status, ((await refused.json()) as Problem).code]).toEqual([403, 'origin-not-allowed']);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }

    expect((await send('PATCH', '/api/organization/data', headers, { allowedOrigins: [SHOP] })).status).toBe(
      200,
    );
    for (const formId of [org.formId, ownList.id]) {
      const allowed = await preflight(formId, SHOP);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
      const definition = await t.app.request(`/v1/forms/${formId}`, { headers: { origin: SHOP } });
      expect([definition.status, definition.headers.get('access-control-allow-origin')]).toEqual([200, SHOP]);
      const created = await submit(formId, SHOP);
      expect([created.status, created.headers.get('access-control-allow-origin')]).toEqual([201, SHOP]);
    }
    // The form's own origin works beside the shared one; an unlisted one is still refused.
    expect((await preflight(ownList.id, 'https://own.example')).status).toBe(204);
    expect((await preflight(org.formId, 'https://own.example')).status).toBe(403);

    // Another organization's shared origins open nothing here.
    const other = await createTestOrg(t);
    await send('PATCH', '/api/organization/data', await owner(other), {
      allowedOrigins: ['https://other.example'],
    });
    expect((await preflight(org.formId, 'https://other.example')).status).toBe(403);

    // Taken back: refused again.
    await send('PATCH', '/api/organization/data', headers, { allowedOrigins: [] });
    expect((await submit(org.formId, SHOP)).status).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('documents the data settings and the quarantine review with named schemas', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/organization/data',
        'PATCH /api/organization/data',
        'GET /api/quarantine',
        'GET /api/quarantine/count',
        'POST /api/quarantine/{id}/release',
        'POST /api/quarantine/{id}/discard',
        'POST /api/quarantine/bulk',
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'OrganizationData',
        'UpdateOrganizationData',
        'QuarantineCount',
        'QuarantineBulk',
        'QuarantineBulkResult',
      ]),
    );
  });
});

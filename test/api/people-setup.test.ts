import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../edge/deps';
import { postJson, setupApi, type TestApi } from '../support/api';

const TOKEN = 'setup-token-for-tests-0123456789';

const opened: TestApi[] = [];
afterAll(() => Promise.all(opened.map((t) => t.close())));

async function emptyApi(setupToken: string | null = TOKEN, database: 'postgres' | 'pglite' = 'postgres') {
  const t = await setupApi({ config: { ...defaultConfig, setupToken } }, { database });
  opened.push(t);
  return t;
}

const body = (over: { token?: unknown; org?: string; email?: string } = {}) => ({
  ...(over.token === undefined ? { token: TOKEN } : over.token === null ? {} : { token: over.token }),
  organization: { name: over.org ?? 'Acme s.r.o.', defaultCountry: 'CZ', timezone: 'Europe/Prague' },
  owner: {
    name: 'Jana Nováková',
    email: over.email ?? 'Jana.Novakova@Example.com',
    password: 'a long enough password',
  },
});

const count = async (t: TestApi, table: string) =>
  (await t.sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

describe('first-run setup', () => {
  it.each(['postgres', 'pglite'] as const)(
    'a signed-out session answer says whether the setup is open (%s), so the dashboard asks nothing more',
    async (database) => {
      const t = await emptyApi(TOKEN, database);
      const before = await t.app.request('/api/session');
      expect([before.status, ((await before.json()) as { code: string }).code]).toEqual([
        401,
        'setup-required',
      ]);
      const done = await postJson(t, 'http://localhost/api/setup', body());
      expect(done.status).toBe(201);
      const after = await t.app.request('/api/session');
      expect([after.status, ((await after.json()) as { code: string }).code]).toEqual([
        401,
        'unauthenticated',
      ]);
      const cookie = done.headers.get('set-cookie')!.split(';')[0]!;
      const signedIn = await t.app.request('/api/session', { headers: { cookie } });
      expect(signedIn.status).toBe(200);
      expect(await signedIn.json()).toMatchObject({
        organization: { timezone: 'Europe/Prague' },
        user: { timezone: null },
        timezone: 'Europe/Prague',
      });
    },
    120_000,
  );

  it('is open on an empty database, refuses a missing or wrong token, then creates the org and its owner', async () => {
    const t = await emptyApi();
    expect(await (await t.app.request('/api/setup')).json()).toEqual({ needed: true, tokenConfigured: true });

    const missing = await postJson(t, '/api/setup', body({ token: null }));
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { errors: Array<{ pointer: string }> }).errors[0]!.pointer).toBe(
      '/token',
    );
    for (const token of ['wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await postJson(t, '/api/setup', body({ token }));
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([
        403,
        'setup-token-invalid',
      ]);
    }
    expect(await count(t, 'organizations')).toBe(0);

    const res = await postJson(t, 'http://localhost/api/setup', body());
    expect(res.status).toBe(201);
    const session = (await res.json()) as {
      role: string;
      organization: { name: string };
      user: { email: string };
    };
    expect(session).toMatchObject({
      role: 'owner',
      organization: { name: 'Acme s.r.o.' },
      user: { email: 'jana.novakova@example.com', name: 'Jana Nováková' },
    });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await t.app.request('/api/session', { headers: { cookie } })).status).toBe(200);
    const [org] = await t.sql('select name, default_country, timezone, currency from organizations');
    expect(org).toEqual({
      name: 'Acme s.r.o.',
      default_country: 'CZ',
      timezone: 'Europe/Prague',
      currency: 'CZK',
    });
    // The owner signs in with another case of the address.
    const login = await postJson(t, '/api/session', {
      email: 'JANA.NOVAKOVA@example.COM',
      password: 'a long enough password',
    });
    expect(login.status).toBe(200);
  });

  it('is gone (404) once an organization exists, whatever the token', async () => {
    const t = await emptyApi();
    expect((await postJson(t, '/api/setup', body())).status).toBe(201);
    for (const token of [TOKEN, 'wrong']) {
      const res = await postJson(
        t,
        '/api/setup',
        body({ token, org: 'Second', email: 'second@example.com' }),
      );
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([404, 'not-found']);
    }
    expect((await t.app.request('/api/setup')).status).toBe(404);
    // Nor does a body it would refuse tell that the path exists: 404 before validation, not 422.
    expect((await postJson(t, '/api/setup', { token: TOKEN })).status).toBe(404);
    expect(await count(t, 'organizations')).toBe(1);
    expect(await count(t, 'users')).toBe(1);
  });

  it('creates one organization when setups race', async () => {
    const t = await emptyApi();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        postJson(t, '/api/setup', body({ org: `Racer ${i}`, email: `racer${i}@example.com` })),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 404, 404, 404, 404, 404]);
    expect(await count(t, 'organizations')).toBe(1);
    expect(await count(t, 'users')).toBe(1);
    expect(await count(t, 'memberships')).toBe(1);
  });

  it('without a configured token refuses (503) and says so in GET', async () => {
    const t = await emptyApi(null);
    expect(await (await t.app.request('/api/setup')).json()).toEqual({
      needed: true,
      tokenConfigured: false,
    });
    const res = await postJson(t, '/api/setup', body({ token: 'anything' }));
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([503, 'setup-token-unset']);
    expect(await count(t, 'organizations')).toBe(0);
  });

  it('validates country and time zone with codes, and keeps a 10,000-character name exactly', async () => {
    const t = await emptyApi();
    const bad = await postJson(t, '/api/setup', {
      ...body(),
      organization: { name: 'X', defaultCountry: 'XX', timezone: 'Mars/Olympus' },
    });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { errors: Array<{ pointer: string; code: string }> };
    expect(problem.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/organization/defaultCountry', 'invalid_country'],
      ['/organization/timezone', 'invalid_timezone'],
    ]);
    const name = `Олена 🚀 ${'ж'.repeat(10_000 - 9)}`;
    expect(name.length).toBe(10_000);
    const res = await postJson(t, '/api/setup', { ...body(), owner: { ...body().owner, name } });
    expect(res.status).toBe(201);
    expect((await t.sql('select name from users'))[0]).toEqual({ name });
  });

  it('works on the embedded database (PGlite)', async () => {
    const t = await emptyApi(TOKEN, 'pglite');
    expect((await postJson(t, '/api/setup', body({ token: 'wrong' }))).status).toBe(403);
    expect((await postJson(t, '/api/setup', body())).status).toBe(201);
    expect((await postJson(t, '/api/setup', body())).status).toBe(404);
    expect(await count(t, 'organizations')).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../edge/deps';
import { setupApi, type TestApi } from '../support/api';
import { APP_URL, CALLBACK, freshDomain, ssoEvents } from '../support/sso';
import { call, orgWithSessions } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi({ config: { ...defaultConfig, appUrl: APP_URL, apiPerMinute: 10_000 } });
});
afterAll(() => t?.close());

/** The settings never contact the provider: any issuer will do (sign-in is tested in sso-sign-in). */
const idp = {
  issuer: 'https://idp.example.test',
  clientId: 'leadgate',
  clientSecret: 'the client secret 1234',
};

const body = (over: Record<string, unknown> = {}) => ({
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  allowedDomains: ['Acme.TEST', 'škoda.test'],
  newPeople: 'member',
  ...over,
});

const problem = async (res: Response) => {
  const json = (await res.json()) as { code: string; errors?: Array<{ pointer: string; code: string }> };
  return [res.status, json.code, ...(json.errors ?? []).map((e) => `${e.pointer}:${e.code}`)];
};

describe('the owner configures single sign-on', () => {
  it('stores it with the secret sealed, shows whether a secret is set (never the secret), and audits', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const empty = await call(t, sessions.owner, 'GET', '/api/sso');
    expect(await empty.json()).toEqual({ config: null, callbackUrl: CALLBACK });

    const saved = await call(t, sessions.owner, 'PUT', '/api/sso', body());
    expect(saved.status).toBe(200);
    const expected = {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecretSet: true,
      allowedDomains: ['acme.test', 'xn--koda-f6a.test'],
      newPeople: 'member',
      updatedAt: expect.any(String),
    };
    expect(await saved.json()).toEqual(expected);
    const read = await call(t, sessions.owner, 'GET', '/api/sso');
    const text = await read.text();
    expect(JSON.parse(text)).toEqual({ config: expected, callbackUrl: CALLBACK });
    expect(text).not.toContain(idp.clientSecret);

    const [row] = await t.sql<{ client_secret_ciphertext: string }>(
      'select client_secret_ciphertext from sso_configs where organization_id = $1',
      [org.organizationId],
    );
    expect(row!.client_secret_ciphertext).toMatch(/^v\d+\./);
    expect(row!.client_secret_ciphertext).not.toContain(idp.clientSecret);
    const [configured] = await ssoEvents(t, org, 'sso.configured');
    expect(configured).toEqual({
      actor_id: org.users.owner.id,
      data: {
        before: null,
        after: {
          issuer: idp.issuer,
          clientId: idp.clientId,
          allowedDomains: expected.allowedDomains,
          newPeople: 'member',
        },
        clientSecretChanged: true,
      },
    });
    expect(JSON.stringify(configured)).not.toContain(idp.clientSecret);
  });

  it('keeps the stored secret when none is sent, and removes the configuration (404 when there is none)', async () => {
    const { org, sessions } = await orgWithSessions(t);
    expect((await call(t, sessions.owner, 'PUT', '/api/sso', body())).status).toBe(200);
    const { clientSecret: _, ...withoutSecret } = body({ newPeople: 'invitation' });
    const changed = await call(t, sessions.owner, 'PUT', '/api/sso', withoutSecret);
    expect(await changed.json()).toMatchObject({ clientSecretSet: true, newPeople: 'invitation' });
    const [updated] = await ssoEvents(t, org, 'sso.updated');
    expect(updated!.data).toMatchObject({
      before: { newPeople: 'member' },
      after: { newPeople: 'invitation' },
      clientSecretChanged: false,
    });

    expect((await call(t, sessions.owner, 'DELETE', '/api/sso')).status).toBe(204);
    expect(await (await call(t, sessions.owner, 'GET', '/api/sso')).json()).toMatchObject({ config: null });
    expect(await problem(await call(t, sessions.owner, 'DELETE', '/api/sso'))).toEqual([404, 'not-found']);
    expect(await ssoEvents(t, org, 'sso.removed')).toHaveLength(1);
  });

  it.each([
    ['no secret the first time', { clientSecret: undefined }, '/clientSecret:required'],
    ['an http issuer off this machine', { issuer: 'http://idp.example.com' }, '/issuer:invalid_format'],
    ['an issuer with a query', { issuer: 'https://idp.example.com/?x=1' }, '/issuer:invalid_format'],
    [
      'a domain that is an address',
      { allowedDomains: ['jana@acme.test'] },
      '/allowedDomains/0:invalid_format',
    ],
    ['no domain', { allowedDomains: [] }, '/allowedDomains:too_small'],
    ['owner as the role of new people', { newPeople: 'owner' }, '/newPeople:invalid_value'],
  ])('refuses %s (422), storing nothing', async (_name, over, error) => {
    const { org, sessions } = await orgWithSessions(t);
    expect(await problem(await call(t, sessions.owner, 'PUT', '/api/sso', body(over)))).toEqual([
      422,
      'validation-failed',
      error,
    ]);
    expect(await t.sql('select 1 from sso_configs where organization_id = $1', [org.organizationId])).toEqual(
      [],
    );
  });
});

describe('single sign-on settings are the owner’s, in their own organization', () => {
  it.each(['viewer', 'member', 'admin'] as const)('%s: 403 on every SSO setting endpoint', async (role) => {
    const { org, sessions } = await orgWithSessions(t);
    expect((await call(t, sessions.owner, 'PUT', '/api/sso', body())).status).toBe(200);
    for (const [method, payload] of [['GET'], ['PUT', body({ newPeople: 'admin' })], ['DELETE']] as const)
      expect(await problem(await call(t, sessions[role], method, '/api/sso', payload))).toEqual([
        403,
        'forbidden',
      ]);
    const [row] = await t.sql<{ new_people: string }>(
      'select new_people from sso_configs where organization_id = $1',
      [org.organizationId],
    );
    expect(row!.new_people).toBe('member');
  });

  it('answers 401 without a session', async () => {
    for (const method of ['GET', 'PUT', 'DELETE'])
      expect((await call(t, null, method, '/api/sso', method === 'PUT' ? body() : undefined)).status).toBe(
        401,
      );
  });

  it("another organization's owner neither sees nor changes it", async () => {
    const a = await orgWithSessions(t);
    const b = await orgWithSessions(t);
    const domain = freshDomain();
    expect(
      (await call(t, a.sessions.owner, 'PUT', '/api/sso', body({ allowedDomains: [domain] }))).status,
    ).toBe(200);
    expect(await (await call(t, b.sessions.owner, 'GET', '/api/sso')).json()).toMatchObject({ config: null });
    expect(await problem(await call(t, b.sessions.owner, 'DELETE', '/api/sso'))).toEqual([404, 'not-found']);
    expect((await call(t, b.sessions.owner, 'PUT', '/api/sso', body({ newPeople: 'admin' }))).status).toBe(
      200,
    );
    const rows = await t.sql<{ organization_id: string; new_people: string }>(
      'select organization_id, new_people from sso_configs where organization_id = any($1) order by new_people',
      [[a.org.organizationId, b.org.organizationId]],
    );
    expect(rows).toEqual([
      { organization_id: b.org.organizationId, new_people: 'admin' },
      { organization_id: a.org.organizationId, new_people: 'member' },
    ]);
  });
});

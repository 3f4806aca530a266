import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../edge/deps';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { call, orgWithSessions } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } });
});
afterAll(() => t.close());

type Problem = { code: string; errors?: Array<{ pointer: string; code: string }> };
const problem = async (res: Response) => {
  const body = (await res.json()) as Problem;
  return [res.status, body.code, ...(body.errors ?? []).map((e) => `${e.pointer}:${e.code}`)];
};

const stored = async (org: TestOrg) =>
  (
    await t.sql<Record<string, string>>(
      'select name, default_country, timezone, locale, currency from organizations where id = $1',
      [org.organizationId],
    )
  )[0];

describe('the organization settings', () => {
  it('an admin reads and changes name, country, time zone and language; the change is audited', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const before = await stored(org);
    const read = await call(t, sessions.admin, 'GET', '/api/organization');
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({
      id: org.organizationId,
      name: before!.name,
      defaultCountry: before!.default_country,
      currency: before!.currency,
      timezone: before!.timezone,
      language: 'en',
      claimingEnabled: true,
    });
    const change = {
      name: 'Kočka & syn 🐈',
      defaultCountry: 'DE',
      timezone: 'Europe/Berlin',
      language: 'de',
    };
    const res = await call(t, sessions.admin, 'PATCH', '/api/organization', change);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ...change, currency: before!.currency });
    expect(await stored(org)).toEqual({
      name: change.name,
      default_country: 'DE',
      timezone: 'Europe/Berlin',
      locale: 'de',
      currency: before!.currency,
    });
    const events = await t.sql<{ actor_id: string; data: unknown }>(
      `select actor_id, data from lead_events where organization_id = $1 and type = 'organization.updated'`,
      [org.organizationId],
    );
    expect(events).toEqual([
      {
        actor_id: org.users.admin.id,
        data: {
          before: {
            name: before!.name,
            defaultCountry: before!.default_country,
            timezone: before!.timezone,
            language: 'en',
          },
          after: { name: change.name, defaultCountry: 'DE', timezone: 'Europe/Berlin', language: 'de' },
        },
      },
    ]);
  });

  it('a change that changes nothing writes no audit event; a partial change keeps the rest', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const before = await stored(org);
    await call(t, sessions.owner, 'PATCH', '/api/organization', { timezone: before!.timezone });
    const res = await call(t, sessions.owner, 'PATCH', '/api/organization', { language: 'uk' });
    expect(await res.json()).toMatchObject({
      name: before!.name,
      timezone: before!.timezone,
      language: 'uk',
    });
    const events = await t.sql<{ data: unknown }>(
      `select data from lead_events where organization_id = $1 and type = 'organization.updated'`,
      [org.organizationId],
    );
    expect(events).toEqual([{ data: { before: { language: 'en' }, after: { language: 'uk' } } }]);
  });

  it.each([
    [{ defaultCountry: 'XX' }, '/defaultCountry:invalid_country'],
    [{ timezone: 'Mars/Olympus' }, '/timezone:invalid_timezone'],
    [{ language: 'fr' }, '/language:invalid_value'],
    [{ name: '   ' }, '/name:too_small'],
  ])('refuses %j (422 with the field), changing nothing', async (change, error) => {
    const { org, sessions } = await orgWithSessions(t);
    const before = await stored(org);
    expect(await problem(await call(t, sessions.admin, 'PATCH', '/api/organization', change))).toEqual([
      422,
      'validation-failed',
      error,
    ]);
    expect(await stored(org)).toEqual(before);
  });

  it.each(['member', 'viewer'] as const)('a %s may neither read nor change it (403)', async (role) => {
    const { org, sessions } = await orgWithSessions(t);
    const before = await stored(org);
    expect(await problem(await call(t, sessions[role], 'GET', '/api/organization'))).toEqual([
      403,
      'forbidden',
    ]);
    expect(
      await problem(await call(t, sessions[role], 'PATCH', '/api/organization', { name: 'Taken over' })),
    ).toEqual([403, 'forbidden']);
    expect(await stored(org)).toEqual(before);
  });

  it('signed out: 401', async () => {
    expect((await call(t, null, 'GET', '/api/organization')).status).toBe(401);
    expect((await call(t, null, 'PATCH', '/api/organization', { name: 'x' })).status).toBe(401);
  });

  it("an admin sees and changes only their own organization, never another's", async () => {
    const a = await orgWithSessions(t);
    const b = await orgWithSessions(t);
    const bBefore = await stored(b.org);
    const read = (await (await call(t, a.sessions.admin, 'GET', '/api/organization')).json()) as {
      id: string;
    };
    expect(read.id).toBe(a.org.organizationId);
    await call(t, a.sessions.admin, 'PATCH', '/api/organization', { name: 'Only A' });
    expect(await stored(b.org)).toEqual(bBefore);
    expect((await stored(a.org))!.name).toBe('Only A');
  });
});

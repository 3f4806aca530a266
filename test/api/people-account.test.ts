import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../edge/deps';
import { createApiKey } from '../../edge/services/admin/api-keys';
import { sessionAuth, setupApi, type TestApi } from '../support/api';
import { call, orgWithSessions } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } });
});
afterAll(() => t.close());

const user = async (id: string) =>
  (await t.sql<{ name: string; locale: string }>('select name, locale from users where id = $1', [id]))[0];

describe('my account', () => {
  it.each([
    ['emoji', 'Míša 🐝 Členová'],
    ['Cyrillic', 'Олена Шевченко'],
    ['10,000 characters', 'Ж'.repeat(10_000)],
  ])('any role changes its own name (%s, kept exactly) and language; audited', async (_kind, name) => {
    const { org, sessions } = await orgWithSessions(t);
    const before = await user(org.users.viewer.id);
    const res = await call(t, sessions.viewer, 'PATCH', '/api/account', { name, language: 'uk' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: org.users.viewer.id,
      email: org.users.viewer.email,
      name,
      language: 'uk',
      timezone: null,
      notifyNewLeads: 'assigned',
      taskReminderEmail: false,
    });
    expect(await user(org.users.viewer.id)).toEqual({ name, locale: 'uk' });
    const session = (await (await call(t, sessions.viewer, 'GET', '/api/session')).json()) as {
      user: { name: string; locale: string };
    };
    expect(session.user).toMatchObject({ name, locale: 'uk' });
    const events = await t.sql<{ entity_id: string; actor_id: string; data: unknown }>(
      `select entity_id, actor_id, data from lead_events where organization_id = $1 and type = 'account.updated'`,
      [org.organizationId],
    );
    expect(events).toEqual([
      {
        entity_id: org.users.viewer.id,
        actor_id: org.users.viewer.id,
        data: { before: { name: before!.name, language: before!.locale }, after: { name, language: 'uk' } },
      },
    ]);
  });

  it('changes only the caller: nobody else in or out of the organization', async () => {
    const a = await orgWithSessions(t);
    const b = await orgWithSessions(t);
    const others = [a.org.users.owner.id, b.org.users.member.id];
    const before = await Promise.all(others.map(user));
    await call(t, a.sessions.member, 'PATCH', '/api/account', { name: 'Only me' });
    expect(await Promise.all(others.map(user))).toEqual(before);
    expect((await user(a.org.users.member.id))!.name).toBe('Only me');
  });

  it.each([
    [{ name: '   ' }, '/name'],
    [{ language: 'fr' }, '/language'],
  ])('refuses %j with a field error, changing nothing', async (change, pointer) => {
    const { org, sessions } = await orgWithSessions(t);
    const before = await user(org.users.member.id);
    const res = await call(t, sessions.member, 'PATCH', '/api/account', change);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: Array<{ pointer: string }> };
    expect(body.errors.map((e) => e.pointer)).toEqual([pointer]);
    expect(await user(org.users.member.id)).toEqual(before);
  });

  it('signed out: 401; an API key has no account: 403', async () => {
    const { org } = await orgWithSessions(t);
    expect((await call(t, null, 'PATCH', '/api/account', { name: 'x' })).status).toBe(401);
    const key = await createApiKey(t.deps, t.db, sessionAuth(org, 'admin'), {
      name: 'k',
      role: 'admin',
      scopes: ['leads:read'],
    });
    const res = await t.app.request('/api/account', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Robot' }),
    });
    expect(res.status).toBe(403);
  });
});

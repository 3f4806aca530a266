import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../edge/deps';
import { PASSWORD, setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions } from '../support/workspace';

type SessionBody = {
  user: { timezone: string | null };
  organization: { timezone: string };
  timezone: string;
};

/** My account's time zone, and the throttle on the current-password check of a password change. */
describe.each(['postgres', 'pglite'] as const)('my account on %s', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } }, { database });
  }, 120_000);
  afterAll(() => t?.close());

  it('a person chooses their own time zone, or null for the organization’s; the session says which applies', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await t.sql(`update organizations set timezone = 'Europe/Prague' where id = $1`, [org.organizationId]);
    const session = async () => bodyOf<SessionBody>(await call(t, sessions.viewer, 'GET', '/api/session'));
    expect(await session()).toMatchObject({
      user: { timezone: null },
      organization: { timezone: 'Europe/Prague' },
      timezone: 'Europe/Prague',
    });

    const chosen = await call(t, sessions.viewer, 'PATCH', '/api/account', { timezone: 'America/New_York' });
    expect(chosen.status).toBe(200);
    expect(await chosen.json()).toMatchObject({ timezone: 'America/New_York' });
    expect(await session()).toMatchObject({
      user: { timezone: 'America/New_York' },
      timezone: 'America/New_York',
    });

    const back = await call(t, sessions.viewer, 'PATCH', '/api/account', { timezone: null });
    expect(await back.json()).toMatchObject({ timezone: null });
    expect(await session()).toMatchObject({ user: { timezone: null }, timezone: 'Europe/Prague' });

    const events = await t.sql<{ data: unknown }>(
      `select data from lead_events where organization_id = $1 and type = 'account.updated' order by id`,
      [org.organizationId],
    );
    expect(events.map((e) => e.data)).toEqual([
      { before: { timezone: null }, after: { timezone: 'America/New_York' } },
      { before: { timezone: 'America/New_York' }, after: { timezone: null } },
    ]);
  });

  it.each([['Mars/Olympus_Mons'], ['Europe/Prague; drop table users'], [''], [42]])(
    'refuses the time zone %j as the organization’s setting does, changing nothing',
    async (timezone) => {
      const { org, sessions } = await orgWithSessions(t);
      const res = await call(t, sessions.member, 'PATCH', '/api/account', { timezone });
      expect(res.status).toBe(422);
      const body = await bodyOf<{ errors: Array<{ pointer: string; code?: string }> }>(res);
      expect(body.errors.map((e) => e.pointer)).toEqual(['/timezone']);
      if (typeof timezone === 'string') expect(body.errors[0]!.code).toBe('invalid_timezone');
      const [row] = await t.sql<{ timezone: string | null }>('select timezone from users where id = $1', [
        org.users.member.id,
      ]);
      expect(row!.timezone).toBeNull();
    },
  );

  it('a wrong current password counts against the sign-in throttle: the fifth locks the account', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const hash = async () =>
      (
        await t.sql<{ h: string }>('select password_hash as h from users where id = $1', [
          org.users.member.id,
        ])
      )[0]!.h;
    const before = await hash();
    const change = (currentPassword: string) =>
      call(t, sessions.member, 'POST', '/api/account/password', {
        currentPassword,
        newPassword: 'a brand new passphrase',
      });
    for (let i = 0; i < 4; i++) expect((await change('guess')).status).toBe(422);
    const fifth = await change('guess');
    expect(fifth.status).toBe(429);
    expect(await bodyOf(fifth)).toMatchObject({ code: 'sign-in-throttled' });
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
    // Locked: even the right password is not checked, here or at sign-in.
    expect((await change(PASSWORD)).status).toBe(429);
    const signIn = await t.app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: org.users.member.email, password: PASSWORD }),
    });
    expect(signIn.status).toBe(429);
    expect(await hash()).toBe(before);
    // The session itself goes on working.
    expect((await call(t, sessions.member, 'GET', '/api/session')).status).toBe(200);
  });

  it('a right current password clears the failures counted so far', async () => {
    const { sessions } = await orgWithSessions(t);
    const change = (currentPassword: string, newPassword: string) =>
      call(t, sessions.admin, 'POST', '/api/account/password', { currentPassword, newPassword });
    for (let i = 0; i < 4; i++) expect((await change('guess', 'another new passphrase')).status).toBe(422);
    expect((await change(PASSWORD, 'another new passphrase')).status).toBe(204);
    for (let i = 0; i < 4; i++) expect((await change('guess', 'yet another passphrase')).status).toBe(422);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../edge/deps';
import { createApiKey } from '../../edge/services/admin/api-keys';
import { PASSWORD, sessionAuth, setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session } from '../support/workspace';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

type Listed = {
  id: string;
  device: { browser: string | null; os: string | null };
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
};

/**
 * My sessions: the list of the signed-in person's devices, ending one of them, and when a session is
 * marked seen. The clock is the test's, so "five minutes later" is exact.
 */
describe.each(['postgres', 'pglite'] as const)('my sessions on %s', (database) => {
  let t: TestApi;
  let clock = new Date('2026-03-02T09:00:00Z');
  beforeAll(async () => {
    t = await setupApi(
      { now: () => clock, config: { ...defaultConfig, apiPerMinute: 10_000 } },
      { database },
    );
  }, 120_000);
  afterAll(() => t?.close());

  /** Signs in from a device (User-Agent) and an address; the session to call with. */
  async function signInFrom(email: string, role: Session['role'], userAgent: string, ip: string) {
    const res = await t.app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent, 'x-test-client-ip': ip },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const body = await bodyOf<{ csrfToken: string; user: { id: string } }>(res);
    return { role, userId: body.user.id, headers: { cookie, 'x-csrf-token': body.csrfToken } } as Session;
  }

  const list = async (session: Session) => {
    const res = await call(t, session, 'GET', '/api/account/sessions');
    expect(res.status).toBe(200);
    return (await bodyOf<{ items: Listed[] }>(res)).items;
  };
  const stored = (userId: string) =>
    t.sql<{ id: string; ip: string | null; last_seen_at: Date | null }>(
      'select id, ip, last_seen_at from sessions where user_id = $1 order by created_at',
      [userId],
    );

  it('lists my own sessions in this organization: device, address, opened, last seen, which is this one', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const email = org.users.viewer.email;
    const laptop = await signInFrom(email, 'viewer', FIREFOX_LINUX, '203.0.113.7');
    clock = new Date(clock.getTime() + 60_000);
    const phone = await signInFrom(email, 'viewer', SAFARI_IPHONE, '2001:db8::42');
    const items = await list(phone);
    // The viewer's three sessions (orgWithSessions signed in once), nobody else's.
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      id: expect.stringMatching(/^ses_/),
      device: { browser: 'Safari', os: 'iOS' },
      ip: '2001:db8::42',
      createdAt: clock.toISOString(),
      lastSeenAt: clock.toISOString(),
      current: true,
    });
    expect(items.find((s) => s.device.browser === 'Firefox')).toMatchObject({
      device: { os: 'Linux' },
      ip: '203.0.113.7',
      current: false,
    });
    expect(items.filter((s) => s.current)).toHaveLength(1);
    // The token's hash is the key of the table; it never leaves the server.
    const hashes = await t.sql<{ token_hash: string }>('select token_hash from sessions where user_id = $1', [
      org.users.viewer.id,
    ]);
    const text = JSON.stringify(items);
    for (const { token_hash } of hashes) expect(text).not.toContain(token_hash);
    expect((await list(laptop)).find((s) => s.current)?.device.browser).toBe('Firefox');
    expect(await list(sessions.member)).toHaveLength(1);
  });

  it('marks a session seen at most once per five minutes, with the address it was seen from', async () => {
    const { org } = await orgWithSessions(t);
    const opened = clock;
    const me = await signInFrom(org.users.member.email, 'member', FIREFOX_LINUX, '198.51.100.1');
    const mine = async () => (await stored(org.users.member.id)).at(-1)!;
    expect(await mine()).toMatchObject({ ip: '198.51.100.1', last_seen_at: opened });

    clock = new Date(opened.getTime() + 4 * 60_000 + 59_000);
    await call(t, me, 'GET', '/api/leads', undefined, { 'x-test-client-ip': '198.51.100.2' });
    expect(await mine()).toMatchObject({ ip: '198.51.100.1', last_seen_at: opened });

    const later = new Date(opened.getTime() + 5 * 60_000);
    clock = later;
    await call(t, me, 'GET', '/api/leads', undefined, { 'x-test-client-ip': '198.51.100.3' });
    expect(await mine()).toMatchObject({ ip: '198.51.100.3', last_seen_at: later });

    clock = new Date(later.getTime() + 60_000);
    await call(t, me, 'GET', '/api/session', undefined, { 'x-test-client-ip': '198.51.100.4' });
    expect(await mine()).toMatchObject({ ip: '198.51.100.3', last_seen_at: later });
    const [listed] = await list(me);
    expect(listed).toMatchObject({ lastSeenAt: later.toISOString(), ip: '198.51.100.3', current: true });
  });

  it('a viewer signs one of their own devices out; it is audited and that device is signed out', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const email = org.users.viewer.email;
    const other = await signInFrom(email, 'viewer', SAFARI_IPHONE, '192.0.2.9');
    const target = (await list(sessions.viewer)).find((s) => !s.current && s.device.os === 'iOS')!;
    const res = await call(t, sessions.viewer, 'DELETE', `/api/account/sessions/${target.id}`);
    expect(res.status).toBe(204);
    expect((await call(t, other, 'GET', '/api/session')).status).toBe(401);
    expect((await call(t, sessions.viewer, 'GET', '/api/session')).status).toBe(200);
    expect((await list(sessions.viewer)).map((s) => s.id)).not.toContain(target.id);
    const events = await t.sql<{ actor_id: string; entity_id: string; data: Record<string, unknown> }>(
      `select actor_id, entity_id, data from lead_events
       where organization_id = $1 and type = 'session.ended'`,
      [org.organizationId],
    );
    expect(events).toEqual([
      {
        actor_id: org.users.viewer.id,
        entity_id: org.users.viewer.id,
        data: {
          reason: 'signed-out-from-list',
          sessionId: target.id,
          device: { browser: 'Safari', os: 'iOS' },
          ip: '192.0.2.9',
          openedAt: target.createdAt,
        },
      },
    ]);
    // Gone is gone: the same id again is not found.
    expect((await call(t, sessions.viewer, 'DELETE', `/api/account/sessions/${target.id}`)).status).toBe(404);
  });

  it("another person's session, in this organization or another, is not found and keeps working", async () => {
    const a = await orgWithSessions(t);
    const b = await orgWithSessions(t);
    const [ownerSession] = await list(a.sessions.owner);
    const [elsewhere] = await list(b.sessions.viewer);
    for (const id of [ownerSession!.id, elsewhere!.id, 'ses_unknown']) {
      const res = await call(t, a.sessions.admin, 'DELETE', `/api/account/sessions/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await call(t, a.sessions.owner, 'GET', '/api/session')).status).toBe(200);
    expect((await call(t, b.sessions.viewer, 'GET', '/api/session')).status).toBe(200);
    const bad = await call(t, a.sessions.admin, 'DELETE', '/api/account/sessions/not%20an%20id');
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
  });

  it('signed out: 401; an API key has no sessions: 403', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const [mine] = await list(sessions.owner);
    expect((await call(t, null, 'GET', '/api/account/sessions')).status).toBe(401);
    expect((await call(t, null, 'DELETE', `/api/account/sessions/${mine!.id}`)).status).toBe(401);
    const key = await createApiKey(t.deps, t.db, sessionAuth(org, 'owner'), {
      name: 'k',
      role: 'owner',
      scopes: ['leads:read'],
    });
    const bearer = { authorization: `Bearer ${key.key}` };
    expect((await t.app.request('/api/account/sessions', { headers: bearer })).status).toBe(403);
    const del = await t.app.request(`/api/account/sessions/${mine!.id}`, {
      method: 'DELETE',
      headers: bearer,
    });
    expect(del.status).toBe(403);
    expect((await call(t, sessions.owner, 'GET', '/api/session')).status).toBe(200);
  });

  it('a cookie-authenticated DELETE without the CSRF token is refused', async () => {
    const { sessions } = await orgWithSessions(t);
    const [mine] = await list(sessions.member);
    const res = await t.app.request(`/api/account/sessions/${mine!.id}`, {
      method: 'DELETE',
      headers: { cookie: sessions.member.headers.cookie! },
    });
    expect(res.status).toBe(403);
    expect((await call(t, sessions.member, 'GET', '/api/session')).status).toBe(200);
  });
});

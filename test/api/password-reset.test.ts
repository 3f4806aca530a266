import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, setupApi, type TestApi } from '../support/api';
import { newcomer, resetToken } from '../support/people';
import { call, orgWithSessions, type Session } from '../support/workspace';

const address = (stem: string) => `${stem}.${Math.random().toString(36).slice(2, 10)}@example.test`;

describe.each(['postgres', 'pglite'] as const)('password reset by email on %s', (database) => {
  let t: TestApi;
  let owner: Session;
  let organizationId: string;
  let clock = Date.parse('2026-12-07T09:00:00Z');
  const advance = (minutes: number) => {
    clock += minutes * 60_000;
  };

  beforeAll(async () => {
    t = await setupApi({ now: () => new Date(clock) }, { database });
    const arranged = await orgWithSessions(t);
    owner = arranged.sessions.owner;
    organizationId = arranged.org.organizationId;
  }, 120_000);
  afterAll(() => t?.close());

  /** A member who joined by invitation (password 'newcomer password'), and their address. */
  async function member() {
    const email = address('reset');
    const session = await newcomer(t, owner, organizationId, email);
    return { email, session };
  }
  const ask = (email: string, ip = `203.0.113.${Math.floor(Math.random() * 250)}`) =>
    postJson(t, '/api/password-reset', { email }, { 'x-test-client-ip': ip });
  const confirm = (token: string, password: string) =>
    postJson(t, '/api/password-reset/confirm', { token, password });
  const signIn = (email: string, password: string) => postJson(t, '/api/session', { email, password });

  it('answers 202 alike for an address with and without an account; only the account gets an email', async () => {
    const { email, session } = await member();
    const known = await ask(email.toUpperCase());
    const unknown = await ask(address('nobody'));
    for (const res of [known, unknown]) {
      expect(res.status).toBe(202);
      expect(await res.text()).toBe('');
    }
    const token = await resetToken(t, session.userId);
    expect(token.length).toBeGreaterThan(30);
    const stored = await t.sql<{ token_hash: string; expires_at: Date }>(
      'select token_hash, expires_at from password_resets where user_id = $1',
      [session.userId],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(new Date(stored[0]!.expires_at).getTime() - clock).toBe(30 * 60_000);
    const emails = await t.sql<{ n: number }>(
      `select count(*)::int as n from outbox where payload->>'template' = 'password-reset'
       and payload->>'userId' = $1`,
      [session.userId],
    );
    expect(emails).toEqual([{ n: 1 }]);
  });

  it('sets the password, ends every session, lifts a lockout, and audits it; the link works once', async () => {
    const { email, session } = await member();
    for (let i = 0; i < 5; i++) await signIn(email, 'a wrong guess');
    expect((await signIn(email, 'newcomer password')).status).toBe(429);
    await ask(email);
    const token = await resetToken(t, session.userId);
    const res = await confirm(token, 'my new reset password');
    expect(res.status).toBe(204);
    expect(
      (await t.app.request('/api/session', { headers: { cookie: session.headers.cookie! } })).status,
    ).toBe(401);
    expect((await signIn(email, 'newcomer password')).status).toBe(401);
    expect((await signIn(email, 'my new reset password')).status).toBe(200);
    const events = await t.sql<{ type: string; data: Record<string, unknown> }>(
      `select type, data from lead_events where entity_id = $1 and type in ('password.reset', 'password-reset.requested')
       order by id`,
      [session.userId],
    );
    expect(events.map((e) => e.type)).toEqual(['password-reset.requested', 'password.reset']);
    expect(events[1]!.data).toMatchObject({ sessionsEnded: 1 });
    const again = await confirm(token, 'a third password here');
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ code: 'reset-link-used' });
    expect((await signIn(email, 'a third password here')).status).toBe(401);
  });

  it('refuses an expired, a forged and a replaced link, changing nothing', async () => {
    const { email, session } = await member();
    await ask(email);
    const first = await resetToken(t, session.userId);
    await ask(email);
    const second = await resetToken(t, session.userId);
    const replaced = await confirm(first, 'never set password');
    expect(replaced.status).toBe(404);
    expect(await replaced.json()).toMatchObject({ code: 'reset-link-invalid' });
    const forged = await confirm(`${second}x`, 'never set password');
    expect(await forged.json()).toMatchObject({ code: 'reset-link-invalid', status: 404 });
    advance(31);
    const expired = await confirm(second, 'never set password');
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ code: 'reset-link-expired' });
    expect((await signIn(email, 'never set password')).status).toBe(401);
    expect((await signIn(email, 'newcomer password')).status).toBe(200);
  });

  it('holds the new password to the policy, and the link still works after a refusal', async () => {
    const { email, session } = await member();
    await ask(email);
    const token = await resetToken(t, session.userId);
    const common = await confirm(token, 'qwertyuiop12');
    expect(common.status).toBe(422);
    expect(await common.json()).toMatchObject({
      errors: [{ pointer: '/password', code: 'password_too_common' }],
    });
    expect((await confirm(token, 'a good new password')).status).toBe(204);
  });

  it('throttles requests per address (3 an hour), alike with and without an account', async () => {
    const { email } = await member();
    const statuses = async (to: string) => {
      const out: Array<[number, string | null]> = [];
      for (let i = 0; i < 4; i++) {
        const res = await ask(to);
        out.push([res.status, res.headers.get('retry-after')]);
      }
      return out;
    };
    const known = await statuses(email);
    expect(known).toEqual([
      [202, null],
      [202, null],
      [202, null],
      [429, '3600'],
    ]);
    expect(await statuses(address('ghost'))).toEqual(known);
    advance(61);
    expect((await ask(email)).status).toBe(202);
  });

  it('describes both endpoints in /openapi.json, with the password policy', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, { minLength?: number }> }> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/password-reset', '/api/password-reset/confirm']),
    );
    expect(doc.components.schemas.PasswordResetConfirm?.properties?.password?.minLength).toBe(12);
  });

  it('keeps the link out of the Outbox page (an admin cannot take over an account)', async () => {
    const { email, session } = await member();
    await ask(email);
    const token = await resetToken(t, session.userId);
    const outbox = await call(t, owner, 'GET', '/api/outbox');
    const text = await outbox.text();
    expect(text).toContain('password-reset');
    expect(text).not.toContain(token);
  });
});

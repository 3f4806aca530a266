import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_PASSWORD_LENGTH } from '../../edge/core/password-policy';
import { hashPassword, needsRehash } from '../../edge/crypto/password';
import { createTestOrg, PASSWORD, postJson, setupApi, type TestApi, type TestOrg } from '../support/api';
import { invitationToken, newcomer } from '../support/people';
import { call, orgWithSessions } from '../support/workspace';

/** A fresh address, so each test throttles keys of its own. */
const address = (stem: string) => `${stem}.${Math.random().toString(36).slice(2, 10)}@example.test`;
/** A fresh client network. */
const network = () =>
  `198.51.100.${Math.floor(Math.random() * 250) + 1}-${Math.random().toString(36).slice(2, 6)}`;

describe.each(['postgres', 'pglite'] as const)('sign-in protection on %s', (database) => {
  let t: TestApi;
  let org: TestOrg;
  let clock = Date.parse('2026-12-07T09:00:00Z');
  const advance = (seconds: number) => {
    clock += seconds * 1000;
  };
  const signIn = (email: string, password: string, ip = network()) =>
    postJson(t, '/api/session', { email, password }, { 'x-test-client-ip': ip });

  beforeAll(async () => {
    t = await setupApi({ now: () => new Date(clock) }, { database });
    org = await createTestOrg(t);
  }, 120_000);
  afterAll(() => t?.close());

  it('locks an account after 5 failures in 15 minutes, for a minute, even for the right password', async () => {
    const { email } = org.users.member;
    for (let i = 0; i < 4; i++) expect((await signIn(email, `wrong password ${i}`)).status).toBe(401);
    const fifth = await signIn(email, 'wrong password 5');
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toBe('60');
    expect(await fifth.json()).toMatchObject({ code: 'sign-in-throttled', status: 429 });
    advance(30);
    const right = await signIn(email, PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBe('30');
    expect(right.headers.get('set-cookie')).toBeNull();
    advance(31);
    expect((await signIn(email, PASSWORD)).status).toBe(200);
    // A success forgets the account's failures: four more fail plainly.
    for (let i = 0; i < 4; i++) expect((await signIn(email, 'wrong again')).status).toBe(401);
  });

  it('doubles each further lockout', async () => {
    const { email } = org.users.viewer;
    for (let i = 0; i < 5; i++) await signIn(email, 'wrong');
    advance(61);
    const waits: Array<string | null> = [];
    for (let i = 0; i < 5; i++) waits.push((await signIn(email, 'wrong')).headers.get('retry-after'));
    expect(waits).toEqual([null, null, null, null, '120']);
    advance(121);
    for (let i = 0; i < 4; i++) await signIn(email, 'wrong');
    expect((await signIn(email, 'wrong')).headers.get('retry-after')).toBe('240');
    advance(241);
  });

  it('answers an address without an account exactly as one with an account', async () => {
    const answers = async (email: string) => {
      const out: Array<{ status: number; retryAfter: string | null; body: unknown }> = [];
      for (let i = 0; i < 6; i++) {
        const res = await signIn(email, 'not the password');
        const body = (await res.json()) as Record<string, unknown>;
        out.push({
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          body: { ...body, instance: null },
        });
      }
      return out;
    };
    const known = await answers(org.users.admin.email);
    const unknown = await answers(address('nobody'));
    expect(unknown).toEqual(known);
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 429, 429]);
    advance(3600);
  });

  it('locks a client network after 50 failures, whichever addresses it tries', async () => {
    const ip = network();
    for (let i = 0; i < 49; i++)
      expect((await signIn(address('spray'), 'Password123!', ip)).status).toBe(401);
    const last = await signIn(address('spray'), 'Password123!', ip);
    expect(last.status).toBe(429);
    expect(last.headers.get('retry-after')).toBe('60');
    expect((await signIn(org.users.owner.email, PASSWORD, ip)).status).toBe(429);
    // Another network signs the same person in.
    expect((await signIn(org.users.owner.email, PASSWORD)).status).toBe(200);
    advance(61);
    expect((await signIn(org.users.owner.email, PASSWORD, ip)).status).toBe(200);
  });

  it('audits every failed sign-in of an account with its IP and reason, never the password', async () => {
    const { email, id } = org.users.owner;
    const ip = network();
    await signIn(email, 'a secret guess 1', ip);
    const events = await t.sql<{
      type: string;
      entity_type: string;
      actor_type: string;
      data: Record<string, unknown>;
    }>(
      `select type, entity_type, actor_type, data from lead_events
       where organization_id = $1 and entity_id = $2 and type = 'sign-in.failed'
       order by id desc limit 1`,
      [org.organizationId, id],
    );
    expect(events).toEqual([
      {
        type: 'sign-in.failed',
        entity_type: 'user',
        actor_type: 'public',
        data: { reason: 'wrong-password', ip, userAgent: null },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('secret guess');
  });

  it('stores no address in the throttle table', async () => {
    const email = address('hidden');
    await signIn(email, 'wrong');
    const rows = await t.sql<{ key: string }>('select key from sign_in_throttles');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.key.includes('@') || r.key.includes('hidden'))).toBe(false);
  });
});

describe('the password policy, wherever a password is set', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi();
  }, 60_000);
  afterAll(() => t?.close());

  const setupBody = (password: string) => ({
    token: 'whatever',
    organization: { name: 'Policy', defaultCountry: 'CZ', timezone: 'Europe/Prague' },
    owner: { name: 'Owner', email: address('owner'), password },
  });

  it.each([
    ['elevenchars', 'password_too_short'],
    ['QwertyUIOP12', 'password_too_common'],
    ['thecakeisalie', 'password_too_common'],
  ])('setup refuses %j with %s', async (password, code) => {
    const res = await postJson(t, '/api/setup', setupBody(password));
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: unknown[] };
    expect(problem.errors).toEqual([
      expect.objectContaining({
        pointer: '/owner/password',
        code,
        params: expect.objectContaining({ minimum: MIN_PASSWORD_LENGTH }),
      }),
    ]);
  });

  it('an invitation accepted as a new account and a password change follow it too', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const invited = await call(t, sessions.owner, 'POST', '/api/invitations', {
      email: address('invitee'),
      role: 'member',
    });
    expect(invited.status).toBe(201);
    const token = await invitationToken(
      t,
      org.organizationId,
      ((await invited.json()) as { email: string }).email,
    );
    const common = await call(t, null, 'POST', '/api/invitations/accept', {
      token,
      name: 'New',
      password: 'qwertyuiop12',
    });
    expect(common.status).toBe(422);
    expect(await common.json()).toMatchObject({
      errors: [{ pointer: '/password', code: 'password_too_common', params: { minimum: 12 } }],
    });
    const member = await newcomer(t, sessions.owner, org.organizationId, address('changer'));
    const short = await call(t, member, 'POST', '/api/account/password', {
      currentPassword: 'newcomer password',
      newPassword: 'short one',
    });
    expect(short.status).toBe(422);
    expect(await short.json()).toMatchObject({
      errors: [{ pointer: '/newPassword', code: 'password_too_short', params: { minimum: 12 } }],
    });
  });
});

describe('password hashes', () => {
  let t: TestApi;
  let org: TestOrg;
  beforeAll(async () => {
    t = await setupApi();
    org = await createTestOrg(t);
  }, 60_000);
  afterAll(() => t?.close());

  it('replaces a hash with older parameters at the next successful sign-in', async () => {
    const { id, email } = org.users.member;
    const old = await hashPassword(PASSWORD, { scheme: 'pbkdf2-sha256', iterations: 100_000 });
    await t.sql('update users set password_hash = $1 where id = $2', [old, id]);
    expect((await postJson(t, '/api/session', { email, password: 'not it at all' })).status).toBe(401);
    const stored = async () =>
      (await t.sql<{ h: string }>('select password_hash as h from users where id = $1', [id]))[0]!.h;
    expect(await stored()).toBe(old);
    expect((await postJson(t, '/api/session', { email, password: PASSWORD })).status).toBe(200);
    const upgraded = await stored();
    expect(upgraded).toMatch(/^scrypt\$/);
    expect(needsRehash(upgraded)).toBe(false);
    expect((await postJson(t, '/api/session', { email, password: PASSWORD })).status).toBe(200);
    expect(await stored()).toBe(upgraded);
  });
});

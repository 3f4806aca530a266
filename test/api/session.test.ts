import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestOrg,
  PASSWORD,
  postJson,
  setupApi,
  signIn,
  type TestApi,
  type TestOrg,
} from '../support/api';

let t: TestApi;
let org: TestOrg;
beforeAll(async () => {
  t = await setupApi();
  org = await createTestOrg(t);
});
afterAll(() => t.close());

describe('session', () => {
  it('signs in with email + password and sets an HttpOnly, SameSite=Lax cookie (no Secure on http localhost)', async () => {
    const res = await postJson(t, 'http://localhost/api/session', {
      email: org.users.member.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lg_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    expect(await res.json()).toMatchObject({
      user: { email: org.users.member.email },
      organization: { id: org.organizationId },
      role: 'member',
      csrfToken: expect.any(String),
    });
  });

  it('uses a Secure __Host- cookie over https', async () => {
    const res = await postJson(t, 'https://leads.example.com/api/session', {
      email: org.users.viewer.email,
      password: PASSWORD,
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-lg_session=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
  });

  it.each([
    ['wrong password', () => ({ email: org.users.member.email, password: 'nope' })],
    ['unknown email', () => ({ email: 'nobody@example.test', password: PASSWORD })],
  ])('%s → 401 that does not say which part was wrong', async (_name, body) => {
    const res = await postJson(t, '/api/session', body());
    expect(res.status).toBe(401);
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ code: 'invalid-credentials', title: 'Email or password is incorrect' });
    expect(problem.detail).toBeUndefined();
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('validates the login body', async () => {
    const res = await postJson(t, '/api/session', { email: '' });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: Array<{ pointer: string }> };
    expect(problem.errors.map((e) => e.pointer).sort()).toEqual(['/email', '/password']);
  });

  it('GET /api/session answers 401 without a session and the session with one', async () => {
    expect((await t.app.request('/api/session')).status).toBe(401);
    const s = await signIn(t, org.users.owner.email);
    const res = await t.app.request('/api/session', { headers: { cookie: s.cookie } });
    expect(await res.json()).toMatchObject({ role: 'owner', csrfToken: s.csrfToken });
  });

  it('requires the CSRF token to sign out, then the session is gone and audited', async () => {
    const s = await signIn(t, org.users.admin.email);
    const noToken = await t.app.request('/api/session', { method: 'DELETE', headers: { cookie: s.cookie } });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { code: string }).code).toBe('csrf-failed');
    const wrongToken = await t.app.request('/api/session', {
      method: 'DELETE',
      headers: { cookie: s.cookie, 'x-csrf-token': `${s.csrfToken}x` },
    });
    expect(wrongToken.status).toBe(403);
    const ok = await t.app.request('/api/session', { method: 'DELETE', headers: s.headers });
    expect(ok.status).toBe(204);
    expect((await t.app.request('/api/leads', { headers: { cookie: s.cookie } })).status).toBe(401);
    const events = await t.sql<{ type: string }>(
      `select type from lead_events where entity_id = $1 and entity_type = 'user' order by id`,
      [org.users.admin.id],
    );
    expect(events.map((e) => e.type)).toEqual(['session.created', 'session.ended']);
  });

  it('stores only a hash of the session token', async () => {
    const s = await signIn(t, org.users.viewer.email);
    const token = s.cookie.split('=')[1]!;
    const rows = await t.sql('select * from sessions where token_hash = $1', [token]);
    expect(rows).toHaveLength(0);
  });
});

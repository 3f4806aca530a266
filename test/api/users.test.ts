import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '../../edge/contract/users';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

describe('GET /api/users', () => {
  it('lists the members of the caller’s organization only, with who can take leads', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const other = await orgWithSessions(t);
    const res = await call(t, sessions.viewer, 'GET', '/api/users');
    expect(res.status).toBe(200);
    const { items } = await bodyOf<{ items: Member[] }>(res);
    const ids = items.map((m) => m.id).sort();
    expect(ids).toEqual(
      Object.values(org.users)
        .map((u) => u.id)
        .sort(),
    );
    for (const u of Object.values(other.org.users)) expect(ids).not.toContain(u.id);
    const byRole = Object.fromEntries(items.map((m) => [m.role, m.assignable]));
    expect(byRole).toEqual({ viewer: false, member: true, admin: true, owner: true });
    const names = items.map((m) => m.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('refuses an anonymous caller with a problem', async () => {
    const res = await t.app.request('/api/users');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

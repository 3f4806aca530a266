import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema';
import type { Notification, NotificationList } from '../../edge/contract/notifications';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

const list = async (s: Session, query = '') =>
  bodyOf<NotificationList>(await call(t, s, 'GET', `/api/notifications${query}`));

/** Stores `count` notifications for a user, one second apart, the last one newest. */
async function notify(org: TestOrg, userId: string, count: number, type = 'import.finished') {
  const base = Date.now() - count * 1000;
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `ntf_${userId}_${i}_${Math.random().toString(36).slice(2, 8)}`,
    organizationId: org.organizationId,
    userId,
    type,
    data: { n: i },
    link: null,
    createdAt: new Date(base + i * 1000),
  }));
  await t.db.insert(notifications).values(rows);
  return rows.map((r) => r.id).reverse();
}

describe('notifications', () => {
  it('tells a member a lead was assigned to them, with a link to it', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const leadId = await seedLead(t, org, { firstName: 'Jana', lastName: 'Nováková', company: 'Škoda' });
    const res = await call(t, sessions.admin, 'POST', `/api/leads/${leadId}/assign`, {
      assigneeId: org.users.member.id,
    });
    expect(res.status).toBe(200);
    const page = await list(sessions.member);
    expect(page.unreadCount).toBe(1);
    expect(page.items).toEqual([
      expect.objectContaining({
        type: 'lead.assigned',
        data: { leadId, name: 'Jana Nováková', company: 'Škoda' },
        link: `/app/leads/${leadId}`,
        readAt: null,
      }),
    ]);
    expect((await list(sessions.admin)).items).toEqual([]);
  });

  it('pages newest first by cursor without skipping or repeating', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const ids = await notify(org, org.users.member.id, 5);
    const first = await list(sessions.member, '?limit=2');
    expect(first.items.map((n) => n.id)).toEqual(ids.slice(0, 2));
    expect(first.unreadCount).toBe(5);
    const second = await list(sessions.member, `?limit=2&cursor=${first.nextCursor}`);
    const third = await list(sessions.member, `?limit=2&cursor=${second.nextCursor}`);
    expect([...second.items, ...third.items].map((n) => n.id)).toEqual(ids.slice(2));
    expect(third.nextCursor).toBeNull();
  });

  it('marks one read, then all, and filters the unread ones', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const ids = await notify(org, org.users.viewer.id, 3);
    const res = await call(t, sessions.viewer, 'POST', `/api/notifications/${ids[1]}/read`);
    expect(res.status).toBe(200);
    const read = await bodyOf<Notification>(res);
    expect(read.readAt).not.toBeNull();
    const again = await bodyOf<Notification>(
      await call(t, sessions.viewer, 'POST', `/api/notifications/${ids[1]}/read`),
    );
    expect(again.readAt).toBe(read.readAt);
    const unread = await list(sessions.viewer, '?unread=true');
    expect(unread.items.map((n) => n.id)).toEqual([ids[0], ids[2]]);
    expect(unread.unreadCount).toBe(2);
    const all = await call(t, sessions.viewer, 'POST', '/api/notifications/read-all');
    expect(await bodyOf(all)).toEqual({ unreadCount: 0 });
    expect((await list(sessions.viewer, '?unread=true')).items).toEqual([]);
    expect((await list(sessions.viewer)).items).toHaveLength(3);
    // Each change is audited once: the first read of one, then "all" (the other two); the repeat records nothing.
    const audit = await t.sql<{ entity_id: string | null; actor_id: string; data: object }>(
      `select entity_id, actor_id, data from lead_events
        where organization_id = $1 and type = 'notification.read' order by created_at, id`,
      [org.organizationId],
    );
    expect(audit).toEqual([
      { entity_id: ids[1], actor_id: org.users.viewer.id, data: { id: ids[1], type: expect.any(String) } },
      { entity_id: null, actor_id: org.users.viewer.id, data: { all: true, count: 2 } },
    ]);
  });

  it('caps the unread count', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await notify(org, org.users.owner.id, 105);
    expect((await list(sessions.owner, '?limit=1')).unreadCount).toBe(100);
  });

  it('never reads or marks another user’s or another organization’s notification (404)', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const [theirs] = await notify(org, org.users.admin.id, 1);
    const other = await orgWithSessions(t);
    for (const s of [sessions.member, other.sessions.admin]) {
      const res = await call(t, s, 'POST', `/api/notifications/${theirs}/read`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await list(other.sessions.admin)).items).toEqual([]);
    await call(t, sessions.member, 'POST', '/api/notifications/read-all');
    expect((await list(sessions.admin)).unreadCount).toBe(1);
  });

  it.each([
    ['?unread=yes', '/unread'],
    ['?limit=0', '/limit'],
    ['?cursor=not-a-cursor', '/cursor'],
  ])('refuses %s (400 naming the parameter)', async (query, pointer) => {
    const { sessions } = await orgWithSessions(t);
    const res = await call(t, sessions.member, 'GET', `/api/notifications${query}`);
    expect(res.status).toBe(400);
    const problem = await bodyOf<{ errors: Array<{ pointer: string }> }>(res);
    expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('refuses a malformed id (400) and an anonymous caller (401)', async () => {
    const { sessions } = await orgWithSessions(t);
    expect((await call(t, sessions.member, 'POST', '/api/notifications/a%20b/read')).status).toBe(400);
    expect((await call(t, null, 'GET', '/api/notifications')).status).toBe(401);
  });
});

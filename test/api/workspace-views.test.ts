import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadList } from '../../edge/contract/leads';
import type { SavedView } from '../../edge/contract/saved-views';
import type { Role } from '../../edge/contract/session';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

const create = (s: Session, body: object) => call(t, s, 'POST', '/api/saved-views', body);
const listViews = async (s: Session) =>
  (await bodyOf<{ items: SavedView[] }>(await call(t, s, 'GET', '/api/saved-views'))).items;

describe('saved views', () => {
  it('saves a filter that the list applies as it is', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await seedLead(t, org, { lastName: 'Mine' }, { assignedTo: org.users.member.id, status: 'CONTACTED' });
    await seedLead(t, org, { lastName: 'Theirs' }, { assignedTo: org.users.admin.id, status: 'CONTACTED' });
    const res = await create(sessions.member, {
      name: 'My open',
      filter: { assignee: 'me', status: 'NEW,CONTACTED' },
    });
    expect(res.status).toBe(201);
    const view = await bodyOf<SavedView>(res);
    expect(view).toMatchObject({
      name: 'My open',
      shared: false,
      editable: true,
      owner: { id: org.users.member.id },
    });
    const page = await bodyOf<LeadList>(
      await call(t, sessions.member, 'GET', `/api/leads?${new URLSearchParams(view.filter)}`),
    );
    expect(page.items.map((l) => l.lastName)).toEqual(['Mine']);
    const [event] = await t.sql<{ type: string; actor_id: string }>(
      'select type, actor_id from lead_events where entity_id = $1',
      [view.id],
    );
    expect(event).toEqual({ type: 'saved_view.created', actor_id: org.users.member.id });
  });

  it('lists my views and the shared ones, never another user’s personal view', async () => {
    const { sessions } = await orgWithSessions(t);
    await create(sessions.member, { name: 'B mine', filter: {} });
    await create(sessions.admin, { name: 'A team', filter: { stale: '30' }, shared: true });
    await create(sessions.admin, { name: 'C admin only', filter: {} });
    expect((await listViews(sessions.member)).map((v) => [v.name, v.editable])).toEqual([
      ['A team', false],
      ['B mine', true],
    ]);
    expect((await listViews(sessions.viewer)).map((v) => v.name)).toEqual(['A team']);
    const { sessions: stranger } = await orgWithSessions(t);
    expect(await listViews(stranger.owner)).toEqual([]);
  });

  it.each<[string, object, string]>([
    ['an unknown status', { status: 'OPEN' }, '/filter/status'],
    ['an unknown parameter', { colour: 'red' }, '/filter'],
    ['an inverted range', { scoreMin: '80', scoreMax: '10' }, '/filter/scoreMax'],
    ['a non-string value', { scoreMin: 80 }, '/filter/scoreMin'],
  ])('refuses a filter with %s (422)', async (_name, filter, pointer) => {
    const { sessions } = await orgWithSessions(t);
    const res = await create(sessions.member, { name: 'Bad', filter });
    expect(res.status).toBe(422);
    expect(
      (await bodyOf<{ errors: Array<{ pointer: string }> }>(res)).errors.map((e) => e.pointer),
    ).toContain(pointer);
  });

  it.each([
    [{ filter: {} }, '/name'],
    [{ name: '  ', filter: {} }, '/name'],
    [{ name: 'x'.repeat(101), filter: {} }, '/name'],
    [{ name: 'No filter' }, '/filter'],
  ])('%j → 422 at %s', async (body, pointer) => {
    const { sessions } = await orgWithSessions(t);
    const res = await create(sessions.member, body);
    expect(res.status).toBe(422);
    expect(
      (await bodyOf<{ errors: Array<{ pointer: string }> }>(res)).errors.map((e) => e.pointer),
    ).toContain(pointer);
  });

  // Who may change a view: its owner; for a shared one also an admin or owner.
  it.each<[Role, boolean, Record<Role, number>]>([
    ['member', false, { viewer: 404, member: 200, admin: 404, owner: 404 }],
    ['member', true, { viewer: 403, member: 200, admin: 200, owner: 200 }],
    ['viewer', true, { viewer: 200, member: 403, admin: 200, owner: 200 }],
  ])("a %s's view (shared: %s): PATCH and DELETE by each role", async (ownerRole, shared, expected) => {
    const { sessions } = await orgWithSessions(t);
    for (const role of ['viewer', 'member', 'admin', 'owner'] as Role[]) {
      const view = await bodyOf<SavedView>(
        await create(sessions[ownerRole], { name: 'V', filter: {}, shared }),
      );
      const patched = await call(t, sessions[role], 'PATCH', `/api/saved-views/${view.id}`, {
        name: 'Renamed',
      });
      expect([role, patched.status]).toEqual([role, expected[role]]);
      const deleted = await call(t, sessions[role], 'DELETE', `/api/saved-views/${view.id}`);
      expect([role, deleted.status]).toEqual([role, expected[role] === 200 ? 204 : expected[role]]);
    }
  });

  it('updates name, filter and sharing, recording before and after', async () => {
    const { sessions } = await orgWithSessions(t);
    const view = await bodyOf<SavedView>(
      await create(sessions.member, { name: 'Hot', filter: { tags: 'Hot' } }),
    );
    const res = await call(t, sessions.member, 'PATCH', `/api/saved-views/${view.id}`, {
      name: 'Hot & VIP',
      filter: { tags: 'Hot,VIP' },
      shared: true,
    });
    expect(await bodyOf(res)).toMatchObject({ name: 'Hot & VIP', filter: { tags: 'Hot,VIP' }, shared: true });
    const [event] = await t.sql<{ data: object }>(
      "select data from lead_events where entity_id = $1 and type = 'saved_view.updated'",
      [view.id],
    );
    expect(event!.data).toEqual({
      from: { name: 'Hot', filter: { tags: 'Hot' }, layout: null, shared: false },
      to: { name: 'Hot & VIP', filter: { tags: 'Hot,VIP' }, shared: true },
    });
  });

  it("answers 404 for another organization's view", async () => {
    const { sessions } = await orgWithSessions(t);
    const view = await bodyOf<SavedView>(
      await create(sessions.owner, { name: 'V', filter: {}, shared: true }),
    );
    const { sessions: other } = await orgWithSessions(t);
    expect((await call(t, other.owner, 'PATCH', `/api/saved-views/${view.id}`, { name: 'x' })).status).toBe(
      404,
    );
    expect((await call(t, other.owner, 'DELETE', `/api/saved-views/${view.id}`)).status).toBe(404);
  });
});

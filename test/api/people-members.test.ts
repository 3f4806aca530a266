import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../edge/contract/session';
import { defaultConfig } from '../../edge/deps';
import { createApiKey } from '../../edge/services/admin/api-keys';
import {
  PASSWORD,
  postJson,
  sessionAuth,
  setupApi,
  signIn,
  type TestApi,
  type TestOrg,
} from '../support/api';
import { invitationToken } from '../support/people';
import { call, orgWithSessions, ROLES, type Session, seedLead } from '../support/workspace';

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

const audit = (org: TestOrg, type: string) =>
  t.sql<{ entity_id: string; actor_id: string; data: Record<string, unknown> }>(
    'select entity_id, actor_id, data from lead_events where organization_id = $1 and type = $2 order by id',
    [org.organizationId, type],
  );

async function member(org: TestOrg, userId: string) {
  const [row] = await t.sql<{ role: Role; status: string }>(
    'select role, status from memberships where organization_id = $1 and user_id = $2',
    [org.organizationId, userId],
  );
  return row;
}

describe('members list', () => {
  it('shows name, email, role, status, last sign-in and open leads', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const assignedTo = org.users.member.id;
    await seedLead(t, org, { lastName: 'Open' }, { assignedTo });
    await seedLead(t, org, { lastName: 'Contacted' }, { assignedTo, status: 'CONTACTED' });
    await seedLead(t, org, { lastName: 'Lost' }, { assignedTo, status: 'LOST' });
    await seedLead(t, org, { lastName: 'Gone' }, { assignedTo, deletedAt: new Date() });
    const res = await call(t, sessions.admin, 'GET', '/api/members');
    const { items } = (await res.json()) as { items: Array<Record<string, unknown>> };
    expect(items).toHaveLength(4);
    expect(items.find((m) => m.id === assignedTo)).toEqual({
      id: assignedTo,
      name: expect.any(String),
      email: org.users.member.email,
      role: 'member',
      status: 'active',
      lastSignInAt: expect.any(String),
      openLeads: 2,
      joinedAt: expect.any(String),
    });
  });
});

describe('never zero owners', () => {
  it('the last owner cannot be demoted, deactivated or removed (409 last-owner), nothing changes', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const owner = org.users.owner.id;
    expect(
      await problem(await call(t, sessions.owner, 'PATCH', `/api/members/${owner}`, { role: 'admin' })),
    ).toEqual([409, 'last-owner']);
    const deactivate = { leads: { action: 'unassign' } };
    expect(
      await problem(await call(t, sessions.owner, 'POST', `/api/members/${owner}/deactivate`, deactivate)),
    ).toEqual([409, 'last-owner']);
    expect(await problem(await call(t, sessions.owner, 'DELETE', `/api/members/${owner}`))).toEqual([
      409,
      'last-owner',
    ]);
    expect(await member(org, owner)).toEqual({ role: 'owner', status: 'active' });
    expect((await call(t, sessions.owner, 'GET', '/api/members')).status).toBe(200);
  });

  it('admins cannot change an owner nor grant the owner role; an owner can', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const patch = (s: Session, id: string, role: Role) => call(t, s, 'PATCH', `/api/members/${id}`, { role });
    expect(await problem(await patch(sessions.admin, org.users.owner.id, 'admin'))).toEqual([
      403,
      'forbidden',
    ]);
    expect(await problem(await patch(sessions.admin, org.users.member.id, 'owner'))).toEqual([
      403,
      'forbidden',
    ]);
    const promoted = await patch(sessions.owner, org.users.admin.id, 'owner');
    expect(await promoted.json()).toMatchObject({ id: org.users.admin.id, role: 'owner' });
    // With two owners, one may step down.
    expect((await patch(sessions.owner, org.users.owner.id, 'admin')).status).toBe(200);
    const events = await audit(org, 'membership.role_changed');
    expect(events.map((e) => [e.entity_id, e.actor_id, e.data])).toEqual([
      [org.users.admin.id, org.users.owner.id, { before: { role: 'admin' }, after: { role: 'owner' } }],
      [org.users.owner.id, org.users.owner.id, { before: { role: 'owner' }, after: { role: 'admin' } }],
    ]);
  });

  it('two owners demoting each other at once: exactly one succeeds', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await call(t, sessions.owner, 'PATCH', `/api/members/${org.users.admin.id}`, { role: 'owner' });
    const second = { ...sessions.admin, role: 'owner' as Role };
    const results = await Promise.all([
      call(t, sessions.owner, 'PATCH', `/api/members/${org.users.admin.id}`, { role: 'member' }),
      call(t, second, 'PATCH', `/api/members/${org.users.owner.id}`, { role: 'member' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const [owners] = await t.sql<{ n: number }>(
      `select count(*)::int as n from memberships where organization_id = $1 and role = 'owner' and status = 'active'`,
      [org.organizationId],
    );
    expect(owners!.n).toBe(1);
  });
});

describe('deactivation', () => {
  it('ends sessions and API keys on the next request, reassigns open leads to one member, audits', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const memberId = org.users.member.id;
    const key = await createApiKey(t.deps, t.db, sessionAuth(org, 'member'), {
      name: 'mine',
      role: 'member',
      scopes: ['leads:read'],
    });
    const bearer = { authorization: `Bearer ${key.key}` };
    expect((await t.app.request('/api/leads', { headers: bearer })).status).toBe(200);
    const open = await seedLead(t, org, { lastName: 'Mine' }, { assignedTo: memberId });
    const lost = await seedLead(t, org, { lastName: 'Lost' }, { assignedTo: memberId, status: 'LOST' });

    const res = await call(t, sessions.admin, 'POST', `/api/members/${memberId}/deactivate`, {
      leads: { action: 'reassign', to: org.users.admin.id },
    });
    expect(await res.json()).toMatchObject({
      member: { id: memberId, status: 'deactivated' },
      leads: { action: 'reassign', count: 1 },
    });
    expect((await call(t, sessions.member, 'GET', '/api/leads')).status).toBe(401);
    expect((await t.app.request('/api/leads', { headers: bearer })).status).toBe(401);
    expect(
      await problem(await postJson(t, '/api/session', { email: org.users.member.email, password: PASSWORD })),
    ).toEqual([403, 'member-deactivated']);
    const leads = await t.sql('select id, assigned_to from leads where id in ($1, $2) order by id', [
      open,
      lost,
    ]);
    expect(Object.fromEntries(leads.map((l) => [l.id, l.assigned_to]))).toEqual({
      [open]: org.users.admin.id,
      [lost]: memberId,
    });
    const [event] = await audit(org, 'membership.deactivated');
    expect(event).toMatchObject({
      entity_id: memberId,
      actor_id: org.users.admin.id,
      data: { before: { status: 'active' }, after: { status: 'deactivated' }, leads: { count: 1 } },
    });
    const assigned = await t.sql('select data from lead_events where lead_id = $1 and type = $2', [
      open,
      'assigned',
    ]);
    expect(assigned).toEqual([{ data: { from: memberId, to: org.users.admin.id, version: 2 } }]);
    // A deactivated member takes no leads, and the pickers say so.
    const assign = await call(t, sessions.admin, 'POST', `/api/leads/${open}/assign`, {
      assigneeId: memberId,
    });
    expect(assign.status).toBe(422);
    const pickers = (await (await call(t, sessions.admin, 'GET', '/api/users')).json()) as {
      items: Array<{ id: string; assignable: boolean }>;
    };
    expect(pickers.items.find((u) => u.id === memberId)?.assignable).toBe(false);

    const back = await call(t, sessions.admin, 'POST', `/api/members/${memberId}/reactivate`);
    expect(await back.json()).toMatchObject({ status: 'active' });
    expect((await call(t, sessions.member, 'GET', '/api/leads')).status).toBe(401);
    expect((await signIn(t, org.users.member.email)).cookie).toBeTruthy();
    expect((await t.app.request('/api/leads', { headers: bearer })).status).toBe(200);
  });

  it('leaves open leads unassigned and tells the admins', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const memberId = org.users.member.id;
    const lead = await seedLead(t, org, { lastName: 'Orphan' }, { assignedTo: memberId });
    const res = await call(t, sessions.owner, 'POST', `/api/members/${memberId}/deactivate`, {
      leads: { action: 'unassign' },
    });
    expect(res.status).toBe(200);
    expect(await t.sql('select assigned_to from leads where id = $1', [lead])).toEqual([
      { assigned_to: null },
    ]);
    const told = await t.sql<{ user_id: string; data: Record<string, unknown> }>(
      `select user_id, data from notifications where organization_id = $1 and type = 'member.leads-unassigned' order by user_id`,
      [org.organizationId],
    );
    expect(told.map((n) => n.user_id).sort()).toEqual([org.users.admin.id, org.users.owner.id].sort());
    expect(told[0]!.data).toMatchObject({ userId: memberId, count: 1 });
  });

  it('refuses a viewer or the member themselves as heir (422), nothing changed', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const memberId = org.users.member.id;
    const send = (to: string) =>
      call(t, sessions.admin, 'POST', `/api/members/${memberId}/deactivate`, {
        leads: { action: 'reassign', to },
      });
    expect(await problem(await send(org.users.viewer.id))).toEqual([
      422,
      'validation-failed',
      '/leads/to:invalid_assignee',
    ]);
    expect(await problem(await send(memberId))).toEqual([422, 'validation-failed', '/leads/to:same_member']);
    expect(await member(org, memberId)).toEqual({ role: 'member', status: 'active' });
  });

  it('removal: the member is gone from the organization and their session ends', async () => {
    const { org, sessions } = await orgWithSessions(t);
    expect((await call(t, sessions.admin, 'DELETE', `/api/members/${org.users.member.id}`)).status).toBe(204);
    expect((await call(t, sessions.member, 'GET', '/api/leads')).status).toBe(401);
    expect(await member(org, org.users.member.id)).toBeUndefined();
    const users = (await (await call(t, sessions.admin, 'GET', '/api/users')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(users.items.map((u) => u.id)).not.toContain(org.users.member.id);
    expect((await audit(org, 'membership.removed')).map((e) => e.entity_id)).toEqual([org.users.member.id]);
  });
});

describe('sessions and password', () => {
  it('sign out everywhere else ends the other sessions, keeps this one', async () => {
    const { org } = await orgWithSessions(t);
    const here = await signIn(t, org.users.viewer.email);
    const there = await signIn(t, org.users.viewer.email);
    const res = await t.app.request('/api/session/others', { method: 'DELETE', headers: here.headers });
    expect(await res.json()).toEqual({ ended: 2 }); // `there` and orgWithSessions' session
    expect((await t.app.request('/api/leads', { headers: there.headers })).status).toBe(401);
    expect((await t.app.request('/api/leads', { headers: here.headers })).status).toBe(200);
  });

  it('a password change needs the current password and ends the other sessions', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const here = await signIn(t, org.users.member.email);
    const change = (currentPassword: string) =>
      postJson(
        t,
        '/api/account/password',
        { currentPassword, newPassword: 'a brand new password' },
        here.headers,
      );
    expect(await problem(await change('wrong'))).toEqual([
      422,
      'validation-failed',
      '/currentPassword:incorrect_password',
    ]);
    expect((await call(t, sessions.member, 'GET', '/api/leads')).status).toBe(200);
    expect((await change(PASSWORD)).status).toBe(204);
    expect((await call(t, sessions.member, 'GET', '/api/leads')).status).toBe(401);
    expect((await t.app.request('/api/leads', { headers: here.headers })).status).toBe(200);
    expect(
      (await postJson(t, '/api/session', { email: org.users.member.email, password: PASSWORD })).status,
    ).toBe(401);
    expect((await signIn(t, org.users.member.email, 'a brand new password')).cookie).toBeTruthy();
  });
});

/** Every people endpoint an admin uses, with a path to a target of the given organization. */
type Target = { invitationId: string; userId: string; teamId: string; teamMemberId: string };
const ADMIN_ROUTES: Array<[name: string, method: string, path: (x: Target) => string, body?: unknown]> = [
  ['GET /api/members', 'GET', () => '/api/members'],
  ['GET /api/invitations', 'GET', () => '/api/invitations'],
  ['POST /api/invitations', 'POST', () => '/api/invitations', { email: 'rbac@example.test', role: 'viewer' }],
  ['POST /api/invitations/{id}/resend', 'POST', (x) => `/api/invitations/${x.invitationId}/resend`],
  ['DELETE /api/invitations/{id}', 'DELETE', (x) => `/api/invitations/${x.invitationId}`],
  ['PATCH /api/members/{userId}', 'PATCH', (x) => `/api/members/${x.userId}`, { role: 'member' }],
  [
    'POST /api/members/{userId}/deactivate',
    'POST',
    (x) => `/api/members/${x.userId}/deactivate`,
    { leads: { action: 'unassign' } },
  ],
  ['POST /api/members/{userId}/reactivate', 'POST', (x) => `/api/members/${x.userId}/reactivate`],
  ['DELETE /api/members/{userId}', 'DELETE', (x) => `/api/members/${x.userId}`],
  ['GET /api/teams', 'GET', () => '/api/teams'],
  ['POST /api/teams', 'POST', () => '/api/teams', { name: 'New team' }],
  ['PATCH /api/teams/{id}', 'PATCH', (x) => `/api/teams/${x.teamId}`, { name: 'Renamed' }],
  ['DELETE /api/teams/{id}', 'DELETE', (x) => `/api/teams/${x.teamId}`],
  [
    'PUT /api/teams/{id}/members/{userId}',
    'PUT',
    (x) => `/api/teams/${x.teamId}/members/${x.teamMemberId}`,
    { senior: true },
  ],
  [
    'DELETE /api/teams/{id}/members/{userId}',
    'DELETE',
    (x) => `/api/teams/${x.teamId}/members/${x.teamMemberId}`,
  ],
];

async function target(org: TestOrg, by: Session): Promise<Target> {
  const res = await call(t, by, 'POST', '/api/invitations', {
    email: `target.${Math.random().toString(36).slice(2)}@example.test`,
    role: 'viewer',
  });
  const team = await call(t, by, 'POST', '/api/teams', { name: 'Target' });
  const teamId = ((await team.json()) as { id: string }).id;
  const teamMemberId = org.users.member.id;
  await call(t, by, 'PUT', `/api/teams/${teamId}/members/${teamMemberId}`, { senior: false });
  return {
    invitationId: ((await res.json()) as { id: string }).id,
    userId: org.users.viewer.id,
    teamId,
    teamMemberId,
  };
}

const state = (org: TestOrg) =>
  t.sql(
    `select (select count(*)::int from lead_events where organization_id = $1) as events,
            (select json_agg(json_build_array(user_id, role, status) order by user_id) from memberships where organization_id = $1) as members,
            (select json_agg(json_build_array(id, token_hash, revoked_at) order by id) from invitations where organization_id = $1) as invitations,
            (select json_agg(json_build_array(id, name) order by id) from teams where organization_id = $1) as teams,
            (select json_agg(json_build_array(team_id, user_id, senior) order by team_id, user_id) from team_members where organization_id = $1) as team_members`,
    [org.organizationId],
  );

describe('RBAC: a member or viewer gets 403 from every people and teams endpoint, nothing changed', () => {
  it.each(
    ADMIN_ROUTES.flatMap((r) => (['viewer', 'member'] as const).map((role) => [r[0], role, r] as const)),
  )('%s as %s', async (_name, role, [, method, path, body]) => {
    const { org, sessions } = await orgWithSessions(t);
    const x = await target(org, sessions.admin);
    const before = await state(org);
    expect(await problem(await call(t, sessions[role], method, path(x), body))).toEqual([403, 'forbidden']);
    expect(await state(org)).toEqual(before);
  });

  it.each(ADMIN_ROUTES.map((r) => [r[0], r] as const))(
    '%s without a session → 401',
    async (_n, [, method, path, body]) => {
      const { org, sessions } = await orgWithSessions(t);
      expect((await call(t, null, method, path(await target(org, sessions.admin)), body)).status).toBe(401);
    },
  );
});

describe('organization isolation: another organization’s invitation, member or team → 404, nothing changed', () => {
  it.each(ADMIN_ROUTES.filter((r) => r[2].length > 0 && r[1] !== 'GET' && r[0] !== 'POST /api/invitations'))(
    '%s',
    async (_name, method, path, body) => {
      const [mine, theirs] = await Promise.all([orgWithSessions(t), orgWithSessions(t)]);
      const x = await target(theirs.org, theirs.sessions.admin);
      if (path(x).endsWith('/reactivate'))
        await t.sql(`update memberships set status = 'deactivated' where user_id = $1`, [x.userId]);
      const [before, beforeMine] = [await state(theirs.org), await state(mine.org)];
      expect(await problem(await call(t, mine.sessions.owner, method, path(x), body))).toEqual([
        404,
        'not-found',
      ]);
      expect(await state(theirs.org)).toEqual(before);
      expect(await state(mine.org)).toEqual(beforeMine);
    },
  );

  it('lists only the own organization', async () => {
    const [mine, theirs] = await Promise.all([orgWithSessions(t), orgWithSessions(t)]);
    await target(theirs.org, theirs.sessions.admin);
    const invitations = (await (await call(t, mine.sessions.admin, 'GET', '/api/invitations')).json()) as {
      items: unknown[];
    };
    expect(invitations.items).toEqual([]);
    const members = (await (await call(t, mine.sessions.admin, 'GET', '/api/members')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(members.items.map((m) => m.id).sort()).toEqual(ROLES.map((r) => mine.org.users[r].id).sort());
  });

  it('an invitation token of another organization joins that organization only', async () => {
    const [mine, theirs] = await Promise.all([orgWithSessions(t), orgWithSessions(t)]);
    const email = `cross.${Math.random().toString(36).slice(2)}@example.test`;
    await call(t, theirs.sessions.admin, 'POST', '/api/invitations', { email, role: 'member' });
    const token = await invitationToken(t, theirs.org.organizationId, email);
    const res = await postJson(t, '/api/invitations/accept', {
      token,
      name: 'Cross',
      password: 'cross password',
    });
    expect(await res.json()).toMatchObject({ organization: { id: theirs.org.organizationId } });
    expect((await state(mine.org))[0]!.members).toHaveLength(4);
  });
});

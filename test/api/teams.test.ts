import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../edge/deps';
import { postJson, setupApi, type TestApi, type TestOrg } from '../support/api';
import { call, orgWithSessions, type Session, seedLead } from '../support/workspace';

type Problem = { code: string; errors?: Array<{ pointer: string; code: string }>; rules?: unknown };
type Team = {
  id: string;
  name: string;
  members: Array<{ id: string; senior: boolean; status: string }>;
  createdAt: string;
};

const problem = async (res: Response) => {
  const body = (await res.json()) as Problem;
  return [res.status, body.code, ...(body.errors ?? []).map((e) => `${e.pointer}:${e.code}`)];
};

describe.each(['postgres', 'pglite'] as const)('teams on %s', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } }, { database });
  });
  afterAll(() => t.close());

  const audit = (org: TestOrg, prefix: string) =>
    t.sql<{ type: string; entity_id: string; actor_id: string; data: Record<string, unknown> }>(
      `select type, entity_id, actor_id, data from lead_events where organization_id = $1 and type like $2 order by id`,
      [org.organizationId, `${prefix}%`],
    );

  async function createTeam(s: Session, name: string): Promise<Team> {
    const res = await call(t, s, 'POST', '/api/teams', { name });
    expect(res.status).toBe(201);
    return (await res.json()) as Team;
  }

  const addMember = (s: Session, teamId: string, userId: string, senior = false) =>
    call(t, s, 'PUT', `/api/teams/${teamId}/members/${userId}`, { senior });

  const assigneeOf = async (org: TestOrg, lastName: string) => {
    const [row] = await t.sql<{ assigned_to: string | null }>(
      'select assigned_to from leads where organization_id = $1 and last_name = $2',
      [org.organizationId, lastName],
    );
    return row?.assigned_to;
  };

  it('creates, lists, changes members, renames and deletes a team, auditing each change', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const team = await createTeam(sessions.admin, '  SDR   DACH ');
    expect(team).toEqual({
      id: expect.any(String),
      name: 'SDR DACH',
      members: [],
      createdAt: expect.any(String),
    });
    expect((await addMember(sessions.admin, team.id, org.users.member.id)).status).toBe(200);
    const withSenior = await addMember(sessions.owner, team.id, org.users.admin.id, true);
    expect(((await withSenior.json()) as Team).members.map((m) => [m.id, m.senior]).sort()).toEqual(
      [
        [org.users.member.id, false],
        [org.users.admin.id, true],
      ].sort(),
    );
    expect((await addMember(sessions.admin, team.id, org.users.member.id, true)).status).toBe(200);
    const removed = await call(
      t,
      sessions.admin,
      'DELETE',
      `/api/teams/${team.id}/members/${org.users.admin.id}`,
    );
    expect(((await removed.json()) as Team).members.map((m) => [m.id, m.senior])).toEqual([
      [org.users.member.id, true],
    ]);
    const renamed = await call(t, sessions.admin, 'PATCH', `/api/teams/${team.id}`, {
      name: 'SDR Österreich',
    });
    expect(await renamed.json()).toMatchObject({ id: team.id, name: 'SDR Österreich' });
    const list = (await (await call(t, sessions.admin, 'GET', '/api/teams')).json()) as { items: Team[] };
    expect(list.items.map((x) => [x.name, x.members.map((m) => m.id)])).toEqual([
      ['SDR Österreich', [org.users.member.id]],
    ]);
    expect((await call(t, sessions.admin, 'DELETE', `/api/teams/${team.id}`)).status).toBe(204);
    expect(await (await call(t, sessions.admin, 'GET', '/api/teams')).json()).toEqual({ items: [] });
    expect(await t.sql('select * from team_members where team_id = $1', [team.id])).toEqual([]);

    const events = await audit(org, 'team.');
    expect(events.map((e) => [e.type, e.entity_id, e.actor_id, e.data])).toEqual([
      ['team.created', team.id, org.users.admin.id, { before: null, after: { name: 'SDR DACH' } }],
      [
        'team.member_added',
        team.id,
        org.users.admin.id,
        { userId: org.users.member.id, before: null, after: { senior: false } },
      ],
      [
        'team.member_added',
        team.id,
        org.users.owner.id,
        { userId: org.users.admin.id, before: null, after: { senior: true } },
      ],
      [
        'team.member_changed',
        team.id,
        org.users.admin.id,
        { userId: org.users.member.id, before: { senior: false }, after: { senior: true } },
      ],
      [
        'team.member_removed',
        team.id,
        org.users.admin.id,
        { userId: org.users.admin.id, before: { senior: true }, after: null },
      ],
      [
        'team.renamed',
        team.id,
        org.users.admin.id,
        { before: { name: 'SDR DACH' }, after: { name: 'SDR Österreich' }, routingRules: [] },
      ],
      [
        'team.deleted',
        team.id,
        org.users.admin.id,
        {
          before: { name: 'SDR Österreich', members: [{ userId: org.users.member.id, senior: true }] },
          after: null,
        },
      ],
    ]);
  });

  it.each([
    ['an empty name', '', '/name:required'],
    ['only spaces', '   ', '/name:required'],
    ['101 characters', 'x'.repeat(101), '/name:too_big'],
    ['the same name in other case and accents', 'sdr dách', '/name:duplicate'],
  ])('%s → 422 with a pointer, nothing stored', async (_what, name, pointer) => {
    const { org, sessions } = await orgWithSessions(t);
    await createTeam(sessions.admin, 'SDR DACH');
    expect(await problem(await call(t, sessions.admin, 'POST', '/api/teams', { name }))).toEqual([
      422,
      'validation-failed',
      pointer,
    ]);
    expect(await t.sql('select name from teams where organization_id = $1', [org.organizationId])).toEqual([
      { name: 'SDR DACH' },
    ]);
  });

  it('a rename onto another team’s name → 422; onto its own in other case → renamed', async () => {
    const { sessions } = await orgWithSessions(t);
    const a = await createTeam(sessions.admin, 'Alpha');
    await createTeam(sessions.admin, 'Beta');
    expect(
      await problem(await call(t, sessions.admin, 'PATCH', `/api/teams/${a.id}`, { name: 'BETA' })),
    ).toEqual([422, 'validation-failed', '/name:duplicate']);
    const res = await call(t, sessions.admin, 'PATCH', `/api/teams/${a.id}`, { name: 'ALPHA' });
    expect(await res.json()).toMatchObject({ name: 'ALPHA' });
  });

  it('refuses a viewer, a deactivated member and another organization’s user as team members', async () => {
    const [{ org, sessions }, theirs] = await Promise.all([orgWithSessions(t), orgWithSessions(t)]);
    const team = await createTeam(sessions.admin, 'Inbound');
    expect(await problem(await addMember(sessions.admin, team.id, org.users.viewer.id))).toEqual([
      422,
      'validation-failed',
      '/userId:invalid_assignee',
    ]);
    await call(t, sessions.admin, 'POST', `/api/members/${org.users.member.id}/deactivate`, {
      leads: { action: 'unassign' },
    });
    expect(await problem(await addMember(sessions.admin, team.id, org.users.member.id))).toEqual([
      422,
      'validation-failed',
      '/userId:invalid_assignee',
    ]);
    expect(await problem(await addMember(sessions.admin, team.id, theirs.org.users.member.id))).toEqual([
      404,
      'not-found',
    ]);
    expect(await t.sql('select * from team_members where team_id = $1', [team.id])).toEqual([]);
  });

  it('routing keeps assigning after a rename: the rules that name the team are renamed with it', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const team = await createTeam(sessions.admin, 'Inbound');
    await addMember(sessions.admin, team.id, org.users.member.id);
    const rules = [
      { name: 'Everyone', condition: {}, action: { type: 'team', team: 'INBOUND' } },
      { name: 'Other', enabled: false, condition: {}, action: { type: 'team', team: 'Elsewhere' } },
    ];
    expect((await call(t, sessions.admin, 'PUT', '/api/routing-rules', { rules })).status).toBe(200);
    await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName: 'Before' });
    expect(await assigneeOf(org, 'Before')).toBe(org.users.member.id);

    await call(t, sessions.admin, 'PATCH', `/api/teams/${team.id}`, { name: 'Outbound EU' });
    const saved = (await (await call(t, sessions.viewer, 'GET', '/api/routing-rules')).json()) as {
      items: Array<{ id: string; name: string; action: unknown }>;
    };
    expect(saved.items.map((r) => [r.name, r.action])).toEqual([
      ['Everyone', { type: 'team', team: 'Outbound EU', seniorOnly: false }],
      ['Other', { type: 'team', team: 'Elsewhere', seniorOnly: false }],
    ]);
    // A member added after the rename joins the rotation.
    await addMember(sessions.admin, team.id, org.users.owner.id);
    await addMember(sessions.admin, team.id, org.users.admin.id);
    for (const lastName of ['A1', 'A2', 'A3'])
      await postJson(t, `/v1/forms/${org.formId}/submissions`, { lastName });
    const assigned = await Promise.all(['A1', 'A2', 'A3'].map((n) => assigneeOf(org, n)));
    expect(new Set(assigned)).toEqual(new Set([org.users.member.id, org.users.admin.id, org.users.owner.id]));
    const [renamed] = await audit(org, 'routing_rules.team_renamed');
    expect(renamed).toMatchObject({
      actor_id: org.users.admin.id,
      data: {
        before: [{ id: saved.items[0]!.id, action: { type: 'team', team: 'INBOUND' } }],
        after: [{ id: saved.items[0]!.id, action: { type: 'team', team: 'Outbound EU' } }],
      },
    });
  });

  it('a team an enabled rule names cannot be deleted (409 listing the rules); a disabled one does not block', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const team = await createTeam(sessions.admin, 'Inbound');
    const put = (enabled: boolean) =>
      call(t, sessions.admin, 'PUT', '/api/routing-rules', {
        rules: [{ name: 'Everyone', enabled, condition: {}, action: { type: 'team', team: 'inbound' } }],
      });
    await put(true);
    const res = await call(t, sessions.admin, 'DELETE', `/api/teams/${team.id}`);
    const body = (await res.json()) as Problem;
    expect([res.status, body.code, body.rules]).toEqual([
      409,
      'team-in-use',
      [{ id: expect.any(String), name: 'Everyone' }],
    ]);
    expect(await t.sql('select id from teams where id = $1', [team.id])).toHaveLength(1);
    await put(false);
    expect((await call(t, sessions.admin, 'DELETE', `/api/teams/${team.id}`)).status).toBe(204);
    expect(await audit(org, 'team.deleted')).toHaveLength(1);
  });

  it('deactivation spreads open leads evenly over the team’s other active members, audited and told', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const leaving = org.users.member.id;
    const team = await createTeam(sessions.admin, 'Inbound');
    for (const role of ['member', 'admin', 'owner'] as const)
      await addMember(sessions.admin, team.id, org.users[role].id);
    const base = Date.parse('2026-01-01T00:00:00Z');
    const open = [];
    for (let i = 0; i < 5; i++)
      open.push(
        await seedLead(t, org, { lastName: `L${i}` }, { assignedTo: leaving, createdAt: new Date(base + i) }),
      );
    const lost = await seedLead(t, org, { lastName: 'Lost' }, { assignedTo: leaving, status: 'LOST' });

    const res = await call(t, sessions.admin, 'POST', `/api/members/${leaving}/deactivate`, {
      leads: { action: 'round-robin', teamId: team.id },
    });
    expect(await res.json()).toMatchObject({
      member: { id: leaving, status: 'deactivated' },
      leads: { action: 'round-robin', count: 5 },
    });
    const heirs = [org.users.admin.id, org.users.owner.id].sort();
    const rows = await t.sql<{ id: string; assigned_to: string }>(
      'select id, assigned_to from leads where organization_id = $1',
      [org.organizationId],
    );
    const byLead = Object.fromEntries(rows.map((r) => [r.id, r.assigned_to]));
    expect(open.map((id) => byLead[id])).toEqual([heirs[0], heirs[1], heirs[0], heirs[1], heirs[0]]);
    expect(byLead[lost]).toBe(leaving);
    const assigned = await t.sql<{ lead_id: string; actor_id: string; data: Record<string, unknown> }>(
      `select lead_id, actor_id, data from lead_events where organization_id = $1 and type = 'assigned' order by lead_id`,
      [org.organizationId],
    );
    expect(assigned).toEqual(
      open
        .map((id) => ({
          lead_id: id,
          actor_id: org.users.admin.id,
          data: { from: leaving, to: byLead[id], version: 2 },
        }))
        .sort((a, b) => (a.lead_id < b.lead_id ? -1 : 1)),
    );
    const told = await t.sql<{ user_id: string; data: Record<string, unknown> }>(
      `select user_id, data from notifications where organization_id = $1 and type = 'member.leads-reassigned' order by user_id`,
      [org.organizationId],
    );
    expect(told).toEqual([
      { user_id: heirs[0], data: { userId: leaving, name: expect.any(String), count: 3 } },
      { user_id: heirs[1], data: { userId: leaving, name: expect.any(String), count: 2 } },
    ]);
    const [event] = await audit(org, 'membership.deactivated');
    expect(event!.data).toMatchObject({ leads: { action: 'round-robin', teamId: team.id, heirs, count: 5 } });
  });

  it('deactivation round-robin refuses an empty team or another organization’s team (422), nothing changed', async () => {
    const [{ org, sessions }, theirs] = await Promise.all([orgWithSessions(t), orgWithSessions(t)]);
    const leaving = org.users.member.id;
    const alone = await createTeam(sessions.admin, 'Alone');
    await addMember(sessions.admin, alone.id, leaving);
    const foreign = await createTeam(theirs.sessions.admin, 'Foreign');
    await addMember(theirs.sessions.admin, foreign.id, theirs.org.users.admin.id);
    const lead = await seedLead(t, org, { lastName: 'Mine' }, { assignedTo: leaving });
    const send = (teamId: string) =>
      call(t, sessions.admin, 'POST', `/api/members/${leaving}/deactivate`, {
        leads: { action: 'round-robin', teamId },
      });
    expect(await problem(await send(alone.id))).toEqual([
      422,
      'validation-failed',
      '/leads/teamId:empty_team',
    ]);
    expect(await problem(await send(foreign.id))).toEqual([
      422,
      'validation-failed',
      '/leads/teamId:not_found',
    ]);
    expect(await t.sql('select assigned_to from leads where id = $1', [lead])).toEqual([
      { assigned_to: leaving },
    ]);
    expect(await t.sql('select status from memberships where user_id = $1', [leaving])).toEqual([
      { status: 'active' },
    ]);
  });
});

describe('teams: organization isolation of the list', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } });
  });
  afterAll(() => t.close());

  it('lists only the own organization’s teams (the RBAC and 404 matrix is in people-members.test.ts)', async () => {
    const [mine, theirs] = await Promise.all([orgWithSessions(t), orgWithSessions(t)]);
    await call(t, theirs.sessions.admin, 'POST', '/api/teams', { name: 'Theirs' });
    await call(t, mine.sessions.admin, 'POST', '/api/teams', { name: 'Mine' });
    const list = (await (await call(t, mine.sessions.admin, 'GET', '/api/teams')).json()) as {
      items: Team[];
    };
    expect(list.items.map((x) => x.name)).toEqual(['Mine']);
  });
});

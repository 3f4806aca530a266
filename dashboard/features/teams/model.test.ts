import type { MemberDetail } from '@contract/people';
import type { Team } from '@contract/teams';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../api/problem';
import { toProblem } from '../../api/problem';
import { TeamsModel } from './model';

const person = (
  id: string,
  role: MemberDetail['role'],
  status: MemberDetail['status'] = 'active',
): MemberDetail => ({
  id,
  name: `Name ${id}`,
  email: `${id}@example.com`,
  role,
  status,
  lastSignInAt: null,
  openLeads: 0,
  joinedAt: '2026-01-01T00:00:00Z',
});
const team = (id: string, name: string, members: Team['members'] = []): Team => ({
  id,
  name,
  members,
  createdAt: '2026-01-01T00:00:00Z',
});
const problem = (status: number, code: string, extra: Partial<Problem> = {}): Problem => ({
  type: 'about:blank',
  title: '',
  status,
  code,
  ...extra,
});

async function loaded(teams: Team[]) {
  const model = new TeamsModel();
  await model.load({
    listTeams: async () => ({ ok: true, data: { items: teams } }),
    listMembers: async () => ({
      ok: true,
      data: { items: [person('a', 'admin'), person('v', 'viewer'), person('d', 'member', 'deactivated')] },
    }),
  });
  return model;
}

describe('TeamsModel', () => {
  it('offers only active members who can take leads to join a team', async () => {
    const model = await loaded([]);
    expect(model.candidates.value.map((m) => m.id)).toEqual(['a']);
  });

  it('keeps teams sorted by name as they are created and renamed', async () => {
    const model = await loaded([team('t1', 'Beta')]);
    await model.create({ createTeam: async (name) => ({ ok: true, data: team('t2', name) }) }, 'Alpha');
    expect(model.items.value.map((t) => t.name)).toEqual(['Alpha', 'Beta']);
    expect(model.notice.value).toEqual({ kind: 'created', team: 'Alpha' });
    await model.rename(
      { renameTeam: async (id, name) => ({ ok: true, data: team(id, name) }) },
      't2',
      'Gamma',
    );
    expect(model.items.value.map((t) => t.name)).toEqual(['Beta', 'Gamma']);
  });

  it('a refused action names itself as the failed one; the next success clears it', async () => {
    const model = await loaded([team('t1', 'Beta')]);
    const taken = problem(422, 'validation-failed', {
      errors: [{ pointer: '/name', detail: 'taken', code: 'duplicate' }],
    });
    await model.rename({ renameTeam: async () => ({ ok: false, problem: taken }) }, 't1', 'Alpha');
    expect([model.failed.value, model.problem.value?.code]).toEqual(['rename:t1', 'validation-failed']);
    expect(model.items.value.map((t) => t.name)).toEqual(['Beta']);
    await model.addMember(
      {
        putTeamMember: async (id, userId, senior) => ({
          ok: true,
          data: team(id, 'Beta', [{ ...person(userId, 'admin'), senior }]),
        }),
      },
      't1',
      'a',
    );
    expect([model.failed.value, model.problem.value]).toEqual([null, null]);
    expect(model.notice.value).toEqual({ kind: 'added', team: 'Beta', member: 'Name a' });
  });

  it('a team routing rules still use stays, with the rules the problem names', async () => {
    const model = await loaded([team('t1', 'Beta')]);
    const body = { code: 'team-in-use', status: 409, rules: [{ id: 'rr_1', name: 'Everyone' }] };
    await model.remove(
      { deleteTeam: async () => ({ ok: false, problem: toProblem(409, body) }) },
      team('t1', 'Beta'),
    );
    expect(model.items.value).toHaveLength(1);
    expect(model.problem.value?.rules).toEqual([{ id: 'rr_1', name: 'Everyone' }]);
  });
});

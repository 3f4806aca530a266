import type { MemberDetail } from '@contract/people';
import type { Team } from '@contract/teams';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import { actionRunner } from '../../api/action';
import type { ApiResult } from '../../api/call';
import type { PeopleApi } from '../../api/people';
import type { Problem } from '../../api/problem';

/** The outcome of the last action, for the page's status line (problems go to its alert or a field). */
export type TeamNotice =
  | { kind: 'created' | 'renamed' | 'deleted'; team: string }
  | { kind: 'added' | 'removed' | 'senior' | 'notSenior'; team: string; member: string };

type TeamsApi = Pick<
  PeopleApi,
  | 'listTeams'
  | 'listMembers'
  | 'createTeam'
  | 'renameTeam'
  | 'deleteTeam'
  | 'putTeamMember'
  | 'removeTeamMember'
>;

/** Teams in the settings: the list with members, the members who may join, and the changes admins make. */
export const TeamsModel = createModel(() => {
  const items = signal<Team[]>([], { name: 'teams.items' });
  const members = signal<MemberDetail[]>([], { name: 'teams.members' });
  const loading = signal(true, { name: 'teams.loading' });
  const problem = signal<Problem | null>(null, { name: 'teams.problem' });
  const notice = signal<TeamNotice | null>(null, { name: 'teams.notice' });
  const busy = signal<string | null>(null, { name: 'teams.busy' });
  /** The action whose problem is shown: a form shows field errors only for its own action. */
  const failed = signal<string | null>(null, { name: 'teams.failed' });
  /** Active members who can take leads: the ones a team can take in (viewers take no leads). */
  const candidates = computed(
    () => members.value.filter((m) => m.status === 'active' && m.role !== 'viewer'),
    {
      name: 'teams.candidates',
    },
  );

  const run = actionRunner<TeamNotice>({ busy, problem, notice });
  async function act<T>(key: string, call: () => Promise<ApiResult<T>>, done: (data: T) => TeamNotice) {
    const result = await run(key, call, done);
    failed.value = result.ok ? null : key;
    return result;
  }
  const put = (team: Team) => {
    const others = items.value.filter((t) => t.id !== team.id);
    items.value = [...others, team].sort((a, b) => a.name.localeCompare(b.name));
  };
  const nameOf = (userId: string) => members.value.find((m) => m.id === userId)?.name ?? '';

  return {
    items: items as ReadonlySignal<Team[]>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    notice: notice as ReadonlySignal<TeamNotice | null>,
    busy: busy as ReadonlySignal<string | null>,
    failed: failed as ReadonlySignal<string | null>,
    candidates,

    async load(api: Pick<TeamsApi, 'listTeams' | 'listMembers'>): Promise<void> {
      loading.value = true;
      const [teams, people] = await Promise.all([api.listTeams(), api.listMembers()]);
      batch(() => {
        loading.value = false;
        problem.value = !teams.ok ? teams.problem : !people.ok ? people.problem : null;
        if (teams.ok) items.value = teams.data.items;
        if (people.ok) members.value = people.data.items;
      });
    },

    create: (api: Pick<TeamsApi, 'createTeam'>, name: string) =>
      act(
        'new',
        () => api.createTeam(name),
        (team) => {
          put(team);
          return { kind: 'created', team: team.name };
        },
      ),

    rename: (api: Pick<TeamsApi, 'renameTeam'>, id: string, name: string) =>
      act(
        `rename:${id}`,
        () => api.renameTeam(id, name),
        (team) => {
          put(team);
          return { kind: 'renamed', team: team.name };
        },
      ),

    remove: (api: Pick<TeamsApi, 'deleteTeam'>, team: Team) =>
      act(
        `delete:${team.id}`,
        () => api.deleteTeam(team.id),
        () => {
          items.value = items.value.filter((t) => t.id !== team.id);
          return { kind: 'deleted', team: team.name };
        },
      ),

    addMember: (api: Pick<TeamsApi, 'putTeamMember'>, id: string, userId: string) =>
      act(
        `add:${id}`,
        () => api.putTeamMember(id, userId, false),
        (team) => {
          put(team);
          return { kind: 'added', team: team.name, member: nameOf(userId) };
        },
      ),

    setSenior: (api: Pick<TeamsApi, 'putTeamMember'>, id: string, userId: string, senior: boolean) =>
      act(
        `member:${id}:${userId}`,
        () => api.putTeamMember(id, userId, senior),
        (team) => {
          put(team);
          return { kind: senior ? 'senior' : 'notSenior', team: team.name, member: nameOf(userId) };
        },
      ),

    removeMember: (api: Pick<TeamsApi, 'removeTeamMember'>, id: string, userId: string) =>
      act(
        `member:${id}:${userId}`,
        () => api.removeTeamMember(id, userId),
        (team) => {
          put(team);
          return { kind: 'removed', team: team.name, member: nameOf(userId) };
        },
      ),
  };
});

export type TeamsModel = InstanceType<typeof TeamsModel>;

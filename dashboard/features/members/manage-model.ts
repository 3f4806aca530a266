import type { DeactivateMember, MemberDetail } from '@contract/people';
import type { Role } from '@contract/session';
import { canManageRole } from '@core/people';
import { ROLES } from '@core/permissions';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import { actionRunner } from '../../api/action';
import type { PeopleApi } from '../../api/people';
import type { Problem } from '../../api/problem';
import type { MessageKey } from '../../i18n';

/** The roles, least first, as the role pickers list them. */
export { ROLES };

/** What the caller may do to one member: allowed, or the reason shown beside the disabled control. */
export type MemberPermission = { allowed: true } | { allowed: false; reason: MessageKey };

/**
 * Whether `caller` may change `member` (role, deactivate, reactivate, remove): admins manage viewers,
 * members and admins; only an owner manages an owner; nobody offboards themselves from this page.
 */
export function memberPermission(
  caller: { role: Role; userId: string },
  member: Pick<MemberDetail, 'id' | 'role'>,
): MemberPermission {
  if (!canManageRole(caller.role, member.role, member.role))
    return { allowed: false, reason: 'settings.members.reason.ownerOnly' };
  return { allowed: true };
}

/** Whether `caller` may offboard (deactivate or remove) `member`: as above, and never themselves. */
export function offboardPermission(
  caller: { role: Role; userId: string },
  member: Pick<MemberDetail, 'id' | 'role'>,
): MemberPermission {
  if (member.id === caller.userId) return { allowed: false, reason: 'settings.members.reason.self' };
  return memberPermission(caller, member);
}

/** The roles `caller` may give (admins: up to admin; owners: every role). */
export function grantableRoles(caller: Role): Role[] {
  return ROLES.filter((role) => canManageRole(caller, role));
}

/** The outcome of the last action, for the page's status line (problems go to its alert). */
export type MemberNotice =
  | { kind: 'role'; name: string; role: Role }
  | { kind: 'deactivated'; name: string; action: DeactivateMember['leads']['action']; count: number }
  | { kind: 'reactivated'; name: string }
  | { kind: 'removed'; name: string };

/** The members page: the list, the last action's outcome, and the actions admins take on members. */
export const MembersModel = createModel(() => {
  const items = signal<MemberDetail[]>([], { name: 'members.items' });
  const loading = signal(true, { name: 'members.loading' });
  const problem = signal<Problem | null>(null, { name: 'members.problem' });
  const notice = signal<MemberNotice | null>(null, { name: 'members.notice' });
  const busy = signal<string | null>(null, { name: 'members.busy' });
  /** Active members who can take over leads (not viewers), for the deactivation's reassign choice. */
  const assignable = computed(() => items.value.filter((m) => m.status === 'active' && m.role !== 'viewer'), {
    name: 'members.assignable',
  });

  const replace = (member: MemberDetail) => {
    items.value = items.value.map((m) => (m.id === member.id ? member : m));
  };
  const nameOf = (id: string) => items.value.find((m) => m.id === id)?.name ?? '';

  const act = actionRunner<MemberNotice>({ busy, problem, notice });

  return {
    items: items as ReadonlySignal<MemberDetail[]>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    notice: notice as ReadonlySignal<MemberNotice | null>,
    busy: busy as ReadonlySignal<string | null>,
    assignable,

    async load(api: Pick<PeopleApi, 'listMembers'>): Promise<void> {
      loading.value = true;
      const result = await api.listMembers();
      batch(() => {
        loading.value = false;
        problem.value = result.ok ? null : result.problem;
        if (result.ok) items.value = result.data.items;
      });
    },

    changeRole: (api: Pick<PeopleApi, 'changeRole'>, id: string, role: Role) =>
      act(
        id,
        () => api.changeRole(id, role),
        (member) => {
          replace(member);
          return { kind: 'role', name: member.name, role: member.role };
        },
      ),

    deactivate: (api: Pick<PeopleApi, 'deactivate'>, id: string, body: DeactivateMember) =>
      act(
        id,
        () => api.deactivate(id, body),
        ({ member, leads }) => {
          replace(member);
          // Reassigned leads now count for the one who took them over: the list is stale until reloaded.
          if (leads.action === 'reassign' && body.leads.action === 'reassign') {
            const to = body.leads.to;
            items.value = items.value.map((m) =>
              m.id === to ? { ...m, openLeads: m.openLeads + leads.count } : m,
            );
          }
          return { kind: 'deactivated', name: member.name, action: leads.action, count: leads.count };
        },
      ),

    reactivate: (api: Pick<PeopleApi, 'reactivate'>, id: string) =>
      act(
        id,
        () => api.reactivate(id),
        (member) => {
          replace(member);
          return { kind: 'reactivated', name: member.name };
        },
      ),

    remove: (api: Pick<PeopleApi, 'remove'>, id: string) => {
      const name = nameOf(id);
      return act(
        id,
        () => api.remove(id),
        () => {
          items.value = items.value.filter((m) => m.id !== id);
          return { kind: 'removed', name };
        },
      );
    },
  };
});

export type MembersModel = InstanceType<typeof MembersModel>;

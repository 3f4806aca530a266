import type { Invitation } from '@contract/people';
import type { Role } from '@contract/session';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import { actionRunner } from '../../api/action';
import type { PeopleApi } from '../../api/people';
import type { Problem } from '../../api/problem';

/** The outcome of the last action, for the page's status line (problems go to its alert). */
export type InvitationNotice =
  | { kind: 'invited'; email: string }
  | { kind: 'resent'; email: string }
  | { kind: 'revoked'; email: string };

/** The invitations page: open invitations, inviting, resending and revoking. */
export const InvitationsModel = createModel(() => {
  const items = signal<Invitation[]>([], { name: 'invitations.items' });
  const loading = signal(true, { name: 'invitations.loading' });
  const problem = signal<Problem | null>(null, { name: 'invitations.problem' });
  const notice = signal<InvitationNotice | null>(null, { name: 'invitations.notice' });
  const busy = signal<string | null>(null, { name: 'invitations.busy' });

  const act = actionRunner<InvitationNotice>({ busy, problem, notice });

  return {
    items: items as ReadonlySignal<Invitation[]>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    notice: notice as ReadonlySignal<InvitationNotice | null>,
    /** The invitation being changed, or `new` while an invitation is being sent. */
    busy: busy as ReadonlySignal<string | null>,

    async load(api: Pick<PeopleApi, 'listInvitations'>): Promise<void> {
      loading.value = true;
      const result = await api.listInvitations();
      batch(() => {
        loading.value = false;
        problem.value = result.ok ? null : result.problem;
        if (result.ok) items.value = result.data.items;
      });
    },

    /** Invites; the new invitation heads the list. Field problems (a bad address) are the caller's to show. */
    invite: (api: Pick<PeopleApi, 'invite'>, email: string, role: Role) =>
      act(
        'new',
        () => api.invite({ email, role }),
        (invitation) => {
          items.value = [invitation, ...items.value.filter((i) => i.id !== invitation.id)];
          return { kind: 'invited', email: invitation.email };
        },
      ),

    /** Sends a new link (the old one stops working) and a new expiry. */
    resend: (api: Pick<PeopleApi, 'resendInvitation'>, id: string) =>
      act(
        id,
        () => api.resendInvitation(id),
        (invitation) => {
          items.value = items.value.map((i) => (i.id === id ? invitation : i));
          return { kind: 'resent', email: invitation.email };
        },
      ),

    revoke: (api: Pick<PeopleApi, 'revokeInvitation'>, id: string) => {
      const email = items.value.find((i) => i.id === id)?.email ?? '';
      return act(
        id,
        () => api.revokeInvitation(id),
        () => {
          items.value = items.value.filter((i) => i.id !== id);
          return { kind: 'revoked', email };
        },
      );
    },
  };
});

export type InvitationsModel = InstanceType<typeof InvitationsModel>;

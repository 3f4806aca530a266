import type { Session } from '@contract/session';
import { createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiResult } from '../../api/client';
import type { InvitationPreview, PeopleApi } from '../../api/people';
import type { Problem } from '../../api/problem';

/** Where an invitation link stands: being read, ready to accept, or closed for good (the problem's code). */
export type InvitationState =
  | { kind: 'loading' }
  | { kind: 'ready'; preview: InvitationPreview }
  | { kind: 'closed'; code: string }
  | { kind: 'failed'; problem: Problem };

/** Answers that close a link for good: unknown (404) or expired, revoked, used (410). */
const isClosing = (problem: Problem) => problem.status === 404 || problem.status === 410;

/** The invitation a link opens, and accepting it. The token comes from the URL fragment. */
export const AcceptInvitationModel = createModel(() => {
  const state = signal<InvitationState>({ kind: 'loading' }, { name: 'invitation.state' });
  return {
    state: state as ReadonlySignal<InvitationState>,

    /** Reads what the link opens; an empty token is an unknown link, asked nothing. */
    async load(api: Pick<PeopleApi, 'previewInvitation'>, token: string): Promise<void> {
      if (!token) {
        state.value = { kind: 'closed', code: 'invitation-not-found' };
        return;
      }
      state.value = { kind: 'loading' };
      const result = await api.previewInvitation(token);
      if (result.ok) state.value = { kind: 'ready', preview: result.data };
      else if (isClosing(result.problem)) state.value = { kind: 'closed', code: result.problem.code };
      else state.value = { kind: 'failed', problem: result.problem };
    },

    /** Joins; a link that closed meanwhile (revoked, expired, used) turns the page into its closed state. */
    async accept(
      api: Pick<PeopleApi, 'acceptInvitation'>,
      input: { token: string; name: string; password: string },
    ): Promise<ApiResult<Session>> {
      const result = await api.acceptInvitation(input);
      if (!result.ok && isClosing(result.problem))
        state.value = { kind: 'closed', code: result.problem.code };
      return result;
    },
  };
});

export type AcceptInvitationModel = InstanceType<typeof AcceptInvitationModel>;

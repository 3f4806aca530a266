import type { Account, AccountSession, UpdateAccount } from '@contract/people';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiResult } from '../../api/client';
import { fieldErrorsAt } from '../../api/field-errors';
import type { PeopleApi } from '../../api/people';
import type { FieldError, Problem } from '../../api/problem';

export type PasswordField = 'currentPassword' | 'newPassword';
export type ProfileField = 'name' | 'language' | 'timezone';

/** The account page's outcome of the last action, for its status line. */
export type AccountNotice =
  | { kind: 'profile-saved' }
  | { kind: 'password-changed' }
  | { kind: 'signed-out-elsewhere'; count: number }
  | { kind: 'session-ended' };

/** My account: my name, language and time zone, my password, and my sessions. */
export const AccountModel = createModel(() => {
  const sessions = signal<AccountSession[] | undefined>(undefined, { name: 'account.sessions' });
  const notice = signal<AccountNotice | null>(null, { name: 'account.notice' });
  const problem = signal<Problem | null>(null, { name: 'account.problem' });
  const fieldErrors = signal<Partial<Record<PasswordField | ProfileField, FieldError>>>(
    {},
    { name: 'account.fieldErrors' },
  );
  const busy = signal(false, { name: 'account.busy' });

  function start() {
    batch(() => {
      busy.value = true;
      notice.value = null;
      problem.value = null;
      fieldErrors.value = {};
    });
  }

  return {
    notice: notice as ReadonlySignal<AccountNotice | null>,
    problem: problem as ReadonlySignal<Problem | null>,
    fieldErrors: fieldErrors as ReadonlySignal<Partial<Record<PasswordField | ProfileField, FieldError>>>,
    busy: busy as ReadonlySignal<boolean>,
    /** My sessions in this organization; undefined until loaded. */
    sessions: sessions as ReadonlySignal<AccountSession[] | undefined>,

    /** Loads my sessions (again); a failure leaves the list as it was and says why. */
    async loadSessions(api: Pick<PeopleApi, 'listMySessions'>): Promise<void> {
      const result = await api.listMySessions();
      if (result.ok) sessions.value = result.data.items;
      else problem.value = result.problem;
    },

    /** Signs one of my devices out; one already gone (404) is gone all the same. */
    async endSession(api: Pick<PeopleApi, 'endMySession'>, id: string): Promise<boolean> {
      start();
      const result = await api.endMySession(id);
      const ended = result.ok || result.problem.status === 404;
      batch(() => {
        busy.value = false;
        if (ended) {
          sessions.value = sessions.value?.filter((s) => s.id !== id);
          notice.value = { kind: 'session-ended' };
        } else problem.value = result.problem;
      });
      return ended;
    },

    /** Saves my name and language; the answer is the account as stored. */
    async saveProfile(
      api: Pick<PeopleApi, 'updateAccount'>,
      change: UpdateAccount,
    ): Promise<ApiResult<Account>> {
      start();
      const result = await api.updateAccount(change);
      batch(() => {
        busy.value = false;
        if (result.ok) notice.value = { kind: 'profile-saved' };
        else {
          problem.value = result.problem;
          fieldErrors.value = fieldErrorsAt(result.problem, {
            '/name': 'name',
            '/language': 'language',
            '/timezone': 'timezone',
          } as const);
        }
      });
      return result;
    },

    /** Changes the password (the current one required); the server ends every other session. */
    async changePassword(
      api: Pick<PeopleApi, 'changePassword'>,
      input: { currentPassword: string; newPassword: string },
    ): Promise<ApiResult<null>> {
      start();
      const result = await api.changePassword(input);
      batch(() => {
        busy.value = false;
        if (result.ok) notice.value = { kind: 'password-changed' };
        else {
          problem.value = result.problem;
          fieldErrors.value = fieldErrorsAt(result.problem, {
            '/currentPassword': 'currentPassword',
            '/newPassword': 'newPassword',
          } as const);
        }
      });
      return result;
    },

    /** Ends every session of this person but this one; the list keeps only this one. */
    async signOutElsewhere(api: Pick<PeopleApi, 'endOtherSessions'>): Promise<void> {
      start();
      const result = await api.endOtherSessions();
      batch(() => {
        busy.value = false;
        if (result.ok) {
          notice.value = { kind: 'signed-out-elsewhere', count: result.data.ended };
          sessions.value = sessions.value?.filter((s) => s.current);
        } else problem.value = result.problem;
      });
    },
  };
});

export type AccountModel = InstanceType<typeof AccountModel>;

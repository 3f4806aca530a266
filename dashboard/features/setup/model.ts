import type { SetupBody } from '@contract/people';
import type { Session } from '@contract/session';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiResult } from '../../api/client';
import { fieldErrorsAt } from '../../api/field-errors';
import type { PeopleApi } from '../../api/people';
import type { FieldError, Problem } from '../../api/problem';

/** The setup form's fields, in the order the page shows them. */
export const SETUP_FIELDS = [
  'token',
  'organization',
  'country',
  'timezone',
  'name',
  'email',
  'password',
] as const;
export type SetupField = (typeof SETUP_FIELDS)[number];

const POINTERS: Record<string, SetupField> = {
  '/token': 'token',
  '/organization/name': 'organization',
  '/organization/defaultCountry': 'country',
  '/organization/timezone': 'timezone',
  '/owner/name': 'name',
  '/owner/email': 'email',
  '/owner/password': 'password',
};

/** A field's error: one of the server's field errors, or a whole-problem code that belongs to one field. */
export type SetupFieldError = FieldError | { code: 'setup-token-invalid' };

/** Places a failed setup's errors on the form: field errors by pointer, a wrong token on the token field. */
export function setupFieldErrors(problem: Problem): Partial<Record<SetupField, SetupFieldError>> {
  const errors: Partial<Record<SetupField, SetupFieldError>> = fieldErrorsAt(problem, POINTERS);
  if (problem.code === 'setup-token-invalid') errors.token ??= { code: 'setup-token-invalid' };
  return errors;
}

/** Whether the first-run setup is open, and the action that completes it. */
export const SetupModel = createModel(() => {
  const needed = signal<boolean | undefined>(undefined, { name: 'setup.needed' });
  const tokenConfigured = signal(true, { name: 'setup.tokenConfigured' });
  return {
    /** True while no organization exists; undefined until the server answered. */
    needed: needed as ReadonlySignal<boolean | undefined>,
    /** False when the server has no setup token to check (the setup cannot succeed until one is set). */
    tokenConfigured: tokenConfigured as ReadonlySignal<boolean>,

    /**
     * Learns from the session's answer whether the setup is open: only a signed-out `setup-required`
     * says so, and only then is the setup asked whether it has a token to check. A signed-in person's
     * dashboard never asks (an organization exists). A 404 (someone was first) or any failure counts as
     * not needed.
     */
    async check(api: Pick<PeopleApi, 'setupStatus'>, session: ApiResult<Session>): Promise<void> {
      if (session.ok || session.problem.code !== 'setup-required') {
        needed.value = false;
        return;
      }
      const result = await api.setupStatus();
      batch(() => {
        needed.value = result.ok && result.data.needed;
        if (result.ok) tokenConfigured.value = result.data.tokenConfigured;
      });
    },

    /** Creates the organization and its owner; afterwards (or on 404, someone was first) setup is closed. */
    async submit(api: Pick<PeopleApi, 'setup'>, body: SetupBody): Promise<ApiResult<Session>> {
      const result = await api.setup(body);
      if (result.ok || result.problem.status === 404) needed.value = false;
      return result;
    },
  };
});

export type SetupModel = InstanceType<typeof SetupModel>;

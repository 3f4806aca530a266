import type { LoginBody, Session } from '@contract/session';
import { computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient, ApiResult } from '../../api/client';

/** The calls a session needs. */
export type SessionApi = Pick<ApiClient, 'getSession' | 'signIn' | 'signOut'>;

import type { Problem } from '../../api/problem';

/** `unknown` until the first `GET /api/session` answers. */
export type SessionStatus = 'unknown' | 'signed-out' | 'signed-in';

/** The signed-in user's session and the actions that change it. Actions receive the API client. */
export const SessionModel = createModel(() => {
  const session = signal<Session | null | undefined>(undefined, { name: 'session.session' });
  const expired = signal(false, { name: 'session.expired' });
  const status = computed<SessionStatus>(
    () => (session.value === undefined ? 'unknown' : session.value ? 'signed-in' : 'signed-out'),
    { name: 'session.status' },
  );
  const csrfToken = computed(() => session.value?.csrfToken ?? null, { name: 'session.csrfToken' });

  return {
    session: session as ReadonlySignal<Session | null | undefined>,
    /** True when the session ended on its own (401), so the login page can say so. */
    expired: expired as ReadonlySignal<boolean>,
    status,
    csrfToken,

    /**
     * Asks the server who is signed in; any failure counts as signed out. The answer is returned too: a
     * signed-out one says whether the first-run setup is open (`setup-required`).
     */
    async load(api: SessionApi): Promise<ApiResult<Session>> {
      const result = await api.getSession();
      session.value = result.ok ? result.data : null;
      return result;
    },

    async signIn(api: SessionApi, credentials: LoginBody): Promise<ApiResult<Session>> {
      const result = await api.signIn(credentials);
      if (result.ok) {
        expired.value = false;
        session.value = result.data;
      }
      return result;
    },

    async signOut(api: SessionApi): Promise<ApiResult<null>> {
      const result = await api.signOut();
      // A 401 means the server already forgot us: that is signed out too.
      if (result.ok || result.problem.status === 401) {
        expired.value = false;
        session.value = null;
      }
      return result;
    },

    /** A session the server opened elsewhere (first-run setup, an accepted invitation) becomes ours. */
    adopt(opened: Session): void {
      expired.value = false;
      session.value = opened;
    },

    /** The server rejected our session (401) while we thought we were signed in. */
    expire(): void {
      if (session.value) expired.value = true;
      session.value = null;
    },
  };
});

export type SessionModel = InstanceType<typeof SessionModel>;

/** A login field with its own error. */
export type CredentialField = 'email' | 'password';

/** Why a login field is not acceptable; the view maps each to a message. */
export type CredentialError =
  | 'email-required'
  | 'email-invalid'
  | 'password-required'
  | 'too-long'
  | 'invalid';

export type CredentialErrors = Partial<Record<CredentialField, CredentialError>>;

/** Limits of `LoginBodySchema`, checked before sending so the user gets an answer at once. */
const MAX_LENGTH: Record<CredentialField, number> = { email: 320, password: 1024 };

/** Checks the login form the way the server will, plus a basic email shape. */
export function validateCredentials({ email, password }: LoginBody): CredentialErrors {
  const errors: CredentialErrors = {};
  const trimmed = email.trim();
  if (trimmed === '') errors.email = 'email-required';
  else if (trimmed.length > MAX_LENGTH.email) errors.email = 'too-long';
  else if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) errors.email = 'email-invalid';
  if (password === '') errors.password = 'password-required';
  else if (password.length > MAX_LENGTH.password) errors.password = 'too-long';
  return errors;
}

/** Maps a 422 problem's field errors (JSON pointers and zod codes) onto the login fields. */
export function credentialErrorsFromProblem(problem: Problem): CredentialErrors {
  const errors: CredentialErrors = {};
  for (const error of problem.errors ?? []) {
    const field = error.pointer.replace(/^\//, '');
    if (field !== 'email' && field !== 'password') continue;
    errors[field] ??= fieldErrorFromCode(field, error.code);
  }
  return errors;
}

function fieldErrorFromCode(field: CredentialField, code: string | undefined): CredentialError {
  switch (code) {
    case 'too_small':
      return field === 'email' ? 'email-required' : 'password-required';
    case 'too_big':
      return 'too-long';
    case 'invalid_format':
      return field === 'email' ? 'email-invalid' : 'invalid';
    default:
      return 'invalid';
  }
}

import type { FieldError } from '@contract/problem';
import type { Session } from '@contract/session';
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../api/client';
import { credentialErrorsFromProblem, type SessionApi, SessionModel, validateCredentials } from './model';

const session: Session = {
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada Lovelace', locale: 'en', timezone: null },
  organization: {
    id: 'o1',
    name: 'Acme',
    currency: 'CZK',
    timezone: 'Europe/Prague',
    claimingEnabled: true,
    scoreBands: { hot: 75, warm: 50 },
  },
  role: 'member',
  timezone: 'Europe/Prague',
  csrfToken: 'csrf-1',
};

const unauthenticated = {
  ok: false,
  problem: { type: 'about:blank', title: '', status: 401, code: 'unauthenticated' },
} as const;

function fakeApi(overrides: Partial<SessionApi>): SessionApi {
  const fail = async (): Promise<ApiResult<never>> => unauthenticated;
  return {
    getSession: fail,
    signIn: fail,
    signOut: fail,
    ...overrides,
  };
}

describe('validateCredentials', () => {
  it.each([
    ['valid', { email: 'ada@example.com', password: 'x' }, {}],
    ['both empty', { email: ' ', password: '' }, { email: 'email-required', password: 'password-required' }],
    ['no @', { email: 'ada.example.com', password: 'x' }, { email: 'email-invalid' }],
    ['email too long', { email: `${'a'.repeat(320)}@x`, password: 'x' }, { email: 'too-long' }],
    ['password too long', { email: 'a@b', password: 'x'.repeat(1025) }, { password: 'too-long' }],
  ])('%s', (_name, credentials, expected) => {
    expect(validateCredentials(credentials)).toEqual(expected);
  });
});

describe('credentialErrorsFromProblem', () => {
  it.each([
    [
      'too_small on email',
      [{ pointer: '/email', detail: '', code: 'too_small' }],
      { email: 'email-required' },
    ],
    [
      'too_small on password',
      [{ pointer: '/password', detail: '', code: 'too_small' }],
      { password: 'password-required' },
    ],
    ['too_big', [{ pointer: '/password', detail: '', code: 'too_big' }], { password: 'too-long' }],
    ['unknown code', [{ pointer: '/email', detail: '' }], { email: 'invalid' }],
    ['other fields are ignored', [{ pointer: '/', detail: '', code: 'invalid_type' }], {}],
    [
      'first error per field wins',
      [
        { pointer: '/email', detail: '', code: 'too_small' },
        { pointer: '/email', detail: '', code: 'too_big' },
      ],
      { email: 'email-required' },
    ],
  ])('%s', (_name, errors, expected) => {
    const problem = {
      type: 'about:blank',
      title: '',
      status: 422,
      code: 'validation-failed',
      errors: errors as FieldError[],
    };
    expect(credentialErrorsFromProblem(problem)).toEqual(expected);
  });
});

describe('SessionModel', () => {
  it('is unknown until loaded, then signed out on 401', async () => {
    const model = new SessionModel();
    expect(model.status.value).toBe('unknown');
    await model.load(fakeApi({}));
    expect(model.status.value).toBe('signed-out');
    expect(model.expired.value).toBe(false);
  });

  it('signs in and exposes the CSRF token', async () => {
    const model = new SessionModel();
    const result = await model.signIn(fakeApi({ signIn: async () => ({ ok: true, data: session }) }), {
      email: 'ada@example.com',
      password: 'secret',
    });
    expect(result.ok).toBe(true);
    expect(model.status.value).toBe('signed-in');
    expect(model.csrfToken.value).toBe('csrf-1');
  });

  it('marks a session the server dropped as expired, but not a sign-out', async () => {
    const model = new SessionModel();
    const api = fakeApi({
      getSession: async () => ({ ok: true, data: session }),
      signOut: async () => ({ ok: true, data: null }),
    });
    await model.load(api);
    model.expire();
    expect(model.status.value).toBe('signed-out');
    expect(model.expired.value).toBe(true);

    await model.load(api);
    await model.signOut(api);
    expect(model.status.value).toBe('signed-out');
    expect(model.csrfToken.value).toBeNull();
  });
});

describe('SessionModel.adopt', () => {
  it('takes a session opened elsewhere (setup, an accepted invitation) and forgets an expiry', async () => {
    const model = new SessionModel();
    await model.load(fakeApi({ getSession: async () => ({ ok: true, data: session }) }));
    model.expire();
    expect(model.expired.value).toBe(true);
    model.adopt({ ...session, role: 'owner' });
    expect(model.status.value).toBe('signed-in');
    expect(model.session.value?.role).toBe('owner');
    expect(model.expired.value).toBe(false);
  });
});

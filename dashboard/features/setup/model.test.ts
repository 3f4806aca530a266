import type { Session } from '@contract/session';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../api/problem';
import { SetupModel, setupFieldErrors } from './model';

const problem = (status: number, code: string, errors: Problem['errors'] = []): Problem => ({
  type: 'about:blank',
  title: '',
  status,
  code,
  errors,
});
const session = { csrfToken: 'c' } as Session;
const signedOut = (code: string) => ({ ok: false, problem: problem(401, code) }) as const;

describe('setupFieldErrors', () => {
  it('places field errors by pointer and a wrong token on the token field', () => {
    const email = { pointer: '/owner/email', detail: '', code: 'invalid_format' as const };
    const zone = { pointer: '/organization/timezone', detail: '', code: 'invalid_timezone' as const };
    expect(setupFieldErrors(problem(422, 'validation-failed', [email, zone]))).toEqual({
      email,
      timezone: zone,
    });
    expect(setupFieldErrors(problem(403, 'setup-token-invalid'))).toEqual({
      token: { code: 'setup-token-invalid' },
    });
    expect(setupFieldErrors(problem(422, 'validation-failed', [{ pointer: '/other', detail: '' }]))).toEqual(
      {},
    );
  });
});

describe('SetupModel', () => {
  it.each([
    ['open', { ok: true, data: { needed: true, tokenConfigured: false } }, true, false],
    ['closed (404)', { ok: false, problem: problem(404, 'not-found') }, false, true],
    ['unreachable', { ok: false, problem: problem(0, 'network-error') }, false, true],
  ] as const)(
    'check after a setup-required session answer: %s',
    async (_name, answer, needed, tokenConfigured) => {
      const model = new SetupModel();
      expect(model.needed.value).toBeUndefined();
      await model.check({ setupStatus: async () => answer }, signedOut('setup-required'));
      expect(model.needed.value).toBe(needed);
      expect(model.tokenConfigured.value).toBe(tokenConfigured);
    },
  );

  it.each([
    ['signed in', { ok: true, data: session } as const],
    ['signed out', signedOut('unauthenticated')],
    ['unreachable', { ok: false, problem: problem(0, 'network-error') } as const],
  ])('check never asks the setup when the session answer is %s: not needed', async (_name, answer) => {
    const model = new SetupModel();
    const asked: string[] = [];
    await model.check(
      {
        setupStatus: async () => {
          asked.push('setup');
          return { ok: true, data: { needed: true, tokenConfigured: true } };
        },
      },
      answer,
    );
    expect(asked).toEqual([]);
    expect(model.needed.value).toBe(false);
  });

  it('submit closes the setup on success and on 404, not on a field problem', async () => {
    const body = {} as never;
    const model = new SetupModel();
    await model.check(
      { setupStatus: async () => ({ ok: true, data: { needed: true, tokenConfigured: true } }) },
      signedOut('setup-required'),
    );
    await model.submit(
      { setup: async () => ({ ok: false, problem: problem(422, 'validation-failed') }) },
      body,
    );
    expect(model.needed.value).toBe(true);
    await model.submit({ setup: async () => ({ ok: true, data: session }) }, body);
    expect(model.needed.value).toBe(false);
    const late = new SetupModel();
    await late.submit({ setup: async () => ({ ok: false, problem: problem(404, 'not-found') }) }, body);
    expect(late.needed.value).toBe(false);
  });
});

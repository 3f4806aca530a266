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
  ] as const)('check: %s', async (_name, answer, needed, tokenConfigured) => {
    const model = new SetupModel();
    expect(model.needed.value).toBeUndefined();
    await model.check({ setupStatus: async () => answer });
    expect(model.needed.value).toBe(needed);
    expect(model.tokenConfigured.value).toBe(tokenConfigured);
  });

  it('submit closes the setup on success and on 404, not on a field problem', async () => {
    const body = {} as never;
    const model = new SetupModel();
    await model.check({
      setupStatus: async () => ({ ok: true, data: { needed: true, tokenConfigured: true } }),
    });
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

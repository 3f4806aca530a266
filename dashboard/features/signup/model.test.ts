import { describe, expect, it } from 'vitest';
import { toProblem } from '../../api/problem';
import { signupFieldErrors, tokenFromHash } from './model';

describe('sign-up page model', () => {
  it.each([
    ['', null],
    ['#', null],
    ['#abc_DEF-123', 'abc_DEF-123'],
    ['#a%2Db', 'a-b'],
  ])('reads the token of %j', (hash, token) => {
    expect(tokenFromHash(hash)).toBe(token);
  });

  it('places field errors by pointer and leaves out the ones the form does not show', () => {
    const errors = signupFieldErrors(
      toProblem(422, {
        code: 'validation-failed',
        title: 'x',
        errors: [
          { pointer: '/organization/defaultCountry', detail: 'd', code: 'invalid_country' },
          { pointer: '/owner/password', detail: 'd', code: 'password_too_short' },
          { pointer: '/token', detail: 'd', code: 'required' },
        ],
      }),
    );
    expect(Object.keys(errors)).toEqual(['country', 'password']);
  });
});

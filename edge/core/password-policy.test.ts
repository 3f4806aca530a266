import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS_TEXT } from './common-passwords';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it.each([
    ['', 'password_too_short'],
    ['elevenchars', 'password_too_short'],
    // 11 code points, though 12 UTF-16 units: an emoji counts once.
    ['tenchars12😀', 'password_too_short'],
    ['qwertyuiop12', 'password_too_common'],
    ['QwertyUIOP12', 'password_too_common'],
    ['ＱＷＥＲＴＹＵＩＯＰ12', 'password_too_common'],
    ['thecakeisalie', 'password_too_common'],
    ['twelve chars', null],
    ['correct horse battery staple', null],
    ['Олена Коваль пароль', null],
  ] as const)('%j → %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it('lists only passwords the length rule would let through, each once, in lower case', () => {
    const list = COMMON_PASSWORDS_TEXT.split(' ');
    expect(list.length).toBeGreaterThan(200);
    expect(new Set(list).size).toBe(list.length);
    for (const entry of list) {
      expect(entry.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
      expect(entry).toBe(entry.normalize('NFKC').toLowerCase());
      expect(passwordProblem(entry)).toBe('password_too_common');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../edge/http/errors';
import { problemMessageKey } from './problem-message';

describe('problemMessageKey', () => {
  it.each([
    ['invalid-credentials', 'login.error.invalidCredentials'],
    ['validation-failed', 'errors.validation'],
    ['rate-limited', 'errors.rateLimited'],
    ['forbidden', 'errors.forbidden'],
    ['not-found', 'errors.notFound'],
    ['unauthenticated', 'errors.sessionExpired'],
    ['service-unavailable', 'errors.unavailable'],
    ['network-error', 'errors.network'],
    ['internal', 'errors.unexpected'],
    ['some-future-code', 'errors.unexpected'],
    ['toString', 'errors.unexpected'],
  ])('%s → %s', (code, key) => {
    expect(problemMessageKey({ code })).toBe(key);
  });

  it.each(Object.keys(ERROR_CODES).filter((code) => code !== 'internal'))(
    'words the server code %s in its own message, not the generic one',
    (code) => {
      expect(problemMessageKey({ code })).not.toBe('errors.unexpected');
    },
  );
});

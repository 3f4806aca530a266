import { CLIENT_CODES, type Problem } from '../api/problem';
import type { MessageKey } from '../i18n';

/**
 * What to tell the user for each problem `code` (never its message text, which is for developers).
 * Codes not listed get a generic message.
 */
const PROBLEM_MESSAGES: Record<string, MessageKey> = {
  'invalid-credentials': 'login.error.invalidCredentials',
  'validation-failed': 'errors.validation',
  'rate-limited': 'errors.rateLimited',
  forbidden: 'errors.forbidden',
  'not-found': 'errors.notFound',
  unauthenticated: 'errors.sessionExpired',
  'service-unavailable': 'errors.unavailable',
  [CLIENT_CODES.network]: 'errors.network',
  // lead conversion
  'lead-not-qualified': 'convert.notQualified',
  'lead-converted': 'lead.readOnly.converted',
};

/** The catalog key of the message to show for a problem. */
export function problemMessageKey(problem: Pick<Problem, 'code'>): MessageKey {
  // hasOwn, so a code like `toString` cannot pick up a property of Object.prototype.
  return Object.hasOwn(PROBLEM_MESSAGES, problem.code)
    ? PROBLEM_MESSAGES[problem.code]!
    : 'errors.unexpected';
}

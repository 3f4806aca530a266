import { CLIENT_CODES, type Problem } from '../api/problem';
import type { MessageKey } from '../i18n';

/**
 * What to tell the user for each problem `code` (never its message text, which is for developers). Every
 * code the server sends is listed (a test holds this against its table); only a server failure (`internal`),
 * a code from a newer server, or an answer that is not a problem get the generic message.
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
  'invalid-transition': 'lead.invalidTransition',
  'version-conflict': 'errors.versionConflict',
  'version-required': 'errors.versionRequired',
  conflict: 'errors.conflict',
  'duplicate-lead': 'errors.duplicateLead',
  'too-many-leads': 'bulk.error.tooMany',
  'undo-expired': 'bulk.error.undoExpired',
  'invalid-parameter': 'errors.invalidParameter',
  'malformed-body': 'errors.badRequest',
  'invalid-encoding': 'errors.badRequest',
  'unsupported-media-type': 'errors.badRequest',
  'method-not-allowed': 'errors.badRequest',
  'payload-too-large': 'errors.payloadTooLarge',
  'csrf-failed': 'errors.csrf',
  'idempotency-key-reused': 'errors.idempotencyKeyReused',
  'idempotency-in-progress': 'errors.idempotencyInProgress',
  'form-not-found': 'errors.formNotFound',
  'source-not-found': 'errors.sourceNotFound',
  'spam-suspected': 'errors.spamSuspected',
  'turnstile-failed': 'errors.turnstileFailed',
  'origin-not-allowed': 'errors.originNotAllowed',
  'webhook-signature-invalid': 'errors.webhookSignature',
};

/** The catalog key of the message to show for a problem. */
export function problemMessageKey(problem: Pick<Problem, 'code'>): MessageKey {
  // hasOwn, so a code like `toString` cannot pick up a property of Object.prototype.
  return Object.hasOwn(PROBLEM_MESSAGES, problem.code)
    ? PROBLEM_MESSAGES[problem.code]!
    : 'errors.unexpected';
}

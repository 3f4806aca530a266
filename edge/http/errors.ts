import { ERROR_CODES, type ErrorCode } from '../core/errors';

/**
 * The HTTP status of every error code. Typed against the closed table, so a code added there without
 * a status here does not compile.
 */
export const ERROR_STATUS = {
  'validation-failed': 422,
  'idempotency-key-reused': 422,
  'idempotency-in-progress': 409,
  'spam-suspected': 422,
  'turnstile-failed': 403,
  'origin-not-allowed': 403,
  'webhook-signature-invalid': 401,
  'source-not-found': 404,
  'malformed-body': 400,
  'invalid-encoding': 400,
  'invalid-parameter': 400,
  'unsupported-media-type': 415,
  'payload-too-large': 413,
  unauthenticated: 401,
  'invalid-credentials': 401,
  forbidden: 403,
  'csrf-failed': 403,
  'not-found': 404,
  'form-not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'invalid-transition': 409,
  'version-conflict': 409,
  'duplicate-lead': 409,
  'version-required': 428,
  'rate-limited': 429,
  'service-unavailable': 503,
  'upgrade-required': 426,
  internal: 500,
  'too-many-leads': 422,
  'undo-expired': 410,
  'lead-not-qualified': 409,
  'lead-converted': 409,
  'lead-already-assigned': 409,
  'claiming-disabled': 403,
  // people: first-run setup, invitations, members
  'setup-token-invalid': 403,
  'setup-token-unset': 503,
  'invitation-not-found': 404,
  'invitation-expired': 410,
  'invitation-revoked': 410,
  'invitation-used': 410,
  'invitation-pending': 409,
  'already-member': 409,
  'last-owner': 409,
  'team-in-use': 409,
  'member-deactivated': 403,
  // sign-in protection and password reset
  'sign-in-throttled': 429,
  'setup-required': 401,
  'reset-link-invalid': 404,
  'reset-link-expired': 410,
  'reset-link-used': 410,
  // sign-up (a new organization, where the deployment allows it)
  'signup-link-invalid': 404,
  'signup-link-expired': 410,
  'signup-link-used': 410,
  'signup-account-exists': 409,
  // API keys
  'api-key-expired': 401,
  'api-key-scope-missing': 403,
} as const satisfies Record<ErrorCode, number>;

/** A code's problem type as `/problems/{code}` describes it: its status and its title. */
export function problemType(code: ErrorCode): { status: number; title: string } {
  return { status: ERROR_STATUS[code], title: ERROR_CODES[code] };
}

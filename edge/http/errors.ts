import type { FieldError } from '../contract/problem';

/** The closed table of error codes: each maps to one HTTP status and one title (for developers). */
export const ERROR_CODES = {
  'validation-failed': { status: 422, title: 'The request has invalid fields' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with a different request' },
  'idempotency-in-progress': {
    status: 409,
    title: 'A request with this Idempotency-Key is still in progress',
  },
  'spam-suspected': { status: 422, title: 'The submission looks automated and was held for review' },
  'turnstile-failed': { status: 403, title: 'The anti-bot check failed' },
  'origin-not-allowed': { status: 403, title: 'This form does not accept submissions from this site' },
  'webhook-signature-invalid': { status: 401, title: 'Missing, expired or invalid webhook signature' },
  'source-not-found': { status: 404, title: 'Webhook source not found or disabled' },
  'malformed-body': { status: 400, title: 'The request body could not be parsed' },
  'invalid-encoding': { status: 400, title: 'The request body is not valid UTF-8' },
  'invalid-parameter': { status: 400, title: 'A query or path parameter is invalid' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  'invalid-credentials': { status: 401, title: 'Email or password is incorrect' },
  forbidden: { status: 403, title: 'Not allowed for your role' },
  'csrf-failed': { status: 403, title: 'Missing or invalid CSRF token' },
  'not-found': { status: 404, title: 'Not found' },
  'form-not-found': { status: 404, title: 'Form not found or disabled' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'invalid-transition': { status: 409, title: 'This status change is not allowed from the current status' },
  'version-conflict': { status: 409, title: 'The record changed since the version this change was based on' },
  'duplicate-lead': { status: 409, title: 'Another lead already has this email or phone' },
  'version-required': {
    status: 428,
    title: 'Send the version this change is based on (If-Match or version)',
  },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'service-unavailable': { status: 503, title: 'Service temporarily unavailable' },
  internal: { status: 500, title: 'Internal server error' },
  // Bulk operations on leads
  'too-many-leads': { status: 422, title: 'Too many leads for one bulk operation' },
  'undo-expired': { status: 410, title: 'The time to undo this operation has passed' },
  // lead conversion
  'lead-not-qualified': { status: 409, title: 'Only a qualified lead can be converted' },
  'lead-converted': { status: 409, title: 'The lead is converted: only notes can be added to it' },
  // people: first-run setup, invitations, members
  'setup-token-invalid': { status: 403, title: 'Missing or wrong setup token' },
  'setup-token-unset': { status: 503, title: 'No setup token is configured on this server' },
  'invitation-not-found': { status: 404, title: 'This invitation link is not valid' },
  'invitation-expired': { status: 410, title: 'This invitation has expired' },
  'invitation-revoked': { status: 410, title: 'This invitation was revoked' },
  'invitation-used': { status: 410, title: 'This invitation was already accepted' },
  'invitation-pending': { status: 409, title: 'This address already has an open invitation' },
  'already-member': { status: 409, title: 'This person is already a member of the organization' },
  'last-owner': { status: 409, title: 'The organization must keep at least one active owner' },
  'member-deactivated': { status: 403, title: 'This membership is deactivated' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure that the HTTP layer renders as RFC 9457 problem details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** Extension members of the problem (RFC 9457 §3.2), e.g. the current record of a version conflict. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = 'AppError';
  }
}

/** RFC 6901 JSON Pointer for a zod issue path. */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('') || '/';
}

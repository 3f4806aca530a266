import type { FieldError } from '../contract/problem';

/**
 * The closed table of error codes, each with its title for developers. Clients switch on the code
 * (the dashboard words it per language); `edge/http/errors.ts` gives each code its HTTP status, and
 * fails to compile while a code here has none.
 */
export const ERROR_CODES = {
  'validation-failed': 'The request has invalid fields',
  'idempotency-key-reused': 'This Idempotency-Key was used with a different request',
  'idempotency-in-progress': 'A request with this Idempotency-Key is still in progress',
  'spam-suspected': 'The submission looks automated and was held for review',
  'turnstile-failed': 'The anti-bot check failed',
  'origin-not-allowed': 'This form does not accept submissions from this site',
  'webhook-signature-invalid': 'Missing, expired or invalid webhook signature',
  'source-not-found': 'Webhook source not found or disabled',
  'malformed-body': 'The request body could not be parsed',
  'invalid-encoding': 'The request body is not valid UTF-8',
  'invalid-parameter': 'A query or path parameter is invalid',
  'unsupported-media-type': 'Unsupported content type',
  'payload-too-large': 'The request body is too large',
  unauthenticated: 'Authentication required',
  'invalid-credentials': 'Email or password is incorrect',
  forbidden: 'Not allowed for your role',
  'csrf-failed': 'Missing or invalid CSRF token',
  'not-found': 'Not found',
  'form-not-found': 'Form not found or disabled',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict with the current state',
  'invalid-transition': 'This status change is not allowed from the current status',
  'version-conflict': 'The record changed since the version this change was based on',
  'duplicate-lead': 'Another lead already has this email or phone',
  'version-required': 'Send the version this change is based on (If-Match or version)',
  'rate-limited': 'Too many requests',
  'service-unavailable': 'Service temporarily unavailable',
  'upgrade-required': 'Connect with a WebSocket (Upgrade: websocket)',
  internal: 'Internal server error',
  'too-many-leads': 'Too many leads for one bulk operation',
  'undo-expired': 'The time to undo this operation has passed',
  'lead-not-qualified': 'Only a qualified lead can be converted',
  'lead-converted': 'The lead is converted: only notes can be added to it',
  'lead-already-assigned': 'Someone already has this lead',
  'claiming-disabled': 'This organization does not let members take leads themselves',
  // people: first-run setup, invitations, members
  'setup-token-invalid': 'Missing or wrong setup token',
  'setup-token-unset': 'No setup token is configured on this server',
  'invitation-not-found': 'This invitation link is not valid',
  'invitation-expired': 'This invitation has expired',
  'invitation-revoked': 'This invitation was revoked',
  'invitation-used': 'This invitation was already accepted',
  'invitation-pending': 'This address already has an open invitation',
  'already-member': 'This person is already a member of the organization',
  'last-owner': 'The organization must keep at least one active owner',
  'team-in-use': 'Enabled routing rules assign leads to this team',
  'member-deactivated': 'This membership is deactivated',
  // sign-in protection and password reset
  'sign-in-throttled': 'Too many failed sign-ins: wait before trying again',
  'setup-required': 'Not signed in, and no organization exists yet: run the first-run setup',
  'reset-link-invalid': 'This password reset link is not valid',
  'reset-link-expired': 'This password reset link has expired',
  'reset-link-used': 'This password reset link was already used',
  // sign-up (a new organization, where the deployment allows it)
  'signup-link-invalid': 'This sign-up link is not valid',
  'signup-link-expired': 'This sign-up link has expired',
  'signup-link-used': 'This sign-up link was already used',
  'signup-account-exists': 'This address already has an account: sign in instead',
  // API keys
  'api-key-expired': 'This API key has expired',
  'api-key-scope-missing': 'This API key lacks the scope this request needs',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** What an AppError carries besides its code; every member is optional. */
export type AppErrorOptions = {
  /** What went wrong in this case, in English for developers; the code's title when absent. */
  detail?: string;
  /** Field-level errors: a JSON Pointer into the request (see `toPointer`), a detail and a stable code. */
  errors?: FieldError[];
  /** Extension members of the problem (RFC 9457 §3.2), e.g. the current record of a version conflict. */
  extensions?: Record<string, unknown>;
  /** How long the caller should wait before trying again (a rate limit, an unreachable dependency). */
  retryAfterSeconds?: number;
  /** The record's current version, when the failure is about versions (a conflict). */
  version?: number;
  /** The error this one wraps, kept for logs. */
  cause?: unknown;
};

/**
 * An expected failure with a stable code from the closed table. It says what happened in domain terms
 * (a wait, a current version); the HTTP layer alone turns it into a status, headers and problem details.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly extensions?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;
  readonly version?: number;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const { detail, errors, extensions, retryAfterSeconds, version, cause } = options;
    super(detail ?? ERROR_CODES[code], cause === undefined ? undefined : { cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.extensions = extensions;
    this.retryAfterSeconds = retryAfterSeconds;
    this.version = version;
  }
}

import type { FieldErrorCode } from '@contract/field-errors';
import type { ErrorCode } from '@core/errors';
import { CLIENT_CODES, type FieldError, type Problem } from '../api/problem';
import { type MessageKey, translateWith } from '../i18n';

type ClientCode = (typeof CLIENT_CODES)[keyof typeof CLIENT_CODES];

/**
 * What to tell the user for each problem `code` of the server's closed table and the dashboard's own
 * (never the problem's text, which is for developers). Typed by the table, so a new code needs a message.
 */
const PROBLEM_MESSAGES: Record<ErrorCode | ClientCode, MessageKey> = {
  'validation-failed': 'errors.validation',
  'idempotency-key-reused': 'problem.idempotency-key-reused',
  'idempotency-in-progress': 'problem.idempotency-in-progress',
  'spam-suspected': 'problem.spam-suspected',
  'turnstile-failed': 'problem.turnstile-failed',
  'origin-not-allowed': 'problem.origin-not-allowed',
  'webhook-signature-invalid': 'problem.webhook-signature-invalid',
  'source-not-found': 'problem.source-not-found',
  'malformed-body': 'problem.malformed-body',
  'invalid-encoding': 'problem.invalid-encoding',
  'invalid-parameter': 'problem.invalid-parameter',
  'unsupported-media-type': 'problem.unsupported-media-type',
  'payload-too-large': 'problem.payload-too-large',
  unauthenticated: 'errors.sessionExpired',
  'invalid-credentials': 'login.error.invalidCredentials',
  forbidden: 'errors.forbidden',
  'csrf-failed': 'problem.csrf-failed',
  'not-found': 'errors.notFound',
  'form-not-found': 'problem.form-not-found',
  'method-not-allowed': 'problem.method-not-allowed',
  conflict: 'problem.conflict',
  'invalid-transition': 'problem.invalid-transition',
  'version-conflict': 'problem.version-conflict',
  'duplicate-lead': 'problem.duplicate-lead',
  'version-required': 'problem.version-required',
  'rate-limited': 'errors.rateLimited',
  'service-unavailable': 'errors.unavailable',
  // Answered only to a live client that must switch to a WebSocket, which it does without a word.
  'upgrade-required': 'errors.unavailable',
  internal: 'errors.unexpected',
  'too-many-leads': 'problem.too-many-leads',
  'undo-expired': 'problem.undo-expired',
  'lead-not-qualified': 'convert.notQualified',
  'lead-converted': 'lead.readOnly.converted',
  'lead-already-assigned': 'problem.lead-already-assigned',
  'claiming-disabled': 'problem.claiming-disabled',
  'setup-token-invalid': 'problem.setup-token-invalid',
  'setup-token-unset': 'problem.setup-token-unset',
  'invitation-not-found': 'problem.invitation-not-found',
  'invitation-expired': 'problem.invitation-expired',
  'invitation-revoked': 'problem.invitation-revoked',
  'invitation-used': 'problem.invitation-used',
  'invitation-pending': 'problem.invitation-pending',
  'already-member': 'problem.already-member',
  'last-owner': 'problem.last-owner',
  'team-in-use': 'problem.team-in-use',
  'member-deactivated': 'problem.member-deactivated',
  'sign-in-throttled': 'problem.sign-in-throttled',
  'setup-required': 'problem.setup-required',
  'reset-link-invalid': 'problem.reset-link-invalid',
  'reset-link-expired': 'problem.reset-link-expired',
  'reset-link-used': 'problem.reset-link-used',
  'signup-link-invalid': 'problem.signup-link-invalid',
  'signup-link-expired': 'problem.signup-link-expired',
  'signup-link-used': 'problem.signup-link-used',
  'signup-account-exists': 'problem.signup-account-exists',
  'api-key-expired': 'problem.api-key-expired',
  'api-key-scope-missing': 'problem.api-key-scope-missing',
  [CLIENT_CODES.network]: 'errors.network',
  [CLIENT_CODES.unexpected]: 'errors.unexpected',
};

/** The codes worded above, for the catalog test. */
export const PROBLEM_CODES = Object.keys(PROBLEM_MESSAGES) as Array<ErrorCode | ClientCode>;

/** The catalog key of the message to show for a problem; a code this dashboard does not know is generic. */
export function problemMessageKey(problem: Pick<Problem, 'code'>): MessageKey {
  // hasOwn, so a code like `toString` cannot pick up a property of Object.prototype.
  return Object.hasOwn(PROBLEM_MESSAGES, problem.code)
    ? PROBLEM_MESSAGES[problem.code as ErrorCode]
    : 'errors.unexpected';
}

/** A field error's wording: a message, or one per kind of value (`origin`) for limits and formats. */
type FieldWording =
  | MessageKey
  | { by: 'origin' | 'format'; keys: Record<string, MessageKey>; other: MessageKey };

const limit = (keys: Record<string, MessageKey>, other: MessageKey): FieldWording => ({
  by: 'origin',
  keys,
  other,
});

/** What to tell the user for each field-error code of the server's closed table. */
const FIELD_MESSAGES: Record<FieldErrorCode, FieldWording> = {
  too_big: limit(
    { string: 'field.tooLong', array: 'field.tooMany', set: 'field.tooMany', number: 'field.tooLarge' },
    'field.invalid',
  ),
  too_small: limit(
    { string: 'field.tooShort', array: 'field.tooFew', set: 'field.tooFew', number: 'field.tooSmall' },
    'field.invalid',
  ),
  invalid_format: { by: 'format', keys: { email: 'form.error.emailInvalid' }, other: 'field.format' },
  invalid_type: 'field.invalid',
  not_multiple_of: 'field.invalid',
  unrecognized_keys: 'field.invalid',
  invalid_union: 'field.invalid',
  invalid_key: 'field.invalid',
  invalid_element: 'field.invalid',
  invalid_value: 'field.invalid',
  custom: 'field.invalid',
  required: 'forms.error.required',
  'invalid-text': 'field.invalidText',
  invalid_phone: 'field.invalidPhone',
  not_allowed: 'field.notAllowed',
  not_found: 'field.notFound',
  duplicate: 'field.duplicate',
  empty_team: 'field.emptyTeam',
  invalid_assignee: 'field.unknownUser',
  unknown_user: 'field.unknownUser',
  unknown_form: 'field.unknownForm',
  unknown_field: 'field.unknownField',
  self_merge: 'field.selfMerge',
  duplicate_id: 'field.duplicateId',
  already_merged: 'field.alreadyMerged',
  deleted: 'field.deleted',
  converted: 'field.converted',
  not_in_merge: 'field.notInMerge',
  master_changed: 'field.masterChanged',
  master_converted: 'field.masterConverted',
  last_name_required: 'forms.error.lastNameRequired',
  site_key_required: 'forms.error.siteKeyRequired',
  rate_limit_order: 'forms.error.rateLimitOrder',
  invalid_redirect: 'forms.error.invalidRedirect',
  invalid_origin: 'forms.error.invalidOrigin',
  duplicate_origin: 'forms.error.duplicateOrigin',
  duplicate_field: 'forms.error.duplicateField',
  'empty-file': 'import.error.empty-file',
  'header-only': 'import.error.header-only',
  'binary-file': 'import.error.binary-file',
  'too-large': 'import.error.too-large',
  'too-many-rows': 'import.error.too-many-rows',
  'duplicate-headers': 'import.error.duplicate-headers',
  'empty-header': 'import.error.empty-header',
  'invalid-encoding': 'import.error.invalid-encoding',
  'unterminated-quote': 'import.error.unterminated-quote',
  'cell-too-large': 'import.error.cell-too-large',
  'row-too-large': 'import.error.row-too-large',
  'last-name-required': 'import.error.last-name-required',
  'unknown-column': 'import.error.unknown-column',
  'duplicate-target': 'import.error.duplicate-target',
  'not-a-possible-duplicate': 'field.notPossibleDuplicate',
  invalid_timezone: 'field.invalidTimezone',
  invalid_country: 'field.invalidCountry',
  incorrect_password: 'field.incorrectPassword',
  same_member: 'field.sameMember',
  password_too_short: 'field.passwordTooShort',
  password_too_common: 'field.passwordTooCommon',
  in_future: 'field.inFuture',
  invalid_url: 'field.invalidUrl',
  not_https: 'field.notHttps',
  private_address: 'field.privateAddress',
  range_inverted: 'field.rangeInverted',
  rule_unreachable: 'field.ruleUnreachable',
  inactive_user: 'field.inactiveUser',
  not_in_future: 'field.notInFuture',
  too_far_ahead: 'field.tooFarAhead',
};

/** Every catalog key a field error can be worded with, by code (for the catalog test). */
export function fieldMessageKeys(code: FieldErrorCode): MessageKey[] {
  const wording = FIELD_MESSAGES[code];
  return typeof wording === 'string' ? [wording] : [...Object.values(wording.keys), wording.other];
}

/** The catalog key for one field error (its code, refined by the kind of value or format it is about). */
export function fieldMessageKey(error: Pick<FieldError, 'code' | 'params'>): MessageKey {
  const wording = error.code ? FIELD_MESSAGES[error.code] : undefined;
  if (!wording) return 'field.invalid';
  if (typeof wording === 'string') return wording;
  const by = error.params?.[wording.by];
  return typeof by === 'string' && Object.hasOwn(wording.keys, by) ? wording.keys[by]! : wording.other;
}

/** A field error in the user's language, with its limits filled in ("Use at most 200 characters."). */
export function fieldErrorMessage(error: Pick<FieldError, 'code' | 'params'>): string {
  return translateWith(fieldMessageKey(error), error.params ?? {});
}

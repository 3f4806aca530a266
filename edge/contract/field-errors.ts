/*
 * The codes of field errors, without zod, so the dashboard can import the lists without the schema library.
 */

/** The issue codes of zod, which request validation passes on as they are (see issues.ts). */
export const VALIDATION_CODES = [
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
  'custom',
] as const;

/** The import's own problems with a file (CSV) or its choice for possible duplicates: worded by the import page. */
export const IMPORT_FILE_CODES = [
  'empty-file',
  'header-only',
  'binary-file',
  'too-large',
  'too-many-rows',
  'duplicate-headers',
  'empty-header',
  'invalid-encoding',
  // the file's text (core/csv-reader): `params.line` is the line the cell or row starts on
  'unterminated-quote',
  'cell-too-large',
  'row-too-large',
  'last-name-required',
  'not-a-possible-duplicate',
] as const;

/**
 * The closed table of field-error codes: zod's, then the services' own. The dashboard words each one
 * per language (a test walks this list against its catalogs); `detail` is English for developers.
 */
export const FIELD_ERROR_CODES = [
  ...VALIDATION_CODES,
  'required',
  // text Postgres cannot store (U+0000, an unpaired surrogate): contract/text.ts
  'invalid-text',
  // a phone a form demands valid that does not parse
  'invalid_phone',
  'not_allowed',
  'not_found',
  'duplicate',
  'invalid_assignee',
  'unknown_user',
  'unknown_form',
  'unknown_field',
  // merging leads
  'self_merge',
  'duplicate_id',
  'already_merged',
  'deleted',
  'converted',
  'not_in_merge',
  'master_changed',
  'master_converted',
  // form settings
  'last_name_required',
  'site_key_required',
  'rate_limit_order',
  'invalid_redirect',
  'invalid_origin',
  'duplicate_origin',
  'duplicate_field',
  ...IMPORT_FILE_CODES,
  // the import's column mapping
  'unknown-column',
  'duplicate-target',
  // people: setup, invitations, members, account
  'invalid_timezone',
  'invalid_country',
  'incorrect_password',
  // a new password's policy (core/password-policy)
  'password_too_short',
  'password_too_common',
  'same_member',
  // teams
  'empty_team',
  // an activity said to have happened later than now
  'in_future',
  // where an outgoing webhook may be sent (core/outgoing-webhooks)
  'invalid_url',
  'not_https',
  'private_address',
  // routing rules: a range that cannot hold, a catch-all rule hiding the rules after it, a target who
  // cannot take leads
  'range_inverted',
  'rule_unreachable',
  'inactive_user',
  // an expiry or an end of overlap: in the past, or too far ahead
  'not_in_future',
  'too_far_ahead',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/*
 * Why an import row gets its outcome, as stable codes (zod-free, so the dashboard imports the list). The
 * dashboard words each one per language; the line a row duplicates travels as the preview's `matchLine`.
 */

/** Every reason an import row can carry. */
export const IMPORT_REASONS = [
  // invalid rows
  'last-name-missing',
  'email-invalid',
  // duplicates within the file (matchLine: the earlier line)
  'same-email-in-file',
  'same-phone-in-file',
  'same-lead-in-file',
  // rows matching an existing lead, skipped or updating it by the duplicate policy
  'exists-by-email',
  'exists-by-phone',
  'updates-by-email',
  'updates-by-phone',
  // possible duplicates, created (or skipped, as chosen) and linked for review: to a lead, or to an
  // earlier line's person (matchLine)
  'possible-duplicate',
  'possible-duplicate-in-file',
  // a lead with the same email or phone was added between the preview and the commit
  'added-after-preview',
] as const;
export type ImportReason = (typeof IMPORT_REASONS)[number];

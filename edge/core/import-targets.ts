/**
 * The lead fields a CSV column can feed, apart from the mapping logic so the dashboard's column picker
 * shows the same list without bundling the normalization behind it.
 */
import { LEAD_FIELDS } from './lead-fields';

const [firstName, lastName, ...contactAndProfile] = LEAD_FIELDS;

export const IMPORT_TARGETS = [
  firstName,
  lastName,
  'fullName',
  ...contactAndProfile,
  'source',
  'campaign',
  'tags',
  'custom',
  'ignore',
] as const;

/** A lead field; `fullName` is split into first and last; `custom` keeps the column as a custom attribute. */
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

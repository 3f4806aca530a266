/**
 * Every string the widget has of its own, by position: a catalog is an array in this order, so the key
 * names are not shipped four times in a 10 KB budget (esbuild inlines these enum members as numbers).
 * First the default labels of the standard lead fields (in the order of `LABELED_FIELDS`), then messages.
 */
export enum Str {
  firstName,
  lastName,
  email,
  phone,
  company,
  title,
  country,
  description,
  required,
  send,
  sending,
  sent,
  queued,
  invalid,
  missing,
  badEmail,
  check,
  failed,
  blocked,
  busy,
  held,
  badPhone,
}

/** The standard lead fields the catalogs label, in catalog order, with their autofill token if any. */
export const LABELED_FIELDS: ReadonlyArray<readonly [name: string, autocomplete?: string]> = [
  ['firstName', 'given-name'],
  ['lastName', 'family-name'],
  ['email', 'email'],
  ['phone', 'tel'],
  ['company', 'organization'],
  ['title', 'organization-title'],
  ['country', 'country'],
  ['description'],
];

/** One locale's strings: exactly one per `Str` member. */
export type Catalog = readonly string[] & { readonly [K in Str]: string };

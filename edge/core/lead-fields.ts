/**
 * The standard lead fields every channel knows (form, webhook, API, CSV), in their usual order. Their own
 * file, so the dashboard can list them without bundling the normalization behind them.
 */

/** What describes a lead's company and place beyond who it is: filled in when a known lead resubmits. */
export const PROFILE_FIELDS = ['industry', 'employees', 'country', 'region', 'city', 'description'] as const;

/** Every standard field, in the order forms and the import's column picker show them. */
export const LEAD_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'title',
  ...PROFILE_FIELDS,
] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

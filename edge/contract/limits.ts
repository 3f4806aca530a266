/*
 * The length limits of lead fields, in characters: one definition for the server's schemas (submissions,
 * updates) and the dashboard's inputs (`maxlength`). Plain numbers, so the dashboard imports them without zod.
 */

/** The most characters each standard lead field holds. */
export const LEAD_FIELD_MAX = {
  firstName: 200,
  lastName: 200,
  email: 320,
  phone: 64,
  company: 200,
  title: 200,
  industry: 200,
  country: 100,
  region: 200,
  city: 200,
  description: 5000,
  source: 200,
  campaign: 200,
  referredBy: 200,
} as const;

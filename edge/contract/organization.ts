import { z } from '@hono/zod-openapi';
import { isCountry, isTimeZone } from '../core/people';
import { plainString } from './text';

const Country = z.string().refine(isCountry, {
  message: 'Not an ISO 3166-1 country code',
  params: { code: 'invalid_country' },
});
/** An IANA time zone (e.g. Europe/Prague), wherever one is chosen: an organization's, a person's. */
export const TimeZoneSchema = z
  .string()
  .refine(isTimeZone, { message: 'Not an IANA time zone', params: { code: 'invalid_timezone' } });
const Language = z.enum(['en', 'de', 'cs', 'uk']);

export const OrganizationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** ISO 3166-1 alpha-2: phone numbers without a country code are read as this country's. */
    defaultCountry: z.string(),
    /** ISO 4217: the currency of every amount (chosen at setup; changing the country keeps it). */
    currency: z.string(),
    /** IANA time zone: the organization's working day for digests and reports. */
    timezone: z.string(),
    /** The organization's language: emails to people who have not chosen their own. */
    language: Language,
    /** Members may take an unassigned lead themselves; off, only routing and admins assign leads. */
    claimingEnabled: z.boolean(),
  })
  .openapi('Organization');

/** What an admin may change; absent fields stay as they are. */
export const UpdateOrganizationSchema = z
  .object({
    name: plainString().pipe(z.string().trim().min(1).max(200)),
    defaultCountry: Country,
    timezone: TimeZoneSchema,
    language: Language,
    claimingEnabled: z.boolean(),
  })
  .partial()
  .openapi('UpdateOrganization');

export type Organization = z.infer<typeof OrganizationSchema>;
export type UpdateOrganization = z.infer<typeof UpdateOrganizationSchema>;

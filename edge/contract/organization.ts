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

/** Bounds of the organization's data settings. */
export const DATA_LIMITS = {
  /** Days a deleted lead can be restored before it is erased. */
  leadPurgeDays: { min: 1, max: 365 },
  /** Days a held submission waits for review before it is erased. */
  quarantineRetentionDays: { min: 1, max: 365 },
  /** Origins allowed for every form. */
  allowedOrigins: 50,
} as const;

const days = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max);

/** How long the organization keeps data, and what every form shares. */
export const OrganizationDataSchema = z
  .object({
    /** Days a soft-deleted lead can be restored; then the purge job erases it. */
    leadPurgeDays: z.number().int(),
    /** Days a held (quarantined) submission waits for review; then it is erased. */
    quarantineRetentionDays: z.number().int(),
    /** Origins that may embed every form, besides each form's own allowed origins. */
    allowedOrigins: z.array(z.string()),
    /** The language a new form starts with. */
    defaultFormLocale: Language,
  })
  .openapi('OrganizationData');

/** A partial change of the data settings; the origins are replaced whole. */
export const UpdateOrganizationDataSchema = z
  .strictObject({
    leadPurgeDays: days(DATA_LIMITS.leadPurgeDays),
    quarantineRetentionDays: days(DATA_LIMITS.quarantineRetentionDays),
    allowedOrigins: z.array(z.string().max(300)).max(DATA_LIMITS.allowedOrigins).openapi({
      description:
        'Origins that may embed every form: `https://host[:port]`, `http://localhost[:port]` or `http://127.0.0.1[:port]`, without a path (not `*`: that is a per-form choice).',
    }),
    defaultFormLocale: Language,
  })
  .partial()
  .openapi('UpdateOrganizationData');

export type OrganizationData = z.infer<typeof OrganizationDataSchema>;
export type UpdateOrganizationData = z.infer<typeof UpdateOrganizationDataSchema>;

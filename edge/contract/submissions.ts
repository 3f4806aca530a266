import { z } from '@hono/zod-openapi';
import { normalizeEmail } from '../core/contact';
import { LEAD_FIELD_MAX } from './limits';
import { plainString } from './text';

// Text Postgres cannot store is refused here with the field named, never a 500 below.
const text = (max: number) => plainString().trim().max(max);
const scalar = z.union([plainString().max(2000), z.number(), z.boolean()]);

/** Field names of the spam controls a form posts along with the lead. */
export const HONEYPOT_FIELD = 'lg_hp';
export const ELAPSED_FIELD = 'lg_elapsed';
export const TURNSTILE_FIELD = 'cf-turnstile-response';

/** The standard lead fields every channel accepts (web form, webhook, API), validated the same way. */
export const LeadFieldsSchema = z.object({
  firstName: text(LEAD_FIELD_MAX.firstName).optional(),
  lastName: text(LEAD_FIELD_MAX.lastName).min(1, 'Enter a last name'),
  email: text(LEAD_FIELD_MAX.email)
    .optional()
    .refine((v) => !v || normalizeEmail(v).ok, { message: 'Enter a valid email address' }),
  phone: text(LEAD_FIELD_MAX.phone).optional(),
  company: text(LEAD_FIELD_MAX.company).optional(),
  title: text(LEAD_FIELD_MAX.title).optional(),
  industry: text(LEAD_FIELD_MAX.industry).optional(),
  employees: z.coerce.number().int().min(0).max(10_000_000).optional(),
  country: text(LEAD_FIELD_MAX.country).optional(),
  region: text(LEAD_FIELD_MAX.region).optional(),
  city: text(LEAD_FIELD_MAX.city).optional(),
  description: text(LEAD_FIELD_MAX.description).optional(),
  source: text(LEAD_FIELD_MAX.source).optional(),
  campaign: text(LEAD_FIELD_MAX.campaign).optional(),
});

/** A checkbox posts "on"; JSON clients send a boolean. */
const checkbox = z
  .preprocess((v) => (v === 'on' || v === 'true' ? true : v === 'false' ? false : v), z.boolean())
  .optional();

/**
 * A submission from the widget (or any JSON client). Unknown scalar fields are accepted and kept as custom
 * attributes; field errors come back with a JSON Pointer per field so the widget can map them to inputs.
 */
export const SubmissionSchema = LeadFieldsSchema.extend({
  consent: checkbox,
  /** Paths the visitor viewed on the site (behavioural scoring; only when the form enables it). */
  pagesViewed: z.array(plainString().max(500)).max(20).optional(),
  /** Milliseconds the visitor had spent on the page when submitting (behavioural; with consent). */
  timeOnPage: z.coerce.number().int().min(0).max(86_400_000).optional(),
  [HONEYPOT_FIELD]: z.string().max(2000).optional(),
  /** Milliseconds between the form rendering and the submit. */
  [ELAPSED_FIELD]: z.coerce.number().min(0).optional(),
  [TURNSTILE_FIELD]: z.string().max(4096).optional(),
})
  .catchall(scalar)
  .openapi('Submission');

/** A plain HTML form post (ours, or a Salesforce Web-to-Lead form pointed at us): name → value. */
export const FormPostSchema = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .openapi('FormPost');

export const SubmissionReceiptSchema = z
  .object({
    /** A receipt for this submission; it does not reveal whether the person was already known. */
    id: z.string(),
    status: z.literal('received'),
  })
  .openapi('SubmissionReceipt');

/** A lead pushed by another system in our own JSON shape (webhook adapter `leadgate`). */
export const WebhookLeadSchema = LeadFieldsSchema.extend({
  consent: checkbox,
  page: z.string().max(2000).optional(),
})
  .catchall(scalar)
  .openapi('WebhookLead');

/** A lead created by a signed-in user or an API key. */
export const CreateLeadSchema = LeadFieldsSchema.catchall(scalar).openapi('CreateLead');

export const CreatedLeadSchema = z
  .object({
    id: z.string(),
    receiptId: z.string(),
    /** `updated` when the email or phone matched an existing lead, which was updated instead. */
    outcome: z.enum(['created', 'updated']),
  })
  .openapi('CreatedLead');

export type LeadFields = z.infer<typeof LeadFieldsSchema>;
export type Submission = z.infer<typeof SubmissionSchema>;
export type SubmissionReceipt = z.infer<typeof SubmissionReceiptSchema>;

/** Names of the standard fields (everything else a client sends becomes a custom attribute). */
export const LEAD_FIELD_NAMES = Object.keys(LeadFieldsSchema.shape) as Array<keyof LeadFields>;

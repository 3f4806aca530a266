import { z } from '@hono/zod-openapi';
import { normalizeEmail } from '../core/contact';
import { MAX_TAG_LENGTH, normalizeTag } from '../core/tags';
import { LeadDetailSchema, LeadStatusSchema, LossReasonSchema } from './leads';
import { LEAD_FIELD_MAX } from './limits';
import { ProblemSchema } from './problem';
import { idString, plainString } from './text';

const optionalText = (max: number) => plainString().trim().max(max).nullable().optional();

/** The version a change is based on (alternatively the `If-Match` header with the lead's ETag). */
const version = z.number().int().min(1).optional();

/** PATCH /api/leads/{id}: the fields to change (null clears); status, assignee and tags have their own routes. */
export const UpdateLeadSchema = z
  .object({
    firstName: optionalText(LEAD_FIELD_MAX.firstName),
    lastName: plainString().trim().min(1, 'Enter a last name').max(LEAD_FIELD_MAX.lastName).optional(),
    title: optionalText(LEAD_FIELD_MAX.title),
    company: optionalText(LEAD_FIELD_MAX.company),
    industry: optionalText(LEAD_FIELD_MAX.industry),
    employees: z.number().int().min(0).max(10_000_000).nullable().optional(),
    country: optionalText(LEAD_FIELD_MAX.country),
    region: optionalText(LEAD_FIELD_MAX.region),
    city: optionalText(LEAD_FIELD_MAX.city),
    source: optionalText(LEAD_FIELD_MAX.source),
    campaign: optionalText(LEAD_FIELD_MAX.campaign),
    referredBy: optionalText(LEAD_FIELD_MAX.referredBy),
    description: optionalText(LEAD_FIELD_MAX.description),
    email: z
      .string()
      .trim()
      .max(LEAD_FIELD_MAX.email)
      .refine((v) => v === '' || normalizeEmail(v).ok, { message: 'Enter a valid email address' })
      .nullable()
      .optional(),
    phone: optionalText(LEAD_FIELD_MAX.phone),
    custom: z.record(plainString().min(1).max(100), plainString().max(2000)).optional(),
    version,
  })
  .strict()
  .openapi('UpdateLead');

/** POST /api/leads/{id}/status: the target status, and for LOST why (see core/status for the rules). */
export const ChangeStatusSchema = z
  .object({
    status: LeadStatusSchema,
    /** Required when moving to LOST; OTHER also needs `lossReasonText`. */
    lossReason: LossReasonSchema.nullable().optional(),
    lossReasonText: plainString().trim().max(1000).nullable().optional(),
    /** Moving to LOST: also mark the lead's open tasks done, in the same transaction. */
    closeOpenTasks: z.boolean().optional(),
    version,
  })
  .strict()
  .openapi('ChangeStatus');

/** POST /api/leads/{id}/assign. */
export const AssignLeadSchema = z
  .object({
    /** A member, admin or owner of the organization; null unassigns. */
    assigneeId: idString().nullable(),
    version,
  })
  .strict()
  .openapi('AssignLead');

const TagSchema = plainString()
  .max(MAX_TAG_LENGTH * 4)
  .refine((t) => normalizeTag(t) !== null, { message: `A tag has 1 to ${MAX_TAG_LENGTH} characters` })
  .transform((t) => normalizeTag(t)!);

/** POST /api/leads/{id}/tags: tags to add, normalized (trimmed, one line, at most 50 characters). */
export const AddTagsSchema = z
  .object({ tags: z.array(TagSchema).min(1).max(20), version })
  .strict()
  .openapi('AddTags');

/** DELETE /api/leads/{id}/tags/{tag}. */
export const TagParamSchema = z.object({
  id: idString().openapi({ param: { name: 'id', in: 'path' } }),
  tag: plainString()
    .min(1)
    .max(MAX_TAG_LENGTH * 4)
    .openapi({ param: { name: 'tag', in: 'path' }, description: 'The tag, URL-encoded; any case.' }),
});

/** A lead's tags after a change, with its new version. */
export const LeadTagsSchema = z
  .object({ tags: z.array(z.string()), version: z.number().int() })
  .openapi('LeadTags');

/** GET /api/tags: the autocomplete's query. */
export const TagSuggestQuerySchema = z.object({
  q: plainString()
    .max(MAX_TAG_LENGTH)
    .optional()
    .openapi({ param: { name: 'q', in: 'query' }, description: 'Start of the tag, any case.' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' } }),
});

/** Tags in use, most used first. */
export const TagSuggestionsSchema = z
  .object({ items: z.array(z.object({ tag: z.string(), count: z.number().int() })) })
  .openapi('TagSuggestions');

/** 409 `version-conflict`: the problem, with the lead as it is now. */
export const VersionConflictSchema = ProblemSchema.extend({ current: LeadDetailSchema }).openapi(
  'VersionConflict',
);

/** 409 `invalid-transition`: the problem, with the statuses the lead could move to. */
export const InvalidTransitionSchema = ProblemSchema.extend({
  from: LeadStatusSchema,
  to: LeadStatusSchema,
  allowed: z.array(LeadStatusSchema),
}).openapi('InvalidTransition');

/** GET /api/leads/duplicates/check: what the create form has so far (email, phone, or names + company). */
export const DuplicateCheckQuerySchema = z.object({
  email: plainString()
    .trim()
    .max(320)
    .refine((v) => normalizeEmail(v).ok, { message: 'Not an email address' })
    .optional()
    .openapi({ param: { name: 'email', in: 'query' } }),
  phone: plainString()
    .trim()
    .max(64)
    .optional()
    .openapi({ param: { name: 'phone', in: 'query' } }),
  first: plainString()
    .trim()
    .max(200)
    .optional()
    .openapi({ param: { name: 'first', in: 'query' } }),
  last: plainString()
    .trim()
    .max(200)
    .optional()
    .openapi({ param: { name: 'last', in: 'query' } }),
  company: plainString()
    .trim()
    .max(200)
    .optional()
    .openapi({ param: { name: 'company', in: 'query' } }),
});

/** A lead that looks like the one being entered, and why. */
export const DuplicateMatchSchema = z
  .object({
    id: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string(),
    company: z.string().nullable(),
    status: LeadStatusSchema,
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    /** Which dedupe rule matched (`email-exact`, `phone-exact`, `name-company-fuzzy`). */
    rule: z.string(),
    similarity: z.number(),
  })
  .openapi('DuplicateMatch');

/** The duplicate warning's answer: best rule first. */
export const DuplicateCheckSchema = z
  .object({ matches: z.array(DuplicateMatchSchema) })
  .openapi('DuplicateCheck');

export type UpdateLeadBody = z.output<typeof UpdateLeadSchema>;
export type ChangeStatusBody = z.output<typeof ChangeStatusSchema>;
export type DuplicateCheckQuery = z.output<typeof DuplicateCheckQuerySchema>;
export type DuplicateMatch = z.infer<typeof DuplicateMatchSchema>;

import { z } from '@hono/zod-openapi';
import { OPPORTUNITY_STAGES } from '../core/convert-plan';
import { limitParam } from './page';
import { idString, plainString } from './text';
import { TimelineEventSchema } from './workspace-activity';

const timestamp = () => z.string().openapi({ format: 'date-time' });
const ref = z.object({ id: z.string(), name: z.string() });

export const OpportunityStageSchema = z.enum(OPPORTUNITY_STAGES).openapi('OpportunityStage');

/** A CRM record, by path. */
export const CrmIdParamSchema = z.object({
  id: idString().openapi({ param: { name: 'id', in: 'path' }, example: 'opp_01jx…' }),
});

/** Search and size of a CRM list (name contains `q`, any case). */
export const CrmListQuerySchema = z.object({
  q: plainString()
    .trim()
    .max(200)
    .optional()
    .openapi({ param: { name: 'q', in: 'query' } }),
  limit: limitParam(),
});

export const OpportunityListItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    stage: OpportunityStageSchema,
    /** Decimal string, 2 places (no float rounding). */
    amount: z.string(),
    currency: z.string(),
    account: ref.nullable(),
    assignee: ref.nullable(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .openapi('OpportunityListItem');

export const ContactListItemSchema = z
  .object({
    id: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string(),
    title: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    /** The phone in international format for display, or null when it is not a valid number. */
    phoneDisplay: z.string().nullable(),
    account: ref.nullable(),
    createdAt: timestamp(),
  })
  .openapi('ContactListItem');

export const AccountListItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    industry: z.string().nullable(),
    employees: z.number().int().nullable(),
    createdAt: timestamp(),
  })
  .openapi('AccountListItem');

export const AccountDetailSchema = AccountListItemSchema.extend({
  website: z.string().nullable(),
  contacts: z.array(ContactListItemSchema),
  opportunities: z.array(OpportunityListItemSchema),
}).openapi('AccountDetail');

export const ContactDetailSchema = ContactListItemSchema.extend({
  leadId: z.string().nullable(),
  opportunities: z.array(OpportunityListItemSchema),
}).openapi('ContactDetail');

export const OpportunityDetailSchema = OpportunityListItemSchema.extend({
  description: z.string().nullable(),
  source: z.string().nullable(),
  campaign: z.string().nullable(),
  formId: z.string().nullable(),
  closedAt: timestamp().nullable(),
  version: z.number().int(),
  contact: ref.nullable(),
  /** The lead it was converted from. */
  lead: z.object({ id: z.string(), name: z.string(), status: z.string() }).nullable(),
  documents: z.array(ref),
  /** The opportunity's events and the originating lead's history, newest first. */
  timeline: z.array(TimelineEventSchema),
}).openapi('OpportunityDetail');

/** Moving an opportunity along or changing its amount; `version` is the one read (409 when stale). */
export const UpdateOpportunitySchema = z
  .object({
    stage: OpportunityStageSchema.optional(),
    /** Rounded to cents. */
    amount: z.number().min(0).max(999_999_999_999).optional(),
    version: z.number().int().min(1),
  })
  .strict()
  .refine((v) => v.stage !== undefined || v.amount !== undefined, {
    message: 'Send stage or amount',
    path: ['stage'],
  })
  .openapi('UpdateOpportunity');

const list = <S extends z.ZodType>(item: S, name: string) => z.object({ items: z.array(item) }).openapi(name);
export const AccountListSchema = list(AccountListItemSchema, 'AccountList');
export const ContactListSchema = list(ContactListItemSchema, 'ContactList');
export const OpportunityListSchema = list(OpportunityListItemSchema, 'OpportunityList');

export type AccountListItem = z.infer<typeof AccountListItemSchema>;
export type AccountDetail = z.infer<typeof AccountDetailSchema>;
export type ContactListItem = z.infer<typeof ContactListItemSchema>;
export type ContactDetail = z.infer<typeof ContactDetailSchema>;
export type OpportunityListItem = z.infer<typeof OpportunityListItemSchema>;
export type OpportunityDetail = z.infer<typeof OpportunityDetailSchema>;
export type UpdateOpportunityBody = z.infer<typeof UpdateOpportunitySchema>;
export type CrmListQuery = z.output<typeof CrmListQuerySchema>;

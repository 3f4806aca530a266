import { z } from '@hono/zod-openapi';
import { idString, plainString } from './text';

const timestamp = () => z.string().openapi({ format: 'date-time' });

/** An existing account whose normalized name resembles the lead's company. */
export const AccountCandidateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    industry: z.string().nullable(),
    employees: z.number().int().nullable(),
    /** pg_trgm similarity of the normalized names, 0–1; 1 is the same name once legal suffixes go. */
    similarity: z.number(),
  })
  .openapi('AccountCandidate');

/** The ids a conversion created or linked; the lead keeps them. */
export const ConversionSchema = z
  .object({
    leadId: z.string(),
    accountId: z.string(),
    contactId: z.string(),
    opportunityId: z.string(),
    opportunityName: z.string(),
    convertedAt: timestamp(),
    /** True when this request found the lead converted already and changed nothing (a retry). */
    alreadyConverted: z.boolean(),
    accountCreated: z.boolean(),
  })
  .openapi('Conversion');

/** What converting this lead would do, for the confirmation dialog. */
export const ConversionPreviewSchema = z
  .object({
    leadId: z.string(),
    status: z.string(),
    /** False with `missingFields` or a non-qualified status: the dialog says why. */
    convertible: z.boolean(),
    missingFields: z.array(z.string()),
    /** The account a new one would be called (the lead's company). */
    accountName: z.string().nullable(),
    candidates: z.array(AccountCandidateSchema),
    opportunityName: z.string(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    copies: z.object({
      account: z.array(z.string()),
      contact: z.array(z.string()),
      opportunity: z.array(z.string()),
    }),
    documents: z.number().int(),
    /** Set when the lead is converted already. */
    conversion: ConversionSchema.nullable(),
  })
  .openapi('ConversionPreview');

/** `accountId` links an existing account; `createAccount: true` makes one from the lead's company. */
export const ConvertLeadSchema = z
  .object({
    accountId: idString().optional(),
    createAccount: z.boolean().optional(),
    /** The account executive; defaults to the lead's assignee, then to the converter. */
    assigneeId: idString().optional(),
    opportunityName: plainString().trim().min(1).max(200).optional(),
    /** Also mark the lead's open tasks done, in the same transaction. */
    closeOpenTasks: z.boolean().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.accountId && v.createAccount)
      ctx.addIssue({
        code: 'custom',
        path: ['accountId'],
        message: 'Choose an account or createAccount, not both',
      });
    if (!v.accountId && !v.createAccount)
      ctx.addIssue({
        code: 'custom',
        path: ['accountId'],
        message: 'Choose an account or set createAccount',
      });
  })
  .openapi('ConvertLead');

export type AccountCandidate = z.infer<typeof AccountCandidateSchema>;
export type Conversion = z.infer<typeof ConversionSchema>;
export type ConversionPreview = z.infer<typeof ConversionPreviewSchema>;
export type ConvertLeadBody = z.infer<typeof ConvertLeadSchema>;

import { z } from '@hono/zod-openapi';
import { BULK_LIMIT } from '../core/bulk';
import { MAX_TAG_LENGTH, normalizeTag } from '../core/tags';
import { LEAD_FILTER_SHAPE, LeadFilterSchema, LeadStatusSchema, LossReasonSchema } from './leads';
import { idString, plainString } from './text';

const Tag = plainString()
  .max(MAX_TAG_LENGTH * 4)
  .refine((t) => normalizeTag(t) !== null, { message: `A tag has 1 to ${MAX_TAG_LENGTH} characters` })
  .transform((t) => normalizeTag(t)!);

/**
 * Which leads: explicit ids, or the leads matching a list filter (the query-string form GET /api/leads
 * takes). More than BULK_LIMIT ids is refused by the service with the count, not here, so the message can
 * say how many were sent; a filter is resolved by the server to at most BULK_LIMIT leads (highest score
 * first), and the result says how many it took and whether more matched.
 */
export const BulkSelectionSchema = z
  .union([
    z.object({ ids: z.array(idString()).min(1).max(5000) }).strict(),
    z.object({ filter: LeadFilterSchema }).strict(),
  ])
  .openapi('BulkSelection');

const selection = { selection: BulkSelectionSchema };

/** POST /api/leads/bulk: one action over a selection of at most 1,000 leads. */
export const BulkRequestSchema = z
  .discriminatedUnion('action', [
    z
      .object({
        action: z.literal('status'),
        ...selection,
        status: LeadStatusSchema,
        lossReason: LossReasonSchema.nullable().optional(),
        lossReasonText: plainString().trim().max(1000).nullable().optional(),
        /** Moving to LOST: also mark the changed leads' open tasks done (bulk undo does not reopen them). */
        closeOpenTasks: z.boolean().optional(),
      })
      .strict(),
    z.object({ action: z.literal('assign'), ...selection, assigneeId: idString().nullable() }).strict(),
    z.object({ action: z.literal('addTags'), ...selection, tags: z.array(Tag).min(1).max(20) }).strict(),
    z.object({ action: z.literal('removeTags'), ...selection, tags: z.array(Tag).min(1).max(20) }).strict(),
    z.object({ action: z.literal('delete'), ...selection }).strict(),
  ])
  .openapi('BulkRequest');

export const BulkSkipSchema = z.object({
  id: z.string(),
  reason: z.enum([
    'forbidden',
    'not-found',
    'invalid-transition',
    'unchanged',
    'too-many-tags',
    'changed-since',
    'converted',
  ]),
});

/** What a bulk operation (or its undo) did: how many leads changed, and each lead it left alone and why. */
export const BulkResultSchema = z
  .object({
    operationId: z.string().nullable(),
    changed: z.number().int(),
    skipped: z.array(BulkSkipSchema),
    /** Until when POST /api/leads/bulk/{operationId}/undo is accepted; null when nothing changed. */
    undoUntil: z.string().nullable(),
    /** How many leads the selection took (a filter: its first matches, at most the bulk limit). */
    selected: z.number().int(),
    /** True when the filter matched more leads than the bulk limit, which were left for another run. */
    moreMatched: z.boolean(),
  })
  .openapi('BulkResult');

export const BulkUndoResultSchema = z
  .object({ operationId: z.string(), restored: z.number().int(), skipped: z.array(BulkSkipSchema) })
  .openapi('BulkUndoResult');

export const BulkOperationParamSchema = z.object({
  operationId: idString().openapi({ param: { name: 'operationId', in: 'path' } }),
});

export type BulkRequest = z.output<typeof BulkRequestSchema>;
export type BulkResult = z.infer<typeof BulkResultSchema>;
export type BulkUndoResult = z.infer<typeof BulkUndoResultSchema>;
export type BulkSkip = z.infer<typeof BulkSkipSchema>;
export { BULK_LIMIT };

/** GET /api/leads/export: the lead list's filter and a format. */
export const ExportQuerySchema = z
  .object({
    ...LEAD_FILTER_SHAPE,
    format: z
      .enum(['csv', 'json'])
      .default('csv')
      .openapi({ param: { name: 'format', in: 'query' }, description: 'csv (default) or json.' }),
  })
  .strict();

export type ExportQuery = z.output<typeof ExportQuerySchema>;

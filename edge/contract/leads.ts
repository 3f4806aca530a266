import { z } from '@hono/zod-openapi';

export const LeadStatusSchema = z.enum(['NEW', 'CONTACTED', 'QUALIFIED', 'LOST']).openapi('LeadStatus');

export const LeadListQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' } }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: 'Opaque cursor from `nextCursor`.' }),
});

export const LeadListItemSchema = z
  .object({
    id: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string(),
    company: z.string().nullable(),
    title: z.string().nullable(),
    status: LeadStatusSchema,
    score: z.number().int(),
    source: z.string().nullable(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('LeadListItem');

export const LeadListSchema = z
  .object({
    items: z.array(LeadListItemSchema),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .openapi('LeadList');

export type LeadStatus = z.infer<typeof LeadStatusSchema>;
export type LeadListQuery = z.infer<typeof LeadListQuerySchema>;
export type LeadListItem = z.infer<typeof LeadListItemSchema>;
export type LeadList = z.infer<typeof LeadListSchema>;

export const LeadIdParamSchema = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'lead_01jx…' }),
});

export const LeadDetailSchema = LeadListItemSchema.extend({
  email: z.string().nullable(),
  phone: z.string().nullable(),
  phoneValid: z.boolean().nullable(),
  industry: z.string().nullable(),
  employees: z.number().int().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  campaign: z.string().nullable(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  scoreBreakdown: z.array(z.object({ rule: z.string(), points: z.number(), detail: z.string().optional() })),
  custom: z.record(z.string(), z.string()),
  version: z.number().int(),
  updatedAt: z.string().openapi({ format: 'date-time' }),
  lastActivityAt: z.string().openapi({ format: 'date-time' }),
}).openapi('LeadDetail');

export type LeadDetail = z.infer<typeof LeadDetailSchema>;

import { z } from '@hono/zod-openapi';
import { LeadFilterSchema } from './leads';
import { idString, plainString } from './text';

/**
 * A saved filter in the query-string form of GET /api/leads (`{ status: "NEW,CONTACTED", assignee: "me" }`),
 * checked against that endpoint's parameters so a view can never hold a filter the list would refuse.
 */
const ViewFilterSchema = z
  .record(z.string().max(50), z.string().max(2000))
  .superRefine((filter, ctx) => {
    if (Object.keys(filter).length > 30) ctx.addIssue({ code: 'custom', message: 'Too many parameters' });
    const parsed = LeadFilterSchema.safeParse(filter);
    if (parsed.success) return;
    for (const issue of parsed.error.issues)
      ctx.addIssue({
        code: 'custom',
        path: issue.path.length ? issue.path : [],
        message:
          issue.code === 'unrecognized_keys'
            ? `Unknown parameter(s): ${issue.keys.join(', ')}`
            : issue.message,
      });
  })
  .openapi({ example: { status: 'NEW,CONTACTED', assignee: 'me', sort: 'score' } });

/** POST /api/saved-views. */
export const CreateSavedViewSchema = z
  .object({
    name: plainString().trim().min(1, 'Name the view').max(100),
    filter: ViewFilterSchema,
    /** Shared views are listed for everyone in the organization. */
    shared: z.boolean().default(false),
  })
  .strict()
  .openapi('CreateSavedView');

/** PATCH /api/saved-views/{id}: any of name, filter, sharing. */
export const UpdateSavedViewSchema = z
  .object({
    name: plainString().trim().min(1, 'Name the view').max(100).optional(),
    filter: ViewFilterSchema.optional(),
    shared: z.boolean().optional(),
  })
  .strict()
  .openapi('UpdateSavedView');

/** A saved view as listed for the caller. */
export const SavedViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    filter: z.record(z.string(), z.string()),
    shared: z.boolean(),
    owner: z.object({ id: z.string(), name: z.string() }),
    /** Whether the caller may rename, change or delete it. */
    editable: z.boolean(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('SavedView');

/** The caller's views and the shared ones, by name. */
export const SavedViewListSchema = z.object({ items: z.array(SavedViewSchema) }).openapi('SavedViewList');

/** A saved view, by path. */
export const SavedViewParamSchema = z.object({
  id: idString().openapi({ param: { name: 'id', in: 'path' } }),
});

export type CreateSavedView = z.output<typeof CreateSavedViewSchema>;
export type UpdateSavedView = z.output<typeof UpdateSavedViewSchema>;
export type SavedView = z.infer<typeof SavedViewSchema>;

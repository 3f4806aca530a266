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

/**
 * The list's built-in columns (`stage`: days in the current status; `task`: when the lead's next open task is
 * due); `custom:<key>` names a custom attribute.
 */
export const LIST_COLUMNS = [
  'name',
  'company',
  'status',
  'stage',
  'score',
  'owner',
  'source',
  'campaign',
  'country',
  'created',
  'activity',
  'task',
] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number] | `custom:${string}`;

const ColumnSchema = z.union([
  z.enum(LIST_COLUMNS),
  z
    .string()
    .regex(
      /^custom:[^\s,]{1,100}$/,
      'Expected a list column or custom:<key>',
    ) as z.ZodType<`custom:${string}`>,
]);

/** How the list shows a view: which columns in which order (the name always among them), and row density. */
export const ViewLayoutSchema = z
  .object({
    columns: z
      .array(ColumnSchema)
      .min(1)
      .max(30)
      .refine((c) => new Set(c).size === c.length, 'A column is listed twice')
      .refine((c) => c.includes('name'), 'The name column cannot be hidden'),
    density: z.enum(['comfortable', 'compact']),
  })
  .strict()
  .openapi('ViewLayout', { example: { columns: ['name', 'company', 'status'], density: 'compact' } });

/** POST /api/saved-views. */
export const CreateSavedViewSchema = z
  .object({
    name: plainString().trim().min(1, 'Name the view').max(100),
    filter: ViewFilterSchema,
    /** Columns and density; absent or null: the list keeps the viewer's own. */
    layout: ViewLayoutSchema.nullable().default(null),
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
    layout: ViewLayoutSchema.nullable().optional(),
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
    /** As saved (see ViewLayoutSchema); a client skips a column it does not know. */
    layout: z
      .object({ columns: z.array(z.string()), density: z.enum(['comfortable', 'compact']) })
      .nullable(),
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
export type ViewLayout = z.infer<typeof ViewLayoutSchema>;

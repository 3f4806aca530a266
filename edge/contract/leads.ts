import { z } from '@hono/zod-openapi';
import { parseDateBound } from '../core/date-range';
import { LEAD_STATUSES, LOSS_REASONS } from '../core/status';
import { pageParams } from './page';
import { idString, plainString } from './text';

export const LeadStatusSchema = z.enum(LEAD_STATUSES).openapi('LeadStatus');
export const LossReasonSchema = z.enum(LOSS_REASONS).openapi('LossReason');

/**
 * The list's sort keys: score (default), creation, last activity, last name, company, campaign, country.
 * Custom attributes are not sortable: each key would need an index of its own to keep a page fast.
 */
export const LEAD_SORTS = ['score', 'created', 'activity', 'name', 'company', 'campaign', 'country'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

const query = (name: string, description: string) => ({ param: { name, in: 'query' as const }, description });

/** A comma-separated list parameter whose items each pass `item`; an unknown item names the parameter. */
function list<T>(item: z.ZodType<T>, max = 20) {
  return z
    .string()
    .max(2000)
    .transform((text, ctx) => {
      const parts = [...new Set(text.split(',').map((s) => s.trim()))].filter(Boolean);
      if (parts.length > max) {
        ctx.addIssue({ code: 'custom', message: `At most ${max} values` });
        return z.NEVER;
      }
      const out: T[] = [];
      for (const part of parts) {
        const parsed = item.safeParse(part);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: `Invalid value "${part.slice(0, 100)}"` });
          return z.NEVER;
        }
        out.push(parsed.data);
      }
      return out;
    });
}

/** One end of a date range: `YYYY-MM-DD` (a whole UTC day) or an ISO timestamp with offset. */
function dateBound(end: 'start' | 'end') {
  return z.string().transform((text, ctx) => {
    const at = parseDateBound(text, end);
    if (!at) ctx.addIssue({ code: 'custom', message: 'Expected YYYY-MM-DD or an ISO 8601 timestamp' });
    return at ?? z.NEVER;
  });
}

const ID = idString();
const LABEL = plainString().max(200);

/** The filter part of the lead list (also what a saved view stores), in its query-string form. */
export const LEAD_FILTER_SHAPE = {
  q: plainString()
    .max(200)
    .optional()
    .openapi(query('q', 'Name or company (accent-insensitive), or an exact email or phone.')),
  status: list(LeadStatusSchema).optional().openapi(query('status', 'Comma-separated statuses.')),
  assignee: list(z.union([z.enum(['me', 'unassigned']), ID]))
    .optional()
    .openapi(query('assignee', 'Comma-separated user ids, `me` or `unassigned`.')),
  source: list(LABEL).optional().openapi(query('source', 'Comma-separated lead sources.')),
  campaign: list(LABEL).optional().openapi(query('campaign', 'Comma-separated campaigns.')),
  tags: list(LABEL).optional().openapi(query('tags', 'Comma-separated tags; a lead must have all of them.')),
  scoreMin: z.coerce.number().int().min(0).max(100).optional().openapi(query('scoreMin', 'Lowest score.')),
  scoreMax: z.coerce.number().int().min(0).max(100).optional().openapi(query('scoreMax', 'Highest score.')),
  createdFrom: dateBound('start').optional().openapi(query('createdFrom', 'Created on or after.')),
  createdTo: dateBound('end')
    .optional()
    .openapi(query('createdTo', 'Created on or before (a date: that whole day).')),
  updatedFrom: dateBound('start').optional().openapi(query('updatedFrom', 'Updated on or after.')),
  updatedTo: dateBound('end').optional().openapi(query('updatedTo', 'Updated on or before.')),
  stale: z
    .enum(['30', '60'])
    .optional()
    .openapi(query('stale', 'Only leads without activity for at least this many days.')),
  converted: z
    .enum(['true', 'false'])
    .optional()
    .openapi(query('converted', '`true`: only converted leads; `false`: only leads not converted.')),
  sort: z.enum(LEAD_SORTS).optional().openapi(query('sort', 'Sort key; default score.')),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .openapi(query('order', 'Default: descending, except name, company, campaign and country (ascending).')),
};

const PAGE_SHAPE = {
  ...pageParams(500),
  counts: z
    .enum(['true', 'false'])
    .default('true')
    .openapi(
      query('counts', 'Counting visits every matching lead: `false` skips it when the counts are known.'),
    ),
};

type RangeFields = { scoreMin?: number; scoreMax?: number } & Partial<
  Record<'createdFrom' | 'createdTo' | 'updatedFrom' | 'updatedTo', Date>
>;

/** An inverted range is a client mistake worth naming, not a silently empty list. */
function checkRanges(value: RangeFields, ctx: z.RefinementCtx) {
  const inverted = (lo: number | undefined, hi: number | undefined, path: string) => {
    if (lo !== undefined && hi !== undefined && lo > hi)
      ctx.addIssue({ code: 'custom', path: [path], message: 'The range ends before it starts' });
  };
  inverted(value.scoreMin, value.scoreMax, 'scoreMax');
  inverted(value.createdFrom?.getTime(), value.createdTo?.getTime(), 'createdTo');
  inverted(value.updatedFrom?.getTime(), value.updatedTo?.getTime(), 'updatedTo');
}

/** The lead list's filter alone (what a saved view keeps); unknown parameters are refused. */
export const LeadFilterSchema = z.object(LEAD_FILTER_SHAPE).strict().superRefine(checkRanges);
/** GET /api/leads: the filter, the sort and a page. */
export const LeadListQuerySchema = z.object({ ...LEAD_FILTER_SHAPE, ...PAGE_SHAPE }).superRefine(checkRanges);

const AssigneeSchema = z.object({ id: z.string(), name: z.string() }).nullable();
const timestamp = () => z.string().openapi({ format: 'date-time' });

/** The workspace's additions to a list row; always sent (see LeadListItemSchema on why they are optional). */
const LIST_ITEM_ADDITIONS = {
  lossReason: LossReasonSchema.nullable(),
  campaign: z.string().nullable(),
  country: z.string().nullable(),
  /** Fields a form or file sent that are not standard lead fields. */
  custom: z.record(z.string(), z.string()),
  tags: z.array(z.string()),
  updatedAt: timestamp(),
  lastActivityAt: timestamp(),
  /** When the lead entered its current status ("days in stage"). */
  statusChangedAt: timestamp(),
  /** When the lead was converted (it is then read-only); null while it is not. */
  convertedAt: timestamp().nullable(),
};

/**
 * A row of the lead list. The server always sends every field; the workspace's additions are typed
 * optional only so clients written against the first version of this contract keep compiling.
 */
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
    assignee: AssigneeSchema,
    createdAt: timestamp(),
    ...LIST_ITEM_ADDITIONS,
    /** When the earliest of the lead's open tasks is due; null without open tasks. */
    nextTaskDueAt: timestamp().nullable(),
  })
  .partial(
    Object.fromEntries([...Object.keys(LIST_ITEM_ADDITIONS), 'nextTaskDueAt'].map((k) => [k, true])) as {
      [K in keyof typeof LIST_ITEM_ADDITIONS | 'nextTaskDueAt']: true;
    },
  )
  .openapi('LeadListItem');

/** How many leads each status has. */
export const StatusCountsSchema = z
  .object({
    NEW: z.number().int(),
    CONTACTED: z.number().int(),
    QUALIFIED: z.number().int(),
    LOST: z.number().int(),
  })
  .openapi('StatusCounts');

export const LeadListSchema = z
  .object({
    items: z.array(LeadListItemSchema),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
    /**
     * Leads per status for the same filter, ignoring its `status` part (so every tab shows its count);
     * on the first page only (null when a cursor is sent, or `counts=false`), since paging does not change it.
     * Always sent; typed optional for clients of the first version of this contract.
     */
    counts: StatusCountsSchema.nullable().optional(),
    /** Each count stops here: a count equal to it means "at least this many". Always sent. */
    countLimit: z.number().int().optional(),
  })
  .openapi('LeadList');

/** GET /api/leads/counts: the per-status counts of a filter, without a page. */
export const LeadCountsSchema = z
  .object({ counts: StatusCountsSchema, countLimit: z.number().int() })
  .openapi('LeadCounts');

/** Where the per-status counts of the lead list stop (see LeadListSchema.countLimit). */
export const COUNT_LIMIT = 1_000;

export type LeadStatus = z.infer<typeof LeadStatusSchema>;
export type LeadFilter = z.output<typeof LeadFilterSchema>;
export type LeadListQuery = z.output<typeof LeadListQuerySchema>;
export type LeadListItem = z.infer<typeof LeadListItemSchema>;
export type LeadList = z.infer<typeof LeadListSchema>;
export type StatusCounts = z.infer<typeof StatusCountsSchema>;
export type LeadCounts = z.infer<typeof LeadCountsSchema>;

/** GET /api/leads/custom-keys: the custom attribute keys the organization's leads carry, by name. */
export const CustomKeysSchema = z
  .object({
    keys: z.array(z.string()),
    /** How many of the most recent leads were read for them (keys only older leads carry are not listed). */
    sampled: z.number().int(),
  })
  .openapi('CustomKeys');

/** A lead, by path. */
export const LeadIdParamSchema = z.object({
  id: idString().openapi({ param: { name: 'id', in: 'path' }, example: 'lead_01jx…' }),
});

/** One lead with everything the detail page shows, PII decrypted. */
export const LeadDetailSchema = LeadListItemSchema.extend({
  ...LIST_ITEM_ADDITIONS,
  email: z.string().nullable(),
  phone: z.string().nullable(),
  phoneValid: z.boolean().nullable(),
  /** The phone in international format for display, or null when it is not a valid number. */
  phoneDisplay: z.string().nullable(),
  industry: z.string().nullable(),
  employees: z.number().int().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  referredBy: z.string().nullable(),
  type: z.string(),
  description: z.string().nullable(),
  lossReasonText: z.string().nullable(),
  scoreBreakdown: z.array(z.object({ rule: z.string(), points: z.number(), detail: z.string().optional() })),
  custom: z.record(z.string(), z.string()),
  /**
   * The consent given with the latest submission that asked for it: whether it was given, the text shown
   * (in the visitor's language, or a locale → text map when the form had several), when and through which
   * channel; null when no submission carried consent.
   */
  consent: z
    .object({
      given: z.boolean(),
      text: z.union([z.string(), z.record(z.string(), z.string())]).nullable(),
      at: timestamp().nullable(),
      channel: z.string().nullable(),
    })
    .nullable()
    .optional(),
  /** Send back (as `If-Match` or `version`) with a change, so a concurrent edit is detected. */
  version: z.number().int(),
  /** When someone first answered the lead: its first logged activity or first move to CONTACTED. */
  firstResponseAt: timestamp().nullable(),
  /** Each stage's date and actor (user or API key id); see the status workflow. */
  contactedAt: timestamp().nullable(),
  contactedBy: z.string().nullable(),
  qualifiedAt: timestamp().nullable(),
  qualifiedBy: z.string().nullable(),
  lostAt: timestamp().nullable(),
  lostBy: z.string().nullable(),
  statusChangedAt: timestamp(),
  statusChangedBy: z.string().nullable(),
  /** The statuses this lead may move to now. */
  allowedTransitions: z.array(LeadStatusSchema),
  /** Set once the lead is converted: the records it became (the lead is read-only but for notes). */
  conversion: z
    .object({
      accountId: z.string().nullable(),
      contactId: z.string().nullable(),
      opportunityId: z.string().nullable(),
      convertedAt: timestamp(),
    })
    .nullable(),
}).openapi('LeadDetail');

export type LeadDetail = z.infer<typeof LeadDetailSchema>;
export type CustomKeys = z.infer<typeof CustomKeysSchema>;

import { z } from '@hono/zod-openapi';
import { parseDateBound } from '../core/date-range';
import { REPORT_GROUPS, REPORT_KINDS, VELOCITY_STAGES } from '../core/reports';
import { idString, plainString } from './text';

const query = (name: string, description: string) => ({ param: { name, in: 'query' as const }, description });

function dateBound(end: 'start' | 'end') {
  return z.string().transform((text, ctx) => {
    const at = parseDateBound(text, end);
    if (!at) ctx.addIssue({ code: 'custom', message: 'Expected YYYY-MM-DD or an ISO 8601 timestamp' });
    return at ?? z.NEVER;
  });
}

const LABEL = plainString().min(1).max(200);

/**
 * The filters every report takes. The date range selects a cohort: the leads created in it, each followed
 * through the funnel whenever it moved on (so a month's figures do not shift with the next month's leads).
 */
export const ReportQuerySchema = z
  .object({
    from: dateBound('start')
      .optional()
      .openapi(
        query(
          'from',
          "Leads created on or after: a date (a UTC day) or a timestamp with its offset (the dashboard sends the start of the day in the person's time zone).",
        ),
      ),
    to: dateBound('end')
      .optional()
      .openapi(
        query(
          'to',
          'Leads created before: a date includes that UTC day; a timestamp with its offset is exclusive.',
        ),
      ),
    source: LABEL.optional().openapi(query('source', 'Only this lead source.')),
    campaign: LABEL.optional().openapi(query('campaign', 'Only this campaign.')),
    formId: idString().optional().openapi(query('formId', 'Only leads from this form.')),
    assignee: idString().optional().openapi(query('assignee', 'Only leads assigned to this user.')),
    groupBy: z
      .enum(REPORT_GROUPS)
      .optional()
      .openapi(query('groupBy', 'Rows per source, campaign, form or rep (funnel, velocity, attribution).')),
    format: z.enum(['json', 'csv']).default('json').openapi(query('format', '`csv` downloads a file.')),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.from.getTime() >= v.to.getTime())
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'The range ends before it starts' });
  });

export type ReportQuery = z.output<typeof ReportQuerySchema>;

export const ReportKindParamSchema = z.object({
  kind: z.enum(REPORT_KINDS).openapi({ param: { name: 'kind', in: 'path' }, example: 'funnel' }),
});

const rate = z.number().nullable();
const secs = z.number().nullable();
const group = { key: z.string().nullable(), label: z.string().nullable() };

const FunnelRowSchema = z.object({
  ...group,
  total: z.number().int(),
  contacted: z.number().int(),
  qualified: z.number().int(),
  converted: z.number().int(),
  lost: z.number().int(),
  rates: z.object({ contacted: rate, qualified: rate, converted: rate, overall: rate }),
});

const VelocityRowSchema = z.object({
  ...group,
  total: z.number().int(),
  stages: z.array(
    z.object({
      stage: z.enum(VELOCITY_STAGES),
      count: z.number().int(),
      avgSeconds: secs,
      medianSeconds: secs,
    }),
  ),
  response: z.object({
    contacted: z.number().int(),
    avgSeconds: secs,
    medianSeconds: secs,
    withinHourShare: rate,
  }),
});

const AttributionRowSchema = z.object({
  ...group,
  leads: z.number().int(),
  qualified: z.number().int(),
  converted: z.number().int(),
  amount: z.string(),
  rates: z.object({ qualified: rate, converted: rate }),
});

const RepRowSchema = z.object({
  ...group,
  assigned: z.number().int(),
  contacted: z.number().int(),
  qualified: z.number().int(),
  converted: z.number().int(),
  medianResponseSeconds: secs,
  rates: z.object({ contacted: rate, qualified: rate, converted: rate }),
});

/** A report: its kind, the grouping used, and one row per group (largest first). */
export const ReportSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('funnel'), groupBy: z.enum(REPORT_GROUPS), rows: z.array(FunnelRowSchema) }),
    z.object({
      kind: z.literal('velocity'),
      groupBy: z.enum(REPORT_GROUPS),
      rows: z.array(VelocityRowSchema),
    }),
    z.object({
      kind: z.literal('attribution'),
      groupBy: z.enum(REPORT_GROUPS),
      rows: z.array(AttributionRowSchema),
    }),
    z.object({ kind: z.literal('reps'), groupBy: z.enum(REPORT_GROUPS), rows: z.array(RepRowSchema) }),
  ])
  .openapi('Report');

export type Report = z.infer<typeof ReportSchema>;

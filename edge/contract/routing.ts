import { z } from '@hono/zod-openapi';
import { RoutingRuleInputSchema } from './admin';
import { LeadFilterSchema } from './leads';

const id = z.string().min(1).max(64);
const text = z.string().trim().max(200);

/** A lead as routing reads it, typed in by hand: every part optional but the score. */
export const DraftLeadSchema = z
  .strictObject({
    source: text.nullish(),
    formId: id.nullish(),
    campaign: text.nullish(),
    country: z.string().trim().max(100).nullish(),
    region: text.nullish(),
    score: z.number().int().min(0).max(100).default(0),
    custom: z.record(z.string().trim().min(1).max(100), z.string().max(500)).nullish(),
  })
  .openapi('RoutingDraftLead');

/** POST /api/routing-rules/explain: a stored lead or a draft, against the rules in force or a draft list. */
export const ExplainRoutingSchema = z
  .union([
    z.strictObject({ leadId: id, rules: z.array(RoutingRuleInputSchema).max(50).optional() }),
    z.strictObject({ lead: DraftLeadSchema, rules: z.array(RoutingRuleInputSchema).max(50).optional() }),
  ])
  .openapi('ExplainRouting');

const CheckSchema = z.object({
  part: z.string(),
  key: z.string().optional(),
  ok: z.boolean(),
  expected: z.unknown(),
  actual: z.unknown(),
});

const SkippedSchema = z.object({
  userId: z.string(),
  reason: z.enum(['not-member', 'deactivated', 'away', 'over-limit']),
  until: z.string().optional(),
  open: z.number().int().optional(),
  limit: z.number().int().optional(),
});

export const RoutingWhySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    action: z.enum(['user', 'team', 'weighted']),
    version: z.number().int().nullable(),
    matched: z.array(z.object({ part: z.string(), key: z.string().optional(), actual: z.unknown() })),
    skipped: z.array(SkippedSchema).optional(),
  })
  .openapi('RoutingWhy', { description: 'Why routing assigned a lead: the rule, its version, what matched' });

/** GET /api/leads/{id}/routing: the lead's latest assignment and, when routing made it, why. */
export const LeadRoutingSchema = z
  .object({
    assignedTo: z.string().nullable(),
    assignment: z
      .object({
        at: z.string().openapi({ format: 'date-time' }),
        to: z.string().nullable(),
        by: z
          .string()
          .nullable()
          .openapi({ description: 'The user who assigned it by hand, or who ran a replay' }),
        replay: z.boolean(),
        why: RoutingWhySchema.partial({ version: true, matched: true })
          .nullable()
          .openapi({ description: 'Null for an assignment made by hand' }),
      })
      .nullable(),
  })
  .openapi('LeadRouting');

export const RoutingExplanationSchema = z
  .object({
    version: z.number().int().openapi({ description: 'The rule list version (0: a draft or never saved)' }),
    at: z.string().openapi({ format: 'date-time' }),
    timezone: z.string(),
    lead: z.object({
      source: z.string().nullable(),
      formId: z.string().nullable(),
      campaign: z.string().nullable().optional(),
      country: z.string().nullable(),
      region: z.string().nullable().optional(),
      score: z.number(),
      custom: z.record(z.string(), z.string()).nullable().optional(),
    }),
    rules: z.array(
      z.object({
        ruleId: z.string(),
        name: z.string(),
        position: z.number().int(),
        outcome: z.enum(['matched', 'disabled', 'no-match', 'no-one-available', 'not-reached']),
        checks: z.array(CheckSchema),
        skipped: z.array(SkippedSchema),
      }),
    ),
    decision: z
      .object({
        ruleId: z.string(),
        name: z.string(),
        assignee: z
          .string()
          .openapi({ description: 'Who would get the lead now (the next turn, not drawn)' }),
        pool: z.array(z.string()),
        why: RoutingWhySchema,
      })
      .nullable(),
  })
  .openapi('RoutingExplanation');

/** POST /api/routing-rules/replay: which leads (default: the unassigned ones), dry run or run, from where. */
export const ReplayRoutingSchema = z
  .strictObject({
    dryRun: z.boolean(),
    filter: LeadFilterSchema.optional(),
    after: id
      .optional()
      .openapi({ description: 'Continue after this lead id (the `next` of the last batch)' }),
  })
  .openapi('ReplayRouting');

export const ReplayResultSchema = z
  .object({
    dryRun: z.boolean(),
    version: z.number().int(),
    considered: z.number().int(),
    /** A dry run looks at most this many leads; `capped` says whether more matched. */
    capped: z.boolean(),
    assigned: z.number().int().openapi({ description: 'Leads that get (or would get) a new assignee' }),
    unchanged: z.number().int(),
    unrouted: z.number().int().openapi({ description: 'Leads no rule takes; left as they are' }),
    byAssignee: z.array(z.object({ userId: z.string(), count: z.number().int() })),
    sample: z.array(
      z.object({
        leadId: z.string(),
        name: z.string(),
        from: z.string().nullable(),
        to: z.string(),
        ruleId: z.string(),
        ruleName: z.string(),
      }),
    ),
    next: z
      .string()
      .nullable()
      .openapi({ description: 'A run: the cursor of the next batch; null when done' }),
  })
  .openapi('ReplayResult');

/** PUT /api/members/{userId}/away: out of office until then (null: back). */
export const SetAwaySchema = z
  .strictObject({ until: z.string().datetime({ offset: true }).nullable() })
  .openapi('SetAway');

export const AwaySchema = z.object({ userId: z.string(), awayUntil: z.string().nullable() }).openapi('Away');

export type ExplainRoutingInput = z.output<typeof ExplainRoutingSchema>;
export type RoutingExplanation = z.output<typeof RoutingExplanationSchema>;
export type ReplayRoutingInput = z.output<typeof ReplayRoutingSchema>;
export type ReplayResult = z.output<typeof ReplayResultSchema>;
/** What a client sends (query-string filter, defaults unfilled). */
export type ReplayRoutingRequest = z.input<typeof ReplayRoutingSchema>;
export type ExplainRoutingRequest = z.input<typeof ExplainRoutingSchema>;
export type LeadRouting = z.output<typeof LeadRoutingSchema>;
export type RoutingWhyRecord = z.output<typeof RoutingWhySchema>;

import { z } from '@hono/zod-openapi';
import { API_SCOPES } from '../core/api-scopes';
import { RoleSchema } from './session';

const name = z.string().trim().min(1).max(100);
const id = z.string().min(1).max(64);
const dateTime = z.string().openapi({ format: 'date-time' });

/** `{id}` in the path of every admin route that names one record. */
export const AdminIdParamSchema = z.object({
  id: id.openapi({ param: { name: 'id', in: 'path' } }),
});

// API keys

export const ApiScopeSchema = z.enum(API_SCOPES).openapi('ApiScope');

export const CreateApiKeySchema = z
  .object({
    name,
    scopes: z
      .array(ApiScopeSchema)
      .min(1)
      .max(API_SCOPES.length)
      .refine((s) => new Set(s).size === s.length, { message: 'Each scope once' }),
    /** When the key stops working (in the future, at most MAX_API_KEY_DAYS ahead); absent: never. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    /** The most the key may do; at most the caller's role, which is the default. */
    role: RoleSchema.optional(),
  })
  .openapi('CreateApiKey');

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    scopes: z.array(ApiScopeSchema),
    /** First characters of the key, to tell keys apart; the key itself is never shown again. */
    prefix: z.string(),
    /** To the minute: a key in use is written at most once a minute. */
    lastUsedAt: dateTime.nullable(),
    lastUsedIp: z.string().nullable(),
    expiresAt: dateTime.nullable(),
    createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    createdAt: dateTime,
  })
  .openapi('ApiKey');

export const CreatedApiKeySchema = ApiKeySchema.omit({ lastUsedAt: true, lastUsedIp: true, createdBy: true })
  .extend({ key: z.string().openapi({ description: 'Shown once; send as `Authorization: Bearer …`.' }) })
  .openapi('CreatedApiKey');

export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema) }).openapi('ApiKeyList');

// Webhook sources

export const WebhookAdapterSchema = z.enum(['leadgate', 'hubspot']).openapi('WebhookAdapter');

export const CreateWebhookSourceSchema = z
  .object({
    name,
    adapter: WebhookAdapterSchema,
    defaultSource: z.string().trim().min(1).max(200).optional(),
    formId: id.optional(),
  })
  .openapi('CreateWebhookSource');

export const CreatedWebhookSourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    adapter: WebhookAdapterSchema,
    /** The Standard Webhooks signing secret (`whsec_…`), shown once. */
    secret: z.string(),
    url: z.string(),
  })
  .openapi('CreatedWebhookSource');

export const WebhookSourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    adapter: WebhookAdapterSchema,
    defaultSource: z.string(),
    formId: z.string().nullable(),
    enabled: z.boolean(),
    /** More than one while a secret is being rotated. */
    secretCount: z.number().int(),
    /** While a rotation overlaps: when the older secrets stop verifying (then they are dropped). */
    oldSecretsExpireAt: dateTime.nullable(),
    url: z.string(),
    createdAt: dateTime,
  })
  .openapi('WebhookSource');

export const WebhookSourceListSchema = z
  .object({ items: z.array(WebhookSourceSchema) })
  .openapi('WebhookSourceList');

export const WebhookSecretSchema = z
  .object({ secret: z.string(), secretCount: z.number().int() })
  .openapi('WebhookSecret');

/** The longest a rotation may keep the old secret working. */
export const MAX_ROTATION_OVERLAP_DAYS = 30;

export const RotateWebhookSecretSchema = z
  .object({
    /** Until when the current secret keeps verifying beside the new one (future, at most 30 days). */
    oldSecretValidUntil: z.iso.datetime({ offset: true }),
  })
  .openapi('RotateWebhookSecret');

export const RotatedWebhookSecretSchema = z
  .object({ secret: z.string(), oldSecretsExpireAt: dateTime })
  .openapi('RotatedWebhookSecret');

export const WEBHOOK_DELIVERY_OUTCOMES = [
  'accepted',
  'replayed',
  'signature_invalid',
  'too_old',
  'invalid_payload',
] as const;

export const WebhookDeliverySchema = z
  .object({
    receivedAt: dateTime,
    /** The sender's `webhook-id` (null when it was absent or not short printable ASCII). */
    messageId: z.string().nullable(),
    outcome: z.enum(WEBHOOK_DELIVERY_OUTCOMES),
    leadId: z.string().nullable(),
    leadOutcome: z.enum(['created', 'updated']).nullable(),
    /** The status answered, and for a refusal its problem code and the pointers of its field errors. */
    status: z.number().int(),
    problem: z.object({ code: z.string(), pointers: z.array(z.string()) }).nullable(),
  })
  .openapi('WebhookDelivery');

export const WebhookDeliveryListSchema = z
  .object({ items: z.array(WebhookDeliverySchema) })
  .openapi('WebhookDeliveryList');

// Scoring rules

const keywords = (maxItems: number) => z.array(z.string().trim().min(1).max(100)).max(maxItems);
const paths = z.array(z.string().trim().min(1).max(500)).max(50);
const points = z.number().int().min(0).max(100);
const headcount = z.number().int().min(0).max(10_000_000);

const titleLevels = z.strictObject({ director: keywords(500), manager: keywords(500) });
const threshold = z.number().int().min(1).max(100);

/** An organization's scoring model (see `ScoringRules` in core): every part is required. */
export const ScoringRulesSchema = z
  .strictObject({
    targetIndustries: keywords(500),
    targetRegions: keywords(300),
    /** By language code (en, de, cs, uk, …; `und`: not said); every language applies to every lead. */
    titleKeywords: z
      .record(z.string().regex(/^[a-z]{2,3}$/u), titleLevels)
      .refine((t) => Object.keys(t).length <= 30, { message: 'At most 30 languages' }),
    employees: z
      .strictObject({ large: headcount, mid: headcount })
      .refine((e) => e.mid <= e.large, { message: 'mid must not exceed large', path: ['mid'] }),
    points: z.strictObject({
      employeesLarge: points,
      employeesMid: points,
      industry: points,
      titleDirector: points,
      titleManager: points,
      titleIndividual: points,
      region: points,
      pricingPage: points,
      productPages: points,
      formSubmitted: points,
    }),
    signals: z.strictObject({ pricingPaths: paths, productPaths: paths }),
    aging: z.strictObject({ pointsPerWeek: points }),
    /** Hot from `hot`, warm from `warm` up to below `hot`, cold below `warm`. */
    bands: z
      .strictObject({ hot: threshold, warm: threshold })
      .refine((b) => b.warm < b.hot, { message: 'warm must be below hot', path: ['warm'] }),
  })
  .openapi('ScoringRules');

export const ScoringRulesVersionSchema = z
  .object({ version: z.number().int(), rules: ScoringRulesSchema })
  .openapi('ScoringRulesVersion');

export const RescoreResultSchema = z
  .object({ version: z.number().int(), rescored: z.number().int() })
  .openapi('RescoreResult');

// Routing rules

const score = z.number().int().min(0).max(100);
/** A list a condition part matches against; an empty list would say nothing, so it is refused. */
const matchList = (max: number) => z.array(z.string().trim().min(1).max(200)).min(1).max(max);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:MM');

export const BusinessHoursSchema = z
  .strictObject({
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .openapi({ description: 'ISO weekdays, 1 = Monday' }),
    start: clockTime,
    end: clockTime,
  })
  .refine((h) => h.start < h.end, {
    message: 'The hours must end after they start',
    path: ['end'],
    params: { code: 'range_inverted' },
  })
  .openapi('BusinessHours', {
    description: "Wall-clock hours in the organization's time zone; end exclusive.",
  });

export const RoutingConditionSchema = z
  .strictObject({
    sources: matchList(50).optional(),
    countries: z.array(z.string().trim().min(1).max(100)).min(1).max(300).optional(),
    regions: matchList(100).optional(),
    campaigns: matchList(50).optional(),
    minScore: score.optional(),
    maxScore: score.optional(),
    formIds: z.array(id).min(1).max(50).optional(),
    attributes: z
      .array(z.strictObject({ key: z.string().trim().min(1).max(100), values: matchList(50) }))
      .min(1)
      .max(20)
      .optional()
      .openapi({ description: 'Custom attributes the lead must carry, each with one of the values' }),
    businessHours: BusinessHoursSchema.optional(),
  })
  .refine((c) => c.minScore === undefined || c.maxScore === undefined || c.minScore <= c.maxScore, {
    message: 'minScore must not exceed maxScore',
    path: ['minScore'],
    params: { code: 'range_inverted' },
  })
  .openapi('RoutingCondition');

const maxOpenLeads = z
  .number()
  .int()
  .min(1)
  .max(10_000)
  .optional()
  .openapi({ description: 'Load-aware: skip anyone who already has this many open leads' });

export const RoutingActionSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('user'), userId: id }),
    z.strictObject({
      type: z.literal('team'),
      team: z.string().trim().min(1).max(100),
      seniorOnly: z.boolean().optional(),
      maxOpenLeads,
    }),
    z.strictObject({
      type: z.literal('weighted'),
      members: z
        .array(z.strictObject({ userId: id, weight: z.number().int().min(1).max(100) }))
        .min(1)
        .max(50)
        .superRefine((members, ctx) => {
          const seen = new Set<string>();
          members.forEach((m, i) => {
            if (seen.has(m.userId))
              ctx.addIssue({
                code: 'custom',
                path: [i, 'userId'],
                message: 'Named twice',
                params: { code: 'duplicate' },
              });
            seen.add(m.userId);
          });
        }),
      maxOpenLeads,
    }),
  ])
  .openapi('RoutingAction');

export const RoutingRuleInputSchema = z
  .strictObject({
    id: id.optional().openapi({ description: 'An existing rule to keep (its id and round-robin turn)' }),
    name,
    enabled: z.boolean().default(true),
    condition: RoutingConditionSchema,
    action: RoutingActionSchema,
  })
  .openapi('RoutingRuleInput');

export const PutRoutingRulesSchema = z
  .object({ rules: z.array(RoutingRuleInputSchema).max(50) })
  .openapi('PutRoutingRules');

export const RoutingRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number().int(),
    enabled: z.boolean(),
    condition: RoutingConditionSchema,
    action: RoutingActionSchema,
    version: z.number().int().optional(),
  })
  .openapi('RoutingRule');

export const RoutingRuleListSchema = z
  .object({ items: z.array(RoutingRuleSchema) })
  .openapi('RoutingRuleList');

// Quarantine

export const QuarantineQuerySchema = z.object({
  status: z
    .enum(['held', 'released'])
    .optional()
    .openapi({ param: { name: 'status', in: 'query' }, description: 'Both when absent.' }),
});

export const QuarantineItemSchema = z
  .object({
    id: z.string(),
    formId: z.string().nullable(),
    /** The form's name now (null when the form is gone). */
    formName: z.string().nullable(),
    channel: z.string(),
    /** Why it is held: one of QUARANTINE_REASONS (contract/quarantine.ts). */
    reason: z.string(),
    createdAt: dateTime,
    /** When the retention job erases it if nobody reviews it; null once released. */
    expiresAt: dateTime.nullable(),
    releasedAt: dateTime.nullable(),
    leadId: z.string().nullable(),
    /** The submission as it arrived (decrypted: it holds personal data). */
    payload: z.unknown(),
  })
  .openapi('QuarantineItem');

export const QuarantineListSchema = z
  .object({ items: z.array(QuarantineItemSchema) })
  .openapi('QuarantineList');

export const ReleasedSubmissionSchema = z
  .object({ leadId: z.string(), outcome: z.enum(['created', 'updated']) })
  .openapi('ReleasedSubmission');

export type CreateApiKey = z.infer<typeof CreateApiKeySchema>;
export type CreateWebhookSource = z.infer<typeof CreateWebhookSourceSchema>;
export type WebhookSource = z.infer<typeof WebhookSourceSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;
export type CreatedWebhookSource = z.infer<typeof CreatedWebhookSourceSchema>;
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export type WebhookDeliveryOutcome = (typeof WEBHOOK_DELIVERY_OUTCOMES)[number];
export type RoutingRuleInput = z.infer<typeof RoutingRuleInputSchema>;
export type SavedRoutingRule = z.infer<typeof RoutingRuleSchema>;
export type QuarantineQuery = z.infer<typeof QuarantineQuerySchema>;
export type QuarantineItem = z.infer<typeof QuarantineItemSchema>;

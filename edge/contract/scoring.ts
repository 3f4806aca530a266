import { z } from '@hono/zod-openapi';
import { ScoringRulesSchema } from './admin';

const dateTime = z.string().openapi({ format: 'date-time' });
const version = z.number().int().min(0);

/** `{version}` in the path. */
export const ScoringVersionParamSchema = z.object({
  version: z.coerce
    .number()
    .int()
    .min(0)
    .max(2_147_483_647)
    .openapi({ param: { name: 'version', in: 'path' }, type: 'integer' }),
});

export const ScoringDiffQuerySchema = z.object({
  /** The version compared against (the older one, usually). */
  against: z.coerce
    .number()
    .int()
    .min(0)
    .max(2_147_483_647)
    .openapi({ param: { name: 'against', in: 'query' }, type: 'integer' }),
});

export const ScoringVersionSummarySchema = z
  .object({
    version,
    createdAt: dateTime,
    createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    /** The version this one restored, if it was a restore. */
    restoredFrom: version.nullable(),
    /** The version in force (the newest). */
    current: z.boolean(),
  })
  .openapi('ScoringVersionSummary');

export const ScoringVersionListSchema = z
  .object({ items: z.array(ScoringVersionSummarySchema) })
  .openapi('ScoringVersionList');

export const ScoringVersionSchema = ScoringVersionSummarySchema.extend({ rules: ScoringRulesSchema }).openapi(
  'ScoringVersion',
);

export const ScoringChangeSchema = z
  .discriminatedUnion('kind', [
    z.object({ path: z.string(), kind: z.literal('value'), before: z.number(), after: z.number() }),
    z.object({
      path: z.string(),
      kind: z.literal('list'),
      added: z.array(z.string()),
      removed: z.array(z.string()),
    }),
  ])
  .openapi('ScoringChange');

export const ScoringDiffSchema = z
  .object({ from: version, to: version, changes: z.array(ScoringChangeSchema) })
  .openapi('ScoringDiff');

export const RescoreStatusSchema = z.enum(['running', 'completed', 'superseded']);

/** A background rescore; `done` counts leads walked (new leads met on the way included, so it may pass `total`). */
export const RescoreProgressSchema = z
  .object({
    id: z.string(),
    version,
    status: RescoreStatusSchema,
    done: z.number().int(),
    total: z.number().int(),
    startedAt: dateTime,
    finishedAt: dateTime.nullable(),
  })
  .openapi('RescoreProgress');

export const RescoreStateSchema = z
  .object({ rescore: RescoreProgressSchema.nullable() })
  .openapi('RescoreState');

export const SavedScoringVersionSchema = z
  .object({ version, rescore: RescoreProgressSchema })
  .openapi('SavedScoringVersion');

export const ScoreBandSchema = z.enum(['hot', 'warm', 'cold']);

const scored = z.object({
  score: z.number().int(),
  band: ScoreBandSchema,
  breakdown: z.array(z.object({ rule: z.string(), points: z.number().int(), detail: z.string().optional() })),
});

/**
 * What saving a draft would do. With `approximate`, the figures are a uniform random sample of `scored`
 * leads scaled to `total` (and movers come from the sample); otherwise every live lead was scored.
 */
export const ScoringPreviewSchema = z
  .object({
    total: z.number().int(),
    scored: z.number().int(),
    approximate: z.boolean(),
    /** Leads whose score changes. */
    changed: z.number().int(),
    /** Ten buckets of ten points (the last is 90–100): how many leads now and with the draft. */
    histogram: z.array(
      z.object({
        from: z.number().int(),
        to: z.number().int(),
        now: z.number().int(),
        draft: z.number().int(),
      }),
    ),
    /** Every from→to pair of bands (the current model's thresholds → the draft's). */
    bands: z.array(z.object({ from: ScoreBandSchema, to: ScoreBandSchema, count: z.number().int() })),
    /** Up to ten leads whose score moves most. */
    movers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        company: z.string().nullable(),
        before: scored,
        after: scored,
      }),
    ),
  })
  .openapi('ScoringPreview');

export type ScoringPreview = z.infer<typeof ScoringPreviewSchema>;
export type RescoreProgress = z.infer<typeof RescoreProgressSchema>;
export type ScoringVersionSummary = z.infer<typeof ScoringVersionSummarySchema>;

import { z } from '@hono/zod-openapi';

/**
 * Why a submission is held, as the spam checks or the form's rate limit (`rate`) decide it (`reason` stays an
 * open string on the wire: a client older than a new reason shows the code). The dashboard words each one per
 * language.
 */
export const QUARANTINE_REASONS = [
  'honeypot',
  'too-fast',
  'turnstile-failed',
  'turnstile-unreachable',
  'rate',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/** Held submissions are counted up to this many; the navigation shows "100+" beyond. */
export const HELD_COUNT_CAP = 100;

/** How many held submissions one bulk action takes. */
export const QUARANTINE_BULK_LIMIT = 100;

export const QuarantineCountSchema = z
  .object({
    /** Held submissions waiting for review, counted up to HELD_COUNT_CAP. */
    held: z.number().int(),
    /** True when there are more than `held`. */
    capped: z.boolean(),
  })
  .openapi('QuarantineCount');

const id = z.string().min(1).max(64);

export const QuarantineBulkSchema = z
  .strictObject({
    action: z.enum(['release', 'discard']),
    ids: z
      .array(id)
      .min(1)
      .max(QUARANTINE_BULK_LIMIT)
      .refine((ids) => new Set(ids).size === ids.length, {
        message: 'Each id once',
        params: { code: 'duplicate_id' },
      }),
  })
  .openapi('QuarantineBulk');

/**
 * What a bulk action did to one submission: `released` (with its lead) or `discarded`; `not-found` for an
 * id that is not held in the organization (another's, or already discarded or expired);
 * `already-released`; `unreadable` when a held payload cannot be read as a lead (it stays held).
 */
export const QuarantineBulkOutcomeSchema = z.enum([
  'released',
  'discarded',
  'not-found',
  'already-released',
  'unreadable',
]);

export const QuarantineBulkResultSchema = z
  .object({
    items: z.array(
      z.object({ id: z.string(), outcome: QuarantineBulkOutcomeSchema, leadId: z.string().nullable() }),
    ),
  })
  .openapi('QuarantineBulkResult');

export type QuarantineCount = z.infer<typeof QuarantineCountSchema>;
export type QuarantineBulk = z.infer<typeof QuarantineBulkSchema>;
export type QuarantineBulkOutcome = z.infer<typeof QuarantineBulkOutcomeSchema>;
export type QuarantineBulkResult = z.infer<typeof QuarantineBulkResultSchema>;

import { createRoute, z } from '@hono/zod-openapi';
import { problemResponses } from '../contract/problem';
import { SubmissionReceiptSchema } from '../contract/submissions';
import { AppError } from '../core/errors';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { enforceRateLimit, type RateLimitPolicy } from '../http/middleware/rate-limit';
import { router } from '../http/validation';
import { checkDuplicatesLater } from '../services/duplicates/find';
import { receiveWebhook } from '../services/ingest/receive-webhook';

const SourceParamSchema = z.object({
  sourceId: z
    .string()
    .max(64)
    .openapi({ param: { name: 'sourceId', in: 'path' } }),
});

/** Other systems pushing leads, signed per Standard Webhooks. */
export function hookRoutes(deps: Deps) {
  return router({ foreignPayload: true }).openapi(
    createRoute({
      method: 'post',
      path: '/v1/hooks/{sourceId}',
      tags: ['public'],
      summary:
        'Receive a lead by webhook (Standard Webhooks signature; our JSON or a HubSpot Forms v3 payload)',
      request: {
        params: SourceParamSchema,
        body: {
          required: true,
          content: json(z.record(z.string(), z.unknown())),
        },
      },
      responses: {
        201: {
          description: 'Received (also for a redelivery)',
          content: json(SubmissionReceiptSchema),
        },
        ...problemResponses(400, 401, 404, 413, 415, 422, 429, 503),
      },
    }),
    async (c) => {
      const { sourceId } = c.req.valid('param');
      const sender = senderPolicy(deps.clientIp(c));
      // An address whose unverifiable posts used up its quota is refused before any lookup or signature work.
      await enforceRateLimit(c, deps.rateLimiter, { ...sender, peek: true });
      const headers = {
        id: c.req.header('webhook-id') ?? null,
        timestamp: c.req.header('webhook-timestamp') ?? null,
        signature: c.req.header('webhook-signature') ?? null,
      };
      const result = await receiveWebhook(
        deps,
        c.get('db'),
        sourceId,
        { headers, rawBody: await c.req.text(), json: c.req.valid('json') },
        { admit: () => enforceRateLimit(c, deps.rateLimiter, sourcePolicy(sourceId)) },
      ).catch(async (error: unknown) => {
        if (error instanceof AppError && UNVERIFIED.has(error.code))
          await deps.rateLimiter.hit(sender.key, sender.limit, sender.windowSeconds);
        throw error;
      });
      checkDuplicatesLater(c.get('defer'), deps, c.get('db'), result.organizationId, result);
      return c.json({ id: result.receiptId, status: 'received' as const }, 201);
    },
  );
}

/** The refusals of a post that could not be verified: they count against the sender, not the source. */
const UNVERIFIED: ReadonlySet<string> = new Set(['webhook-signature-invalid', 'source-not-found']);

/** A source's quota: deliveries a minute whose signature was verified (forged posts never use it). */
function sourcePolicy(sourceId: string): RateLimitPolicy {
  return { policy: 'hook', key: `hook:${sourceId}`, limit: 1200, windowSeconds: 60 };
}

/** An address's quota of unverifiable posts a minute (bad signature, unknown source). */
function senderPolicy(ip: string | null): RateLimitPolicy {
  return { policy: 'hook-sender', key: `hook-sender:${ip ?? 'unknown'}`, limit: 60, windowSeconds: 60 };
}

import { createRoute, z } from '@hono/zod-openapi';
import { problemResponses } from '../contract/problem';
import { SubmissionReceiptSchema } from '../contract/submissions';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { enforceRateLimit } from '../http/middleware/rate-limit';
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
      await enforceRateLimit(c, deps.rateLimiter, {
        policy: 'hook',
        key: `hook:${sourceId}`,
        limit: 1200,
        windowSeconds: 60,
      });
      const headers = {
        id: c.req.header('webhook-id') ?? null,
        timestamp: c.req.header('webhook-timestamp') ?? null,
        signature: c.req.header('webhook-signature') ?? null,
      };
      const result = await receiveWebhook(deps, c.get('db'), sourceId, {
        headers,
        rawBody: await c.req.text(),
        json: c.req.valid('json'),
      });
      checkDuplicatesLater(c.get('defer'), deps, c.get('db'), result.organizationId, result);
      return c.json({ id: result.receiptId, status: 'received' as const }, 201);
    },
  );
}

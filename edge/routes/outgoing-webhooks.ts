import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  CreatedWebhookSubscriptionSchema,
  CreateWebhookSubscriptionSchema,
  UpdateWebhookSubscriptionSchema,
  WEBHOOK_PAYLOADS,
  WebhookIdParamSchema,
  WebhookMessageListSchema,
  WebhookMessageQuerySchema,
  WebhookSubscriptionListSchema,
  WebhookSubscriptionSchema,
  WebhookSubscriptionSecretSchema,
} from '../contract/outgoing-webhooks';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { listMessages, replayMessage } from '../services/outgoing-webhooks/log';
import {
  createSubscription,
  deleteSubscription,
  dropOldSecrets,
  listSubscriptions,
  rotateSecret,
  updateSubscription,
} from '../services/outgoing-webhooks/subscriptions';

const TAG = 'outgoing webhooks';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});

const ReplayResultSchema = z
  .object({
    ok: z.boolean(),
    attempt: z.number().int(),
    status: z.number().int().nullable(),
    error: z.string().nullable(),
  })
  .openapi('WebhookReplayResult');

const SIGNATURE_HEADERS = z.object({
  'webhook-id': z
    .string()
    .openapi({ description: 'The message id (`msg_…`): the same on every retry and replay' }),
  'webhook-timestamp': z
    .string()
    .openapi({ description: 'Seconds since the epoch when this attempt was signed' }),
  'webhook-signature': z.string().openapi({
    description:
      'Space-separated `v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{body}`, one per secret ' +
      '(two while a rotation overlaps). Verify with any Standard Webhooks library.',
  }),
});

/**
 * Endpoints that receive the organization's events (Standard Webhooks), their secrets and the delivery log,
 * for admins and owners. The payloads are described in the OpenAPI document's `webhooks` section.
 */
export function outgoingWebhookRoutes(deps: Deps) {
  const admin = secured(deps, 'admin');
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/webhook-subscriptions',
        tags: [TAG],
        middleware: admin,
        responses: {
          200: { description: 'Endpoints, without secrets', content: json(WebhookSubscriptionListSchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) => c.json({ items: await listSubscriptions(c.get('db'), c.get('auth').organizationId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/webhook-subscriptions',
        tags: [TAG],
        summary: 'Subscribe an endpoint (https, public address); its signing secret is shown once',
        middleware: admin,
        request: body(CreateWebhookSubscriptionSchema),
        responses: {
          201: { description: 'Created', content: json(CreatedWebhookSubscriptionSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) =>
        c.json(await createSubscription(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/webhook-subscriptions/{id}',
        tags: [TAG],
        summary: 'Change the URL, event types or description; enable or disable',
        middleware: admin,
        request: { params: WebhookIdParamSchema, ...body(UpdateWebhookSubscriptionSchema) },
        responses: {
          200: { description: 'Changed', content: json(WebhookSubscriptionSchema) },
          ...problemResponses(401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) =>
        c.json(
          await updateSubscription(
            deps,
            c.get('db'),
            c.get('auth'),
            c.req.valid('param').id,
            c.req.valid('json'),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/webhook-subscriptions/{id}',
        tags: [TAG],
        summary: 'Delete an endpoint with its messages and log',
        middleware: admin,
        request: { params: WebhookIdParamSchema },
        responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) => {
        await deleteSubscription(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/webhook-subscriptions/{id}/secrets',
        tags: [TAG],
        summary: 'Rotate: add a secret (shown once); every secret signs until the old ones are dropped',
        middleware: admin,
        request: { params: WebhookIdParamSchema },
        responses: {
          201: { description: 'Added', content: json(WebhookSubscriptionSecretSchema) },
          ...problemResponses(401, 403, 404, 409, 429),
        },
      }),
      async (c) => c.json(await rotateSecret(deps, c.get('db'), c.get('auth'), c.req.valid('param').id), 201),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/webhook-subscriptions/{id}/secrets/old',
        tags: [TAG],
        summary: 'End a rotation: only the newest secret signs',
        middleware: admin,
        request: { params: WebhookIdParamSchema },
        responses: { 204: { description: 'Old secrets dropped' }, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) => {
        await dropOldSecrets(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/webhook-messages',
        tags: [TAG],
        summary: 'The delivery log: the latest 50 messages with every attempt',
        middleware: admin,
        request: { query: WebhookMessageQuerySchema },
        responses: {
          200: { description: 'Messages, newest first', content: json(WebhookMessageListSchema) },
          ...problemResponses(401, 403, 422, 429),
        },
      }),
      async (c) =>
        c.json(
          { items: await listMessages(c.get('db'), c.get('auth').organizationId, c.req.valid('query')) },
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/webhook-messages/{id}/replay',
        tags: [TAG],
        summary: 'Send a message again now (same webhook-id and body)',
        middleware: admin,
        request: { params: WebhookIdParamSchema },
        responses: {
          200: { description: 'The attempt made', content: json(ReplayResultSchema) },
          ...problemResponses(401, 403, 404, 429),
        },
      }),
      async (c) =>
        c.json(await replayMessage(deps, c.get('db'), c.get('auth'), c.req.valid('param').id), 200),
    );
}

/**
 * Describes each event's body in the OpenAPI document's `webhooks` section. Registered on the document's
 * own router: a webhook is named by its event type, not a path, and `route()` would prefix it like one.
 */
export function documentWebhooks(registry: OpenAPIHono['openAPIRegistry']): void {
  for (const [type, schema] of Object.entries(WEBHOOK_PAYLOADS))
    registry.registerWebhook({
      method: 'post',
      path: type,
      summary: `\`${type}\`, sent to the endpoints subscribed to it`,
      request: { headers: SIGNATURE_HEADERS, body: { required: true, content: json(schema) } },
      responses: {
        200: {
          description: 'Any 2xx acknowledges the message; anything else, or no answer in 10 s, is retried',
        },
      },
    });
}

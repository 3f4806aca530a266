import { createRoute, type z } from '@hono/zod-openapi';
import {
  AdminIdParamSchema,
  CreatedWebhookSourceSchema,
  CreateWebhookSourceSchema,
  RotatedWebhookSecretSchema,
  RotateWebhookSecretSchema,
  WebhookDeliveryListSchema,
  WebhookSecretSchema,
  WebhookSourceListSchema,
} from '../contract/admin';
import { problemResponses } from '../contract/problem';
import type { ErrorCode } from '../core/errors';
import type { Deps } from '../deps';
import { ERROR_STATUS } from '../http/errors';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { listDeliveries } from '../services/admin/webhook-deliveries';
import {
  addWebhookSecret,
  dropOldWebhookSecrets,
  listWebhookSources,
  registerWebhookSource,
  revokeWebhookSource,
  rotateWebhookSecret,
} from '../services/admin/webhook-sources';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});

/** The status a delivery was answered with: 201 when it was taken, else its problem's. */
function statusOf(problem: { code: string } | null): number {
  return problem ? (ERROR_STATUS[problem.code as ErrorCode] ?? 422) : 201;
}

/** Systems that push leads by signed webhook: register, rotate and revoke their secrets, read their log. */
export function webhookSourceRoutes(deps: Deps) {
  const admin = secured(deps, 'admin');
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/webhook-sources',
        tags: ['admin'],
        summary: 'Register a webhook source; its signing secret is shown once',
        middleware: admin,
        request: body(CreateWebhookSourceSchema),
        responses: {
          201: { description: 'Created', content: json(CreatedWebhookSourceSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) =>
        c.json(await registerWebhookSource(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/webhook-sources',
        tags: ['admin'],
        summary: 'The sources that are not revoked',
        middleware: admin,
        responses: {
          200: { description: 'Sources, without secrets', content: json(WebhookSourceListSchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) =>
        c.json({ items: await listWebhookSources(c.get('db'), c.get('auth').organizationId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/webhook-sources/{id}/rotate',
        tags: ['admin'],
        summary: 'Rotate the signing secret: a new one (shown once), the old one valid until a chosen time',
        middleware: admin,
        request: { params: AdminIdParamSchema, ...body(RotateWebhookSecretSchema) },
        responses: {
          201: { description: 'Rotated', content: json(RotatedWebhookSecretSchema) },
          ...problemResponses(401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) =>
        c.json(
          await rotateWebhookSecret(
            deps,
            c.get('db'),
            c.get('auth'),
            c.req.valid('param').id,
            c.req.valid('json'),
          ),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/webhook-sources/{id}',
        tags: ['admin'],
        summary: 'Revoke a webhook source: its deliveries are refused (404) from now on',
        middleware: admin,
        request: { params: AdminIdParamSchema },
        responses: { 204: { description: 'Revoked' }, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) => {
        await revokeWebhookSource(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/webhook-sources/{id}/deliveries',
        tags: ['admin'],
        summary: 'The source’s recent deliveries, newest first (the last 100 signed, the last 20 unsigned)',
        middleware: admin,
        request: { params: AdminIdParamSchema },
        responses: {
          200: { description: 'The delivery log', content: json(WebhookDeliveryListSchema) },
          ...problemResponses(401, 403, 404, 429),
        },
      }),
      async (c) => {
        const { organizationId } = c.get('auth');
        const rows = await listDeliveries(c.get('db'), organizationId, c.req.valid('param').id, deps.now());
        return c.json({ items: rows.map((d) => ({ ...d, status: statusOf(d.problem) })) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/webhook-sources/{id}/secrets',
        tags: ['admin'],
        summary: 'Add a signing secret (the old ones keep working until dropped); shown once',
        middleware: admin,
        request: { params: AdminIdParamSchema },
        responses: {
          201: { description: 'Added', content: json(WebhookSecretSchema) },
          ...problemResponses(401, 403, 404, 409, 429),
        },
      }),
      async (c) =>
        c.json(await addWebhookSecret(deps, c.get('db'), c.get('auth'), c.req.valid('param').id), 201),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/webhook-sources/{id}/secrets/old',
        tags: ['admin'],
        summary: 'End a rotation now: keep only the newest secret',
        middleware: admin,
        request: { params: AdminIdParamSchema },
        responses: { 204: { description: 'Old secrets dropped' }, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) => {
        await dropOldWebhookSecrets(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}

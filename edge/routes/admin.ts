import { createRoute, type z } from '@hono/zod-openapi';
import {
  AdminIdParamSchema,
  ApiKeyListSchema,
  CreateApiKeySchema,
  CreatedApiKeySchema,
  CreatedWebhookSourceSchema,
  CreateWebhookSourceSchema,
  PutRoutingRulesSchema,
  RescoreResultSchema,
  RoutingRuleListSchema,
  ScoringRulesSchema,
  ScoringRulesVersionSchema,
  WebhookSecretSchema,
  WebhookSourceListSchema,
} from '../contract/admin';
import { problemResponses } from '../contract/problem';
import type { Role } from '../contract/session';
import { AppError } from '../core/errors';
import { hasRole } from '../core/permissions';
import type { Auth, Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/admin/api-keys';
import { listRoutingRules, replaceRoutingRules } from '../services/admin/routing-rules';
import { getScoringRules } from '../services/admin/scoring-rules';
import {
  addWebhookSecret,
  dropOldWebhookSecrets,
  listWebhookSources,
  registerWebhookSource,
} from '../services/admin/webhook-sources';
import { saveScoringRulesNow } from '../services/scoring/versions';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});

/** A caller may hand out at most its own role: an admin cannot mint an owner key. */
function assertCanGrant(auth: Auth, role: Role): void {
  if (!hasRole(auth.role, role))
    throw new AppError('forbidden', { detail: `A ${auth.role} cannot create a key with the ${role} role.` });
}

/** API keys of the organization: create (shown once), list, revoke. */
function apiKeyRoutes(deps: Deps) {
  const admin = secured(deps, 'admin');
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/api-keys',
        tags: ['admin'],
        summary: 'Create an API key; the key is shown once',
        middleware: admin,
        request: body(CreateApiKeySchema),
        responses: {
          201: { description: 'Created', content: json(CreatedApiKeySchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) => {
        const input = c.req.valid('json');
        assertCanGrant(c.get('auth'), input.role);
        return c.json(await createApiKey(deps, c.get('db'), c.get('auth'), input), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/api-keys',
        tags: ['admin'],
        middleware: admin,
        responses: {
          200: { description: 'Active keys, without secrets', content: json(ApiKeyListSchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) => c.json({ items: await listApiKeys(c.get('db'), c.get('auth').organizationId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/api-keys/{id}',
        tags: ['admin'],
        middleware: admin,
        request: { params: AdminIdParamSchema },
        responses: { 204: { description: 'Revoked' }, ...problemResponses(401, 403, 404, 429) },
      }),
      async (c) => {
        await revokeApiKey(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}

/** Systems that push leads by signed webhook, and the rotation of their signing secrets. */
function webhookSourceRoutes(deps: Deps) {
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
        path: '/api/webhook-sources/{id}/secrets',
        tags: ['admin'],
        summary: 'Add a signing secret (rotation: the old ones keep working); shown once',
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
        summary: 'End a rotation: keep only the newest secret',
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

/** Scoring and routing configuration: everyone may read it, admins change it. */
function ruleRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/scoring-rules',
        tags: ['admin'],
        middleware: secured(deps),
        responses: {
          200: { description: 'The rules in force', content: json(ScoringRulesVersionSchema) },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json(await getScoringRules(c.get('db'), c.get('auth').organizationId), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/scoring-rules',
        tags: ['admin'],
        summary: 'Save a new version of the scoring rules and rescore every lead with it before answering',
        middleware: secured(deps, 'admin'),
        request: body(ScoringRulesSchema),
        responses: {
          200: { description: 'Saved and rescored', content: json(RescoreResultSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) =>
        c.json(await saveScoringRulesNow(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/routing-rules',
        tags: ['admin'],
        middleware: secured(deps),
        responses: {
          200: { description: 'The rules in evaluation order', content: json(RoutingRuleListSchema) },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json({ items: await listRoutingRules(c.get('db'), c.get('auth').organizationId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/routing-rules',
        tags: ['admin'],
        summary: 'Replace the routing rules (evaluated in array order)',
        middleware: secured(deps, 'admin'),
        request: body(PutRoutingRulesSchema),
        responses: {
          200: { description: 'The saved rules', content: json(RoutingRuleListSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) => {
        const { rules } = c.req.valid('json');
        return c.json({ items: await replaceRoutingRules(deps, c.get('db'), c.get('auth'), rules) }, 200);
      },
    );
}

/** The organization's administration: API keys, webhook sources, scoring and routing rules. */
export function adminRoutes(deps: Deps) {
  return router()
    .route('/', apiKeyRoutes(deps))
    .route('/', webhookSourceRoutes(deps))
    .route('/', ruleRoutes(deps));
}

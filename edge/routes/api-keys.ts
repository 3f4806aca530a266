import { createRoute } from '@hono/zod-openapi';
import {
  AdminIdParamSchema,
  ApiKeyListSchema,
  CreateApiKeySchema,
  CreatedApiKeySchema,
} from '../contract/admin';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/admin/api-keys';

/** API keys of the organization: create (shown once), list with their last use, revoke. */
export function apiKeyRoutes(deps: Deps) {
  const admin = secured(deps, 'admin');
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/api-keys',
        tags: ['admin'],
        summary: 'Create an API key with its scopes and optional expiry; the key is shown once',
        description:
          'A key acts for the person who creates it (a signed-in admin or owner), with its role or that ' +
          'person’s current role, whichever is less, and only on the routes of its scopes. It stops when ' +
          'it is revoked, when it expires (401 `api-key-expired`) or when its creator is deactivated.',
        middleware: admin,
        request: { body: { required: true, content: json(CreateApiKeySchema) } },
        responses: {
          201: { description: 'Created', content: json(CreatedApiKeySchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) => c.json(await createApiKey(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/api-keys',
        tags: ['admin'],
        summary: 'The keys that are not revoked, with their last use (to the minute) and address',
        middleware: admin,
        responses: {
          200: { description: 'Keys, without secrets', content: json(ApiKeyListSchema) },
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
        summary: 'Revoke an API key (refused from the next request on)',
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

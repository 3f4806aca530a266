import { createRoute } from '@hono/zod-openapi';
import { LeadDetailSchema, LeadIdParamSchema, LeadListQuerySchema, LeadListSchema } from '../contract/leads';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { authenticate } from '../http/middleware/auth';
import { router } from '../http/validation';
import { getLead } from '../services/get-lead';
import { listLeads } from '../services/list-leads';

/** The SDR's lead list and lead detail, always within the caller's organization. */
export function leadRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads',
        tags: ['leads'],
        middleware: [authenticate(deps)] as const,
        request: { query: LeadListQuerySchema },
        responses: {
          200: {
            description: 'A page of leads, best score first',
            content: { 'application/json': { schema: LeadListSchema } },
          },
          ...problemResponses(400, 401),
        },
      }),
      async (c) =>
        c.json(await listLeads(c.get('db'), c.get('auth').organizationId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/{id}',
        tags: ['leads'],
        middleware: [authenticate(deps)] as const,
        request: { params: LeadIdParamSchema },
        responses: {
          200: { description: 'The lead', content: { 'application/json': { schema: LeadDetailSchema } } },
          ...problemResponses(401, 404),
        },
      }),
      async (c) =>
        c.json(
          await getLead(c.get('db'), deps.pii, c.get('auth').organizationId, c.req.valid('param').id),
          200,
        ),
    );
}

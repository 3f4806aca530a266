import { createRoute } from '@hono/zod-openapi';
import { problemResponses } from '../contract/problem';
import { GlobalSearchQuerySchema, GlobalSearchSchema } from '../contract/search';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { globalSearch } from '../services/search/global-search';

/** The app-wide search box: leads, accounts, contacts and opportunities of the caller's organization. */
export function searchRoutes(deps: Deps) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/api/search',
      tags: ['search'],
      summary: 'Search leads, accounts, contacts and opportunities by name, company, exact email or phone',
      middleware: secured(deps),
      request: { query: GlobalSearchQuerySchema },
      responses: {
        200: {
          description: 'Up to `limit` results per group, best first',
          content: json(GlobalSearchSchema),
        },
        ...problemResponses(400, 401, 429),
      },
    }),
    async (c) => {
      const { organizationId, userId } = c.get('auth');
      const scope = { organizationId, userId, now: deps.now() };
      return c.json(await globalSearch(deps, c.get('db'), scope, c.req.valid('query')), 200);
    },
  );
}

import { createRoute } from '@hono/zod-openapi';
import { problemResponses } from '../contract/problem';
import { MemberListSchema } from '../contract/users';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { listMembers } from '../services/people/members';

/** The organization's members, for pickers. Any signed-in role may read them. */
export function userRoutes(deps: Deps) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/api/users',
      tags: ['users'],
      summary: 'Members of the organization, by name',
      middleware: secured(deps),
      responses: {
        200: { description: 'Members', content: json(MemberListSchema) },
        ...problemResponses(401, 429),
      },
    }),
    async (c) => c.json(await listMembers(c.get('db'), c.get('auth').organizationId), 200),
  );
}

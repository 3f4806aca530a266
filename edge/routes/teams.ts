import { createRoute, type z } from '@hono/zod-openapi';
import { problemResponses } from '../contract/problem';
import {
  TeamIdParamSchema,
  TeamListSchema,
  TeamMemberParamSchema,
  TeamMembershipSchema,
  TeamNameSchema,
  TeamSchema,
} from '../contract/teams';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import {
  createTeam,
  deleteTeam,
  listTeams,
  putTeamMember,
  removeTeamMember,
  renameTeam,
} from '../services/people/teams';

const body = <S extends z.ZodType>(schema: S) => ({ body: { required: true, content: json(schema) } });
const ADMIN = problemResponses(401, 403, 429);
const team = { 200: { description: 'The team with its members', content: json(TeamSchema) } };

/** Routing teams: admins and owners create, rename and delete them and choose their members. */
export function teamRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/teams',
        tags: ['people'],
        summary: 'Routing teams with their members',
        middleware: secured(deps, 'admin'),
        responses: { 200: { description: 'Teams', content: json(TeamListSchema) }, ...ADMIN },
      }),
      async (c) => c.json(await listTeams(c.get('db'), c.get('auth').organizationId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/teams',
        tags: ['people'],
        summary: 'Create a team (names are unique regardless of case and accents)',
        middleware: secured(deps, 'admin'),
        request: body(TeamNameSchema),
        responses: {
          201: { description: 'Created', content: json(TeamSchema) },
          ...ADMIN,
          ...problemResponses(422),
        },
      }),
      async (c) => c.json(await createTeam(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/teams/{id}',
        tags: ['people'],
        summary: 'Rename a team; the routing rules that name it are renamed with it',
        middleware: secured(deps, 'admin'),
        request: { params: TeamIdParamSchema, ...body(TeamNameSchema) },
        responses: { ...team, ...ADMIN, ...problemResponses(404, 422) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await renameTeam(deps, c.get('db'), c.get('auth'), id, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/teams/{id}',
        tags: ['people'],
        summary: 'Delete a team (409 team-in-use while an enabled routing rule names it)',
        middleware: secured(deps, 'admin'),
        request: { params: TeamIdParamSchema },
        responses: { 204: { description: 'Deleted' }, ...ADMIN, ...problemResponses(404, 409) },
      }),
      async (c) => {
        await deleteTeam(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/teams/{id}/members/{userId}',
        tags: ['people'],
        summary: 'Add an active member to a team, or set whether they are senior in it',
        middleware: secured(deps, 'admin'),
        request: { params: TeamMemberParamSchema, ...body(TeamMembershipSchema) },
        responses: { ...team, ...ADMIN, ...problemResponses(404, 422) },
      }),
      async (c) => {
        const { id, userId } = c.req.valid('param');
        return c.json(
          await putTeamMember(deps, c.get('db'), c.get('auth'), id, userId, c.req.valid('json')),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/teams/{id}/members/{userId}',
        tags: ['people'],
        summary: 'Take a member out of a team',
        middleware: secured(deps, 'admin'),
        request: { params: TeamMemberParamSchema },
        responses: { ...team, ...ADMIN, ...problemResponses(404) },
      }),
      async (c) => {
        const { id, userId } = c.req.valid('param');
        return c.json(await removeTeamMember(deps, c.get('db'), c.get('auth'), id, userId), 200);
      },
    );
}

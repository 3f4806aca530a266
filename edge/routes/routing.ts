import { createRoute, z } from '@hono/zod-openapi';
import { LeadIdParamSchema } from '../contract/leads';
import { MemberIdParamSchema } from '../contract/people';
import { problemResponses } from '../contract/problem';
import {
  AwaySchema,
  ExplainRoutingSchema,
  LeadRoutingSchema,
  ReplayResultSchema,
  ReplayRoutingSchema,
  RoutingExplanationSchema,
  SetAwaySchema,
} from '../contract/routing';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { listAway, setAway } from '../services/routing/away';
import { explainLeadRouting } from '../services/routing/explain';
import { leadRouting } from '../services/routing/lead-why';
import { replayRouting } from '../services/routing/replay';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});

/**
 * The routing editor's tools: who would get a lead and why, replaying the rules on existing leads (admins
 * and owners), and people's absences, which routing honours (a person sets their own, admins anyone's).
 */
export function routingRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/routing-rules/explain',
        tags: ['admin'],
        summary:
          'Who would get this lead: the rule that matches and why each earlier one did not (no side effects)',
        middleware: secured(deps, 'admin'),
        request: body(ExplainRoutingSchema),
        responses: {
          200: { description: 'The explanation', content: json(RoutingExplanationSchema) },
          ...problemResponses(401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) =>
        c.json(
          await explainLeadRouting(deps, c.get('db'), c.get('auth').organizationId, c.req.valid('json')),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/routing-rules/replay',
        tags: ['admin'],
        summary: 'Apply the rules in force to existing leads (default: unassigned): a dry run, or one batch',
        middleware: secured(deps, 'admin'),
        request: body(ReplayRoutingSchema),
        responses: {
          200: { description: 'What changed (or would change)', content: json(ReplayResultSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) => c.json(await replayRouting(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/{id}/routing',
        tags: ['leads'],
        summary:
          'Why the lead went to its rep: its latest assignment with the routing rule, version and values',
        middleware: secured(deps),
        request: { params: LeadIdParamSchema },
        responses: {
          200: { description: 'The latest assignment', content: json(LeadRoutingSchema) },
          ...problemResponses(401, 404, 429),
        },
      }),
      async (c) =>
        c.json(await leadRouting(c.get('db'), c.get('auth').organizationId, c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/away',
        tags: ['people'],
        summary: "Every member's absence (routing passes absent people over)",
        middleware: secured(deps),
        responses: {
          200: { description: 'The absences', content: json(z.object({ items: z.array(AwaySchema) })) },
          ...problemResponses(401, 429),
        },
      }),
      async (c) => c.json({ items: await listAway(c.get('db'), c.get('auth').organizationId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/members/{userId}/away',
        tags: ['people'],
        summary: 'Out of office until a moment (null: back); yourself, or anyone as an admin',
        middleware: secured(deps),
        request: { params: MemberIdParamSchema, ...body(SetAwaySchema) },
        responses: {
          200: { description: 'The absence', content: json(AwaySchema) },
          ...problemResponses(401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) => {
        const { until } = c.req.valid('json');
        const userId = c.req.valid('param').userId;
        return c.json(
          await setAway(deps, c.get('db'), c.get('auth'), userId, until === null ? null : new Date(until)),
          200,
        );
      },
    );
}

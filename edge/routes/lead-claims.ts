import { createRoute } from '@hono/zod-openapi';
import { ActivitySchema, LogActivitySchema } from '../contract/lead-activities';
import { LeadDetailSchema, LeadIdParamSchema } from '../contract/leads';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { versionTag } from '../http/versions';
import { logActivity } from '../services/leads/activities';
import { claimLead, releaseLead } from '../services/leads/claim';

const updated = { description: 'The lead after the change', content: json(LeadDetailSchema) };

/** An SDR's day on a lead: taking it from the pool, handing it back, and logging calls, emails and meetings. */
export function leadClaimRoutes(deps: Deps) {
  const member = secured(deps, 'member');
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/claim',
        tags: ['leads'],
        summary: 'Assign an unassigned lead to the caller; 409 `lead-already-assigned` names who has it',
        middleware: member,
        request: { params: LeadIdParamSchema },
        responses: { 200: updated, ...problemResponses(400, 401, 403, 404, 409, 429) },
      }),
      async (c) => {
        const lead = await claimLead(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.json(lead, 200, { ETag: versionTag(lead.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/release',
        tags: ['leads'],
        summary: 'Put a lead back in the pool, unassigned (its assignee or an admin)',
        middleware: member,
        request: { params: LeadIdParamSchema },
        responses: { 200: updated, ...problemResponses(400, 401, 403, 404, 409, 429) },
      }),
      async (c) => {
        const lead = await releaseLead(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.json(lead, 200, { ETag: versionTag(lead.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/activities',
        tags: ['leads'],
        summary: 'Log a call, an email or a meeting (a timeline event; the first is the first response)',
        middleware: member,
        request: { params: LeadIdParamSchema, body: { required: true, content: json(LogActivitySchema) } },
        responses: {
          201: { description: 'Logged', content: json(ActivitySchema) },
          ...problemResponses(400, 401, 403, 404, 409, 415, 422, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await logActivity(deps, c.get('db'), c.get('auth'), id, c.req.valid('json')), 201);
      },
    );
}

import { createRoute, type z } from '@hono/zod-openapi';
import { LeadDetailSchema, LeadIdParamSchema } from '../contract/leads';
import { problemResponses } from '../contract/problem';
import {
  AddTagsSchema,
  AssignLeadSchema,
  ChangeStatusSchema,
  InvalidTransitionSchema,
  LeadTagsSchema,
  TagParamSchema,
  TagSuggestionsSchema,
  TagSuggestQuerySchema,
  UpdateLeadSchema,
  VersionConflictSchema,
} from '../contract/workspace';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { expectedVersion, requiredVersion, versionTag } from '../http/versions';
import { assignLead } from '../services/leads/assign';
import { changeStatus } from '../services/leads/change-status';
import { deleteLead } from '../services/leads/delete';
import { addLeadTags, removeLeadTag, suggestTags } from '../services/leads/tags';
import { updateLead } from '../services/leads/update';

const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: json(schema) },
});
const problem = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { 'application/problem+json': { schema } },
});

const updated = { description: 'The lead after the change', content: json(LeadDetailSchema) };
const stale = problem('`version-conflict`: changed since; `current` is the lead now', VersionConflictSchema);

/**
 * Working a lead: fields, deletion, status, assignee, tags. Every route is scoped to the caller's org.
 * A change may say which version it is based on — the `If-Match` header with the ETag of GET
 * /api/leads/{id}, or `version` in the body (required for PATCH) — and is refused with 409 when stale.
 */
export function leadWorkRoutes(deps: Deps) {
  const member = secured(deps, 'member');
  return router()
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/leads/{id}',
        tags: ['leads'],
        summary: 'Edit fields; requires the version it is based on (If-Match or `version`)',
        middleware: member,
        request: { params: LeadIdParamSchema, ...body(UpdateLeadSchema) },
        responses: {
          200: updated,
          409: stale,
          ...problemResponses(400, 401, 403, 404, 415, 422, 428, 429),
        },
      }),
      async (c) => {
        const input = c.req.valid('json');
        const version = requiredVersion(c, input.version);
        const { id } = c.req.valid('param');
        const lead = await updateLead(deps, c.get('db'), c.get('auth'), id, input, version);
        return c.json(lead, 200, { ETag: versionTag(lead.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/leads/{id}',
        tags: ['leads'],
        summary: 'Soft-delete a lead',
        middleware: member,
        request: { params: LeadIdParamSchema },
        responses: {
          204: { description: 'Deleted' },
          409: stale,
          ...problemResponses(400, 401, 403, 404, 429),
        },
      }),
      async (c) => {
        await deleteLead(deps, c.get('db'), c.get('auth'), c.req.valid('param').id, expectedVersion(c));
        return c.body(null, 204);
      },
    )
    .route('/', pipelineRoutes(deps))
    .route('/', tagRoutes(deps));
}

/** Moving a lead through the pipeline, and handing it to someone. */
function pipelineRoutes(deps: Deps) {
  const member = secured(deps, 'member');
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/status',
        tags: ['leads'],
        summary: 'Move a lead through the pipeline (LOST needs a loss reason)',
        middleware: member,
        request: { params: LeadIdParamSchema, ...body(ChangeStatusSchema) },
        responses: {
          200: updated,
          409: problem(
            '`invalid-transition` (with `allowed`) or `version-conflict`',
            InvalidTransitionSchema,
          ),
          ...problemResponses(400, 401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) => {
        const input = c.req.valid('json');
        const version = expectedVersion(c, input.version);
        const lead = await changeStatus(
          deps,
          c.get('db'),
          c.get('auth'),
          c.req.valid('param').id,
          input,
          version,
        );
        return c.json(lead, 200, { ETag: versionTag(lead.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/assign',
        tags: ['leads'],
        summary: 'Assign to a member, admin or owner, or unassign (null)',
        middleware: member,
        request: { params: LeadIdParamSchema, ...body(AssignLeadSchema) },
        responses: { 200: updated, 409: stale, ...problemResponses(400, 401, 403, 404, 415, 422, 429) },
      }),
      async (c) => {
        const { assigneeId, version } = c.req.valid('json');
        const expected = expectedVersion(c, version);
        const id = c.req.valid('param').id;
        const lead = await assignLead(deps, c.get('db'), c.get('auth'), id, assigneeId, expected);
        return c.json(lead, 200, { ETag: versionTag(lead.version) });
      },
    );
}

/** Tags of a lead, and the organization's tags for autocomplete. */
function tagRoutes(deps: Deps) {
  const member = secured(deps, 'member');
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/tags',
        tags: ['leads'],
        summary: 'Add tags (a tag the lead has in any case is skipped)',
        middleware: member,
        request: { params: LeadIdParamSchema, ...body(AddTagsSchema) },
        responses: {
          200: { description: 'The tags now', content: json(LeadTagsSchema) },
          409: stale,
          ...problemResponses(400, 401, 403, 404, 415, 422, 429),
        },
      }),
      async (c) => {
        const { tags, version } = c.req.valid('json');
        const id = c.req.valid('param').id;
        const result = await addLeadTags(
          deps,
          c.get('db'),
          c.get('auth'),
          id,
          tags,
          expectedVersion(c, version),
        );
        return c.json(result, 200, { ETag: versionTag(result.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/leads/{id}/tags/{tag}',
        tags: ['leads'],
        summary: 'Remove a tag (any case)',
        middleware: member,
        request: { params: TagParamSchema },
        responses: {
          200: { description: 'The tags now', content: json(LeadTagsSchema) },
          409: stale,
          ...problemResponses(400, 401, 403, 404, 429),
        },
      }),
      async (c) => {
        const { id, tag } = c.req.valid('param');
        const result = await removeLeadTag(deps, c.get('db'), c.get('auth'), id, tag, expectedVersion(c));
        return c.json(result, 200, { ETag: versionTag(result.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/tags',
        tags: ['leads'],
        summary: 'Tags in use that start with `q`, most used first (autocomplete)',
        middleware: secured(deps),
        request: { query: TagSuggestQuerySchema },
        responses: {
          200: { description: 'Suggestions', content: json(TagSuggestionsSchema) },
          ...problemResponses(400, 401, 429),
        },
      }),
      async (c) => {
        const { q, limit } = c.req.valid('query');
        return c.json(await suggestTags(c.get('db'), c.get('auth').organizationId, q, limit), 200);
      },
    );
}

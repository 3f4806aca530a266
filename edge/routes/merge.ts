import { createRoute } from '@hono/zod-openapi';
import {
  MergeIdParamSchema,
  MergeRequestSchema,
  MergeResultSchema,
  UndoResultSchema,
} from '../contract/duplicates';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { mergeLeads } from '../services/duplicates/merge';
import { undoMerge } from '../services/duplicates/undo-merge';

/** Merging duplicates and undoing a merge: owners only (the PRD: owner = admin + import, merge, bulk delete). */
export function mergeRoutes(deps: Deps) {
  const owner = secured(deps, 'owner');
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/merge',
        tags: ['duplicates'],
        summary: 'Merge leads into a master record (`dryRun` reports exactly what would change)',
        middleware: owner,
        request: { body: { required: true, content: json(MergeRequestSchema) } },
        responses: {
          200: { description: 'Merged, or what a merge would do', content: json(MergeResultSchema) },
          ...problemResponses(400, 401, 403, 404, 409, 415, 422, 429),
        },
      }),
      async (c) => c.json(await mergeLeads(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/merges/{mergeId}/undo',
        tags: ['duplicates'],
        summary: 'Undo a merge: the master gets its values back, the merged leads and their rows return',
        middleware: owner,
        request: { params: MergeIdParamSchema },
        responses: {
          200: { description: 'Unmerged', content: json(UndoResultSchema) },
          ...problemResponses(400, 401, 403, 404, 409, 429),
        },
      }),
      async (c) => {
        const { mergeId } = c.req.valid('param');
        return c.json(await undoMerge(deps, c.get('db'), c.get('auth'), mergeId), 200);
      },
    );
}

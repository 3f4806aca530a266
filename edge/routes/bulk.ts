import { createRoute } from '@hono/zod-openapi';
import {
  BulkOperationParamSchema,
  BulkRequestSchema,
  BulkResultSchema,
  BulkUndoResultSchema,
} from '../contract/bulk';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { undoBulkOperation } from '../services/leads/bulk-undo';
import { bulkUpdateLeads } from '../services/leads/bulk-update';

/** Bulk operations on up to 1,000 leads of the caller's organization, and their 30-second undo. */
export function bulkRoutes(deps: Deps) {
  const member = secured(deps, 'member');
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/bulk',
        tags: ['leads'],
        summary: 'Change status, assign, add or remove tags, or delete up to 1,000 leads at once',
        description:
          'Leads the caller may not change, that would not change, or whose status cannot move there are ' +
          'listed in `skipped` with a reason; the rest change in one transaction. More than 1,000 ids is a ' +
          '422 `too-many-leads` with `count`; a filter takes its first 1,000 matches (highest score first), ' +
          'and `selected` and `moreMatched` say how many it took and whether more matched.',
        middleware: member,
        request: { body: { required: true, content: json(BulkRequestSchema) } },
        responses: {
          200: { description: 'What changed', content: json(BulkResultSchema) },
          ...problemResponses(400, 401, 403, 415, 422, 429),
        },
      }),
      async (c) => c.json(await bulkUpdateLeads(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/bulk/{operationId}/undo',
        tags: ['leads'],
        summary: 'Undo a bulk operation within 30 seconds (leads changed since are left and listed)',
        middleware: member,
        request: { params: BulkOperationParamSchema },
        responses: {
          200: {
            description: 'What was restored',
            content: json(BulkUndoResultSchema),
          },
          ...problemResponses(400, 401, 403, 404, 409, 410, 429),
        },
      }),
      async (c) => {
        const { operationId } = c.req.valid('param');
        return c.json(await undoBulkOperation(deps, c.get('db'), c.get('auth'), operationId), 200);
      },
    );
}

import { createRoute } from '@hono/zod-openapi';
import {
  ClusterIdParamSchema,
  DuplicateListQuerySchema,
  DuplicateListSchema,
  EraseResultSchema,
  ScanResultSchema,
} from '../contract/duplicates';
import { LeadIdParamSchema } from '../contract/leads';
import { problemResponses } from '../contract/problem';
import { actorOf } from '../core/actor';
import { hasRole } from '../core/permissions';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { contactReads, recordAccessLater } from '../services/audit/access';
import { dismissCluster, listDuplicates } from '../services/duplicates/list';
import { scanDuplicates } from '../services/duplicates/scan';
import { eraseLead } from '../services/leads/erase';
import { mergeRoutes } from './merge';

/**
 * Duplicate clusters (everyone reads them, contact data masked below admin; admins scan and dismiss),
 * merge and undo (owners), and GDPR erasure (owners: it cannot be undone).
 */
export function duplicateRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/duplicates',
        tags: ['duplicates'],
        middleware: secured(deps),
        request: { query: DuplicateListQuerySchema },
        responses: {
          200: {
            description: 'Clusters of probable duplicates, best first',
            content: json(DuplicateListSchema),
          },
          ...problemResponses(400, 401, 429),
        },
      }),
      async (c) => {
        const page = await listDuplicates(deps, c.get('db'), c.get('auth'), c.req.valid('query'));
        // Members' emails and phones are masked below admin: only an admin's page reveals them.
        if (hasRole(c.get('auth').role, 'admin'))
          recordAccessLater(
            c.get('defer'),
            deps,
            c.get('db'),
            c.get('auth'),
            contactReads(page.items.flatMap((cluster) => cluster.members)),
            'GET /api/duplicates',
          );
        return c.json(page, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/duplicates/scan',
        tags: ['duplicates'],
        summary: 'Scan the organization for duplicates now and rebuild the list',
        middleware: secured(deps, 'admin'),
        responses: {
          200: { description: 'What the scan found', content: json(ScanResultSchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) => {
        const auth = c.get('auth');
        return c.json(await scanDuplicates(deps, c.get('db'), auth.organizationId, actorOf(auth)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/duplicates/{clusterId}/dismiss',
        tags: ['duplicates'],
        summary: 'Not a duplicate: the cluster leaves the list and no later scan brings it back',
        middleware: secured(deps, 'admin'),
        request: { params: ClusterIdParamSchema },
        responses: { 204: { description: 'Dismissed' }, ...problemResponses(400, 401, 403, 404, 429) },
      }),
      async (c) => {
        await dismissCluster(deps, c.get('db'), c.get('auth'), c.req.valid('param').clusterId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/leads/{id}/erase',
        tags: ['leads'],
        summary: "GDPR erasure: remove the person's data now, leaving a tombstone event",
        middleware: secured(deps, 'owner'),
        request: { params: LeadIdParamSchema },
        responses: {
          200: { description: 'Erased (or erased before)', content: json(EraseResultSchema) },
          ...problemResponses(400, 401, 403, 404, 429),
        },
      }),
      async (c) => {
        const auth = c.get('auth');
        const { id } = c.req.valid('param');
        return c.json(
          await eraseLead(deps, c.get('db'), auth.organizationId, id, actorOf(auth), 'request'),
          200,
        );
      },
    )
    .route('/', mergeRoutes(deps));
}

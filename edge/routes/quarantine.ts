import { createRoute } from '@hono/zod-openapi';
import {
  AdminIdParamSchema,
  QuarantineListSchema,
  QuarantineQuerySchema,
  ReleasedSubmissionSchema,
} from '../contract/admin';
import { problemResponses } from '../contract/problem';
import {
  QuarantineBulkResultSchema,
  QuarantineBulkSchema,
  QuarantineCountSchema,
} from '../contract/quarantine';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { checkDuplicatesLater } from '../services/duplicates/find';
import { bulkQuarantine } from '../services/quarantine/bulk';
import { releaseSubmission } from '../services/quarantine/release';
import { countHeld, discardSubmission, listQuarantine } from '../services/quarantine/review';

/** Submissions held as suspected spam: review, release into the pipeline, or discard (admins and owners). */
export function quarantineRoutes(deps: Deps) {
  const admin = secured(deps, 'admin');
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/quarantine',
        tags: ['admin'],
        summary: 'Held (and released) submissions as received, decrypted (an access event records the read)',
        middleware: admin,
        request: { query: QuarantineQuerySchema },
        responses: {
          200: { description: 'Up to 100, newest first', content: json(QuarantineListSchema) },
          ...problemResponses(400, 401, 403, 429),
        },
      }),
      async (c) => {
        const items = await listQuarantine(deps, c.get('db'), c.get('auth'), c.req.valid('query'));
        return c.json({ items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/quarantine/count',
        tags: ['admin'],
        summary: 'How many submissions wait for review (capped), for the navigation',
        middleware: admin,
        responses: {
          200: { description: 'The count', content: json(QuarantineCountSchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) => c.json(await countHeld(c.get('db'), c.get('auth').organizationId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/quarantine/{id}/release',
        tags: ['admin'],
        summary: 'Release a held submission into the pipeline (no spam checks); once, whoever clicks twice',
        middleware: admin,
        request: { params: AdminIdParamSchema },
        responses: {
          200: { description: 'Released', content: json(ReleasedSubmissionSchema) },
          ...problemResponses(401, 403, 404, 409, 422, 429),
        },
      }),
      async (c) => {
        const { organizationId } = c.get('auth');
        const result = await releaseSubmission(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        checkDuplicatesLater(c.get('defer'), deps, c.get('db'), organizationId, {
          ...result,
          replayed: false,
        });
        return c.json({ leadId: result.leadId, outcome: result.outcome }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/quarantine/{id}/discard',
        tags: ['admin'],
        summary: 'Discard a held submission: erased, leaving a tombstone event without personal data',
        middleware: admin,
        request: { params: AdminIdParamSchema },
        responses: {
          204: { description: 'Discarded' },
          ...problemResponses(401, 403, 404, 409, 429),
        },
      }),
      async (c) => {
        await discardSubmission(deps, c.get('db'), c.get('auth'), c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/quarantine/bulk',
        tags: ['admin'],
        summary: 'Release or discard up to 100 held submissions; each id gets its outcome',
        middleware: admin,
        request: { body: { required: true, content: json(QuarantineBulkSchema) } },
        responses: {
          200: { description: 'What happened to each', content: json(QuarantineBulkResultSchema) },
          ...problemResponses(401, 403, 415, 422, 429),
        },
      }),
      async (c) => {
        const auth = c.get('auth');
        const { items, released } = await bulkQuarantine(deps, c.get('db'), auth, c.req.valid('json'));
        for (const result of released)
          checkDuplicatesLater(c.get('defer'), deps, c.get('db'), auth.organizationId, {
            ...result,
            replayed: false,
          });
        return c.json({ items }, 200);
      },
    );
}

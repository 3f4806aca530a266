import { createRoute } from '@hono/zod-openapi';
import { OutboxListSchema } from '../contract/outbox';
import { problemResponses } from '../contract/problem';
import { type Deps, emailLinkBase } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { listOutbox } from '../services/admin/outbox';

/** The email outbox, for admins and owners: it shows recipients' addresses and what they were told. */
export function outboxRoutes(deps: Deps) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/api/outbox',
      tags: ['outbox'],
      summary: 'The latest 100 emails, rendered, with their delivery status',
      middleware: secured(deps, 'admin'),
      responses: {
        200: {
          description: 'Emails, newest first',
          content: json(OutboxListSchema),
        },
        ...problemResponses(401, 403, 429),
      },
    }),
    async (c) =>
      c.json(await listOutbox(c.get('db'), c.get('auth').organizationId, emailLinkBase(deps.config)), 200),
  );
}

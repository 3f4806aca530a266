import { createRoute, z } from '@hono/zod-openapi';
import { problemResponses } from '../contract/problem';
import { AppError } from '../core/errors';
import type { Deps } from '../deps';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';

/**
 * GET /api/live: the signed-in person's live updates (Server-Sent Events on Node; on Workers a WebSocket,
 * and a plain GET is 426 `upgrade-required`). Sessions only: what it sends is for a dashboard, and
 * notifications belong to a person. 503 where the runtime has no channel; the dashboard then polls every 30 s.
 */
export function liveRoutes(deps: Deps) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/api/live',
      tags: ['live'],
      summary: 'Live updates: that leads or my notifications changed (ids only; refetch to see what)',
      middleware: secured(deps),
      responses: {
        200: {
          description:
            'An event stream: `ready`, then `live` events whose data is {type, leadId?}; a comment every 25 s',
          content: { 'text/event-stream': { schema: z.string() } },
        },
        101: { description: 'On Workers: a WebSocket whose text frames are {type, leadId?} as JSON' },
        ...problemResponses(401, 403, 426, 429, 503),
      },
    }),
    async (c) => {
      const auth = c.get('auth');
      if (auth.via !== 'session' || !auth.userId)
        throw new AppError('forbidden', { detail: 'Live updates are for signed-in people, not API keys.' });
      if (!deps.live) throw new AppError('service-unavailable', { detail: 'No live updates here: poll.' });
      return deps.live.open(c, { ...auth, userId: auth.userId }) as unknown as Response;
    },
  );
}

import { createRoute } from '@hono/zod-openapi';
import {
  NotificationListSchema,
  NotificationParamSchema,
  NotificationQuerySchema,
  NotificationSchema,
  UnreadCountSchema,
} from '../contract/notifications';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../services/workspace/notifications';

/** The caller's in-app notifications (the bell): list, mark one read, mark all read. Any role. */
export function notificationRoutes(deps: Deps) {
  const anyone = secured(deps);
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/notifications',
        tags: ['notifications'],
        summary: 'My notifications, newest first, with the unread count',
        middleware: anyone,
        request: { query: NotificationQuerySchema },
        responses: {
          200: { description: 'A page of notifications', content: json(NotificationListSchema) },
          ...problemResponses(400, 401, 403, 429),
        },
      }),
      async (c) => c.json(await listNotifications(c.get('db'), c.get('auth'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/notifications/read-all',
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        middleware: anyone,
        responses: {
          200: { description: 'Unread count after', content: json(UnreadCountSchema) },
          ...problemResponses(401, 403, 429),
        },
      }),
      async (c) => {
        const unreadCount = await markAllNotificationsRead(deps, c.get('db'), c.get('auth'));
        return c.json({ unreadCount }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/notifications/{id}/read',
        tags: ['notifications'],
        summary: 'Mark one of my notifications read',
        middleware: anyone,
        request: { params: NotificationParamSchema },
        responses: {
          200: { description: 'The notification', content: json(NotificationSchema) },
          ...problemResponses(400, 401, 403, 404, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await markNotificationRead(deps, c.get('db'), c.get('auth'), id), 200);
      },
    );
}

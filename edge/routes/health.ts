import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { problemResponses } from '../contract/problem';
import { json } from '../http/json';
import { router } from '../http/validation';

const HealthSchema = z.object({ status: z.literal('ok'), database: z.literal('ok') }).openapi('Health');

/** Liveness plus a round trip to the database; an unreachable database answers 503. */
export const healthRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/healthz',
    tags: ['ops'],
    responses: {
      200: { description: 'Healthy', content: json(HealthSchema) },
      ...problemResponses(503),
    },
  }),
  async (c) => {
    await c.get('db').execute(sql`select 1`);
    return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
  },
);

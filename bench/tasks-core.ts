// The product code the tasks benchmark borrows, bundled by bench/tasks.mjs (esbuild): the password hash, and
// "My tasks" and its summary run once through drizzle with a logger, so the benchmark replays exactly the SQL
// (text and parameters) the service sends as its raw-Postgres baseline.
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import * as schema from '../db/schema';
import type { Db } from '../db/types';
import { TaskQuerySchema } from '../edge/contract/tasks';
import type { Auth } from '../edge/deps';
import { listMyTasks, myTaskSummary } from '../edge/services/tasks/my-tasks';

export { hashPassword } from '../edge/crypto/password';

export type CapturedQuery = { text: string; values: unknown[] };

/** Runs the services on `pool` through drizzle (as edge/server.ts builds it) and records their SQL. */
export function sqlRecorder(pool: pg.Pool) {
  let captured: CapturedQuery[] = [];
  const db = drizzle({
    client: pool,
    schema,
    casing: 'snake_case',
    logger: { logQuery: (text, values) => captured.push({ text, values }) },
  }) as unknown as Db;
  const auth = (organizationId: string, userId: string): Auth => ({
    organizationId,
    userId,
    apiKeyId: null,
    role: 'member',
    via: 'session',
    csrfToken: null,
  });
  return {
    /** GET /api/tasks with these query parameters, as `userId` in `organizationId`. */
    async list(organizationId: string, userId: string, params: Record<string, string>, now: Date) {
      captured = [];
      const result = await listMyTasks(db, auth(organizationId, userId), TaskQuerySchema.parse(params), now);
      return { queries: captured, items: result.items.length, nextCursor: result.nextCursor };
    },
    /** GET /api/tasks/summary. */
    async summary(organizationId: string, userId: string, now: Date) {
      captured = [];
      const result = await myTaskSummary(db, auth(organizationId, userId), now);
      return { queries: captured, ...result };
    },
  };
}

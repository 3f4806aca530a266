import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Executor } from './types';

/**
 * Runs several data-modifying statements in ONE round trip, as writable CTEs of a single statement:
 * `WITH s0 AS (q0), s1 AS (q1) qN`. All see the same snapshot, so none may depend on another's rows
 * (each may depend on earlier statements of the transaction). Returns the rows of the last statement.
 */
export async function runBatch<T extends Record<string, unknown>>(
  db: Executor,
  statements: SQLWrapper[],
): Promise<T[]> {
  if (statements.length === 0) return [];
  const last = statements.at(-1)!.getSQL();
  let query: SQL = last;
  if (statements.length > 1) {
    const ctes = statements.slice(0, -1).map((s, i) => sql`${sql.raw(`s${i}`)} as (${s.getSQL()})`);
    query = sql`with ${sql.join(ctes, sql`, `)} ${last}`;
  }
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

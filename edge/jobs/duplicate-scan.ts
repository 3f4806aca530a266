import { sql } from 'drizzle-orm';
import type { Db } from '../../db/types';
import { scanDuplicates } from '../services/scan-duplicates';
import type { ScheduledJob } from './scheduled-job';

/**
 * Weekly duplicate scan of every organization (Mondays 03:00 UTC). Rebuilding the cluster list is
 * idempotent, so a retried or doubled run changes nothing; one organization failing does not stop the rest.
 */
export const duplicateScanJob: ScheduledJob = {
  name: 'duplicate-scan',
  cron: '0 3 * * 1',
  run: async (deps, now) => {
    const { db, release } = deps.database.acquire();
    try {
      await analyzeIfStale(db);
      const orgs = (await db.execute(sql`select id from organizations order by id`)) as unknown as {
        rows: Array<{ id: string }>;
      };
      for (const { id } of orgs.rows) {
        try {
          await scanDuplicates({ ...deps, now: () => now }, db, id, { type: 'system', id: null });
        } catch (error) {
          deps.logger.error('duplicate scan failed', { organizationId: id, error: String(error) });
        }
      }
    } finally {
      await release();
    }
  },
};

/** The share of `leads` changed since its last ANALYZE from which the scan analyzes it first. */
export const STALE_STATISTICS_SHARE = 0.2;

/**
 * Analyzes `leads` when much of it changed since its statistics were taken: the pair query planned on
 * statistics of a much smaller table (a bulk load autovacuum has not caught up with) joins by nested loops,
 * quadratic in the organization (seen in a benchmark: 5+ minutes for a scan that takes seconds).
 * Returns whether it analyzed.
 */
export async function analyzeIfStale(db: Db): Promise<boolean> {
  const result = (await db.execute(sql`
    select n_mod_since_analyze::float8 as changed, greatest(n_live_tup, 1000)::float8 as live
    from pg_stat_user_tables where schemaname = current_schema() and relname = 'leads'`)) as unknown as {
    rows: Array<{ changed: number; live: number }>;
  };
  const row = result.rows[0];
  if (!row || Number(row.changed) < STALE_STATISTICS_SHARE * Number(row.live)) return false;
  await db.execute(sql`analyze leads`);
  return true;
}

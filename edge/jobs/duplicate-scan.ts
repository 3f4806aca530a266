import { sql } from 'drizzle-orm';
import { describeError } from '../../db/errors';
import { scanDuplicates } from '../services/duplicates/scan';
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
      const orgs = (await db.execute(sql`select id from organizations order by id`)) as unknown as {
        rows: Array<{ id: string }>;
      };
      for (const { id } of orgs.rows) {
        try {
          await scanDuplicates({ ...deps, now: () => now }, db, id, { type: 'system', id: null });
        } catch (error) {
          deps.logger.error('duplicate scan failed', { organizationId: id, error: describeError(error) });
        }
      }
    } finally {
      await release();
    }
  },
};

import { sql } from 'drizzle-orm';
import { describeError } from '../../db/errors';
import { eraseLead } from '../services/leads/erase';
import type { ScheduledJob } from './scheduled-job';

/** The soft-delete window: a deleted lead can be restored for this long, then it is erased. */
export const RETENTION_DAYS = 30;
/** Leads erased per run; a backlog drains over the following days rather than in one long run. */
const BATCH = 1000;

/**
 * Daily (04:00 UTC): erases the personal data of leads soft-deleted (or merged away) more than 30 days
 * before `now`, as an erasure request would, with reason `retention`. Leads already erased are skipped,
 * so a rerun the same day does nothing.
 */
export const purgeDeletedJob: ScheduledJob = {
  name: 'purge-deleted',
  cron: '0 4 * * *',
  run: async (deps, now) => {
    const { db, release } = deps.database.acquire();
    try {
      const cutoff = new Date(now.getTime() - RETENTION_DAYS * 86_400_000).toISOString();
      const due = (await db.execute(sql`select l.organization_id as org, l.id from leads l
        where l.deleted_at < ${cutoff}::timestamptz
          and not exists (select 1 from lead_erasures e where e.lead_id = l.id)
        order by l.deleted_at limit ${BATCH}`)) as unknown as { rows: Array<{ org: string; id: string }> };
      for (const { org, id } of due.rows) {
        try {
          await eraseLead(
            { ...deps, now: () => now },
            db,
            org,
            id,
            { type: 'system', id: null },
            'retention',
          );
        } catch (error) {
          deps.logger.error('purge failed', { leadId: id, error: describeError(error) });
        }
      }
    } finally {
      await release();
    }
  },
};

import { sql } from 'drizzle-orm';
import { describeError } from '../../db/errors';
import { eraseLead } from '../services/leads/erase';
import type { ScheduledJob } from './scheduled-job';

/** Leads erased per run; a backlog drains over the following days rather than in one long run. */
const BATCH = 1000;

/**
 * Daily (04:00 UTC): erases the personal data of leads soft-deleted (or merged away) longer ago than their
 * organization's purge delay (`organizations.lead_purge_days`, 30 by default) before `now`, as an
 * erasure request would, with reason `retention`. Leads already erased are skipped, so a rerun the same
 * day does nothing.
 */
export const purgeDeletedJob: ScheduledJob = {
  name: 'purge-deleted',
  cron: '0 4 * * *',
  run: async (deps, now) => {
    const { db, release } = deps.database.acquire();
    try {
      const due = (await db.execute(sql`select l.organization_id as org, l.id from leads l
        join organizations o on o.id = l.organization_id
        where l.deleted_at < ${now.toISOString()}::timestamptz - make_interval(days => o.lead_purge_days)
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

import { purgeExpiredAuditEvents } from '../services/audit/retention';
import type { ScheduledJob } from './scheduled-job';

/**
 * Daily (04:00 UTC, beside the purge of deleted leads): deletes the audit events each organization no
 * longer keeps (its audit retention, seven years by default).
 */
export const auditRetentionJob: ScheduledJob = {
  name: 'audit-retention',
  cron: '0 4 * * *',
  run: async (deps, now) => {
    const { db, release } = deps.database.acquire();
    try {
      const purged = await purgeExpiredAuditEvents(db, now);
      const total = Object.values(purged).reduce((a, b) => a + b, 0);
      if (total > 0)
        deps.logger.info('audit events purged', { organizations: Object.keys(purged).length, total });
    } finally {
      await release();
    }
  },
};

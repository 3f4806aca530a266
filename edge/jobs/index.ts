import { emailLinkBase } from '../deps';
import { drainOutbox } from '../mail/drain-outbox';
import { pruneDeliveries } from '../services/admin/webhook-deliveries';
import { dropExpiredWebhookSecrets } from '../services/admin/webhook-sources';
import { expireImportRows } from '../services/import/expiry';
import { ageScores } from '../services/leads/age-scores';
import { pruneWebhookLog } from '../services/outgoing-webhooks/log';
import { dispatchDue } from '../services/outgoing-webhooks/runner';
import { sendQuarantineDigests } from '../services/quarantine/digest';
import { expireHeldSubmissions } from '../services/quarantine/retention';
import { sendTaskReminders } from '../services/tasks/reminders';
import { sendStaleDigests } from '../services/workspace/stale-digest';
import { auditRetentionJob } from './audit-retention';
import { duplicateScanJob } from './duplicate-scan';
import { hasWork } from './has-work';
import { purgeDeletedJob } from './purge-deleted';
import type { ScheduledJob } from './scheduled-job';

export type { ScheduledJob } from './scheduled-job';

/** Runs `work` with a database handle from the deps, released afterwards. */
async function withDb<T>(
  deps: Parameters<ScheduledJob['run']>[0],
  work: (db: ReturnType<typeof deps.database.acquire>['db']) => Promise<T>,
) {
  const handle = deps.database.acquire();
  try {
    return await work(handle.db);
  } finally {
    await handle.release();
  }
}

/**
 * Every scheduled job, each with its own cron. Both faces wake the scheduler every minute (wrangler.toml's
 * single `* * * * *` trigger, the Node timer), and it runs the jobs whose cron has fired since their last run.
 */
export const JOBS: ScheduledJob[] = [
  // Daily, so that each lead loses its points on the day its inactive week completes.
  {
    name: 'score-aging',
    cron: '15 3 * * *',
    run: (deps, now) => withDb(deps, (db) => ageScores(db, now)).then(() => {}),
  },
  {
    name: 'stale-digest',
    cron: '0 7 * * *',
    run: (deps, now) => withDb(deps, (db) => sendStaleDigests(deps, db, now)).then(() => {}),
  },
  // Every minute: tasks that fell due remind their assignees (before the drain, which then sends the emails).
  {
    name: 'task-reminders',
    cron: '* * * * *',
    run: (deps, now) => withDb(deps, (db) => sendTaskReminders(deps, db, now)).then(() => {}),
    hasWork: (_deps, now) => hasWork.taskReminders(now),
  },
  // Every minute, when a mail transport is configured; without one the emails wait on the Outbox page.
  {
    name: 'outbox-drain',
    cron: '* * * * *',
    run: async (deps, now) => {
      const mailer = deps.mailer;
      if (!mailer) return;
      await withDb(deps, (db) => drainOutbox({ mailer, appUrl: emailLinkBase(deps.config) }, db, now));
    },
    hasWork: (deps, now) => (deps.mailer ? hasWork.outbox(now) : null),
  },
  // Quarantine: admins hear of held submissions once a day, beside the stale digest; held ones past the
  // organization's retention are erased beside the lead purge.
  {
    name: 'quarantine-digest',
    cron: '0 7 * * *',
    run: (deps, now) => withDb(deps, (db) => sendQuarantineDigests(deps, db, now)).then(() => {}),
  },
  {
    name: 'quarantine-retention',
    cron: '0 4 * * *',
    run: (deps, now) => withDb(deps, (db) => expireHeldSubmissions(db, now)).then(() => {}),
  },
  // Workers: due webhook messages go to the queue every minute: retries, and any message the hand-over after
  // its commit missed (the Node face delivers them in process).
  {
    name: 'webhook-dispatch',
    cron: '* * * * *',
    run: async (deps, now) => {
      const queue = deps.webhooks?.queue;
      if (!queue) return;
      await withDb(deps, (db) => dispatchDue(db, now, queue));
    },
    hasWork: (deps, now) => (deps.webhooks?.queue ? hasWork.webhookDispatch(now) : null),
  },
  // Hourly: the staged rows of an import (the file's cells, sealed) go within a day of the import's end.
  {
    name: 'import-rows-expiry',
    cron: '30 * * * *',
    run: (deps, now) => withDb(deps, (db) => expireImportRows(db, now)).then(() => {}),
  },
  // Daily: the outgoing webhooks' delivery log keeps 30 days.
  {
    name: 'webhook-log-retention',
    cron: '0 4 * * *',
    run: (deps, now) => withDb(deps, (db) => pruneWebhookLog(db, now)).then(() => {}),
  },
  // Every minute: rotations whose overlap is over drop their old secrets; delivery logs lose their old entries.
  {
    name: 'webhook-housekeeping',
    cron: '* * * * *',
    run: (deps, now) =>
      withDb(deps, async (db) => {
        await dropExpiredWebhookSecrets(db, now);
        await pruneDeliveries(db, now);
      }),
    hasWork: (_deps, now) => hasWork.webhookHousekeeping(now),
  },
  // Duplicates: the weekly scan (Mondays 03:00 UTC) and the daily erasure of leads deleted longer ago than the organization's purge delay.
  duplicateScanJob,
  purgeDeletedJob,
  // Daily: audit events older than the organization's retention (seven years unless set) are deleted.
  auditRetentionJob,
];

import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The last scheduled run of each job (not a tenant table: a job runs for every organization). The Node
 * timer claims a run by moving `scheduledFor` forward atomically, so a restart neither re-runs a period
 * that already ran nor skips one that was missed while the process was down (it runs once, late).
 */
export const jobRuns = pgTable('job_runs', {
  name: text().primaryKey(),
  /** The cron fire time of the last claimed run. */
  scheduledFor: timestamp({ withTimezone: true }).notNull(),
  startedAt: timestamp({ withTimezone: true }).notNull(),
  finishedAt: timestamp({ withTimezone: true }),
  lastError: text(),
});

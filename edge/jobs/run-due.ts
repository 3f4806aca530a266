import { type SQL, sql } from 'drizzle-orm';
import { describeError } from '../../db/errors';
import { jobRuns } from '../../db/schema';
import type { Db } from '../../db/types';
import { parseCron, previousFire } from '../core/cron';
import type { Deps } from '../deps';
import type { ScheduledJob } from './scheduled-job';

export type JobOutcome = { name: string; scheduledFor: string; ok: boolean; error?: string };

/**
 * Runs every job whose latest cron fire time (at or before `now`) is later than its recorded run. A run is
 * claimed by moving `job_runs.scheduled_for` forward in one statement, so two processes (or a Workers
 * retry) cannot both run the same period; a failed run gives the claim back so the next tick retries it.
 * A job missed while the process was down runs once, late; a restart never repeats a period.
 *
 * Each tick first reads, in one statement, the recorded runs and every candidate's `hasWork` check, and
 * claims only the jobs that are due and have work: a tick with nothing to do makes that read and no write
 * (a job with `hasWork` skips the periods in which it had nothing to do).
 */
export async function runDueJobs(deps: Deps, db: Db, jobs: ScheduledJob[], now: Date): Promise<JobOutcome[]> {
  const candidates = jobs.flatMap((job) => {
    const schedule = parseCron(job.cron);
    if (!schedule) throw new Error(`Invalid cron for job ${job.name}: ${job.cron}`);
    const due = previousFire(schedule, now);
    const work = job.hasWork ? job.hasWork(deps, now) : undefined;
    return due && work !== null ? [{ job, due, work }] : [];
  });
  if (candidates.length === 0) return [];
  const state = await readState(
    db,
    candidates.map((c) => c.work ?? sql`true`),
  );
  const outcomes: JobOutcome[] = [];
  for (const [i, { job, due }] of candidates.entries()) {
    const recorded = state.runs[job.name];
    if (!state.work[i] || (recorded && new Date(recorded).getTime() >= due.getTime())) continue;
    const claim = await claimRun(db, job.name, due, now);
    if (!claim.claimed) continue;
    outcomes.push(await runOne(deps, db, job, due, now, claim.previous));
  }
  return outcomes;
}

/** The recorded run of every job, and whether each candidate has work: one read. */
async function readState(db: Db, checks: SQL[]) {
  const result = (await db.execute(sql`
    select coalesce((select json_object_agg(name, scheduled_for) from ${jobRuns}), '{}'::json) as runs,
      json_build_array(${sql.join(
        checks.map((check) => sql`(${check})`),
        sql`, `,
      )}) as work`)) as unknown as { rows: Array<{ runs: Record<string, string>; work: boolean[] }> };
  const row = result.rows[0]!;
  return { runs: row.runs, work: row.work };
}

async function claimRun(db: Db, name: string, due: Date, now: Date) {
  const result = (await db.execute(sql`
    with old as (select scheduled_for from ${jobRuns} where name = ${name})
    insert into ${jobRuns} (name, scheduled_for, started_at) values (${name}, ${due.toISOString()}, ${now.toISOString()})
    on conflict (name) do update set scheduled_for = excluded.scheduled_for, started_at = excluded.started_at,
      finished_at = null, last_error = null
      where ${jobRuns}.scheduled_for < excluded.scheduled_for
    returning (select scheduled_for from old) as previous`)) as unknown as {
    rows: Array<{ previous: string | Date | null }>;
  };
  const row = result.rows[0];
  return { claimed: row !== undefined, previous: row?.previous ? new Date(row.previous) : null };
}

async function runOne(deps: Deps, db: Db, job: ScheduledJob, due: Date, now: Date, previous: Date | null) {
  const scheduledFor = due.toISOString();
  try {
    await job.run(deps, now);
    await db.execute(
      sql`update ${jobRuns} set finished_at = ${deps.now().toISOString()} where name = ${job.name}`,
    );
    deps.logger.info('job finished', { job: job.name, scheduledFor });
    return { name: job.name, scheduledFor, ok: true };
  } catch (error) {
    // Give the period back (to the last successful one, or a time before any) so the next tick retries.
    const back = (previous ?? new Date(0)).toISOString();
    await db.execute(
      sql`update ${jobRuns} set scheduled_for = ${back}, last_error = ${describeError(error).slice(0, 1000)} where name = ${job.name}`,
    );
    deps.logger.error('job failed', { job: job.name, scheduledFor, error: describeError(error) });
    return { name: job.name, scheduledFor, ok: false, error: describeError(error) };
  }
}

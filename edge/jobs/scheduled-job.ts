import type { SQL } from 'drizzle-orm';
import type { Deps } from '../deps';

/**
 * A job that runs on a schedule: a Cron Trigger on Workers, a timer on the Node face. `run` must be
 * idempotent for its period (running it twice in the same week or day changes nothing the second time),
 * because both faces may retry it and the Node timer may fire after a restart.
 */
export type ScheduledJob = {
  /** Stable name, used in logs and to record the last run. */
  name: string;
  /** Five-field cron expression in UTC, as in wrangler.toml's `[triggers] crons`. */
  cron: string;
  run: (deps: Deps, now: Date) => Promise<void>;
  /**
   * For a job that fires often: a boolean SQL expression, true when a run at `now` would find something to
   * do; `null` when nothing can be done in this process (no mail transport, no queue). A job that has it is
   * claimed and run only when it is true, so a tick with nothing to do writes nothing.
   */
  hasWork?: (deps: Deps, now: Date) => SQL | null;
};

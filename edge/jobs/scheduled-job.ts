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
};

import { describeError } from '../../db/errors';
import type { Db } from '../../db/types';
import type { Deps } from '../deps';
import { runDueJobs } from './run-due';
import type { ScheduledJob } from './scheduled-job';

const MINUTE_MS = 60_000;

/**
 * The Node face's stand-in for Cron Triggers: once a minute (and shortly after start, to catch up on a
 * run missed while the process was down), runs the jobs that are due. Ticks never overlap. Returns a
 * function that stops the timer.
 */
export function startJobTimer(deps: Deps, db: Db, jobs: ScheduledJob[], firstDelayMs = 5_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDueJobs(deps, db, jobs, deps.now());
    } catch (error) {
      deps.logger.error('scheduled jobs tick failed', { error: describeError(error) });
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, firstDelayMs);
  const every = setInterval(tick, MINUTE_MS);
  // The timer must not keep a stopping process alive.
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}

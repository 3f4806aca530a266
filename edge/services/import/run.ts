import { and, eq, sql } from 'drizzle-orm';
import { importJobs } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { recordNotices } from '../audit/notices';
import type { DuplicatePolicy } from './analyze';
import { noticeClaimableImport } from './claimable-notice';
import { COMMIT_BATCH, commitBatch, possibleDuplicateLinks } from './commit';

/** The one message the import queue carries: commit (or resume committing) this job. */
export type ImportMessage = { kind: 'import.commit'; organizationId: string; jobId: string };

/**
 * Runs work outside the request: a Cloudflare Queue on Workers, an in-process runner on Node. A message
 * may be delivered more than once (a queue retry, a restart that resumes); the handler is idempotent.
 */
export type JobRunner = { enqueue: (message: ImportMessage) => Promise<void> };

/** The Node face's runner: the handler runs in this process after the response, errors are logged. */
export function inProcessRunner(
  handle: (message: ImportMessage) => Promise<void>,
  onError: (error: unknown) => void,
): JobRunner {
  return {
    enqueue: async (message) => {
      // Not awaited: the request answers at once; progress is read from the job row.
      void handle(message).catch(onError);
    },
  };
}

/** The upper line of the next batch after `after`, or null when every line is committed. */
async function nextBatchEnd(db: Db, jobId: string, after: number, size: number): Promise<number | null> {
  const result = (await db.execute(sql`select max(line)::int as last from (select line from import_rows
      where job_id = ${jobId} and line > ${after} order by line limit ${size}) b`)) as unknown as {
    rows: Array<{ last: number | null }>;
  };
  return result.rows[0]?.last ?? null;
}

/** Batches committed at once: Postgres spends a commit in INSERTs, and two use both cores of a small box. */
export const COMMIT_LANES = 2;

/**
 * Commits a job batch by batch from its last committed line (so a restart resumes, never repeats a batch
 * the job has recorded), up to COMMIT_LANES batches at a time, stops when the job is no longer committing
 * (cancelled), and finishes it: status, the possible-duplicate links between batches that committed at
 * the same time, one audit event, and an in-app notification for whoever started the import.
 */
export async function runImportCommit(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  message: ImportMessage,
  /** Tests shrink batches and stop after some of them, to simulate a crash between batches. */
  limits: { batchSize?: number; maxBatches?: number; lanes?: number } = {},
) {
  const size = limits.batchSize ?? COMMIT_BATCH;
  let started = 0;
  for (;;) {
    const [job] = await db
      .select()
      .from(importJobs)
      .where(and(eq(importJobs.id, message.jobId), eq(importJobs.organizationId, message.organizationId)));
    if (job?.status !== 'committing') return;
    // The next batches after the committed line, skipping those already recorded ahead of it.
    const batches: Array<{ from: number; to: number }> = [];
    let from = job.committedLine;
    const lanes = Math.min(
      limits.lanes ?? COMMIT_LANES,
      (limits.maxBatches ?? Number.POSITIVE_INFINITY) - started,
    );
    while (batches.length < lanes) {
      const done = job.committedAhead[String(from)];
      if (done !== undefined) {
        from = done;
        continue;
      }
      const to = await nextBatchEnd(db, job.id, from, size);
      if (to === null) break;
      batches.push({ from, to });
      from = to;
    }
    if (batches.length === 0) {
      if (lanes <= 0) return;
      return finishImport(deps, db, job);
    }
    const actor = (job.options.actor as { type: 'user' | 'api_key'; id: string | null }) ?? {
      type: 'system',
      id: null,
    };
    const batchJob = {
      id: job.id,
      organizationId: job.organizationId,
      actor,
      policy: (job.options.policy as DuplicatePolicy) ?? 'skip',
      now: deps.now(),
    };
    started += batches.length;
    const results = await Promise.all(batches.map((b) => commitBatch(db, batchJob, b.from, b.to)));
    if (results.some((r) => r.status === 'stopped')) return;
  }
}

async function finishImport(deps: Pick<Deps, 'now' | 'newId'>, db: Db, job: typeof importJobs.$inferSelect) {
  const now = deps.now();
  await db.transaction(async (tx) => {
    const done = await tx
      .update(importJobs)
      .set({ status: 'completed', updatedAt: now })
      .where(and(eq(importJobs.id, job.id), eq(importJobs.status, 'committing')))
      .returning({ counts: importJobs.counts });
    if (done.length === 0) return;
    const counts = done[0]!.counts;
    await tx.execute(possibleDuplicateLinks({ id: job.id, organizationId: job.organizationId, now }));
    // Once a row is a lead its cells are of no more use; only the rows of the error report keep theirs
    // (sealed) until the staged rows expire.
    await tx.execute(
      sql`update import_rows set data = '{}'::jsonb, cells_ciphertext = null
        where job_id = ${job.id} and outcome in ('create', 'update')`,
    );
    const actor = (job.options.actor as { type: 'user' | 'api_key'; id: string | null }) ?? {
      type: 'system',
      id: null,
    };
    await recordEvents(tx, [
      {
        organizationId: job.organizationId,
        entityType: 'import_job',
        entityId: job.id,
        type: 'import.committed',
        actor,
        data: { filename: job.filename, counts, policy: job.options.policy ?? 'skip' },
        at: now,
      },
    ]);
    if (job.createdBy)
      await recordNotices(deps, tx, [
        {
          organizationId: job.organizationId,
          userId: job.createdBy,
          type: 'import.completed',
          data: {
            jobId: job.id,
            filename: job.filename,
            created: counts.created ?? 0,
            updated: counts.updated ?? 0,
          },
          link: `/app/leads/import/${job.id}`,
          email: null,
          at: now,
        },
      ]);
    await noticeClaimableImport(deps, tx, job, now);
  });
}

/** Jobs a restart left half-committed, to enqueue again at start (the Node face; Workers' queue retries). */
export async function interruptedImports(db: Db): Promise<ImportMessage[]> {
  const rows = await db
    .select({ jobId: importJobs.id, organizationId: importJobs.organizationId })
    .from(importJobs)
    .where(eq(importJobs.status, 'committing'));
  return rows.map((r) => ({ kind: 'import.commit', ...r }));
}

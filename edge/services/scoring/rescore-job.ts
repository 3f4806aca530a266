import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { leads, scoringRescores, scoringRules } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { RescoreProgress } from '../../contract/scoring';
import { rescoreLead, sameScore } from '../../core/rescore';
import { parseScoringRules, type ScoreItem } from '../../core/score';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { readScoredLeads } from './lead-inputs';

/**
 * Leads read per batch and written (those whose score changes) per transaction: large enough that the
 * round trips and commits cost little beside the writes, small enough that a batch holds its row locks
 * briefly and its scoring never keeps the event loop (the API's requests on Node) for long.
 */
export const RESCORE_BATCH_SIZE = 2000;

/** Leads scored between two yields to the event loop. */
const SCORED_PER_TURN = 500;

/** The message that runs (or resumes) a rescore: in process on Node, through the queue on Workers. */
export type RescoreMessage = { kind: 'scoring.rescore'; organizationId: string; rescoreId: string };

type RescoreRow = typeof scoringRescores.$inferSelect;
type ScoredRow = { id: string; version: number; score: number; breakdown: ScoreItem[] };

/** A rescore as the API shows it. */
export function toProgress(row: RescoreRow): RescoreProgress {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    done: row.done,
    total: Math.max(row.total, row.done),
    startedAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Starts the rescore of a new version inside the transaction that saves it: a running rescore of an older
 * version is superseded (this one rewrites every lead anyway), and the live leads are counted as its total.
 */
export async function startRescore(
  tx: Tx,
  job: { id: string; organizationId: string; version: number; createdBy: string | null; now: Date },
): Promise<RescoreRow> {
  await tx
    .update(scoringRescores)
    .set({ status: 'superseded', finishedAt: job.now, updatedAt: job.now })
    .where(inOrg(scoringRescores, job.organizationId, eq(scoringRescores.status, 'running')));
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(leads)
    .where(inOrg(leads, job.organizationId, isNull(leads.deletedAt)));
  const [row] = await tx
    .insert(scoringRescores)
    .values({
      id: job.id,
      organizationId: job.organizationId,
      version: job.version,
      total: count?.n ?? 0,
      createdBy: job.createdBy,
      createdAt: job.now,
      updatedAt: job.now,
    })
    .returning();
  return row!;
}

/** The organization's latest rescore, or null when it never had one. */
export async function latestRescore(db: Executor, organizationId: string): Promise<RescoreProgress | null> {
  const [row] = await db
    .select()
    .from(scoringRescores)
    .where(inOrg(scoringRescores, organizationId))
    .orderBy(desc(scoringRescores.createdAt), desc(scoringRescores.id))
    .limit(1);
  return row ? toProgress(row) : null;
}

/**
 * Rescores batch by batch after the rescore's cursor until every live lead is done ('done'), the rescore
 * is no longer running ('stopped': superseded), or `maxBatches` were written ('more': the Workers face
 * sends the message again, so no queue invocation runs long). Each batch is one transaction that moves
 * the cursor with the writes, so a crash repeats at most the batch it was in. Only leads whose score or
 * breakdown changes are written (an unchanged lead keeps the score_version that set its score): a write
 * is the costly part, every index of the lead is touched. The next batch is read while one is written.
 * A lead edited between the read and the write is left alone: the edit scored it with the rules in force.
 */
export async function runRescore(
  deps: Pick<Deps, 'now'>,
  db: Db,
  message: RescoreMessage,
  limits: { maxBatches?: number; batchSize?: number } = {},
): Promise<'done' | 'more' | 'stopped'> {
  const size = limits.batchSize ?? RESCORE_BATCH_SIZE;
  const job = await readJob(db, message);
  if (job?.status !== 'running') return 'stopped';
  const rules = await rulesOf(db, job.organizationId, job.version);
  const read = (after: string | null) => {
    const batch = readScoredLeads(db, job.organizationId, { limit: size, after });
    batch.catch(() => {}); // awaited below; a batch read ahead and never used must not go unhandled
    return batch;
  };
  let next = read(job.cursor);
  for (let batches = 0; ; batches++) {
    if (limits.maxBatches !== undefined && batches >= limits.maxBatches) return 'more';
    const batch = await next;
    if (batch.length === 0) return finishRescore(deps, db, job);
    const last = batch.at(-1)!.id;
    const more = limits.maxBatches === undefined || batches + 1 < limits.maxBatches;
    next = batch.length < size ? Promise.resolve([]) : more ? read(last) : next;
    const now = deps.now();
    const changed: ScoredRow[] = [];
    for (let i = 0; i < batch.length; i++) {
      if (i > 0 && i % SCORED_PER_TURN === 0) await new Promise((turn) => setTimeout(turn, 0));
      const lead = batch[i]!;
      const result = rescoreLead(lead.input, rules, now);
      if (!sameScore(lead, result)) changed.push({ id: lead.id, version: lead.version, ...result });
    }
    if (!(await writeBatch(db, job, { count: batch.length, last, changed, now }))) return 'stopped';
  }
}

/** Moves the cursor past a batch and writes its changed scores, in one transaction; false when stopped. */
async function writeBatch(
  db: Db,
  job: RescoreRow,
  batch: { count: number; last: string; changed: ScoredRow[]; now: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(scoringRescores)
      .set({ done: sql`${scoringRescores.done} + ${batch.count}`, cursor: batch.last, updatedAt: batch.now })
      .where(and(eq(scoringRescores.id, job.id), eq(scoringRescores.status, 'running')))
      .returning({ id: scoringRescores.id });
    if (moved.length === 0) return false;
    if (batch.changed.length > 0) await writeScores(tx, job.organizationId, job.version, batch.changed);
    return true;
  });
}

async function readJob(db: Executor, message: RescoreMessage): Promise<RescoreRow | undefined> {
  const [row] = await db
    .select()
    .from(scoringRescores)
    .where(inOrg(scoringRescores, message.organizationId, eq(scoringRescores.id, message.rescoreId)));
  return row;
}

async function rulesOf(db: Executor, organizationId: string, version: number) {
  const [row] = await db
    .select({ rules: scoringRules.rules })
    .from(scoringRules)
    .where(inOrg(scoringRules, organizationId, eq(scoringRules.version, version)))
    .limit(1);
  return parseScoringRules(row?.rules);
}

/** One UPDATE … FROM unnest(…) for the batch, skipping leads whose version moved since they were read. */
async function writeScores(
  tx: Tx,
  organizationId: string,
  version: number,
  scored: ScoredRow[],
): Promise<void> {
  const ids = sql.param(scored.map((s) => s.id));
  const versions = sql.param(scored.map((s) => s.version));
  const scores = sql.param(scored.map((s) => s.score));
  const breakdowns = sql.param(scored.map((s) => JSON.stringify(s.breakdown)));
  await tx
    .update(leads)
    .set({ score: sql`v.score`, scoreBreakdown: sql`v.breakdown`, scoreVersion: version })
    .from(
      sql`(select unnest(${ids}::text[]) as lead_id, unnest(${versions}::int[]) as version,
                  unnest(${scores}::int[]) as score, unnest(${breakdowns}::jsonb[]) as breakdown) v`,
    )
    .where(inOrg(leads, organizationId, sql`${leads.id} = v.lead_id and ${leads.version} = v.version`));
}

/** Marks the rescore completed (once) with its audit event. */
async function finishRescore(deps: Pick<Deps, 'now'>, db: Db, job: RescoreRow): Promise<'done' | 'stopped'> {
  const now = deps.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(scoringRescores)
      .set({ status: 'completed', finishedAt: now, updatedAt: now })
      .where(and(eq(scoringRescores.id, job.id), eq(scoringRescores.status, 'running')))
      .returning();
    if (!row) return 'stopped';
    await recordEvents(tx, [
      {
        organizationId: job.organizationId,
        entityType: 'scoring_rules',
        entityId: job.organizationId,
        type: 'scoring_rules.rescored',
        actor: { type: 'system', id: null },
        at: now,
        data: { version: job.version, rescoreId: job.id, rescored: row.done },
      },
    ]);
    return 'done';
  });
}

/** Rescores a restart left running, to resume at start (the Node face; Workers' queue redelivers). */
export async function interruptedRescores(db: Db): Promise<RescoreMessage[]> {
  const rows = await db
    .select({ rescoreId: scoringRescores.id, organizationId: scoringRescores.organizationId })
    .from(scoringRescores)
    .where(eq(scoringRescores.status, 'running'));
  return rows.map((r) => ({ kind: 'scoring.rescore', ...r }));
}

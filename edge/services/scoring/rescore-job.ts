import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { leads, scoringRescores, scoringRules } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { RescoreProgress } from '../../contract/scoring';
import { rescoreLead } from '../../core/rescore';
import { parseScoringRules, type ScoreItem } from '../../core/score';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { readScoredLeads } from './lead-inputs';

/** Leads read and written per transaction: large enough to be set-based, small enough to hold few locks briefly. */
export const RESCORE_BATCH_SIZE = 1000;

/** The message that runs (or resumes) a rescore: in process on Node, through the queue on Workers. */
export type RescoreMessage = { kind: 'scoring.rescore'; organizationId: string; rescoreId: string };

type RescoreRow = typeof scoringRescores.$inferSelect;

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
 * the cursor with the writes, so a crash repeats at most the batch it was in. A lead edited between the
 * read and the write is left alone: the edit scored it with the rules in force.
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
  let cursor = job.cursor;
  for (let batches = 0; ; batches++) {
    if (limits.maxBatches !== undefined && batches >= limits.maxBatches) return 'more';
    const batch = await readScoredLeads(db, job.organizationId, { limit: size, after: cursor });
    if (batch.length === 0) return finishRescore(deps, db, job);
    const now = deps.now();
    const scored = batch.map((lead) => ({
      id: lead.id,
      version: lead.version,
      ...rescoreLead(lead.input, rules, now),
    }));
    const last = batch.at(-1)!.id;
    const written = await db.transaction(async (tx) => {
      const moved = await tx
        .update(scoringRescores)
        .set({ done: sql`${scoringRescores.done} + ${batch.length}`, cursor: last, updatedAt: now })
        .where(and(eq(scoringRescores.id, job.id), eq(scoringRescores.status, 'running')))
        .returning({ id: scoringRescores.id });
      if (moved.length === 0) return false;
      await writeScores(tx, job.organizationId, job.version, scored);
      return true;
    });
    if (!written) return 'stopped';
    cursor = last;
  }
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
  scored: Array<{ id: string; version: number; score: number; breakdown: ScoreItem[] }>,
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

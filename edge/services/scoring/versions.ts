import { desc, eq } from 'drizzle-orm';
import { scoringRescores, scoringRules, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import type { RescoreProgress, ScoringVersionSummary } from '../../contract/scoring';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { parseScoringRules, type ScoringRules } from '../../core/score';
import { diffScoringRules, type ScoringChange } from '../../core/scoring-diff';
import type { Auth, Deps } from '../../deps';
import { getScoringRules, lockOrganizationSettings } from '../admin/scoring-rules';
import { recordEvents } from '../audit/events';
import { type RescoreMessage, runRescore, startRescore, toProgress } from './rescore-job';

/** Versions listed at most (newest first); older ones stay readable by number. */
export const VERSIONS_LISTED = 100;

/** Changes kept in a save's audit event; the versions themselves keep everything. */
const CHANGES_AUDITED = 100;

const summaryColumns = {
  version: scoringRules.version,
  createdAt: scoringRules.createdAt,
  restoredFrom: scoringRules.restoredFrom,
  userId: users.id,
  userName: users.name,
};

type SummaryRow = {
  version: number;
  createdAt: Date;
  restoredFrom: number | null;
  userId: string | null;
  userName: string | null;
};

function toSummary(row: SummaryRow, current: number): ScoringVersionSummary {
  return {
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.userId ? { id: row.userId, name: row.userName ?? '' } : null,
    restoredFrom: row.restoredFrom,
    current: row.version === current,
  };
}

/** The organization's scoring versions, newest first (at most VERSIONS_LISTED). */
export async function listScoringVersions(
  db: Executor,
  organizationId: string,
): Promise<ScoringVersionSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(scoringRules)
    .leftJoin(users, eq(users.id, scoringRules.createdBy))
    .where(inOrg(scoringRules, organizationId))
    .orderBy(desc(scoringRules.version))
    .limit(VERSIONS_LISTED);
  const current = rows[0]?.version ?? 0;
  return rows.map((r) => toSummary(r, current));
}

/** One version with its whole model; 404 when the organization has no such version. */
export async function getScoringVersion(
  db: Executor,
  organizationId: string,
  version: number,
): Promise<ScoringVersionSummary & { rules: ScoringRules }> {
  const [row] = await db
    .select({ ...summaryColumns, rules: scoringRules.rules })
    .from(scoringRules)
    .leftJoin(users, eq(users.id, scoringRules.createdBy))
    .where(inOrg(scoringRules, organizationId, eq(scoringRules.version, version)))
    .limit(1);
  if (!row) throw new AppError('not-found', { detail: `No scoring version ${version}.` });
  const { version: current } = await getScoringRules(db, organizationId);
  return { ...toSummary(row, current), rules: parseScoringRules(row.rules) };
}

/** What changed from version `against` to version `version`. */
export async function diffScoringVersions(
  db: Executor,
  organizationId: string,
  version: number,
  against: number,
): Promise<{ from: number; to: number; changes: ScoringChange[] }> {
  const [to, from] = [
    await getScoringVersion(db, organizationId, version),
    await getScoringVersion(db, organizationId, against),
  ];
  return { from: against, to: version, changes: diffScoringRules(from.rules, to.rules) };
}

export type SavedVersion = { version: number; rescore: RescoreProgress; message: RescoreMessage };

/**
 * Saves a model as the organization's next version, audited with what changed, and starts its rescore
 * (superseding one still running), in one transaction; the caller runs the rescore.
 */
export async function saveScoringVersion(
  deps: Pick<Deps, 'now' | 'newId' | 'caches'>,
  db: Db,
  auth: Auth,
  rules: ScoringRules,
  restoredFrom: number | null = null,
): Promise<SavedVersion> {
  const organizationId = auth.organizationId;
  const now = deps.now();
  const saved = await db.transaction(async (tx) => {
    await lockOrganizationSettings(tx, organizationId);
    const previous = await getScoringRules(tx, organizationId);
    const version = previous.version + 1;
    await tx
      .insert(scoringRules)
      .values({ organizationId, version, rules, restoredFrom, createdBy: auth.userId, createdAt: now });
    const changes = diffScoringRules(previous.rules, rules);
    await recordEvents(tx, [
      {
        organizationId,
        entityType: 'scoring_rules',
        entityId: organizationId,
        type: restoredFrom === null ? 'scoring_rules.updated' : 'scoring_rules.restored',
        actor: actorOf(auth),
        at: now,
        data: {
          version,
          previousVersion: previous.version,
          ...(restoredFrom !== null && { restoredFrom }),
          changes: changes.slice(0, CHANGES_AUDITED),
          changeCount: changes.length,
        },
      },
    ]);
    const job = await startRescore(tx, {
      id: deps.newId('rsc'),
      organizationId,
      version,
      createdBy: auth.userId,
      now,
    });
    return { version, rescore: toProgress(job) };
  });
  deps.caches.orgConfig.invalidate(organizationId);
  return {
    ...saved,
    message: { kind: 'scoring.rescore', organizationId, rescoreId: saved.rescore.id },
  };
}

/** Saves an old version's model again as the newest version ("restore this version"). */
export async function restoreScoringVersion(
  deps: Pick<Deps, 'now' | 'newId' | 'caches'>,
  db: Db,
  auth: Auth,
  version: number,
): Promise<SavedVersion> {
  const old = await getScoringVersion(db, auth.organizationId, version);
  return saveScoringVersion(deps, db, auth, old.rules, version);
}

/**
 * Saves a version and rescores every live lead before answering (`PUT /api/scoring-rules`, for scripts):
 * the same save and the same batches as the background rescore, run to their end in the request.
 */
export async function saveScoringRulesNow(
  deps: Pick<Deps, 'now' | 'newId' | 'caches'>,
  db: Db,
  auth: Auth,
  rules: ScoringRules,
): Promise<{ version: number; rescored: number }> {
  const saved = await saveScoringVersion(deps, db, auth, rules);
  await runRescore(deps, db, saved.message);
  const [row] = await db
    .select({ done: scoringRescores.done })
    .from(scoringRescores)
    .where(inOrg(scoringRescores, auth.organizationId, eq(scoringRescores.id, saved.rescore.id)));
  return { version: saved.version, rescored: row?.done ?? 0 };
}

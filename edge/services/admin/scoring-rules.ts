import { asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { leadEvents, leads, organizations, scoringRules } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import { actorOf } from '../../core/actor';
import {
  DEFAULT_SCORING_RULES,
  parseScoringRules,
  type ScoreInput,
  type ScoringRules,
  scoreLead,
} from '../../core/score';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

/** Leads read and written per statement while rescoring: large enough to be set-based, small enough for memory. */
export const RESCORE_BATCH_SIZE = 1000;

const CHANNELS: ReadonlyArray<ScoreInput['channel']> = ['form', 'webhook', 'api', 'import'];

/** The scoring rules in force: the latest version, or the defaults as version 0 when none was ever saved. */
export async function getScoringRules(
  db: Executor,
  organizationId: string,
): Promise<{ version: number; rules: ScoringRules }> {
  const [row] = await db
    .select({ version: scoringRules.version, rules: scoringRules.rules })
    .from(scoringRules)
    .where(inOrg(scoringRules, organizationId))
    .orderBy(desc(scoringRules.version))
    .limit(1);
  return row
    ? { version: row.version, rules: parseScoringRules(row.rules) }
    : { version: 0, rules: DEFAULT_SCORING_RULES };
}

/**
 * Serializes changes to an organization's settings (rule versions, the routing list) for the length of the
 * transaction. NO KEY UPDATE, not UPDATE: inserts into tables referencing the organization take KEY SHARE
 * locks on its row, and those must not wait for a long rescoring.
 */
export async function lockOrganizationSettings(tx: Tx, organizationId: string): Promise<void> {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('no key update');
}

/**
 * Saves a new version of the scoring rules and rescores every live lead of the organization with it, in one
 * transaction, so no lead is left scored by a version that is no longer in force.
 */
export async function updateScoringRules(
  deps: Pick<Deps, 'now' | 'caches'>,
  db: Db,
  auth: Auth,
  rules: ScoringRules,
): Promise<{ version: number; rescored: number }> {
  const organizationId = auth.organizationId;
  const now = deps.now();
  const result = await db.transaction(async (tx) => {
    await lockOrganizationSettings(tx, organizationId);
    const previous = await getScoringRules(tx, organizationId);
    const version = previous.version + 1;
    await tx
      .insert(scoringRules)
      .values({ organizationId, version, rules, createdBy: auth.userId, createdAt: now });
    const rescored = await rescoreLeads(tx, organizationId, rules, version);
    await recordEvents(tx, [
      {
        organizationId,
        entityType: 'scoring_rules',
        entityId: organizationId,
        type: 'scoring_rules.updated',
        actor: actorOf(auth),
        at: now,
        data: { version, previousVersion: previous.version, rescored },
      },
    ]);
    return { version, rescored };
  });
  deps.caches.orgConfig.invalidate(organizationId);
  return result;
}

/** Walks the organization's live leads in id order (keyset), one read and one UPDATE per batch. */
async function rescoreLeads(tx: Tx, organizationId: string, rules: ScoringRules, version: number) {
  let rescored = 0;
  let after: string | null = null;
  for (;;) {
    const batch = await readBatch(tx, organizationId, after);
    if (batch.length === 0) return rescored;
    const scored = batch.map((lead) => ({ id: lead.id, ...scoreLead(toScoreInput(lead), rules) }));
    rescored += await writeBatch(tx, organizationId, version, scored);
    if (batch.length < RESCORE_BATCH_SIZE) return rescored;
    after = batch.at(-1)!.id;
  }
}

function readBatch(tx: Tx, organizationId: string, after: string | null) {
  // The channel decides the form-submitted points; it is recorded on the lead's `created` event. Written
  // with explicit aliases: drizzle leaves columns of a single-table select unqualified, which would bind
  // them to lead_events inside this subquery.
  const channel = sql<string | null>`(
    select e.data ->> 'channel' from ${leadEvents} e
    where e.organization_id = leads.organization_id and e.lead_id = leads.id and e.type = 'created'
    limit 1)`;
  return tx
    .select({
      id: leads.id,
      industry: leads.industry,
      employees: leads.employees,
      title: leads.title,
      country: leads.country,
      region: leads.region,
      channel,
    })
    .from(leads)
    .where(inOrg(leads, organizationId, isNull(leads.deletedAt), after ? gt(leads.id, after) : undefined))
    .orderBy(asc(leads.id))
    .limit(RESCORE_BATCH_SIZE);
}

type BatchLead = Awaited<ReturnType<typeof readBatch>>[number];

/**
 * Fit and channel only: behavioural signals are left out of a rescore for now, so points a lead earned for
 * pricing or product pages at ingestion (kept in its events' `data.signals`) are not carried over.
 */
function toScoreInput(lead: BatchLead): ScoreInput {
  const channel = CHANNELS.find((c) => c === lead.channel) ?? 'api';
  return { ...lead, channel };
}

/** One UPDATE … FROM unnest(…) for the whole batch; returns how many leads it changed. */
async function writeBatch(
  tx: Tx,
  organizationId: string,
  version: number,
  scored: Array<{ id: string; score: number; breakdown: unknown[] }>,
): Promise<number> {
  const ids = sql.param(scored.map((s) => s.id));
  const scores = sql.param(scored.map((s) => s.score));
  const breakdowns = sql.param(scored.map((s) => JSON.stringify(s.breakdown)));
  const updated = await tx
    .update(leads)
    .set({ score: sql`v.score`, scoreBreakdown: sql`v.breakdown`, scoreVersion: version })
    .from(
      sql`(select unnest(${ids}::text[]) as lead_id, unnest(${scores}::int[]) as score,
                  unnest(${breakdowns}::jsonb[]) as breakdown) v`,
    )
    .where(inOrg(leads, organizationId, sql`${leads.id} = v.lead_id`))
    .returning({ id: leads.id });
  return updated.length;
}

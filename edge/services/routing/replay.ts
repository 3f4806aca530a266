import { asc, gt, isNull, sql } from 'drizzle-orm';
import { leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import type { LeadFilter } from '../../contract/leads';
import type { ReplayResult, ReplayRoutingInput } from '../../contract/routing';
import { actorOf } from '../../core/actor';
import { decideRouting, isLoadAware, pickTurn, type RoutingWhy, routingWhy } from '../../core/route';
import { OPEN_STATUSES } from '../../core/status';
import type { Auth, Deps } from '../../deps';
import { listRoutingRules, rulesVersion } from '../admin/routing-rules';
import { recordEvents } from '../audit/events';
import { LEAD_PATH, leadAssignedNotice, leadName, recordNotices } from '../audit/notices';
import { loadOrgConfig, type OrgConfig } from '../ingest/org-config';
import { openLeadCounts, peekTurn, roundRobinSequence, routingLead, situationOf } from '../ingest/route-lead';
import { filterConditions, searchCondition } from '../leads/filters';

/** A run changes at most this many leads per call (one transaction); `next` continues. */
export const REPLAY_BATCH = 200;
/** A dry run looks at most this many leads and says whether more matched. */
export const REPLAY_DRY_LIMIT = 5_000;
const SAMPLE = 20;

type Row = Awaited<ReturnType<typeof selectLeads>>[number];
type Move = { row: Row; to: string; why: RoutingWhy };

/**
 * Applies the routing rules in force to existing leads (by default the unassigned ones; or a lead list
 * filter), converted and deleted leads aside. A dry run changes nothing and draws no turn: it counts what
 * would change, per assignee, with a sample. A run takes the next REPLAY_BATCH leads after `after` in id
 * order, locks them, assigns each whose rule names someone else, writes each change's `assigned` event
 * (with why) and the new assignee's notice, and one `routing.replayed` audit event; `next` continues.
 */
export async function replayRouting(
  deps: Pick<Deps, 'now' | 'newId' | 'pii'>,
  db: Db,
  auth: Auth,
  input: ReplayRoutingInput,
): Promise<ReplayResult> {
  const filter: LeadFilter = input.filter ?? { assignee: ['unassigned'] };
  if (input.dryRun) {
    const rows = await selectLeads(deps, db, auth, filter, input.after, REPLAY_DRY_LIMIT + 1);
    const capped = rows.length > REPLAY_DRY_LIMIT;
    const plan = await planMoves(deps, db, auth.organizationId, rows.slice(0, REPLAY_DRY_LIMIT), false);
    return { ...summary(plan, true), capped, next: null };
  }
  return db.transaction(async (tx) => {
    const rows = await selectLeads(deps, tx, auth, filter, input.after, REPLAY_BATCH + 1, true);
    const batch = rows.slice(0, REPLAY_BATCH);
    const plan = await planMoves(deps, tx, auth.organizationId, batch, true);
    await applyMoves(deps, tx, auth, plan);
    const result = summary(plan, false);
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'routing_rules',
        entityId: auth.organizationId,
        type: 'routing.replayed',
        actor: actorOf(auth),
        at: plan.now,
        data: {
          version: result.version,
          filter,
          after: input.after ?? null,
          considered: result.considered,
          assigned: result.assigned,
          unchanged: result.unchanged,
          unrouted: result.unrouted,
          byAssignee: result.byAssignee,
        },
      },
    ]);
    const next = rows.length > REPLAY_BATCH ? batch[batch.length - 1]!.id : null;
    return { ...result, capped: false, next };
  });
}

async function selectLeads(
  deps: Pick<Deps, 'now' | 'pii'>,
  db: Executor,
  auth: Auth,
  filter: LeadFilter,
  after: string | undefined,
  limit: number,
  lock = false,
) {
  const org = auth.organizationId;
  const scope = { organizationId: org, userId: auth.userId ?? null, now: deps.now() };
  const search = await searchCondition(deps, db, org, filter.q);
  const query = db
    .select({
      id: leads.id,
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      status: leads.status,
      version: leads.version,
      assignedTo: leads.assignedTo,
      source: leads.source,
      formId: leads.formId,
      campaign: leads.campaign,
      country: leads.country,
      region: leads.region,
      score: leads.score,
      custom: leads.custom,
    })
    .from(leads)
    .where(
      inOrg(
        leads,
        org,
        ...filterConditions(filter, scope, search, true),
        isNull(leads.convertedAt),
        after ? gt(leads.id, after) : undefined,
      ),
    )
    .orderBy(asc(leads.id))
    .limit(limit);
  return lock ? query.for('update') : query;
}

type Plan = {
  now: Date;
  version: number;
  moves: Move[];
  unchanged: number;
  unrouted: number;
  considered: number;
};

/**
 * Decides each lead in order as routing would if it arrived now, with open-lead counts kept current as the
 * batch assigns. A run draws real turns (nextval); a dry run counts on from the peeked next turn.
 */
async function planMoves(
  deps: Pick<Deps, 'now'>,
  db: Executor,
  organizationId: string,
  rows: Row[],
  draw: boolean,
): Promise<Plan> {
  const now = deps.now();
  const config: OrgConfig = await loadOrgConfig(db, organizationId);
  const version = rulesVersion(await listRoutingRules(db, organizationId));
  const loads = config.routing.some((r) => isLoadAware(r.action))
    ? new Map(await openLeadCounts(db, organizationId))
    : undefined;
  const turns = new Map<string, number>();
  const nextTurn = async (ruleId: string) => {
    if (draw) return drawTurn(db, ruleId);
    const turn = turns.get(ruleId) ?? (await peekTurn(db, ruleId));
    turns.set(ruleId, turn + 1);
    return turn;
  };
  const plan: Plan = { now, version, moves: [], unchanged: 0, unrouted: 0, considered: rows.length };
  for (const row of rows) {
    const decision = decideRouting(routingLead(row), config.routing, situationOf(config, now, loads));
    if (!decision) {
      plan.unrouted++;
      continue;
    }
    const turn = decision.rule.action.type === 'user' ? 0 : await nextTurn(decision.rule.id);
    const to = pickTurn(decision.pool, turn)!;
    if (to === row.assignedTo) {
      plan.unchanged++;
      continue;
    }
    plan.moves.push({ row, to, why: { ...routingWhy(decision), version } });
    if (loads && (OPEN_STATUSES as readonly string[]).includes(row.status)) {
      loads.set(to, (loads.get(to) ?? 0) + 1);
      if (row.assignedTo) loads.set(row.assignedTo, (loads.get(row.assignedTo) ?? 1) - 1);
    }
  }
  return plan;
}

async function drawTurn(db: Executor, ruleId: string): Promise<number> {
  const name = roundRobinSequence(ruleId);
  const result = (await db.execute(sql`select nextval(${name}::regclass) as turn`)) as unknown as {
    rows: Array<{ turn: string | number }>;
  };
  return Number(result.rows[0]!.turn);
}

/** One UPDATE for the batch's new assignees, their `assigned` events and the new assignees' notices. */
async function applyMoves(deps: Pick<Deps, 'newId'>, tx: Executor, auth: Auth, plan: Plan) {
  if (plan.moves.length === 0) return;
  const values = plan.moves.map((m) => ({ id: m.row.id, assignee: m.to }));
  await tx.execute(sql`update ${leads} l set assigned_to = v.assignee, version = l.version + 1, updated_at = ${plan.now.toISOString()}
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(id text, assignee text)
    where l.id = v.id and l.organization_id = ${auth.organizationId}`);
  const actor = actorOf(auth);
  await recordEvents(
    tx,
    plan.moves.map((m) => ({
      organizationId: auth.organizationId,
      leadId: m.row.id,
      type: 'assigned',
      actor,
      at: plan.now,
      data: { from: m.row.assignedTo, to: m.to, version: m.row.version + 1, rule: m.why, replay: true },
    })),
  );
  await recordNotices(
    deps,
    tx,
    plan.moves
      .filter((m) => m.to !== auth.userId)
      .map((m) =>
        leadAssignedNotice({
          organizationId: auth.organizationId,
          userId: m.to,
          leadId: m.row.id,
          name: leadName(m.row),
          company: m.row.company,
          link: `${LEAD_PATH}${m.row.id}`,
          at: plan.now,
        }),
      ),
  );
}

function summary(plan: Plan, dryRun: boolean): Omit<ReplayResult, 'capped' | 'next'> {
  const by = new Map<string, number>();
  for (const m of plan.moves) by.set(m.to, (by.get(m.to) ?? 0) + 1);
  return {
    dryRun,
    version: plan.version,
    considered: plan.considered,
    assigned: plan.moves.length,
    unchanged: plan.unchanged,
    unrouted: plan.unrouted,
    byAssignee: [...by].map(([userId, count]) => ({ userId, count })).sort((a, b) => b.count - a.count),
    sample: plan.moves.slice(0, SAMPLE).map((m) => ({
      leadId: m.row.id,
      name: leadName(m.row),
      from: m.row.assignedTo,
      to: m.to,
      ruleId: m.why.id,
      ruleName: m.why.name,
    })),
  };
}

import { and, count, inArray, isNull, sql } from 'drizzle-orm';
import { leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import {
  decideRouting,
  isLoadAware,
  type RoutingDecision,
  type RoutingLead,
  type RoutingRule,
  type RoutingSituation,
  type RoutingWhy,
  routingWhy,
} from '../../core/route';
import { OPEN_STATUSES } from '../../core/status';
import type { OrgConfig } from './org-config';

export type RoutableLead = {
  id: string;
  organizationId: string;
  firstName?: string | null;
  lastName: string;
  company?: string | null;
  source: string | null;
  country?: string | null;
  region?: string | null;
  campaign?: string | null;
  custom?: Record<string, string> | null;
  score: number;
  formId: string | null;
};

/** The Postgres sequence that numbers a rotating rule's turns. */
export function roundRobinSequence(ruleId: string): string {
  return `routing_turn_${ruleId.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

/**
 * Creates (or drops) the turn counters of rotating rules. A sequence, not a counter column: nextval()
 * is atomic and takes no row lock, so concurrent transactions never draw the same turn and never wait
 * for each other (a counter row would serialize every new lead of the organization until commit).
 * A transaction that rolls back loses its turn; the rotation moves on.
 */
export async function createRoundRobinSequences(tx: Executor, ruleIds: string[]): Promise<void> {
  for (const id of ruleIds)
    await tx.execute(
      sql`create sequence if not exists ${sql.identifier(roundRobinSequence(id))} minvalue 0 start 0`,
    );
}

export async function dropRoundRobinSequences(tx: Executor, ruleIds: string[]): Promise<void> {
  for (const id of ruleIds)
    await tx.execute(sql`drop sequence if exists ${sql.identifier(roundRobinSequence(id))}`);
}

/**
 * The turn the next nextval() of a rule's sequence will give, read without drawing it (a sequence's
 * last_value and is_called), so asking who would get a lead leaves the rotation where it was.
 */
export async function peekTurn(db: Executor, ruleId: string): Promise<number> {
  // pg_sequences, not the sequence itself: a missing sequence reads as no turn drawn instead of an error
  // that would abort the caller's transaction.
  const result = (await db.execute(
    sql`select last_value from pg_sequences
        where schemaname = current_schema() and sequencename = ${roundRobinSequence(ruleId)}`,
  )) as unknown as { rows: Array<{ last_value: string | number | null }> };
  const last = result.rows[0]?.last_value;
  return last === null || last === undefined ? 0 : Number(last) + 1;
}

/** How a new lead will be assigned, decided before it is inserted: a user, or a turn of a rotation. */
export type RoutingPlan =
  | { kind: 'user'; rule: RoutingRule; userId: string; why: RoutingWhy }
  | { kind: 'team'; rule: RoutingRule; pool: string[]; sequence: string; why: RoutingWhy };

/** The routing inputs of a lead row. */
export function routingLead(lead: Omit<RoutableLead, 'id' | 'organizationId' | 'lastName'>): RoutingLead {
  return {
    source: lead.source,
    country: lead.country ?? null,
    region: lead.region ?? null,
    campaign: lead.campaign ?? null,
    score: lead.score,
    formId: lead.formId,
    custom: lead.custom ?? null,
  };
}

/** The situation routing decides in: the organization's clock, teams, people and (if asked) their loads. */
export function situationOf(
  config: OrgConfig,
  now: Date,
  loads?: ReadonlyMap<string, number>,
): RoutingSituation {
  return {
    clock: { now, timezone: config.timezone },
    members: config.members,
    availability: { people: config.people, now, loads },
  };
}

/**
 * The rule that takes the lead and whom it can assign; null when no rule takes it. `loads` (open leads per
 * person, see openLeadCounts) must be given when a rule is load-aware (needsLoads), else no one is full.
 */
export function planRouting(
  config: OrgConfig,
  lead: RoutableLead,
  at: { now: Date; loads?: ReadonlyMap<string, number> },
): RoutingPlan | null {
  const decision = decideRouting(routingLead(lead), config.routing, situationOf(config, at.now, at.loads));
  return decision ? planOf(decision) : null;
}

export function planOf(decision: RoutingDecision): RoutingPlan {
  const { rule, pool } = decision;
  const why = routingWhy(decision);
  if (rule.action.type === 'user') return { kind: 'user', rule, userId: pool[0]!, why };
  return { kind: 'team', rule, pool, sequence: roundRobinSequence(rule.id), why };
}

/** Whether any enabled rule skips full reps, so routing needs open-lead counts. */
export function needsLoads(config: OrgConfig): boolean {
  return config.routing.some((r) => r.enabled && isLoadAware(r.action));
}

/** Open (not lost, not deleted) leads per assignee of the organization. */
export async function openLeadCounts(
  db: Executor,
  organizationId: string,
  userIds?: string[],
): Promise<Map<string, number>> {
  const rows = await db
    .select({ userId: leads.assignedTo, open: count() })
    .from(leads)
    .where(
      inOrg(
        leads,
        organizationId,
        and(
          isNull(leads.deletedAt),
          inArray(leads.status, [...OPEN_STATUSES]),
          userIds ? inArray(leads.assignedTo, userIds) : sql`${leads.assignedTo} is not null`,
        ),
      ),
    )
    .groupBy(leads.assignedTo);
  return new Map(rows.map((r) => [r.userId!, Number(r.open)]));
}

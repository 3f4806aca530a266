import { eq, type SQLWrapper, sql } from 'drizzle-orm';
import { leadEvents, leads, notifications, outbox } from '../../db/schema';
import type { Executor, Tx } from '../../db/types';
import { matchRoutingRule, pickRoundRobin, type RoutingRule, teamPool } from '../core/route';
import type { Deps } from '../deps';
import type { OrgConfig } from './org-config';

export type RoutableLead = {
  id: string;
  organizationId: string;
  firstName?: string | null;
  lastName: string;
  company?: string | null;
  source: string | null;
  country?: string | null;
  score: number;
  formId: string | null;
};

/** The Postgres sequence that numbers a round-robin rule's turns. */
export function roundRobinSequence(ruleId: string): string {
  return `routing_turn_${ruleId.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

/**
 * Creates (or drops) the turn counters of round-robin rules. A sequence, not a counter column: nextval()
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

/** How a new lead will be assigned, decided before it is inserted: a user, or a turn of a team's rotation. */
export type RoutingPlan =
  | { kind: 'user'; rule: RoutingRule; userId: string }
  | { kind: 'team'; rule: RoutingRule; pool: string[]; sequence: string };

/** The first matching rule and whom it can assign; null when no rule matches or nobody can take the lead. */
export function planRouting(config: OrgConfig, lead: RoutableLead): RoutingPlan | null {
  const rule = matchRoutingRule(
    { source: lead.source, country: lead.country ?? null, score: lead.score, formId: lead.formId },
    config.routing,
  );
  if (!rule) return null;
  if (rule.action.type === 'user') {
    const { userId } = rule.action;
    return config.members.some((m) => m.userId === userId) ? { kind: 'user', rule, userId } : null;
  }
  const pool = teamPool(rule.action, config.members);
  return pool.length > 0 ? { kind: 'team', rule, pool, sequence: roundRobinSequence(rule.id) } : null;
}

/**
 * The writes that assign a new lead (assignee, event, in-app notification, outbox email), for the caller's
 * batch. For a team, `turn` is the rotation's next value, drawn from the rule's sequence by the statement
 * that inserted the lead — so a lead that turned out to be known draws no turn.
 */
export function routingStatements(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  plan: RoutingPlan,
  turn: number | null,
  lead: RoutableLead,
  now: Date,
): SQLWrapper[] {
  const rule = plan.rule;
  const assignee = plan.kind === 'user' ? plan.userId : pickRoundRobin(plan.pool, turn ?? 0);
  if (!assignee) return [];
  const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
  return [
    tx.update(leads).set({ assignedTo: assignee }).where(eq(leads.id, lead.id)),
    tx.insert(leadEvents).values({
      organizationId: lead.organizationId,
      leadId: lead.id,
      entityType: 'lead',
      entityId: lead.id,
      type: 'assigned',
      actorType: 'system',
      actorId: null,
      data: { from: null, to: assignee, rule: { id: rule.id, name: rule.name, action: rule.action.type } },
      createdAt: now,
    }),
    tx.insert(notifications).values({
      id: deps.newId('ntf'),
      organizationId: lead.organizationId,
      userId: assignee,
      type: 'lead.assigned',
      data: { leadId: lead.id, name, company: lead.company ?? null },
      link: `/app/leads/${lead.id}`,
      createdAt: now,
    }),
    tx.insert(outbox).values({
      id: deps.newId('out'),
      organizationId: lead.organizationId,
      kind: 'email',
      payload: { template: 'lead-assigned', userId: assignee, leadId: lead.id },
      createdAt: now,
    }),
  ];
}

import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/types';
import { matchRoutingRule, type RoutingRule, teamPool } from '../../core/route';
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

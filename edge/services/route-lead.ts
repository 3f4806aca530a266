import { eq, type SQLWrapper, sql } from 'drizzle-orm';
import { leadEvents, leads, notifications, outbox, routingRules } from '../../db/schema';
import { inOrg } from '../../db/tenant';
import type { Tx } from '../../db/types';
import { matchRoutingRule, pickRoundRobin, teamPool } from '../core/route';
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

/**
 * Decides a new lead's assignee by the first matching routing rule and returns the writes that record it
 * (assignee, event, in-app notification, outbox email), for the caller to run in its transaction's batch.
 * Round-robin advances the rule's cursor with UPDATE … RETURNING: the row lock serializes concurrent
 * transactions, so two leads never take the same "next" rep. No rule, or an empty pool: no writes.
 */
export async function routingStatements(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  config: OrgConfig,
  lead: RoutableLead,
  now: Date,
): Promise<SQLWrapper[]> {
  const rule = matchRoutingRule(
    { source: lead.source, country: lead.country ?? null, score: lead.score, formId: lead.formId },
    config.routing,
  );
  if (!rule) return [];
  let assignee: string | null = null;
  if (rule.action.type === 'user') {
    const { userId } = rule.action;
    assignee = config.members.some((m) => m.userId === userId) ? userId : null;
  } else {
    const pool = teamPool(rule.action, config.members);
    if (pool.length > 0) {
      const [advanced] = await tx
        .update(routingRules)
        .set({ cursor: sql`${routingRules.cursor} + 1` })
        .where(inOrg(routingRules, lead.organizationId, eq(routingRules.id, rule.id)))
        .returning({ cursor: routingRules.cursor });
      assignee = advanced ? pickRoundRobin(pool, advanced.cursor - 1) : null;
    }
  }
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

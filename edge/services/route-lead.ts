import { eq, sql } from 'drizzle-orm';
import { leads, notifications, outbox, routingRules } from '../../db/schema';
import { inOrg } from '../../db/tenant';
import type { Tx } from '../../db/types';
import { matchRoutingRule, pickRoundRobin, teamPool } from '../core/route';
import type { Deps } from '../deps';
import { recordEvents } from './events';
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
 * Assigns a new lead by the first matching routing rule. Round-robin advances the rule's cursor with
 * UPDATE … RETURNING: the row lock serializes concurrent transactions, so two leads never take the same
 * "next" rep. The assignee gets an in-app notification and an email through the outbox, in the same
 * transaction. No matching rule, or an empty pool, leaves the lead unassigned.
 */
export async function routeNewLead(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  config: OrgConfig,
  lead: RoutableLead,
  now: Date,
): Promise<string | null> {
  const rule = matchRoutingRule(
    { source: lead.source, country: lead.country ?? null, score: lead.score, formId: lead.formId },
    config.routing,
  );
  if (!rule) return null;
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
  if (!assignee) return null;
  await tx.update(leads).set({ assignedTo: assignee }).where(eq(leads.id, lead.id));
  const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
  await recordEvents(tx, [
    {
      organizationId: lead.organizationId,
      leadId: lead.id,
      type: 'assigned',
      actor: { type: 'system', id: null },
      at: now,
      data: { from: null, to: assignee, rule: { id: rule.id, name: rule.name, action: rule.action.type } },
    },
  ]);
  await tx.insert(notifications).values({
    id: deps.newId('ntf'),
    organizationId: lead.organizationId,
    userId: assignee,
    type: 'lead.assigned',
    data: { leadId: lead.id, name, company: lead.company ?? null },
    link: `/app/leads/${lead.id}`,
    createdAt: now,
  });
  await tx.insert(outbox).values({
    id: deps.newId('out'),
    organizationId: lead.organizationId,
    kind: 'email',
    payload: { template: 'lead-assigned', userId: assignee, leadId: lead.id },
    createdAt: now,
  });
  return assignee;
}

import { and, eq, isNull } from 'drizzle-orm';
import { leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import type { RoutingRuleInput } from '../../contract/admin';
import type { ExplainRoutingInput, RoutingExplanation } from '../../contract/routing';
import { AppError } from '../../core/errors';
import {
  explainRouting,
  isLoadAware,
  pickTurn,
  type RoutingLead,
  type RoutingRule,
  routingWhy,
} from '../../core/route';
import type { Deps } from '../../deps';
import { listRoutingRules, rulesVersion } from '../admin/routing-rules';
import { loadOrgConfig } from '../ingest/org-config';
import { openLeadCounts, peekTurn, routingLead, situationOf } from '../ingest/route-lead';

/**
 * Who would get a lead now, and why: every rule in order with what became of it (which part of its
 * condition failed, with the rule's and the lead's values; whom its target skipped), and the rule that
 * takes the lead with the person whose turn is next. Reads only: the rotation's next turn is peeked, not
 * drawn, and nothing is written. `rules` asks about a draft list instead of the one in force.
 */
export async function explainLeadRouting(
  deps: Pick<Deps, 'now'>,
  db: Executor,
  organizationId: string,
  input: ExplainRoutingInput,
): Promise<RoutingExplanation> {
  const now = deps.now();
  const config = await loadOrgConfig(db, organizationId);
  const stored = await listRoutingRules(db, organizationId);
  const rules = input.rules ? draftRules(input.rules, stored) : stored;
  const lead = 'leadId' in input ? await storedLead(db, organizationId, input.leadId) : draftLead(input.lead);
  const loads = rules.some((r) => r.enabled && isLoadAware(r.action))
    ? await openLeadCounts(db, organizationId)
    : undefined;
  const { verdicts, decision } = explainRouting(lead, rules, situationOf(config, now, loads));
  let chosen: RoutingExplanation['decision'] = null;
  if (decision) {
    const turn = decision.rule.action.type === 'user' ? 0 : await peekTurn(db, decision.rule.id);
    chosen = {
      ruleId: decision.rule.id,
      name: decision.rule.name,
      assignee: pickTurn(decision.pool, turn)!,
      pool: [...new Set(decision.pool)],
      why: routingWhy(decision),
    };
  }
  return {
    version: input.rules ? 0 : rulesVersion(stored),
    at: now.toISOString(),
    timezone: config.timezone,
    lead,
    rules: verdicts,
    decision: chosen,
  };
}

/** A draft list as rules: a rule sent with a stored id keeps it (and so its rotation's next turn). */
function draftRules(input: RoutingRuleInput[], stored: RoutingRule[]): RoutingRule[] {
  const known = new Set(stored.map((r) => r.id));
  return input.map((r, i) => ({
    id: r.id && known.has(r.id) ? r.id : `draft-${i + 1}`,
    name: r.name,
    position: i + 1,
    enabled: r.enabled,
    condition: r.condition,
    action: r.action,
  }));
}

async function storedLead(db: Executor, organizationId: string, leadId: string): Promise<RoutingLead> {
  const [row] = await db
    .select({
      source: leads.source,
      formId: leads.formId,
      campaign: leads.campaign,
      country: leads.country,
      region: leads.region,
      score: leads.score,
      custom: leads.custom,
    })
    .from(leads)
    .where(inOrg(leads, organizationId, and(eq(leads.id, leadId), isNull(leads.deletedAt))));
  if (!row) throw new AppError('not-found', { detail: 'No such lead' });
  return routingLead(row);
}

function draftLead(lead: Extract<ExplainRoutingInput, { lead: unknown }>['lead']): RoutingLead {
  return routingLead({
    source: lead.source ?? null,
    formId: lead.formId ?? null,
    campaign: lead.campaign ?? null,
    country: lead.country ?? null,
    region: lead.region ?? null,
    score: lead.score,
    custom: lead.custom ?? null,
  });
}

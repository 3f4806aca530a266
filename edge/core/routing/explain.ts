import { type ConditionCheck, checkCondition, type RoutingClock, type RoutingLead } from './condition';
import type { RoutingRule } from './parse';
import { type Availability, availableRotation, type Skipped, type TeamMember } from './target';

/**
 * What became of one rule for one lead: `matched` (it takes the lead), `disabled`, `no-match` (a part of
 * its condition failed: see `checks`), `no-one-available` (it matched, but everyone its target names was
 * skipped, so the next rule was tried), or `not-reached` (an earlier rule took the lead).
 */
export type RuleOutcome = 'matched' | 'disabled' | 'no-match' | 'no-one-available' | 'not-reached';

export type RuleVerdict = {
  ruleId: string;
  name: string;
  position: number;
  outcome: RuleOutcome;
  /** Every constrained part of the condition with the rule's and the lead's values (empty when not checked). */
  checks: ConditionCheck[];
  /** Whom the target passed over (deactivated, away, full), for a rule that matched. */
  skipped: Skipped[];
};

/** The rule that takes the lead, the available rotation it turns through, and the parts that matched. */
export type RoutingDecision = {
  rule: RoutingRule;
  pool: string[];
  skipped: Skipped[];
  matched: ConditionCheck[];
};

export type RoutingSituation = {
  clock: RoutingClock;
  members: TeamMember[];
  availability: Availability;
};

/** Rules in evaluation order: ascending position, then id, so every process walks them alike. */
export function orderRules(rules: readonly RoutingRule[]): RoutingRule[] {
  return [...rules].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Walks the rules in order for one lead and says what each did. The first enabled rule whose condition
 * matches and whose target has someone available takes the lead; a matching rule whose whole rotation is
 * unavailable hands the lead to the next rule. Pure: it draws no turn, so asking costs nothing.
 */
export function explainRouting(
  lead: RoutingLead,
  rules: readonly RoutingRule[],
  situation: RoutingSituation,
): { verdicts: RuleVerdict[]; decision: RoutingDecision | null } {
  const verdicts: RuleVerdict[] = [];
  let decision: RoutingDecision | null = null;
  for (const rule of orderRules(rules)) {
    const base = { ruleId: rule.id, name: rule.name, position: rule.position };
    if (decision) {
      verdicts.push({ ...base, outcome: 'not-reached', checks: [], skipped: [] });
      continue;
    }
    if (!rule.enabled) {
      verdicts.push({ ...base, outcome: 'disabled', checks: [], skipped: [] });
      continue;
    }
    const checks = checkCondition(lead, rule.condition, situation.clock);
    if (!checks.every((c) => c.ok)) {
      verdicts.push({ ...base, outcome: 'no-match', checks, skipped: [] });
      continue;
    }
    const { pool, skipped } = availableRotation(rule.action, situation.members, situation.availability);
    if (pool.length === 0) {
      verdicts.push({ ...base, outcome: 'no-one-available', checks, skipped });
      continue;
    }
    verdicts.push({ ...base, outcome: 'matched', checks, skipped });
    decision = { rule, pool, skipped, matched: checks };
  }
  return { verdicts, decision };
}

/** The first rule that takes the lead (see explainRouting), or null. */
export function decideRouting(
  lead: RoutingLead,
  rules: readonly RoutingRule[],
  situation: RoutingSituation,
): RoutingDecision | null {
  return explainRouting(lead, rules, situation).decision;
}

/**
 * Why a lead went where it did, as the assignment event keeps it: the rule (id, name, kind of target), the
 * version of the rule list, the values of the lead that matched each part, and whom the target passed over.
 */
export type RoutingWhy = {
  id: string;
  name: string;
  action: RoutingRule['action']['type'];
  version: number | null;
  matched: Array<{ part: string; key?: string; actual: unknown }>;
  skipped?: Skipped[];
};

export function routingWhy(decision: RoutingDecision): RoutingWhy {
  const { rule } = decision;
  const why: RoutingWhy = {
    id: rule.id,
    name: rule.name,
    action: rule.action.type,
    version: rule.version ?? null,
    matched: decision.matched.map((c) =>
      c.key ? { part: c.part, key: c.key, actual: c.actual } : { part: c.part, actual: c.actual },
    ),
  };
  if (decision.skipped.length > 0) why.skipped = decision.skipped;
  return why;
}

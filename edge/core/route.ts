import { matchesCondition, type RoutingClock, type RoutingLead } from './routing/condition';
import { orderRules } from './routing/explain';
import type { RoutingRule } from './routing/parse';

export * from './routing/condition';
export * from './routing/explain';
export * from './routing/parse';
export * from './routing/target';

/**
 * The first enabled rule, by ascending position (then id), whose condition matches the lead; null if none.
 * Availability of the target is not considered here (see explainRouting for the full decision).
 */
export function matchRoutingRule(
  lead: RoutingLead,
  rules: RoutingRule[],
  clock?: RoutingClock,
): RoutingRule | null {
  return (
    orderRules(rules.filter((r) => r.enabled)).find((r) => matchesCondition(lead, r.condition, clock)) ?? null
  );
}

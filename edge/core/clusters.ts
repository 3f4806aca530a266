import { DEDUPE_RULES } from './dedupe';

/** A pair of probable duplicates (a < b) with the rule that matched and its score (0–1). */
export type DuplicatePair = { a: string; b: string; rule: string; score: number };

export type DuplicateClusterPlan = { members: string[]; rule: string; score: number };

const RULE_ORDER: string[] = DEDUPE_RULES.map((r) => r.id);

/** Lower is stronger: exact email, then exact phone, then the fuzzy rule; unknown rules last. */
export function ruleRank(rule: string): number {
  const i = RULE_ORDER.indexOf(rule);
  return i === -1 ? RULE_ORDER.length : i;
}

/**
 * Connected components of the pairs (union–find with path halving): if A matches B and B matches C, all
 * three are one cluster. Each cluster carries its strongest rule and best score; strongest first.
 */
export function clusterPairs(pairs: DuplicatePair[]): DuplicateClusterPlan[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) {
      const up = parent.get(parent.get(r)!)!;
      parent.set(r, up);
      r = up;
    }
    return r;
  };
  for (const { a, b } of pairs) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const [ra, rb] = [find(a), find(b)];
    // The smaller id becomes the root, so the same pairs always give the same clusters.
    if (ra < rb) parent.set(rb, ra);
    else if (rb < ra) parent.set(ra, rb);
  }
  const clusters = new Map<string, DuplicateClusterPlan>();
  for (const p of pairs) {
    const root = find(p.a);
    const c = clusters.get(root) ?? { members: [], rule: p.rule, score: 0 };
    if (ruleRank(p.rule) < ruleRank(c.rule)) c.rule = p.rule;
    c.score = Math.max(c.score, p.score);
    clusters.set(root, c);
  }
  for (const id of parent.keys()) clusters.get(find(id))!.members.push(id);
  return [...clusters.values()]
    .map((c) => ({ ...c, members: c.members.sort() }))
    .sort((x, y) => ruleRank(x.rule) - ruleRank(y.rule) || y.score - x.score);
}

/** Every unordered pair (a < b) among a cluster's members: what "not a duplicate" dismisses. */
export function pairsWithin(members: string[]): Array<[string, string]> {
  const sorted = [...members].sort();
  return sorted.flatMap((a, i) => sorted.slice(i + 1).map((b): [string, string] => [a, b]));
}

import { confirmFoldedMatch, DEDUPE_RULES, FUZZY_RULE, type FuzzyPerson, fuzzyKey } from './dedupe';
import { foldForMatch } from './text';

/** A pair of probable duplicates (a < b) with the rule that matched and its score (0–1). */
export type DuplicatePair = { a: string; b: string; rule: string; score: number };

/** Why a member is in its cluster: its strongest pair, with whom, by which rule, how alike (0–1). */
export type MemberMatch = { with: string; rule: string; score: number };

export type DuplicateClusterPlan = {
  members: string[];
  rule: string;
  score: number;
  /** Per member, its strongest pair within the cluster. */
  matches: Record<string, MemberMatch>;
};

/**
 * Leads sharing one key, as the scan reads them: an exact rule's blind index (every pair matches), or a
 * fuzzy rule's blocking key (each pair is confirmed by the rule; `people` lines up with `ids`).
 */
export type MatchGroup = { rule: string; ids: string[]; people?: FuzzyPerson[] | null };

const RULE_ORDER: string[] = DEDUPE_RULES.map((r) => r.id);

/** Lower is stronger: exact email, then exact phone, then the fuzzy rule; unknown rules last. */
export function ruleRank(rule: string): number {
  const i = RULE_ORDER.indexOf(rule);
  return i === -1 ? RULE_ORDER.length : i;
}

/** Whether `x` explains a match better than `y`: a stronger rule, then a higher score. */
function stronger(x: { rule: string; score: number }, y: { rule: string; score: number }): boolean {
  return ruleRank(x.rule) - ruleRank(y.rule) < 0 || (x.rule === y.rule && x.score > y.score);
}

/**
 * The pairs within the groups: every pair of an exact group (score 1), the pairs of a fuzzy group that
 * the fuzzy rule confirms (core's own similarity, each lead's key folded once). Ids are ordered here, so
 * `a < b` means the same as in `pairsWithin`.
 */
export function pairsOfGroups(groups: MatchGroup[]): DuplicatePair[] {
  const keys = new Map<string, string>();
  const keyOf = (id: string, p: FuzzyPerson) => {
    const known = keys.get(id);
    if (known !== undefined) return known;
    const key = foldForMatch(fuzzyKey(p));
    keys.set(id, key);
    return key;
  };
  const out: DuplicatePair[] = [];
  for (const g of groups) {
    const fuzzy = g.rule === FUZZY_RULE.id && g.people;
    const rows = g.ids.map((id, i) => ({ id, key: fuzzy ? keyOf(id, g.people![i]!) : '' }));
    rows.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    for (let i = 0; i < rows.length; i++)
      for (let j = i + 1; j < rows.length; j++) {
        const score = fuzzy ? confirmFoldedMatch(rows[i]!.key, rows[j]!.key) : 1;
        if (score !== null) out.push({ a: rows[i]!.id, b: rows[j]!.id, rule: g.rule, score });
      }
  }
  return out;
}

/**
 * One entry per pair, with its strongest rule and best score, leaving out dismissed pairs (keys `a b`,
 * as `pairKey` builds them).
 */
export function strongestPairs(pairs: DuplicatePair[], dismissed: ReadonlySet<string>): DuplicatePair[] {
  const best = new Map<string, DuplicatePair>();
  for (const p of pairs) {
    const key = pairKey(p.a, p.b);
    if (dismissed.has(key)) continue;
    const seen = best.get(key);
    if (!seen || stronger(p, seen)) best.set(key, p);
  }
  return [...best.values()];
}

/** The key of an unordered pair; `a` and `b` in either order. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/**
 * Connected components of the pairs (union–find with path halving): if A matches B and B matches C, all
 * three are one cluster. Each cluster carries its strongest rule and best score, and each member its own
 * strongest pair; strongest cluster first.
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
  const matches = new Map<string, MemberMatch>();
  const offer = (member: string, match: MemberMatch) => {
    const seen = matches.get(member);
    if (!seen || stronger(match, seen) || (!stronger(seen, match) && match.with < seen.with))
      matches.set(member, match);
  };
  for (const p of pairs) {
    const root = find(p.a);
    const c = clusters.get(root) ?? { members: [], rule: p.rule, score: 0, matches: {} };
    if (ruleRank(p.rule) < ruleRank(c.rule)) c.rule = p.rule;
    c.score = Math.max(c.score, p.score);
    clusters.set(root, c);
    offer(p.a, { with: p.b, rule: p.rule, score: p.score });
    offer(p.b, { with: p.a, rule: p.rule, score: p.score });
  }
  for (const id of parent.keys()) {
    const c = clusters.get(find(id))!;
    c.members.push(id);
    c.matches[id] = matches.get(id)!;
  }
  return [...clusters.values()]
    .map((c) => ({ ...c, members: c.members.sort() }))
    .sort((x, y) => ruleRank(x.rule) - ruleRank(y.rule) || y.score - x.score);
}

/** Every unordered pair (a < b) among a cluster's members: what "not a duplicate" dismisses. */
export function pairsWithin(members: string[]): Array<[string, string]> {
  const sorted = [...members].sort();
  return sorted.flatMap((a, i) => sorted.slice(i + 1).map((b): [string, string] => [a, b]));
}

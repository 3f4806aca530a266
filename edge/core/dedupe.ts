import { foldForMatch } from './text';

/**
 * The deduplication criteria, as data. Exact rules are enforced by unique indexes on the blind indexes
 * (INSERT … ON CONFLICT), in this order of precedence; fuzzy rules only link a "possible duplicate".
 */
export const DEDUPE_RULES = [
  {
    id: 'email-exact',
    kind: 'exact',
    field: 'email',
    description: 'Same email address (case-insensitive, IDNA)',
  },
  { id: 'phone-exact', kind: 'exact', field: 'phone', description: 'Same phone number in E.164' },
  {
    id: 'name-company-fuzzy',
    kind: 'fuzzy',
    fields: ['firstName', 'lastName', 'companyKey'],
    threshold: 0.85,
    description:
      'First name, last name and company at least 85 % alike (Levenshtein); candidates share the company key or the last name',
  },
] as const;

export type DedupeRuleId = (typeof DEDUPE_RULES)[number]['id'];

export const FUZZY_RULE = DEDUPE_RULES[2];

/** Levenshtein edit distance over code points (two-row dynamic programme). */
export function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  let curr = new Array<number>(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[y.length]!;
}

/** 1 − distance / longer length, on folded text: 1 means equal, 0 nothing in common. */
export function similarity(a: string, b: string): number {
  const fa = foldForMatch(a);
  const fb = foldForMatch(b);
  if (fa === fb) return 1;
  return 1 - levenshtein(fa, fb) / Math.max([...fa].length, [...fb].length);
}

export type FuzzyPerson = { firstName: string | null; lastName: string; companyKey: string | null };

/** The string the fuzzy rule compares: "first last | company". */
export function fuzzyKey(p: FuzzyPerson): string {
  return `${p.firstName ?? ''} ${p.lastName} | ${p.companyKey ?? ''}`.replace(/\s+/g, ' ').trim();
}

/**
 * Confirms a candidate: the fuzzy rule needs a company on both sides (a shared common name alone is not a
 * duplicate) and at least the rule's similarity. Returns the similarity when it matches.
 */
export function confirmFuzzyMatch(lead: FuzzyPerson, candidate: FuzzyPerson): number | null {
  if (!lead.companyKey || !candidate.companyKey) return null;
  return confirmFoldedMatch(foldForMatch(fuzzyKey(lead)), foldForMatch(fuzzyKey(candidate)));
}

/**
 * `confirmFuzzyMatch` on two folded fuzzy keys (both with a company). Keys whose lengths alone rule the
 * threshold out (the distance is at least the difference of the lengths) are not compared at all.
 */
export function confirmFoldedMatch(fa: string, fb: string): number | null {
  if (fa === fb) return 1;
  const [la, lb] = [[...fa].length, [...fb].length];
  const longest = Math.max(la, lb);
  if (1 - Math.abs(la - lb) / longest < FUZZY_RULE.threshold) return null;
  const score = 1 - levenshtein(fa, fb) / longest;
  return score >= FUZZY_RULE.threshold ? Math.round(score * 1000) / 1000 : null;
}

import { foldForMatch } from './text';

/**
 * When a routing rule applies. Every given part must match (AND); an absent, null or empty-list part does not
 * constrain, so `{}` matches every lead. Sources compare case- and accent-insensitively, countries
 * case-insensitively, form ids exactly; `minScore` and `maxScore` are inclusive. A lead without the field a
 * part asks about (no source, no country, no form) does not match that part.
 */
export type RoutingCondition = {
  sources?: string[];
  countries?: string[];
  minScore?: number;
  maxScore?: number;
  formIds?: string[];
};

/** Assign to one user, or round-robin over a team (optionally only its senior members). */
export type RoutingAction =
  | { type: 'user'; userId: string }
  | { type: 'team'; team: string; seniorOnly?: boolean };

export type RoutingRule = {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  condition: RoutingCondition;
  action: RoutingAction;
};

export type RoutingLead = {
  source: string | null;
  country: string | null;
  score: number;
  formId: string | null;
};

export type TeamMember = { userId: string; team: string | null; senior: boolean };

/** The first enabled rule, by ascending position (then id), whose condition matches the lead; null if none. */
export function matchRoutingRule(lead: RoutingLead, rules: RoutingRule[]): RoutingRule | null {
  const ordered = rules
    .filter((r) => r.enabled)
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ordered.find((r) => matchesCondition(lead, r.condition)) ?? null;
}

function matchesCondition(lead: RoutingLead, c: RoutingCondition): boolean {
  if (c.sources?.length) {
    const source = lead.source ? foldForMatch(lead.source.trim()) : null;
    if (!source || !c.sources.some((s) => foldForMatch(s.trim()) === source)) return false;
  }
  if (c.countries?.length) {
    const country = lead.country?.trim().toUpperCase();
    if (!country || !c.countries.some((s) => s.trim().toUpperCase() === country)) return false;
  }
  if (c.formIds?.length && (lead.formId === null || !c.formIds.includes(lead.formId))) return false;
  if (c.minScore != null && lead.score < c.minScore) return false;
  if (c.maxScore != null && lead.score > c.maxScore) return false;
  return true;
}

/**
 * The user ids eligible for a team action: members of the team (names compared case- and accent-insensitively),
 * only seniors when `seniorOnly`. Sorted by code unit, not locale, so every process sees the same order for
 * the same cursor. An empty pool means nobody can take the lead; the caller leaves it unassigned.
 */
export function teamPool(action: Extract<RoutingAction, { type: 'team' }>, members: TeamMember[]): string[] {
  const team = foldForMatch(action.team.trim());
  const ids = new Set<string>();
  for (const m of members) {
    if (m.team !== null && foldForMatch(m.team.trim()) === team && (!action.seniorOnly || m.senior)) {
      ids.add(m.userId);
    }
  }
  return [...ids].sort();
}

/**
 * Reads routing rules from database rows (`condition` and `action` are jsonb, `enabled` may be 0/1).
 * A malformed rule is skipped, never thrown: no id or position, an unknown action, or a condition with a
 * wrong-typed or unknown part. Skipping is the safe side, since ignoring a part would widen whom the rule
 * catches; a lead that matches nothing stays unassigned for manual assignment.
 */
export function parseRoutingRules(rows: unknown[]): RoutingRule[] {
  if (!Array.isArray(rows)) return [];
  return rows.map(parseRule).filter((r): r is RoutingRule => r !== null);
}

function parseRule(row: unknown): RoutingRule | null {
  if (!isRecord(row)) return null;
  const { id, name, position } = row;
  if (!isNonEmptyString(id) || typeof position !== 'number' || !Number.isFinite(position)) return null;
  const enabled = parseEnabled(row.enabled);
  const condition = parseCondition(fromJson(row.condition));
  const action = parseAction(fromJson(row.action));
  if (enabled === null || condition === null || action === null) return null;
  return { id, name: typeof name === 'string' ? name : id, position, enabled, condition, action };
}

function parseEnabled(value: unknown): boolean | null {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return null;
}

function parseCondition(value: unknown): RoutingCondition | null {
  if (!isRecord(value)) return null;
  const out: RoutingCondition = {};
  for (const [key, part] of Object.entries(value)) {
    if (part === null || part === undefined) continue;
    if (key === 'sources' || key === 'countries' || key === 'formIds') {
      const list = parseList(part);
      if (list === null) return null;
      if (list.length > 0) out[key] = key === 'countries' ? list.map((c) => c.toUpperCase()) : list;
    } else if (key === 'minScore' || key === 'maxScore') {
      if (typeof part !== 'number' || !Number.isFinite(part)) return null;
      out[key] = part;
    } else {
      return null;
    }
  }
  return out;
}

function parseList(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const list: string[] = [];
  for (const v of value) {
    if (!isNonEmptyString(v)) return null;
    list.push(v.trim());
  }
  return list;
}

function parseAction(value: unknown): RoutingAction | null {
  if (!isRecord(value)) return null;
  if (value.type === 'user' && isNonEmptyString(value.userId)) return { type: 'user', userId: value.userId };
  if (value.type === 'team' && isNonEmptyString(value.team)) {
    const senior = value.seniorOnly ?? false;
    return typeof senior === 'boolean' ? { type: 'team', team: value.team, seniorOnly: senior } : null;
  }
  return null;
}

/** jsonb normally arrives parsed; some drivers hand it over as text. */
function fromJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

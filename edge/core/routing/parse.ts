import type { AttributeCondition, BusinessHours, RoutingCondition } from './condition';
import type { RoutingAction, WeightedMember } from './target';

export type RoutingRule = {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  condition: RoutingCondition;
  action: RoutingAction;
  /** The version of the rule list the rule was saved in (each save is a new version). */
  version?: number;
};

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
  const { id, name, position, version } = row;
  if (!isNonEmptyString(id) || typeof position !== 'number' || !Number.isFinite(position)) return null;
  const enabled = parseEnabled(row.enabled);
  const condition = parseCondition(fromJson(row.condition));
  const action = parseAction(fromJson(row.action));
  if (enabled === null || condition === null || action === null) return null;
  const rule: RoutingRule = {
    id,
    name: typeof name === 'string' ? name : id,
    position,
    enabled,
    condition,
    action,
  };
  if (typeof version === 'number' && Number.isInteger(version)) rule.version = version;
  return rule;
}

function parseEnabled(value: unknown): boolean | null {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return null;
}

const LISTS = ['sources', 'countries', 'regions', 'campaigns', 'formIds'] as const;

function parseCondition(value: unknown): RoutingCondition | null {
  if (!isRecord(value)) return null;
  const out: RoutingCondition = {};
  for (const [key, part] of Object.entries(value)) {
    if (part === null || part === undefined) continue;
    if ((LISTS as readonly string[]).includes(key)) {
      const list = parseList(part);
      if (list === null) return null;
      const k = key as (typeof LISTS)[number];
      if (list.length > 0) out[k] = k === 'countries' ? list.map((c) => c.toUpperCase()) : list;
    } else if (key === 'minScore' || key === 'maxScore') {
      if (!isFiniteNumber(part)) return null;
      out[key] = part;
    } else if (key === 'attributes') {
      const attributes = parseAttributes(part);
      if (attributes === null) return null;
      if (attributes.length > 0) out.attributes = attributes;
    } else if (key === 'businessHours') {
      const hours = parseHours(part);
      if (hours === null) return null;
      out.businessHours = hours;
    } else {
      return null;
    }
  }
  return out;
}

function parseAttributes(value: unknown): AttributeCondition[] | null {
  if (!Array.isArray(value)) return null;
  const out: AttributeCondition[] = [];
  for (const a of value) {
    if (!isRecord(a) || !isNonEmptyString(a.key)) return null;
    const values = parseList(a.values);
    if (values === null || values.length === 0) return null;
    out.push({ key: a.key.trim(), values });
  }
  return out;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function parseHours(value: unknown): BusinessHours | null {
  if (!isRecord(value)) return null;
  const { days, start, end } = value;
  if (!Array.isArray(days) || days.length === 0) return null;
  if (!days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) return null;
  if (typeof start !== 'string' || typeof end !== 'string' || !TIME.test(start) || !TIME.test(end))
    return null;
  return { days: [...new Set(days as number[])].sort(), start, end };
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
  const limit = value.maxOpenLeads ?? undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) >= 1)) return null;
  const load = limit === undefined ? {} : { maxOpenLeads: limit as number };
  if (value.type === 'user' && isNonEmptyString(value.userId)) return { type: 'user', userId: value.userId };
  if (value.type === 'team' && isNonEmptyString(value.team)) {
    const senior = value.seniorOnly ?? false;
    return typeof senior === 'boolean'
      ? { type: 'team', team: value.team, seniorOnly: senior, ...load }
      : null;
  }
  if (value.type === 'weighted' && Array.isArray(value.members) && value.members.length > 0) {
    const members: WeightedMember[] = [];
    for (const m of value.members) {
      if (!isRecord(m) || !isNonEmptyString(m.userId) || !Number.isInteger(m.weight)) return null;
      if ((m.weight as number) < 1) return null;
      members.push({ userId: m.userId, weight: m.weight as number });
    }
    return { type: 'weighted', members, ...load };
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

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

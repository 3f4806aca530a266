import { foldForMatch } from '../text';

/** A custom attribute the lead must carry with one of the values (compared case- and accent-insensitively). */
export type AttributeCondition = { key: string; values: string[] };

/**
 * Working hours in the organization's time zone: ISO weekdays (1 Monday … 7 Sunday) and a half-open
 * `start`–`end` span of wall-clock times (`HH:MM`, start before end).
 */
export type BusinessHours = { days: number[]; start: string; end: string };

/**
 * When a routing rule applies. Every given part must match (AND); an absent, null or empty-list part does not
 * constrain, so `{}` matches every lead. Sources, regions, campaigns and attribute values compare case- and
 * accent-insensitively, countries case-insensitively, form ids exactly; `minScore` and `maxScore` are
 * inclusive. A lead without the field a part asks about (no source, no country, no form) does not match that
 * part. `businessHours` matches while the organization's clock is inside them, so outside them the next
 * rule is tried: a later rule without hours is the fallback.
 */
export type RoutingCondition = {
  sources?: string[];
  countries?: string[];
  regions?: string[];
  campaigns?: string[];
  minScore?: number;
  maxScore?: number;
  formIds?: string[];
  attributes?: AttributeCondition[];
  businessHours?: BusinessHours;
};

export type RoutingLead = {
  source: string | null;
  country: string | null;
  region?: string | null;
  campaign?: string | null;
  score: number;
  formId: string | null;
  custom?: Record<string, string> | null;
};

/** The moment a lead is routed, and the organization's time zone its business hours are read in. */
export type RoutingClock = { now: Date; timezone: string };

export type ConditionPart = keyof RoutingCondition;

/**
 * One constrained part of a condition checked against a lead: what the rule expects, what the lead has
 * (`null` when it has nothing), and for an attribute its key. Business hours compare the local clock
 * (`Mon 18:05`) as the lead's value.
 */
export type ConditionCheck = {
  part: ConditionPart;
  ok: boolean;
  expected: unknown;
  actual: unknown;
  key?: string;
};

const folded = (value: string | null | undefined) => {
  const v = value?.trim();
  return v ? foldForMatch(v) : null;
};

function listCheck(
  part: ConditionPart,
  expected: string[] | undefined,
  actual: string | null | undefined,
  fold: (v: string | null | undefined) => string | null,
): ConditionCheck[] {
  if (!expected?.length) return [];
  const value = fold(actual);
  const ok = value !== null && expected.some((e) => fold(e) === value);
  return [{ part, ok, expected, actual: actual?.trim() || null }];
}

const upper = (v: string | null | undefined) => v?.trim().toUpperCase() || null;
const exact = (v: string | null | undefined) => v ?? null;

/** Every constrained part of `c` checked against the lead, in a fixed order (an explanation lists them so). */
export function checkCondition(
  lead: RoutingLead,
  c: RoutingCondition,
  clock?: RoutingClock,
): ConditionCheck[] {
  const checks = [
    ...listCheck('sources', c.sources, lead.source, folded),
    ...listCheck('formIds', c.formIds, lead.formId, exact),
    ...listCheck('campaigns', c.campaigns, lead.campaign, folded),
    ...listCheck('countries', c.countries, lead.country, upper),
    ...listCheck('regions', c.regions, lead.region, folded),
  ];
  if (c.minScore != null)
    checks.push({ part: 'minScore', ok: lead.score >= c.minScore, expected: c.minScore, actual: lead.score });
  if (c.maxScore != null)
    checks.push({ part: 'maxScore', ok: lead.score <= c.maxScore, expected: c.maxScore, actual: lead.score });
  for (const a of c.attributes ?? []) {
    const actual = lead.custom?.[a.key] ?? null;
    const value = folded(actual);
    const ok = value !== null && a.values.some((v) => folded(v) === value);
    checks.push({ part: 'attributes', key: a.key, ok, expected: a.values, actual });
  }
  if (c.businessHours) {
    const local = clock ? localClock(clock) : null;
    const ok = local !== null && insideHours(c.businessHours, local);
    const actual = local ? `${WEEKDAYS[local.day - 1]} ${local.time}` : null;
    checks.push({ part: 'businessHours', ok, expected: c.businessHours, actual });
  }
  return checks;
}

/** Whether every part of the condition matches; business hours without a clock never match. */
export function matchesCondition(lead: RoutingLead, c: RoutingCondition, clock?: RoutingClock): boolean {
  return checkCondition(lead, c, clock).every((check) => check.ok);
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The ISO weekday and `HH:MM` on the organization's wall clock; null for a time zone the runtime lacks. */
export function localClock(clock: RoutingClock): { day: number; time: string } | null {
  try {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: clock.timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(clock.now);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    const day = WEEKDAYS.indexOf(get('weekday') as (typeof WEEKDAYS)[number]) + 1;
    return day > 0 ? { day, time: `${get('hour')}:${get('minute')}` } : null;
  } catch {
    return null;
  }
}

function insideHours(hours: BusinessHours, local: { day: number; time: string }): boolean {
  return hours.days.includes(local.day) && local.time >= hours.start && local.time < hours.end;
}

/**
 * Why a condition can never match, as pointers below the condition (`/minScore`) with a code: a score range
 * whose minimum exceeds its maximum, business hours that end before they start or name no day. Empty lists
 * and attributes without values are refused by the contract.
 */
export function unsatisfiableParts(c: RoutingCondition): { pointer: string; code: string }[] {
  const out: { pointer: string; code: string }[] = [];
  if (c.minScore != null && c.maxScore != null && c.minScore > c.maxScore)
    out.push({ pointer: '/minScore', code: 'range_inverted' });
  if (c.businessHours && c.businessHours.start >= c.businessHours.end)
    out.push({ pointer: '/businessHours/end', code: 'range_inverted' });
  return out;
}

/** Whether a condition constrains nothing, so its rule takes every lead that reaches it. */
export function isCatchAll(c: RoutingCondition): boolean {
  return Object.values(c).every((v) => v == null || (Array.isArray(v) && v.length === 0));
}

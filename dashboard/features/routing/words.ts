import type { RoutingRuleInput } from '@contract/admin';
import type { RoutingExplanation } from '@contract/routing';
import { type MessageKey, t } from '../../i18n';

type Check = RoutingExplanation['rules'][number]['checks'][number];
type Skipped = RoutingExplanation['rules'][number]['skipped'][number];

const shown = (value: unknown): string =>
  value === null || value === undefined
    ? t('settings.routing.nothing')
    : Array.isArray(value)
      ? value.join(', ')
      : typeof value === 'object'
        ? hours(value as { days: number[]; start: string; end: string })
        : String(value);

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const dayName = (day: number) => t(`settings.routing.day.${DAY_KEYS[day - 1]!}` as MessageKey);

function hours(h: { days: number[]; start: string; end: string }): string {
  return t('settings.routing.hoursValue', {
    days: h.days.map(dayName).join(', '),
    start: h.start,
    end: h.end,
  });
}

const PART_KEYS: Record<string, MessageKey> = {
  sources: 'settings.routing.part.sources',
  formIds: 'settings.routing.part.formIds',
  campaigns: 'settings.routing.part.campaigns',
  countries: 'settings.routing.part.countries',
  regions: 'settings.routing.part.regions',
  minScore: 'settings.routing.part.minScore',
  maxScore: 'settings.routing.part.maxScore',
  attributes: 'settings.routing.part.attributes',
  businessHours: 'settings.routing.part.businessHours',
};

/** The name of a condition part (an attribute: its key). */
export function partName(part: string, key?: string): string {
  if (part === 'attributes' && key) return t('settings.routing.part.attribute', { key });
  return PART_KEYS[part] ? t(PART_KEYS[part]!) : part;
}

/** One failed or matched check in words: "Source: wanted Ads, the lead has Webinar". */
export function checkText(check: Check): string {
  return t(check.ok ? 'settings.routing.checkOk' : 'settings.routing.checkFailed', {
    part: partName(check.part, check.key),
    expected: shown(check.expected),
    actual: shown(check.actual),
  });
}

/** A matched value as the lead page shows it: "Country: DE". */
export function matchedText(m: { part: string; key?: string; actual: unknown }): string {
  return t('settings.routing.matchedValue', { part: partName(m.part, m.key), value: shown(m.actual) });
}

/** Why a target passed someone over. */
export function skippedText(s: Skipped, name: string): string {
  if (s.reason === 'away')
    return t('settings.routing.skipped.away', { name, until: new Date(s.until ?? '').toLocaleString() });
  if (s.reason === 'over-limit')
    return t('settings.routing.skipped.overLimit', { name, open: s.open ?? 0, limit: s.limit ?? 0 });
  return t(
    s.reason === 'deactivated'
      ? 'settings.routing.skipped.deactivated'
      : 'settings.routing.skipped.notMember',
    {
      name,
    },
  );
}

/** The condition of a rule as a short list of phrases; empty: it takes every lead. */
export function conditionPhrases(rule: RoutingRuleInput): string[] {
  const c = rule.condition;
  const out: string[] = [];
  for (const part of ['sources', 'formIds', 'campaigns', 'countries', 'regions'] as const)
    if (c[part]?.length)
      out.push(t('settings.routing.phrase', { part: partName(part), value: c[part]!.join(', ') }));
  if (c.minScore !== undefined || c.maxScore !== undefined)
    out.push(t('settings.routing.scoreRange', { min: c.minScore ?? 0, max: c.maxScore ?? 100 }));
  for (const a of c.attributes ?? [])
    out.push(
      t('settings.routing.phrase', { part: partName('attributes', a.key), value: a.values.join(', ') }),
    );
  if (c.businessHours)
    out.push(
      t('settings.routing.phrase', { part: partName('businessHours'), value: hours(c.businessHours) }),
    );
  return out;
}

/** Whom a rule assigns, in words. */
export function targetText(rule: RoutingRuleInput, nameOf: (id: string) => string): string {
  const a = rule.action;
  if (a.type === 'user') return t('settings.routing.target.userText', { name: nameOf(a.userId) });
  const limit = a.maxOpenLeads;
  const text =
    a.type === 'team'
      ? t(a.seniorOnly ? 'settings.routing.target.seniorText' : 'settings.routing.target.teamText', {
          team: a.team,
        })
      : t('settings.routing.target.weightedText', {
          people: a.members.map((m) => `${nameOf(m.userId)} ×${m.weight}`).join(', '),
        });
  return limit ? t('settings.routing.target.withLimit', { target: text, limit }) : text;
}

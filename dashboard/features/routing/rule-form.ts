import type { RoutingRuleInput } from '@contract/admin';

/** A routing rule as the editor's controls hold it: text for lists and numbers, flags, a chosen target. */
export type RuleForm = {
  name: string;
  enabled: boolean;
  sources: string;
  formIds: string;
  campaigns: string;
  countries: string;
  regions: string;
  minScore: string;
  maxScore: string;
  /** One attribute per line: `key = value, value`. */
  attributes: string;
  hoursOn: boolean;
  days: number[];
  start: string;
  end: string;
  target: 'user' | 'team' | 'weighted';
  userId: string;
  team: string;
  seniorOnly: boolean;
  /** Weight per user id as typed; empty or 0 leaves the person out of the rotation. */
  weights: Record<string, string>;
  maxOpenLeads: string;
};

const list = (value: string[] | undefined) => (value ?? []).join(', ');
const number = (value: number | undefined) => (value === undefined ? '' : String(value));

/** The controls' values for a rule. */
export function formOf(rule: RoutingRuleInput): RuleForm {
  const c = rule.condition;
  const a = rule.action;
  return {
    name: rule.name,
    enabled: rule.enabled ?? true,
    sources: list(c.sources),
    formIds: list(c.formIds),
    campaigns: list(c.campaigns),
    countries: list(c.countries),
    regions: list(c.regions),
    minScore: number(c.minScore),
    maxScore: number(c.maxScore),
    attributes: (c.attributes ?? []).map((x) => `${x.key} = ${x.values.join(', ')}`).join('\n'),
    hoursOn: c.businessHours !== undefined,
    days: c.businessHours?.days ?? [1, 2, 3, 4, 5],
    start: c.businessHours?.start ?? '09:00',
    end: c.businessHours?.end ?? '17:00',
    target: a.type,
    userId: a.type === 'user' ? a.userId : '',
    team: a.type === 'team' ? a.team : '',
    seniorOnly: a.type === 'team' ? (a.seniorOnly ?? false) : false,
    weights:
      a.type === 'weighted' ? Object.fromEntries(a.members.map((m) => [m.userId, String(m.weight)])) : {},
    maxOpenLeads: a.type === 'user' ? '' : number(a.maxOpenLeads),
  };
}

const split = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A list part only when something is typed: an empty list is not sent (the server refuses it). */
function listPart(text: string): string[] | undefined {
  const values = split(text);
  return values.length ? values : undefined;
}

/** A number part as typed (the server says when it is out of range), or absent when empty. */
function numberPart(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text.trim());
}

/** The rule the controls describe, keeping `id` so a saved rule keeps its rotation. */
export function ruleOf(form: RuleForm, id?: string): RoutingRuleInput {
  const attributes = form.attributes
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0
        ? { key: line, values: [] }
        : { key: line.slice(0, at).trim(), values: split(line.slice(at + 1)) };
    });
  const condition: RoutingRuleInput['condition'] = {
    sources: listPart(form.sources),
    formIds: listPart(form.formIds),
    campaigns: listPart(form.campaigns),
    countries: listPart(form.countries),
    regions: listPart(form.regions),
    minScore: numberPart(form.minScore),
    maxScore: numberPart(form.maxScore),
    attributes: attributes.length ? attributes : undefined,
    businessHours: form.hoursOn
      ? { days: [...form.days].sort(), start: form.start, end: form.end }
      : undefined,
  };
  for (const key of Object.keys(condition) as Array<keyof typeof condition>)
    if (condition[key] === undefined) delete condition[key];
  const maxOpenLeads = numberPart(form.maxOpenLeads);
  const load = maxOpenLeads === undefined ? {} : { maxOpenLeads };
  const action: RoutingRuleInput['action'] =
    form.target === 'user'
      ? { type: 'user', userId: form.userId }
      : form.target === 'team'
        ? { type: 'team', team: form.team, seniorOnly: form.seniorOnly, ...load }
        : {
            type: 'weighted',
            members: Object.entries(form.weights)
              .filter(([, w]) => w.trim() !== '' && Number(w) !== 0)
              .map(([userId, w]) => ({ userId, weight: Number(w) })),
            ...load,
          };
  return { ...(id ? { id } : {}), name: form.name.trim(), enabled: form.enabled, condition, action };
}

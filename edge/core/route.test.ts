import { describe, expect, it } from 'vitest';
import {
  matchRoutingRule,
  parseRoutingRules,
  type RoutingCondition,
  type RoutingLead,
  type RoutingRule,
  type TeamMember,
  teamPool,
} from './route';

function rule(id: string, position: number, condition: RoutingCondition, enabled = true): RoutingRule {
  return { id, name: id, position, enabled, condition, action: { type: 'user', userId: `u-${id}` } };
}

const LEAD: RoutingLead = { source: 'Webinar', country: 'DE', score: 60, formId: 'f1' };

describe('matchRoutingRule', () => {
  it('takes the first matching rule by position, not by array order', () => {
    const rules = [rule('late', 20, {}), rule('early', 10, {}), rule('middle', 15, { sources: ['Ads'] })];
    expect(matchRoutingRule(LEAD, rules)?.id).toBe('early');
  });

  it('skips disabled rules', () => {
    const rules = [rule('off', 1, {}, false), rule('on', 2, {})];
    expect(matchRoutingRule(LEAD, rules)?.id).toBe('on');
  });

  it('breaks a position tie by id, so every process picks the same rule', () => {
    expect(matchRoutingRule(LEAD, [rule('b', 1, {}), rule('a', 1, {})])?.id).toBe('a');
  });

  it('returns null when nothing matches or there are no rules', () => {
    expect(matchRoutingRule(LEAD, [rule('us', 1, { countries: ['US'] })])).toBeNull();
    expect(matchRoutingRule(LEAD, [])).toBeNull();
  });

  it.each<[string, RoutingCondition, Partial<RoutingLead>, boolean]>([
    ['empty condition', {}, {}, true],
    ['empty lists', { sources: [], countries: [], formIds: [] }, {}, true],
    ['source, other case', { sources: ['webinar', 'Ads'] }, {}, true],
    ['source, accents', { sources: ['Messe Brünn'] }, { source: 'messe brunn' }, true],
    ['source differs', { sources: ['Ads'] }, {}, false],
    ['no source on the lead', { sources: ['Webinar'] }, { source: null }, false],
    ['country, lower-case rule', { countries: ['de', 'at'] }, {}, true],
    ['country, lower-case lead', { countries: ['DE'] }, { country: 'de' }, true],
    ['country differs', { countries: ['US'] }, {}, false],
    ['no country on the lead', { countries: ['DE'] }, { country: null }, false],
    ['form id', { formIds: ['f1', 'f2'] }, {}, true],
    ['form id is exact', { formIds: ['F1'] }, {}, false],
    ['no form on the lead', { formIds: ['f1'] }, { formId: null }, false],
    ['minScore inclusive', { minScore: 75 }, { score: 75 }, true],
    ['below minScore', { minScore: 75 }, { score: 74 }, false],
    ['maxScore inclusive', { maxScore: 49 }, { score: 49 }, true],
    ['above maxScore', { maxScore: 49 }, { score: 50 }, false],
    ['inside a range', { minScore: 50, maxScore: 74 }, { score: 74 }, true],
    [
      'all parts match (AND)',
      { sources: ['Webinar'], countries: ['DE'], minScore: 50, formIds: ['f1'] },
      {},
      true,
    ],
    ['one part fails (AND)', { sources: ['Webinar'], countries: ['DE'], minScore: 61 }, {}, false],
  ])('%s', (_, condition, lead, expected) => {
    expect(matchRoutingRule({ ...LEAD, ...lead }, [rule('r', 1, condition)]) !== null).toBe(expected);
  });
});

describe('teamPool', () => {
  const members: TeamMember[] = [
    { userId: 'u3', team: 'SDR DACH', senior: true },
    { userId: 'u1', team: 'sdr dach', senior: false },
    { userId: 'u2', team: 'SDR DACH', senior: true },
    { userId: 'u4', team: 'SDR CZ', senior: true },
    { userId: 'u5', team: null, senior: true },
    { userId: 'u2', team: 'SDR DACH', senior: true },
  ];

  it.each<[string, boolean | undefined, string[]]>([
    ['SDR DACH', undefined, ['u1', 'u2', 'u3']],
    ['SDR DACH', false, ['u1', 'u2', 'u3']],
    ['SDR DACH', true, ['u2', 'u3']],
    ['sdr cz', true, ['u4']],
    ['Nobody', false, []],
  ])('team %s, seniorOnly %s', (team, seniorOnly, expected) => {
    expect(teamPool({ type: 'team', team, seniorOnly }, members)).toEqual(expected);
  });
});

describe('parseRoutingRules', () => {
  const good = {
    id: 'r1',
    name: 'Webinar DACH',
    position: 1,
    enabled: 1,
    condition: { sources: ['Webinar'], countries: ['de', 'at'], minScore: null },
    action: { type: 'team', team: 'SDR DACH' },
    cursor: 17,
    organizationId: 'org',
  };

  it('reads a database row, with 0/1 for enabled and extra columns ignored', () => {
    expect(
      parseRoutingRules([good, { ...good, id: 'r2', enabled: 0, action: { type: 'user', userId: 'u1' } }]),
    ).toEqual([
      {
        id: 'r1',
        name: 'Webinar DACH',
        position: 1,
        enabled: true,
        condition: { sources: ['Webinar'], countries: ['DE', 'AT'] },
        action: { type: 'team', team: 'SDR DACH', seniorOnly: false },
      },
      {
        id: 'r2',
        name: 'Webinar DACH',
        position: 1,
        enabled: false,
        condition: { sources: ['Webinar'], countries: ['DE', 'AT'] },
        action: { type: 'user', userId: 'u1' },
      },
    ]);
  });

  it('reads jsonb handed over as text', () => {
    const [parsed] = parseRoutingRules([
      { ...good, condition: '{"minScore":75}', action: '{"type":"team","team":"Senior","seniorOnly":true}' },
    ]);
    expect(parsed?.condition).toEqual({ minScore: 75 });
    expect(parsed?.action).toEqual({ type: 'team', team: 'Senior', seniorOnly: true });
  });

  it.each<[string, unknown]>([
    ['not an object', 'r1'],
    ['null', null],
    ['no id', { ...good, id: undefined }],
    ['empty id', { ...good, id: ' ' }],
    ['position as text', { ...good, position: '1' }],
    ['enabled as text', { ...good, enabled: 'yes' }],
    ['condition missing', { ...good, condition: undefined }],
    ['condition not JSON', { ...good, condition: '{minScore' }],
    ['sources not a list', { ...good, condition: { sources: 'Webinar' } }],
    ['a blank source', { ...good, condition: { sources: ['Webinar', ''] } }],
    ['minScore as text', { ...good, condition: { minScore: '75' } }],
    ['unknown condition part', { ...good, condition: { mood: ['Spring'] } }],
    ['an attribute without values', { ...good, condition: { attributes: [{ key: 'plan', values: [] }] } }],
    [
      'business hours on day 8',
      { ...good, condition: { businessHours: { days: [8], start: '09:00', end: '17:00' } } },
    ],
    ['a weight of 0', { ...good, action: { type: 'weighted', members: [{ userId: 'u', weight: 0 }] } }],
    ['maxOpenLeads of 0', { ...good, action: { type: 'team', team: 'A', maxOpenLeads: 0 } }],
    ['unknown action type', { ...good, action: { type: 'queue', queue: 'x' } }],
    ['user action without user', { ...good, action: { type: 'user' } }],
    ['team action without team', { ...good, action: { type: 'team', team: '' } }],
    ['seniorOnly as text', { ...good, action: { type: 'team', team: 'A', seniorOnly: 'true' } }],
  ])('skips a malformed rule: %s', (_, row) => {
    expect(parseRoutingRules([row, { ...good, id: 'ok' }]).map((r) => r.id)).toEqual(['ok']);
  });

  it('defaults a missing enabled to true and a missing name to the id', () => {
    const { enabled: _e, name: _n, ...row } = good;
    expect(parseRoutingRules([row])[0]).toMatchObject({ id: 'r1', name: 'r1', enabled: true });
  });
});

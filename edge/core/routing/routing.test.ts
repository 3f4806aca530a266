import { describe, expect, it } from 'vitest';
import {
  availableRotation,
  checkCondition,
  explainRouting,
  pickTurn,
  type RoutingAction,
  type RoutingCondition,
  type RoutingLead,
  type RoutingPerson,
  type RoutingRule,
  routingWhy,
  type TeamMember,
  unsatisfiableParts,
  weightedSlots,
} from '../route';

const LEAD: RoutingLead = {
  source: 'Webinar',
  country: 'DE',
  region: 'Bayern',
  campaign: 'Frühling 2026',
  score: 60,
  formId: 'f1',
  custom: { plan: 'Enterprise', seats: '40' },
};
// Monday 2026-12-07 10:30 in Prague (09:30 UTC).
const MONDAY_MORNING = { now: new Date('2026-12-07T09:30:00Z'), timezone: 'Europe/Prague' };
const people = (...ids: string[]): RoutingPerson[] =>
  ids.map((userId) => ({ userId, active: true, awayUntil: null }));

describe('checkCondition', () => {
  it.each<[string, RoutingCondition, Partial<RoutingLead>, boolean]>([
    ['campaign, accents and case', { campaigns: ['fruhling 2026'] }, {}, true],
    ['campaign differs', { campaigns: ['Herbst'] }, {}, false],
    ['no campaign on the lead', { campaigns: ['Herbst'] }, { campaign: null }, false],
    ['region', { regions: ['bayern', 'Sachsen'] }, {}, true],
    ['region differs', { regions: ['Sachsen'] }, {}, false],
    [
      'attribute, one of the values',
      { attributes: [{ key: 'plan', values: ['pro', 'enterprise'] }] },
      {},
      true,
    ],
    ['attribute value differs', { attributes: [{ key: 'plan', values: ['pro'] }] }, {}, false],
    ['attribute missing', { attributes: [{ key: 'tier', values: ['gold'] }] }, {}, false],
    [
      'no custom attributes at all',
      { attributes: [{ key: 'plan', values: ['pro'] }] },
      { custom: null },
      false,
    ],
    [
      'two attributes (AND)',
      {
        attributes: [
          { key: 'plan', values: ['Enterprise'] },
          { key: 'seats', values: ['40'] },
        ],
      },
      {},
      true,
    ],
  ])('%s', (_what, condition, lead, ok) => {
    expect(checkCondition({ ...LEAD, ...lead }, condition, MONDAY_MORNING).every((c) => c.ok)).toBe(ok);
  });

  it('says which part failed, with both values', () => {
    const checks = checkCondition(
      LEAD,
      { sources: ['Ads'], minScore: 70, countries: ['de'] },
      MONDAY_MORNING,
    );
    expect(checks).toEqual([
      { part: 'sources', ok: false, expected: ['Ads'], actual: 'Webinar' },
      { part: 'countries', ok: true, expected: ['de'], actual: 'DE' },
      { part: 'minScore', ok: false, expected: 70, actual: 60 },
    ]);
  });

  it.each<[string, string, boolean, string]>([
    ['Monday 10:30 in Prague', '2026-12-07T09:30:00Z', true, 'Mon 10:30'],
    ['Monday 08:59 in Prague', '2026-12-07T07:59:00Z', false, 'Mon 08:59'],
    ['Monday 17:00 in Prague (end is exclusive)', '2026-12-07T16:00:00Z', false, 'Mon 17:00'],
    ['Saturday 10:00 in Prague', '2026-12-12T09:00:00Z', false, 'Sat 10:00'],
    ['Friday 23:30 UTC is Saturday in Prague', '2026-12-11T23:30:00Z', false, 'Sat 00:30'],
  ])('business hours: %s', (_what, at, ok, local) => {
    const hours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
    const [check] = checkCondition(
      LEAD,
      { businessHours: hours },
      { now: new Date(at), timezone: 'Europe/Prague' },
    );
    expect(check).toEqual({ part: 'businessHours', ok, expected: hours, actual: local });
  });

  it('business hours without a clock never match', () => {
    const hours = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' };
    expect(checkCondition(LEAD, { businessHours: hours })[0]?.ok).toBe(false);
  });

  it.each<[string, RoutingCondition, string[]]>([
    ['min above max', { minScore: 80, maxScore: 20 }, ['/minScore']],
    ['min equal to max', { minScore: 50, maxScore: 50 }, []],
    [
      'hours ending before they start',
      { businessHours: { days: [1], start: '17:00', end: '09:00' } },
      ['/businessHours/end'],
    ],
  ])('unsatisfiable: %s', (_what, condition, pointers) => {
    expect(unsatisfiableParts(condition).map((p) => p.pointer)).toEqual(pointers);
  });
});

describe('weightedSlots', () => {
  it('spreads turns smoothly and reduces weights by their common divisor', () => {
    expect(
      weightedSlots([
        { userId: 'a', weight: 6 },
        { userId: 'b', weight: 2 },
      ]),
    ).toEqual(['a', 'a', 'b', 'a']);
  });

  it.each<[string, Array<[string, number]>]>([
    [
      '3 : 2 : 1',
      [
        ['a', 3],
        ['b', 2],
        ['c', 1],
      ],
    ],
    [
      'equal weights',
      [
        ['a', 5],
        ['b', 5],
        ['c', 5],
      ],
    ],
    [
      '1 : 100',
      [
        ['a', 1],
        ['b', 100],
      ],
    ],
    [
      '7 : 3 : 5 : 1',
      [
        ['a', 7],
        ['b', 3],
        ['c', 5],
        ['d', 1],
      ],
    ],
  ])('is fair over many turns: %s', (_what, weights) => {
    const pool = weightedSlots(weights.map(([userId, weight]) => ({ userId, weight })));
    const total = weights.reduce((s, [, w]) => s + w, 0);
    const turns = 10_000;
    const counts = new Map<string, number>();
    for (let t = 0; t < turns; t++) {
      const who = pickTurn(pool, t)!;
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
    for (const [userId, weight] of weights) {
      // Each full cycle gives exactly the weight's share; the partial last cycle is off by at most one cycle.
      expect(Math.abs(counts.get(userId)! - (turns * weight) / total)).toBeLessThanOrEqual(weight + 1);
    }
    // No one waits longer than their fair gap (plus one) between turns.
    for (const [userId, weight] of weights) {
      const seen = pool.flatMap((u, i) => (u === userId ? [i] : []));
      const gaps = seen.map(
        (i, k) => ((seen[(k + 1) % seen.length]! - i + pool.length - 1) % pool.length) + 1,
      );
      expect(Math.max(...gaps)).toBeLessThanOrEqual(Math.ceil(pool.length / seen.length) + 1);
      expect(seen.length * total).toBe(weight * pool.length);
    }
  });
});

describe('availableRotation', () => {
  const members: TeamMember[] = ['u1', 'u2', 'u3'].map((userId) => ({
    userId,
    team: 'Inbound',
    senior: false,
  }));
  const now = new Date('2026-12-07T09:30:00Z');

  it('skips deactivated, away and full people, and people outside the organization', () => {
    const action: RoutingAction = { type: 'team', team: 'inbound', maxOpenLeads: 5 };
    const result = availableRotation(action, [...members, { userId: 'u4', team: 'Inbound', senior: false }], {
      now,
      people: [
        { userId: 'u1', active: false, awayUntil: null },
        { userId: 'u2', active: true, awayUntil: new Date('2026-12-08T00:00:00Z') },
        { userId: 'u3', active: true, awayUntil: new Date('2026-12-01T00:00:00Z') },
        { userId: 'u4', active: true, awayUntil: null },
      ],
      loads: new Map([
        ['u4', 5],
        ['u3', 4],
      ]),
    });
    expect(result).toEqual({
      pool: ['u3'],
      skipped: [
        { userId: 'u1', reason: 'deactivated' },
        { userId: 'u2', reason: 'away', until: '2026-12-08T00:00:00.000Z' },
        { userId: 'u4', reason: 'over-limit', open: 5, limit: 5 },
      ],
    });
  });

  it('keeps the others’ weights when one weighted person is away', () => {
    const action: RoutingAction = {
      type: 'weighted',
      members: [
        { userId: 'u1', weight: 2 },
        { userId: 'u2', weight: 1 },
        { userId: 'u3', weight: 1 },
      ],
    };
    const away = { userId: 'u3', active: true, awayUntil: new Date('2027-01-01T00:00:00Z') };
    const { pool } = availableRotation(action, [], { now, people: [...people('u1', 'u2'), away] });
    expect(pool.filter((u) => u === 'u1').length).toBe(2 * pool.filter((u) => u === 'u2').length);
    expect(pool).not.toContain('u3');
  });
});

describe('explainRouting', () => {
  const rule = (
    id: string,
    position: number,
    condition: RoutingCondition,
    action: RoutingAction,
  ): RoutingRule => ({
    id,
    name: id,
    position,
    enabled: true,
    condition,
    action,
    version: 4,
  });
  const toU1: RoutingAction = { type: 'user', userId: 'u1' };
  const toU2: RoutingAction = { type: 'user', userId: 'u2' };
  const situation = (...p: RoutingPerson[]) => ({
    clock: MONDAY_MORNING,
    members: [],
    availability: { now: MONDAY_MORNING.now, people: p },
  });

  it('names the matching rule and why each earlier one did not match; later ones are not reached', () => {
    const rules = [
      rule('ads', 1, { sources: ['Ads'] }, toU1),
      { ...rule('off', 2, {}, toU1), enabled: false },
      rule('away', 3, { countries: ['DE'] }, toU1),
      rule('hot-de', 4, { countries: ['DE'], minScore: 50 }, toU2),
      rule('rest', 5, {}, toU1),
    ];
    const away = { userId: 'u1', active: true, awayUntil: new Date('2026-12-09T00:00:00Z') };
    const { verdicts, decision } = explainRouting(LEAD, rules, situation(away, ...people('u2')));
    expect(verdicts.map((v) => [v.ruleId, v.outcome])).toEqual([
      ['ads', 'no-match'],
      ['off', 'disabled'],
      ['away', 'no-one-available'],
      ['hot-de', 'matched'],
      ['rest', 'not-reached'],
    ]);
    expect(verdicts[0]!.checks).toEqual([
      { part: 'sources', ok: false, expected: ['Ads'], actual: 'Webinar' },
    ]);
    expect(verdicts[2]!.skipped).toEqual([
      { userId: 'u1', reason: 'away', until: '2026-12-09T00:00:00.000Z' },
    ]);
    expect(decision && routingWhy(decision)).toEqual({
      id: 'hot-de',
      name: 'hot-de',
      action: 'user',
      version: 4,
      matched: [
        { part: 'countries', actual: 'DE' },
        { part: 'minScore', actual: 60 },
      ],
    });
  });

  it('outside business hours the next rule takes the lead', () => {
    const hours = { days: [6, 7], start: '09:00', end: '17:00' };
    const rules = [rule('weekend', 1, { businessHours: hours }, toU1), rule('fallback', 2, {}, toU2)];
    const { decision, verdicts } = explainRouting(LEAD, rules, situation(...people('u1', 'u2')));
    expect(decision?.rule.id).toBe('fallback');
    expect(verdicts[0]!.checks[0]).toMatchObject({ part: 'businessHours', ok: false, actual: 'Mon 10:30' });
  });

  it('returns no decision when no rule takes the lead', () => {
    expect(
      explainRouting(LEAD, [rule('us', 1, { countries: ['US'] }, toU1)], situation()).decision,
    ).toBeNull();
  });
});

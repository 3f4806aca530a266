import { describe, expect, it } from 'vitest';
import { applyAging, inactiveWeeks, type RescoreInput, rescoreLead, sameScore } from './rescore';
import { DEFAULT_SCORING_RULES, type ScoringRules } from './score';

const NOW = new Date('2026-12-07T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600 * 1000);

const LEAD: RescoreInput = {
  industry: 'SaaS',
  employees: 250,
  title: 'Vertriebsleiter',
  country: 'DE',
  region: null,
  channel: 'form',
  pagesViewed: ['https://example.com/pricing?plan=team'],
  open: true,
  lastActivityAt: NOW,
};

describe('inactiveWeeks', () => {
  it.each([
    [0, 0],
    [6.9, 0],
    [7, 1],
    [20, 2],
    [-3, 0],
  ])('%d days idle are %d full weeks', (days, weeks) => {
    expect(inactiveWeeks(daysAgo(days), NOW)).toBe(weeks);
  });
});

describe('applyAging', () => {
  it.each([
    [40, 0, 5, 40, null],
    [40, 2, 5, 30, -10],
    [8, 3, 5, 0, -8],
    [40, 3, 0, 40, null],
  ])('score %i, %i weeks at %i a week → %i (aging item %s)', (score, weeks, perWeek, after, points) => {
    const result = applyAging({ score, breakdown: [{ rule: 'industry', points: score }] }, weeks, perWeek);
    expect(result.score).toBe(after);
    expect(result.breakdown.at(-1)).toEqual(
      points === null
        ? { rule: 'industry', points: score }
        : { rule: 'aging', points, detail: `${weeks} week(s) without activity` },
    );
  });
});

describe('rescoreLead', () => {
  it('scores fit, channel and pages with the model, then ages an idle open lead', () => {
    const rules: ScoringRules = { ...DEFAULT_SCORING_RULES, aging: { pointsPerWeek: 3 } };
    expect(rescoreLead({ ...LEAD, lastActivityAt: daysAgo(15) }, rules, NOW)).toEqual({
      score: 74,
      breakdown: [
        { rule: 'employees-large', points: 10, detail: '250' },
        { rule: 'industry', points: 15, detail: 'SaaS' },
        { rule: 'title-director', points: 15, detail: 'leiter' },
        { rule: 'region', points: 10, detail: 'DE' },
        { rule: 'pricing-page', points: 20, detail: '/pricing' },
        { rule: 'form-submitted', points: 10, detail: 'form' },
        { rule: 'aging', points: -6, detail: '2 week(s) without activity' },
      ],
    });
  });

  it('does not age a closed lead', () => {
    const result = rescoreLead(
      { ...LEAD, open: false, lastActivityAt: daysAgo(70) },
      DEFAULT_SCORING_RULES,
      NOW,
    );
    expect(result.score).toBe(80);
    expect(result.breakdown.some((i) => i.rule === 'aging')).toBe(false);
  });
});

describe('sameScore', () => {
  const stored = {
    score: 25,
    breakdown: [
      { rule: 'industry', points: 15, detail: 'SaaS' },
      { rule: 'form-submitted', points: 10, detail: 'form' },
    ],
  };
  it.each([
    [
      'the same items, keys in another order',
      {
        score: 25,
        breakdown: [
          { detail: 'SaaS', points: 15, rule: 'industry' },
          { rule: 'form-submitted', points: 10, detail: 'form' },
        ],
      },
      true,
    ],
    ['another score', { ...stored, score: 26 }, false],
    [
      'another detail',
      { score: 25, breakdown: [{ rule: 'industry', points: 15, detail: 'IT' }, stored.breakdown[1]!] },
      false,
    ],
    [
      'a detail missing',
      { score: 25, breakdown: [{ rule: 'industry', points: 15 }, stored.breakdown[1]!] },
      false,
    ],
    [
      'the items in another order',
      { score: 25, breakdown: [stored.breakdown[1]!, stored.breakdown[0]!] },
      false,
    ],
    ['one item more', { score: 25, breakdown: [...stored.breakdown, { rule: 'aging', points: 0 }] }, false],
  ])('%s → %s', (_, next, same) => {
    expect(sameScore(stored, next)).toBe(same);
  });
});

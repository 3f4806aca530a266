import { describe, expect, it } from 'vitest';
import { type FitInput, refitScore } from './refit-score';
import { DEFAULT_SCORING_RULES, type ScoreItem } from './score';

const NOTHING: FitInput = { industry: null, employees: null, title: null, country: null, region: null };

describe('refitScore', () => {
  it.each<[string, ScoreItem[], FitInput, { score: number; breakdown: ScoreItem[] }]>([
    [
      'replaces the fit items and keeps what behaviour earned',
      [
        { rule: 'title-individual', points: 5, detail: 'Engineer' },
        { rule: 'pricing-page', points: 20, detail: '/pricing' },
        { rule: 'form-submitted', points: 10, detail: 'form' },
      ],
      { ...NOTHING, title: 'CEO' },
      {
        score: 45,
        breakdown: [
          { rule: 'title-director', points: 15, detail: 'ceo' },
          { rule: 'pricing-page', points: 20, detail: '/pricing' },
          { rule: 'form-submitted', points: 10, detail: 'form' },
        ],
      },
    ],
    [
      'drops fit points that no longer apply',
      [{ rule: 'region', points: 10, detail: 'DE' }],
      NOTHING,
      { score: 0, breakdown: [] },
    ],
  ])('%s', (_name, previous, input, expected) => {
    expect(refitScore(previous, input, DEFAULT_SCORING_RULES)).toEqual(expected);
  });
});

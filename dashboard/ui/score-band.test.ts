import { describe, expect, it } from 'vitest';
import { scoreBand } from './score-band';

describe('scoreBand', () => {
  it.each([
    [100, 'high'],
    [75, 'high'],
    [74, 'medium'],
    [50, 'medium'],
    [49, 'low'],
    [0, 'low'],
  ] as const)('%d is %s under the default model', (score, band) => {
    expect(scoreBand(score)).toBe(band);
  });

  it.each([
    [60, 'high'],
    [45, 'high'],
    [44, 'medium'],
    [25, 'medium'],
    [24, 'low'],
  ] as const)('%d is %s under a model whose hot band starts at 45 and warm at 25', (score, band) => {
    expect(scoreBand(score, { hot: 45, warm: 25 })).toBe(band);
  });
});

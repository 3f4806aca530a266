import { scoreBand as bandUnder, DEFAULT_SCORING_RULES, type ScoringRules } from '@core/score';

/** The band a lead score falls into; each has a colour, a shape and a name. */
export type ScoreBand = 'high' | 'medium' | 'low';

const SHOWN = { hot: 'high', warm: 'medium', cold: 'low' } as const;

/**
 * The band of a score under the organization's scoring model (its hot and warm thresholds; the default
 * model's 75 and 50 until the session says): hot is high (green), warm medium (yellow), cold low (red).
 */
export function scoreBand(
  score: number,
  bands: ScoringRules['bands'] = DEFAULT_SCORING_RULES.bands,
): ScoreBand {
  return SHOWN[bandUnder(score, bands)];
}

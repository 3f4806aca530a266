/** The band a lead score falls into; each has a colour, a shape and a name. */
export type ScoreBand = 'high' | 'medium' | 'low';

/** 75–100 is high (green), 50–74 medium (yellow), anything lower is low (red). */
export function scoreBand(score: number): ScoreBand {
  if (score >= 75) return 'high';
  if (score >= 50) return 'medium';
  return 'low';
}

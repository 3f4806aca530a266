import { type ScoreItem, type ScoreResult, type ScoringRules, scoreLead } from './score';

/** The fields an edit can change that the demographic part of the score reads. */
export type FitInput = {
  industry: string | null;
  employees: number | null;
  title: string | null;
  country: string | null;
  region: string | null;
};

/** Rule ids of the demographic (fit) part; everything else in a breakdown was earned by behaviour. */
const FIT_RULES = new Set([
  'employees-large',
  'employees-mid',
  'industry',
  'title-director',
  'title-manager',
  'title-individual',
  'region',
  'demographic-cap',
]);

/**
 * Rescores a lead after an edit of its fit fields: the demographic items are computed afresh, the items
 * it earned by behaviour at ingestion (pages, form submitted — not known again at edit time) are kept.
 */
export function refitScore(previous: ScoreItem[], input: FitInput, rules: ScoringRules): ScoreResult {
  const fit = scoreLead({ ...input, channel: 'api', pagesViewed: [] }, rules).breakdown;
  const earned = previous.filter((item) => !FIT_RULES.has(item.rule));
  const breakdown = [...fit, ...earned];
  const total = breakdown.reduce((sum, item) => sum + item.points, 0);
  return { score: Math.min(100, Math.max(0, total)), breakdown };
}

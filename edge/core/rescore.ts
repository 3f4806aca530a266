import type { FitInput } from './refit-score';
import { type ScoreInput, type ScoreResult, type ScoringRules, scoreLead } from './score';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** What rescoring knows of a lead: its fit fields, how it came in, and how long it has been idle. */
export type RescoreInput = FitInput & {
  /** The channel and the pages of its `created` event (none for imported leads). */
  channel: ScoreInput['channel'];
  pagesViewed: string[];
  /** Open leads (not lost, not converted) age; closed ones keep their score. */
  open: boolean;
  lastActivityAt: Date;
};

/** Full weeks between the lead's last activity and `now`, never negative. */
export function inactiveWeeks(lastActivityAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - lastActivityAt.getTime()) / WEEK_MS));
}

/**
 * Takes `pointsPerWeek` per full inactive week off a score, never below 0, as one trailing `aging` item.
 * The daily aging job (services/leads/age-scores.ts) applies the same rule in SQL; a test runs both.
 */
export function applyAging(result: ScoreResult, weeks: number, pointsPerWeek: number): ScoreResult {
  const penalty = Math.min(pointsPerWeek * weeks, result.score);
  if (penalty <= 0) return result;
  return {
    score: result.score - penalty,
    breakdown: [
      ...result.breakdown,
      { rule: 'aging', points: -penalty, detail: `${weeks} week(s) without activity` },
    ],
  };
}

/**
 * A lead's score under a scoring model, as a rescore stores it and a preview shows it: the model applied to
 * what the lead brought at ingestion (fit fields, channel, pages viewed), then its aging at `now`.
 */
export function rescoreLead(input: RescoreInput, rules: ScoringRules, now: Date): ScoreResult {
  const base = scoreLead(input, rules);
  const weeks = input.open ? inactiveWeeks(input.lastActivityAt, now) : 0;
  return applyAging(base, weeks, rules.aging.pointsPerWeek);
}

/**
 * Whether a rescore would store nothing new: the same score and the same breakdown items in the same order
 * (compared by value, since a breakdown read back from jsonb keeps neither key order nor absent keys).
 */
export function sameScore(stored: ScoreResult, next: ScoreResult): boolean {
  return (
    stored.score === next.score &&
    stored.breakdown.length === next.breakdown.length &&
    stored.breakdown.every((item, i) => {
      const other = next.breakdown[i]!;
      return item.rule === other.rule && item.points === other.points && item.detail === other.detail;
    })
  );
}

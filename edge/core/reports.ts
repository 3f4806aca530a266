/**
 * The reports' pure part: the rates, the shaping of aggregate rows the database returns, and each report's
 * CSV table. The counting itself is set-based SQL (edge/services/workspace/reports.ts); only the arithmetic that is
 * easy to get wrong (empty denominators, rounding) and the table layout live here, shared with the dashboard.
 */
import { OPEN_STATUSES } from './status';

export const REPORT_KINDS = ['funnel', 'velocity', 'attribution', 'reps'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** How a report's rows are grouped; `none` is one row for everything that matched. */
export const REPORT_GROUPS = ['none', 'source', 'campaign', 'form', 'rep'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

/** A row's group: the key (null when the leads have no source/campaign/form/rep) and its display label. */
export type GroupKey = { key: string | null; label: string | null };

/** `part / whole` rounded to four decimals, or null when there is nothing to divide by (not 0: unknown). */
export function rate(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

/** Seconds rounded to whole seconds; null stays null (no lead had that stage). */
export function seconds(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

export type FunnelCounts = GroupKey & {
  total: number;
  contacted: number;
  qualified: number;
  converted: number;
  lost: number;
};

/** A funnel row: how many leads reached each stage, and each step's rate against the step before it. */
export type FunnelRow = FunnelCounts & {
  rates: {
    contacted: number | null;
    qualified: number | null;
    converted: number | null;
    overall: number | null;
  };
};

/** Adds the step rates: NEW → CONTACTED, CONTACTED → QUALIFIED, QUALIFIED → converted, and end to end. */
export function funnelRow(c: FunnelCounts): FunnelRow {
  return {
    ...c,
    rates: {
      contacted: rate(c.contacted, c.total),
      qualified: rate(c.qualified, c.contacted),
      converted: rate(c.converted, c.qualified),
      overall: rate(c.converted, c.total),
    },
  };
}

/** The stages a lead spends time in before it leaves the funnel (LOST and converted are ends). */
export const VELOCITY_STAGES = OPEN_STATUSES;
export type VelocityStage = (typeof VELOCITY_STAGES)[number];

/** What the database returns per group: per stage (in VELOCITY_STAGES order) count, average, median. */
export type VelocityRaw = GroupKey & {
  total: number;
  stages: Array<{ count: number; avg: number | null; median: number | null }>;
  response: { count: number; avg: number | null; median: number | null; withinHour: number };
};

export type StageTime = {
  stage: VelocityStage;
  count: number;
  avgSeconds: number | null;
  medianSeconds: number | null;
};

export type VelocityRow = GroupKey & {
  total: number;
  stages: StageTime[];
  response: {
    contacted: number;
    avgSeconds: number | null;
    medianSeconds: number | null;
    /** Leads contacted within an hour of creation, of all the leads in the group. */
    withinHourShare: number | null;
  };
};

/** Names the stages, rounds the seconds and turns the within-an-hour count into a share of all leads. */
export function velocityRow(raw: VelocityRaw): VelocityRow {
  return {
    key: raw.key,
    label: raw.label,
    total: raw.total,
    stages: VELOCITY_STAGES.map((stage, i) => {
      const s = raw.stages[i] ?? { count: 0, avg: null, median: null };
      return { stage, count: s.count, avgSeconds: seconds(s.avg), medianSeconds: seconds(s.median) };
    }),
    response: {
      contacted: raw.response.count,
      avgSeconds: seconds(raw.response.avg),
      medianSeconds: seconds(raw.response.median),
      withinHourShare: rate(raw.response.withinHour, raw.total),
    },
  };
}

export type AttributionCounts = GroupKey & {
  leads: number;
  qualified: number;
  converted: number;
  /** Sum of the converted opportunities' amounts, as a decimal string (money is not a float). */
  amount: string;
};

export type AttributionRow = AttributionCounts & {
  rates: { qualified: number | null; converted: number | null };
};

/** Adds the qualification and conversion rates, both against all the group's leads. */
export function attributionRow(c: AttributionCounts): AttributionRow {
  return { ...c, rates: { qualified: rate(c.qualified, c.leads), converted: rate(c.converted, c.leads) } };
}

export type RepCounts = GroupKey & {
  assigned: number;
  contacted: number;
  qualified: number;
  converted: number;
  medianResponse: number | null;
};

export type RepRow = Omit<RepCounts, 'medianResponse'> & {
  medianResponseSeconds: number | null;
  rates: { contacted: number | null; qualified: number | null; converted: number | null };
};

/** A rep's row: the counts, the median response time, and each count as a share of the assigned leads. */
export function repRow(c: RepCounts): RepRow {
  const { medianResponse, ...rest } = c;
  return {
    ...rest,
    medianResponseSeconds: seconds(medianResponse),
    rates: {
      contacted: rate(c.contacted, c.assigned),
      qualified: rate(c.qualified, c.assigned),
      converted: rate(c.converted, c.assigned),
    },
  };
}

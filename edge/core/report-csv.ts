/**
 * Reports as CSV. Every cell that leaves through a download is neutralised against formula injection
 * (OWASP "CSV Injection"): a spreadsheet runs a cell starting with = + - @, a tab or a carriage return as a
 * formula, and a campaign name or a rep's name is text that someone outside may have chosen.
 */
import { csvRow } from './csv';
import {
  type AttributionRow,
  type FunnelRow,
  type ReportKind,
  type RepRow,
  VELOCITY_STAGES,
  type VelocityRow,
} from './reports';

type Cell = string | number | null;
type Table = { header: string[]; rows: Cell[][] };

const group = (r: { key: string | null; label: string | null }): Cell[] => [r.key, r.label];

function funnelTable(rows: FunnelRow[]): Table {
  return {
    header: ['key', 'label', 'new', 'contacted', 'qualified', 'converted', 'lost'].concat([
      'contacted_rate',
      'qualified_rate',
      'converted_rate',
      'overall_rate',
    ]),
    rows: rows.map((r) => [
      ...group(r),
      r.total,
      r.contacted,
      r.qualified,
      r.converted,
      r.lost,
      r.rates.contacted,
      r.rates.qualified,
      r.rates.converted,
      r.rates.overall,
    ]),
  };
}

function velocityTable(rows: VelocityRow[]): Table {
  const stageCols = rows[0]?.stages.map((s) => s.stage) ?? VELOCITY_STAGES;
  return {
    header: [
      'key',
      'label',
      'leads',
      ...stageCols.flatMap((s) => [`${s}_count`, `${s}_avg_seconds`, `${s}_median_seconds`]),
      'response_avg_seconds',
      'response_median_seconds',
      'contacted_within_hour_share',
    ],
    rows: rows.map((r) => [
      ...group(r),
      r.total,
      ...r.stages.flatMap((s) => [s.count, s.avgSeconds, s.medianSeconds]),
      r.response.avgSeconds,
      r.response.medianSeconds,
      r.response.withinHourShare,
    ]),
  };
}

function attributionTable(rows: AttributionRow[]): Table {
  return {
    header: ['key', 'label', 'leads', 'qualified', 'converted', 'opportunity_amount'],
    rows: rows.map((r) => [...group(r), r.leads, r.qualified, r.converted, r.amount]),
  };
}

function repTable(rows: RepRow[]): Table {
  return {
    header: ['rep_id', 'rep', 'assigned', 'contacted', 'qualified', 'converted', 'median_response_seconds'],
    rows: rows.map((r) => [
      ...group(r),
      r.assigned,
      r.contacted,
      r.qualified,
      r.converted,
      r.medianResponseSeconds,
    ]),
  };
}

export type AnyReport =
  | { kind: 'funnel'; rows: FunnelRow[] }
  | { kind: 'velocity'; rows: VelocityRow[] }
  | { kind: 'attribution'; rows: AttributionRow[] }
  | { kind: 'reps'; rows: RepRow[] };

/** A report as a CSV document (English machine-readable headers, one row per group). */
export function reportCsv(report: AnyReport): string {
  const table = tableOf(report);
  return [table.header, ...table.rows].map(csvRow).join('');
}

function tableOf(report: AnyReport): Table {
  switch (report.kind) {
    case 'funnel':
      return funnelTable(report.rows);
    case 'velocity':
      return velocityTable(report.rows);
    case 'attribution':
      return attributionTable(report.rows);
    case 'reps':
      return repTable(report.rows);
  }
}

/** The download's file name: `leadgate-funnel-2026-01-01_2026-01-31.csv`. */
export function reportFileName(kind: ReportKind, from: string | null, to: string | null): string {
  const range = [from, to]
    .filter(Boolean)
    .join('_')
    .replace(/[^0-9A-Za-z_-]/g, '');
  return `leadgate-${kind}${range ? `-${range}` : ''}.csv`;
}

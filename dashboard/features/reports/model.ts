import type { Report } from '@contract/reports';
import { REPORT_KINDS, type ReportGroup, type ReportKind } from '@core/reports';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { Problem } from '../../api/problem';
import type { ReportParams, ReportsApi } from '../../api/reports';
import { timeZone } from '../../i18n';
import { zonedDayBound } from '../../ui/day-bounds';

const DAY_MS = 86_400_000;
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** The default range: the last 30 days, today included. */
export function defaultRange(now: Date): { from: string; to: string } {
  return { from: isoDay(new Date(now.getTime() - 29 * DAY_MS)), to: isoDay(now) };
}

/** The query parameters of the chosen filters; `reps` is always by rep, so it gets no groupBy. */
export function reportParams(
  kind: ReportKind,
  f: { from: string; to: string; groupBy: ReportGroup },
  zone?: string,
): ReportParams {
  const out: ReportParams = {};
  if (f.from) out.from = zonedDayBound(f.from, false, zone);
  if (f.to) out.to = zonedDayBound(f.to, true, zone);
  if (kind !== 'reps') out.groupBy = kind === 'attribution' && f.groupBy === 'none' ? 'source' : f.groupBy;
  return out;
}

type Reports = Partial<Record<ReportKind, Report>>;

/** The Reports page: the filters, the four reports, loading and the first failure. */
export const ReportsModel = createModel((now: Date = new Date()) => {
  const range = defaultRange(now);
  const from = signal(range.from, { name: 'reports.from' });
  const to = signal(range.to, { name: 'reports.to' });
  const groupBy = signal<ReportGroup>('source', { name: 'reports.groupBy' });
  const reports = signal<Reports>({}, { name: 'reports.data' });
  const loading = signal(false, { name: 'reports.loading' });
  const problem = signal<Problem | null>(null, { name: 'reports.problem' });
  const filters = computed(() => ({ from: from.value, to: to.value, groupBy: groupBy.value }));

  return {
    from,
    to,
    groupBy,
    filters: filters as ReadonlySignal<{ from: string; to: string; groupBy: ReportGroup }>,
    reports: reports as ReadonlySignal<Reports>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,

    /** Loads all four reports for the current filters; a failure keeps the previous figures. */
    async load(api: ReportsApi): Promise<void> {
      loading.value = true;
      const f = filters.value;
      const results = await Promise.all(
        REPORT_KINDS.map((kind) => api.getReport(kind, reportParams(kind, f, timeZone.value))),
      );
      batch(() => {
        loading.value = false;
        const failed = results.find((r) => !r.ok);
        problem.value = failed && !failed.ok ? failed.problem : null;
        if (failed) return;
        const next: Reports = {};
        for (const r of results) if (r.ok) next[r.data.kind] = r.data;
        reports.value = next;
      });
    },
  };
});

export type ReportsModel = InstanceType<typeof ReportsModel>;

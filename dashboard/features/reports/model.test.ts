import type { Report } from '@contract/reports';
import type { ReportKind } from '@core/reports';
import { describe, expect, it } from 'vitest';
import type { ReportsApi } from '../../api/reports';
import { defaultRange, ReportsModel, reportParams } from './model';

describe('defaultRange', () => {
  it('is the last 30 days, today included', () => {
    expect(defaultRange(new Date('2026-03-31T22:00:00Z'))).toEqual({ from: '2026-03-02', to: '2026-03-31' });
  });
});

describe('reportParams', () => {
  const f = { from: '2026-01-01', to: '2026-01-31', groupBy: 'none' as const };
  it.each<[ReportKind, Record<string, string>]>([
    ['funnel', { from: '2026-01-01', to: '2026-01-31', groupBy: 'none' }],
    ['velocity', { from: '2026-01-01', to: '2026-01-31', groupBy: 'none' }],
    // Attribution without a grouping would be one row: it falls back to source.
    ['attribution', { from: '2026-01-01', to: '2026-01-31', groupBy: 'source' }],
    ['reps', { from: '2026-01-01', to: '2026-01-31' }],
  ])('%s', (kind, expected) => {
    expect(reportParams(kind, f)).toEqual(expected);
  });

  it('leaves out empty dates', () => {
    expect(reportParams('funnel', { from: '', to: '', groupBy: 'rep' })).toEqual({ groupBy: 'rep' });
  });
});

const empty = (kind: ReportKind): Report => ({ kind, groupBy: 'none', rows: [] }) as Report;

describe('ReportsModel.load', () => {
  it('asks for all four reports with the filters and keeps them by kind', async () => {
    const asked: string[] = [];
    const api: ReportsApi = {
      getReport: async (kind, params) => {
        asked.push(`${kind}?${new URLSearchParams(params)}`);
        return { ok: true, data: empty(kind) };
      },
      csvUrl: () => '',
    };
    const model = new ReportsModel(new Date('2026-03-31T12:00:00Z'));
    model.groupBy.value = 'rep';
    await model.load(api);
    expect(asked.sort()).toEqual([
      'attribution?from=2026-03-02&to=2026-03-31&groupBy=rep',
      'funnel?from=2026-03-02&to=2026-03-31&groupBy=rep',
      'reps?from=2026-03-02&to=2026-03-31',
      'velocity?from=2026-03-02&to=2026-03-31&groupBy=rep',
    ]);
    expect(Object.keys(model.reports.value).sort()).toEqual(['attribution', 'funnel', 'reps', 'velocity']);
    expect(model.loading.value).toBe(false);
    expect(model.problem.value).toBeNull();
  });

  it('a failure shows the problem and keeps the previous figures', async () => {
    const model = new ReportsModel(new Date('2026-03-31T12:00:00Z'));
    const ok: ReportsApi = { getReport: async (kind) => ({ ok: true, data: empty(kind) }), csvUrl: () => '' };
    await model.load(ok);
    const problem = { type: 'about:blank', title: 'Bad', status: 400, code: 'invalid-parameter' };
    const failing: ReportsApi = {
      getReport: async (kind) =>
        kind === 'velocity' ? { ok: false, problem } : { ok: true, data: empty(kind) },
      csvUrl: () => '',
    };
    await model.load(failing);
    expect(model.problem.value).toEqual(problem);
    expect(Object.keys(model.reports.value)).toHaveLength(4);
  });
});

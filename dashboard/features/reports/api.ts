import type { Report } from '@contract/reports';
import type { ReportKind } from '@core/reports';
import type { ApiResult } from '../../api/client';
import { networkProblem, readProblem } from '../../api/problem';

/** The reports' filters in their query-string form (from, to, groupBy). */
export type ReportParams = Record<string, string>;

/** The calls the Reports page makes; GETs only, so no CSRF token is needed. */
export type ReportsApi = {
  getReport(kind: ReportKind, params: ReportParams): Promise<ApiResult<Report>>;
  /** The URL of the same report as a CSV download (the browser sends the session cookie). */
  csvUrl(kind: ReportKind, params: ReportParams): string;
};

const path = (kind: ReportKind, params: ReportParams) => {
  const search = new URLSearchParams(params).toString();
  return `/api/reports/${kind}${search ? `?${search}` : ''}`;
};

/** The reports API over `fetch` (same origin, session cookie). */
export function createReportsApi(
  baseUrl: string,
  fetchFn: typeof fetch = (i, init) => fetch(i, init),
): ReportsApi {
  return {
    async getReport(kind, params) {
      let response: Response;
      try {
        response = await fetchFn(`${baseUrl}${path(kind, params)}`, { credentials: 'same-origin' });
      } catch {
        return { ok: false, problem: networkProblem() };
      }
      if (!response.ok) return { ok: false, problem: await readProblem(response) };
      return { ok: true, data: (await response.json()) as Report };
    },
    csvUrl: (kind, params) => `${baseUrl}${path(kind, { ...params, format: 'csv' })}`,
  };
}

import type { Report } from '@contract/reports';
import type { ReportKind } from '@core/reports';
import type { InferRequestType } from 'hono/client';
import type { ApiResult, Call, TypedClient } from './call';

/** The reports' filters in their query-string form (from, to, groupBy). */
export type ReportParams = Record<string, string>;

/** The calls the Reports page makes. */
export type ReportsApi = {
  getReport(kind: ReportKind, params: ReportParams): Promise<ApiResult<Report>>;
  /** The URL of the same report as a CSV download (the browser sends the session cookie). */
  csvUrl(kind: ReportKind, params: ReportParams): string;
};

type Query = InferRequestType<TypedClient['api']['reports'][':kind']['$get']>['query'];

export function reportCalls(client: TypedClient, call: Call, baseUrl: string): ReportsApi {
  return {
    // The server validates the filters (a bad one is a 422 problem), so the loose record is safe to pass;
    // without `format=csv` the answer is the JSON report.
    getReport: (kind, params) =>
      call(() => client.api.reports[':kind'].$get({ param: { kind }, query: params as Query })) as Promise<
        ApiResult<Report>
      >,
    csvUrl: (kind, params) =>
      `${baseUrl}/api/reports/${kind}?${new URLSearchParams({ ...params, format: 'csv' })}`,
  };
}

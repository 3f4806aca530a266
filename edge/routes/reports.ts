import { createRoute, z } from '@hono/zod-openapi';
import { problemResponses } from '../contract/problem';
import { ReportKindParamSchema, ReportQuerySchema, ReportSchema } from '../contract/reports';
import { reportCsv, reportFileName } from '../core/report-csv';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { recordReportExport, runReport } from '../services/workspace/reports';

/**
 * Funnel, velocity, attribution and rep performance. Every role may read them: they are aggregates of
 * leads that every role (viewers included, per the PRD) can already read one by one, and the Marketing
 * Manager persona is typically a viewer. `format=csv` answers a download instead of JSON, and is audited as an export.
 */
export function reportRoutes(deps: Deps) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/api/reports/{kind}',
      tags: ['reports'],
      summary: 'A report over the leads created in a date range',
      middleware: secured(deps),
      request: { params: ReportKindParamSchema, query: ReportQuerySchema },
      responses: {
        200: {
          description: 'The report (JSON), or with `format=csv` a CSV file',
          content: {
            ...json(ReportSchema),
            'text/csv': { schema: z.string() },
          },
        },
        ...problemResponses(400, 401, 429),
      },
    }),
    async (c) => {
      const { kind } = c.req.valid('param');
      const query = c.req.valid('query');
      const report = await runReport(c.get('db'), c.get('auth').organizationId, kind, query);
      if (query.format === 'json') return c.json(report, 200);
      await recordReportExport(deps, c.get('db'), c.get('auth'), report, query);
      const day = (d: Date | undefined) => d?.toISOString().slice(0, 10) ?? null;
      // `to` is exclusive internally (the day after); the file name shows the last day included.
      const last = query.to ? new Date(query.to.getTime() - 1) : undefined;
      const name = reportFileName(kind, day(query.from), day(last));
      return c.text(reportCsv(report), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      });
    },
  );
}

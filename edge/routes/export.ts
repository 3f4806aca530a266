import { createRoute, z } from '@hono/zod-openapi';
import { ExportQuerySchema } from '../contract/bulk';
import { LeadIdParamSchema } from '../contract/leads';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { exportLeads } from '../services/leads/export';
import { exportPerson } from '../services/leads/export-person';

const noStore = { 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' };

/**
 * Exports: the current lead list filter as CSV or JSON (streamed), and one person's data (GDPR).
 * Mounted before the lead routes, so `/api/leads/export` is not read as a lead id.
 */
export function exportRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/export',
        tags: ['leads'],
        summary: 'Export every lead matching the filter (newest first), streamed',
        description:
          'CSV is UTF-8 with a BOM, RFC 4180, cells starting with = + - @ tab or CR prefixed with an ' +
          'apostrophe. Email and phone are filled for admins and owners only, empty for other roles.',
        middleware: secured(deps),
        request: { query: ExportQuerySchema },
        responses: {
          200: {
            description: 'The leads',
            content: {
              'text/csv': { schema: z.string() },
              ...json(z.array(z.record(z.string(), z.unknown()))),
            },
          },
          ...problemResponses(400, 401, 429),
        },
      }),
      async (c) => {
        const { format, ...filter } = c.req.valid('query');
        const { stream, done } = await exportLeads(deps, c.get('db'), c.get('auth'), filter, format);
        // The database handle stays open until the last batch is read (waitUntil on Workers).
        c.get('defer')(done);
        const stamp = deps.now().toISOString().slice(0, 10);
        return c.body(stream, 200, {
          'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="leads-${stamp}.${format}"`,
          ...noStore,
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/leads/{id}/export',
        tags: ['leads'],
        summary:
          'GDPR data export of one person: lead, notes, tasks, events, documents metadata (admins, owners)',
        middleware: secured(deps, 'admin'),
        request: { params: LeadIdParamSchema },
        responses: {
          200: {
            description: 'The data',
            content: json(z.record(z.string(), z.unknown())),
          },
          ...problemResponses(400, 401, 403, 404, 429),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const data = await exportPerson(deps, c.get('db'), c.get('auth'), id, {
          via: 'GET /api/leads/{id}/export',
        });
        return c.json(data, 200, { 'Content-Disposition': `attachment; filename="${id}.json"`, ...noStore });
      },
    );
}

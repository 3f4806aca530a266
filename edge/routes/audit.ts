import { createRoute, z } from '@hono/zod-openapi';
import {
  AuditExportQuerySchema,
  AuditPageSchema,
  AuditQuerySchema,
  AuditSettingsSchema,
  UpdateAuditSettingsSchema,
} from '../contract/audit';
import { problemResponses } from '../contract/problem';
import type { Deps } from '../deps';
import { json } from '../http/json';
import { secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { exportAuditLog } from '../services/audit/export';
import { listAuditEvents } from '../services/audit/log';
import { getAuditSettings, updateAuditSettings } from '../services/audit/settings';

const ADMIN = problemResponses(400, 401, 403, 429);
const settings = { 200: { description: 'The audit log settings', content: json(AuditSettingsSchema) } };

/**
 * The organization's audit log (admins and owners): every event — leads, people and settings changes,
 * exports, sign-ins — filtered and paged, its CSV export (itself audited), and how long it is kept.
 */
export function auditRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/audit',
        tags: ['audit'],
        summary: "The organization's audit log, newest first, filtered by actor, action, entity and date",
        middleware: secured(deps, 'admin'),
        request: { query: AuditQuerySchema },
        responses: { 200: { description: 'A page of events', content: json(AuditPageSchema) }, ...ADMIN },
      }),
      async (c) =>
        c.json(
          await listAuditEvents(deps, c.get('db'), c.get('auth').organizationId, c.req.valid('query')),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/audit/export',
        tags: ['audit'],
        summary: 'Every audit event matching the filter as CSV, streamed (the export is audited)',
        description:
          'UTF-8 with a BOM, RFC 4180; cells starting with = + - @ tab or CR are prefixed with an apostrophe. ' +
          'Columns: id, at, action, actorType, actorId, actorName, entityType, entityId, leadId, data (JSON).',
        middleware: secured(deps, 'admin'),
        request: { query: AuditExportQuerySchema },
        responses: {
          200: { description: 'The events', content: { 'text/csv': { schema: z.string() } } },
          ...ADMIN,
        },
      }),
      async (c) => {
        const { stream, done } = exportAuditLog(deps, c.get('db'), c.get('auth'), c.req.valid('query'));
        // The database handle stays open until the last batch is read (waitUntil on Workers).
        c.get('defer')(done);
        const stamp = deps.now().toISOString().slice(0, 10);
        return c.body(stream, 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="audit-log-${stamp}.csv"`,
          'Cache-Control': 'private, no-store',
          'X-Content-Type-Options': 'nosniff',
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/audit/settings',
        tags: ['audit'],
        summary: 'How long the audit log is kept',
        middleware: secured(deps, 'admin'),
        responses: { ...settings, ...ADMIN },
      }),
      async (c) => c.json(await getAuditSettings(c.get('db'), c.get('auth').organizationId), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/audit/settings',
        tags: ['audit'],
        summary: 'Set how long the audit log is kept (audited); a daily job deletes older events',
        middleware: secured(deps, 'admin'),
        request: { body: { required: true, content: json(UpdateAuditSettingsSchema) } },
        responses: { ...settings, ...ADMIN, ...problemResponses(422) },
      }),
      async (c) =>
        c.json(await updateAuditSettings(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
    );
}

import { z } from '@hono/zod-openapi';
import { AUDIT_ACTOR_TYPES, AUDIT_RETENTION_DAYS } from '../core/audit-log';
import { parseDateBound } from '../core/date-range';
import { pageParams } from './page';
import { idString } from './text';

const timestamp = () => z.string().openapi({ format: 'date-time' });
const query = (name: string, description: string) => ({ param: { name, in: 'query' as const }, description });

function bound(end: 'start' | 'end') {
  return z.string().transform((text, ctx) => {
    const at = parseDateBound(text, end);
    if (!at) ctx.addIssue({ code: 'custom', message: 'Expected YYYY-MM-DD or an ISO 8601 timestamp' });
    return at ?? z.NEVER;
  });
}

const ACTION = /^[a-z][a-z0-9_.-]{0,63}$/;

/** The audit log's filters, shared by the page and the CSV export. */
const AuditFilterShape = {
  action: z
    .string()
    .max(1000)
    .transform((text, ctx) => {
      const actions = [...new Set(text.split(',').map((t) => t.trim()))].filter(Boolean);
      if (actions.length > 30 || !actions.every((t) => ACTION.test(t)))
        ctx.addIssue({
          code: 'custom',
          message: 'Comma-separated actions, like organization.updated,exported',
        });
      return actions;
    })
    .optional()
    .openapi(query('action', 'Comma-separated actions (event types), any of which matches.')),
  actorType: z
    .enum(AUDIT_ACTOR_TYPES)
    .optional()
    .openapi(
      query('actorType', 'Who acted: a user, an API key, the public (a form), a webhook, the system.'),
    ),
  actorId: idString()
    .optional()
    .openapi(query('actorId', 'With actorType: that user, API key or webhook source.')),
  entityType: z
    .string()
    .regex(/^[a-z][a-z_]{0,39}$/, { message: 'An entity type, like lead, user, form, organization' })
    .optional()
    .openapi(query('entityType', 'What the event is about: lead, user, membership, form, organization, …')),
  entityId: idString()
    .optional()
    .openapi(query('entityId', 'With entityType: that one entity. For a lead, every event of its timeline.')),
  from: bound('start').optional().openapi(query('from', 'On or after (date or timestamp).')),
  to: bound('end').optional().openapi(query('to', 'On or before (a date: that whole day).')),
};

type FilterCheck = {
  actorType?: string;
  actorId?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
};

function checkFilter(f: FilterCheck, ctx: z.RefinementCtx) {
  if (f.actorId && !f.actorType)
    ctx.addIssue({ code: 'custom', path: ['actorId'], message: 'An actor id needs its actorType' });
  if (f.entityId && !f.entityType)
    ctx.addIssue({ code: 'custom', path: ['entityId'], message: 'An entity id needs its entityType' });
  if (f.from && f.to && f.to < f.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'The range ends before it starts' });
}

/** GET /api/audit: the filters and the page. */
export const AuditQuerySchema = z
  .object({ ...AuditFilterShape, ...pageParams(200) })
  .superRefine(checkFilter);

/** GET /api/audit/export: the same filters, every matching event. */
export const AuditExportQuerySchema = z.object(AuditFilterShape).superRefine(checkFilter);

/** One event of the organization's audit log. */
export const AuditEventSchema = z
  .object({
    id: z.string(),
    at: timestamp(),
    /** The action: created, status_changed, organization.updated, session.created, exported, … */
    type: z.string(),
    actor: z.object({
      type: z.enum(AUDIT_ACTOR_TYPES),
      id: z.string().nullable(),
      /** The user's name or the API key's name, while it exists. */
      name: z.string().nullable(),
    }),
    entity: z.object({ type: z.string(), id: z.string().nullable() }),
    /** The lead whose timeline the event is on, if any. */
    leadId: z.string().nullable(),
    /** What happened: before/after values, counts, reasons; personal values sealed at rest shown in clear. */
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEvent');

/** A page of the audit log, newest first. */
export const AuditPageSchema = z
  .object({ items: z.array(AuditEventSchema), nextCursor: z.string().nullable() })
  .openapi('AuditPage');

/** The audit log's settings. */
export const AuditSettingsSchema = z
  .object({
    /** Events older than this many days are deleted by a daily job. */
    retentionDays: z.number().int(),
    /** The bounds an admin may choose within, and the default. */
    retentionBounds: z.object({ min: z.number().int(), max: z.number().int(), default: z.number().int() }),
  })
  .openapi('AuditSettings');

export const UpdateAuditSettingsSchema = z
  .object({
    retentionDays: z.number().int().min(AUDIT_RETENTION_DAYS.min).max(AUDIT_RETENTION_DAYS.max),
  })
  .strict()
  .openapi('UpdateAuditSettings');

export type AuditQuery = z.output<typeof AuditQuerySchema>;
export type AuditFilter = z.output<typeof AuditExportQuerySchema>;
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
export type AuditSettings = z.infer<typeof AuditSettingsSchema>;
export type UpdateAuditSettings = z.infer<typeof UpdateAuditSettingsSchema>;

import { z } from '@hono/zod-openapi';
import { pageParams } from './page';
import { idString } from './text';

/** GET /api/notifications: the caller's own, newest first; `unread=true` for the unread ones only. */
export const NotificationQuerySchema = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({ param: { name: 'unread', in: 'query' }, description: 'Only the unread ones.' }),
  ...pageParams(200),
});

/** A notification, by path. */
export const NotificationParamSchema = z.object({
  id: idString().openapi({ param: { name: 'id', in: 'path' } }),
});

/**
 * Every notification type the server creates, with the `data` each carries. The dashboard words each one
 * per language (a test walks this list against its catalogs); the `notifications.type` column is typed by it.
 * - `lead.assigned`: { leadId, name, company } — a lead was assigned to the recipient;
 * - `leads.assigned`: { count, operationId } — a bulk action assigned leads to the recipient;
 * - `opportunity.assigned`: { opportunityId, name, leadId } — a conversion made the recipient its owner;
 * - `stale-digest`: { day, count, teamCount, leadIds } — the daily digest of stale leads;
 * - `import.completed`: { jobId, filename, created, updated } — the recipient's CSV import finished;
 * - `import.claimable`: { jobId, filename, count } — someone's import left `count` new leads unassigned (for
 *   people who asked to hear of leads they may claim);
 * - `member.leads-unassigned`: { userId, name, count } — a leaving member's open leads were left unassigned;
 * - `member.leads-reassigned`: { userId, name, count } — the recipient's share of a leaving member's leads.
 * - `task.due`: { taskId, leadId, title, name, company, dueAt } — a task of the recipient fell due
 *   (`title` null: the default "Follow up").
 * - `quarantine-digest`: { day, count, capped, oldestAt } — submissions held for review wait (admins and
 *   owners, once a day; `capped`: more than `count`).
 */
export const NOTIFICATION_TYPES = [
  'lead.assigned',
  'leads.assigned',
  'opportunity.assigned',
  'stale-digest',
  'import.completed',
  'import.claimable',
  // a member was deactivated or removed and their open leads were left unassigned
  'member.leads-unassigned',
  // a member was deactivated and their open leads spread over a team: the recipient's share
  'member.leads-reassigned',
  // a new inbound lead arrived unassigned: { leadId, name, company }, for people who asked (notifyNewLeads)
  'lead.claimable',
  'task.due',
  'quarantine-digest',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * One notification. `type` is one of NOTIFICATION_TYPES, kept an open string on the wire: a client older
 * than a new type shows it from `data` and `link`.
 */
export const NotificationSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    data: z.record(z.string(), z.unknown()),
    /** Where it leads in the dashboard, e.g. `/app/leads/lead_…`. */
    link: z.string().nullable(),
    readAt: z.string().nullable().openapi({ format: 'date-time' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Notification');

/** Counted up to this many; the bell shows "99+" beyond. */
export const UNREAD_COUNT_CAP = 100;

/** A page of notifications and how many are unread (all pages, capped at UNREAD_COUNT_CAP). */
export const NotificationListSchema = z
  .object({
    items: z.array(NotificationSchema),
    nextCursor: z.string().nullable(),
    unreadCount: z.number().int(),
  })
  .openapi('NotificationList');

/** After marking read: how many are still unread. */
export const UnreadCountSchema = z.object({ unreadCount: z.number().int() }).openapi('UnreadCount');

export type NotificationQuery = z.output<typeof NotificationQuerySchema>;
export type Notification = z.infer<typeof NotificationSchema>;
export type NotificationList = z.infer<typeof NotificationListSchema>;

import { desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { notifications } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import {
  type Notification,
  type NotificationList,
  type NotificationQuery,
  UNREAD_COUNT_CAP,
} from '../../contract/notifications';
import { actorOf } from '../../core/actor';
import { fromOpaque, pageOf } from '../../core/base64';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

type Row = typeof notifications.$inferSelect;
type Cursor = { t: string; i: string };

/** Notifications are addressed to people; an API key has nobody to notify. */
function recipientOf(auth: Auth): string {
  if (!auth.userId)
    throw new AppError('forbidden', { detail: 'Notifications belong to users; an API key has none.' });
  return auth.userId;
}

const mine = (auth: Auth, ...conditions: Array<SQL | undefined>) =>
  inOrg(notifications, auth.organizationId, eq(notifications.userId, recipientOf(auth)), ...conditions);

// Microseconds since the epoch: the exact time, so notifications of the same millisecond are not skipped.
const micros = sql<string>`(extract(epoch from ${notifications.createdAt}) * 1000000)::bigint::text`;

function decode(text: string): Cursor {
  const c = fromOpaque(text) as Partial<Cursor> | null | undefined;
  if (typeof c?.t === 'string' && /^\d{1,17}$/.test(c.t) && typeof c.i === 'string' && c.i.length <= 64)
    return c as Cursor;
  throw new AppError('invalid-parameter', {
    detail: 'cursor is not a cursor this API returned',
    errors: [{ pointer: '/cursor', detail: 'Invalid cursor' }],
  });
}

function after(c: Cursor): SQL {
  return sql`(${notifications.createdAt}, ${notifications.id}) < ('epoch'::timestamptz + ${c.t}::bigint * interval '1 microsecond', ${c.i})`;
}

function toNotification(row: Row): Notification {
  return {
    id: row.id,
    type: row.type,
    data: row.data,
    link: row.link,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** How many of the caller's notifications are unread, counted up to the cap (the bell shows "99+"). */
export async function unreadCount(db: Executor, auth: Auth): Promise<number> {
  const capped = db
    .select({ one: sql`1` })
    .from(notifications)
    .where(mine(auth, isNull(notifications.readAt)))
    .limit(UNREAD_COUNT_CAP)
    .as('capped');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(capped);
  return row?.n ?? 0;
}

/** The caller's notifications, newest first, keyset-paginated on (time, id), with the unread count. */
export async function listNotifications(
  db: Db,
  auth: Auth,
  query: NotificationQuery,
): Promise<NotificationList> {
  const rows = await db
    .select({ row: notifications, micros })
    .from(notifications)
    .where(
      mine(
        auth,
        query.unread ? isNull(notifications.readAt) : undefined,
        query.cursor ? after(decode(query.cursor)) : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit + 1);
  const { page, nextCursor } = pageOf(
    rows,
    query.limit,
    (last): Cursor => ({ t: last.micros, i: last.row.id }),
  );
  return {
    items: page.map((r) => toNotification(r.row)),
    nextCursor,
    unreadCount: await unreadCount(db, auth),
  };
}

/**
 * Marks one of the caller's notifications read (again: a no-op keeping the first time). Another user's or
 * another organization's notification is not found. Reading is the recipient's own state, kept in `read_at`;
 * the first read is also an audit event (a repeat changes nothing and records nothing).
 */
export async function markNotificationRead(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  id: string,
): Promise<Notification> {
  const at = deps.now();
  return db.transaction(async (tx) => {
    const [read] = await tx
      .update(notifications)
      .set({ readAt: at })
      .where(mine(auth, eq(notifications.id, id), isNull(notifications.readAt)))
      .returning();
    if (read) {
      await recordEvents(tx, [readEvent(auth, at, { id, type: read.type })]);
      return toNotification(read);
    }
    const [row] = await tx
      .select()
      .from(notifications)
      .where(mine(auth, eq(notifications.id, id)));
    if (!row) throw new AppError('not-found', { detail: `No notification ${id}.` });
    return toNotification(row);
  });
}

/** Marks all of the caller's unread notifications read (one audit event with how many); resolves to 0. */
export async function markAllNotificationsRead(deps: Pick<Deps, 'now'>, db: Db, auth: Auth): Promise<number> {
  const at = deps.now();
  await db.transaction(async (tx) => {
    const read = await tx
      .update(notifications)
      .set({ readAt: at })
      .where(mine(auth, isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    if (read.length > 0) await recordEvents(tx, [readEvent(auth, at, { all: true, count: read.length })]);
  });
  return unreadCount(db, auth);
}

function readEvent(auth: Auth, at: Date, data: Record<string, unknown>) {
  return {
    organizationId: auth.organizationId,
    entityType: 'notification',
    entityId: typeof data.id === 'string' ? data.id : null,
    type: 'notification.read',
    actor: actorOf(auth),
    at,
    data,
  };
}

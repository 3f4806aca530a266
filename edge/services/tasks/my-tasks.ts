import { and, asc, eq, gte, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { leads, tasks } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { TaskBucket, TaskList, TaskQuery, TaskSummary } from '../../contract/tasks';
import { AppError } from '../../core/errors';
import { todayBounds } from '../../core/task-time';
import type { Auth } from '../../deps';
import { effectiveTimeZone, selectTasks, toTask } from './access';

type Cursor = { dueAt: Date; id: string };

function encodeCursor(c: Cursor): string {
  return `${c.dueAt.getTime()}.${c.id}`;
}

function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(raw);
  if (!match)
    throw new AppError('invalid-parameter', {
      detail: 'The cursor is not one this list gave out.',
      errors: [{ pointer: '/cursor', detail: 'Not a cursor of this list', code: 'invalid_format' }],
    });
  return { dueAt: new Date(Number(match[1])), id: match[2]! };
}

function personOf(auth: Auth): string {
  if (auth.userId) return auth.userId;
  throw new AppError('forbidden', { detail: 'Only a signed-in person has tasks of their own.' });
}

/** The due-time range of a bucket: before now; from now to the end of the person's today; later. */
function bucketRange(bucket: TaskBucket, now: Date, endOfToday: Date): SQL {
  if (bucket === 'overdue') return lt(tasks.dueAt, now);
  if (bucket === 'today') return and(gte(tasks.dueAt, now), lt(tasks.dueAt, endOfToday))!;
  return gte(tasks.dueAt, endOfToday);
}

/**
 * "My tasks": the caller's open tasks in one bucket, by due time (oldest first), keyset-paginated on
 * (due_at, id). "Today" is the person's own day (their time zone, else the organization's).
 */
export async function listMyTasks(db: Db, auth: Auth, query: TaskQuery, now: Date): Promise<TaskList> {
  const userId = personOf(auth);
  const { end } = todayBounds(now, await effectiveTimeZone(db, auth.organizationId, userId));
  const after = decodeCursor(query.cursor);
  const rows = await selectTasks(
    db,
    inOrg(
      tasks,
      auth.organizationId,
      eq(tasks.assigneeId, userId),
      isNull(tasks.doneAt),
      bucketRange(query.bucket, now, end),
      after
        ? sql`(${tasks.dueAt}, ${tasks.id}) > (${after.dueAt.toISOString()}::timestamptz, ${after.id})`
        : undefined,
    ),
  )
    .orderBy(asc(tasks.dueAt), asc(tasks.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toTask(auth, r)),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ dueAt: last.task.dueAt, id: last.task.id }) : null,
  };
}

/** The caller's open tasks overdue and due later today (the nav's count), and the zone "today" is in. */
export async function myTaskSummary(db: Db, auth: Auth, now: Date): Promise<TaskSummary> {
  const userId = personOf(auth);
  const timeZone = await effectiveTimeZone(db, auth.organizationId, userId);
  const { end } = todayBounds(now, timeZone);
  const [row] = await db
    .select({
      overdue: sql<number>`count(*) filter (where ${tasks.dueAt} < ${now.toISOString()}::timestamptz)::int`,
      today: sql<number>`count(*) filter (where ${tasks.dueAt} >= ${now.toISOString()}::timestamptz)::int`,
    })
    .from(tasks)
    .innerJoin(leads, eq(leads.id, tasks.leadId))
    .where(
      inOrg(
        tasks,
        auth.organizationId,
        eq(tasks.assigneeId, userId),
        isNull(tasks.doneAt),
        lt(tasks.dueAt, end),
        isNull(leads.deletedAt),
      ),
    );
  return { overdue: row?.overdue ?? 0, today: row?.today ?? 0, timeZone };
}

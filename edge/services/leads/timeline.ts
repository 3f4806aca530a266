import { and, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { leadEvents, memberships, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { Timeline, TimelineQuery } from '../../contract/workspace-activity';
import { fromOpaque, pageOf } from '../../core/base64';
import { AppError } from '../../core/errors';
import { findLead } from './access';

type Cursor = { t: string; i: number };

function decode(text: string): Cursor {
  const c = fromOpaque(text) as Partial<Cursor> | null | undefined;
  if (typeof c?.t === 'string' && /^\d{1,17}$/.test(c.t) && Number.isSafeInteger(c.i)) return c as Cursor;
  throw new AppError('invalid-parameter', {
    detail: 'cursor is not a cursor this API returned',
    errors: [{ pointer: '/cursor', detail: 'Invalid cursor' }],
  });
}

// Microseconds since the epoch: the exact event time, so equal-millisecond events are not skipped.
const micros = sql<string>`(extract(epoch from ${leadEvents.createdAt}) * 1000000)::bigint::text`;

function after(c: Cursor): SQL {
  return sql`(${leadEvents.createdAt}, ${leadEvents.id}) < ('epoch'::timestamptz + ${c.t}::bigint * interval '1 microsecond', ${c.i})`;
}

/**
 * A lead's timeline, newest first: the audit events of the lead (the log and the timeline are one table),
 * filtered by type and date, keyset-paginated on (time, id); the acting user's name where there is one.
 */
export async function leadTimeline(
  db: Db,
  organizationId: string,
  leadId: string,
  query: TimelineQuery,
): Promise<Timeline> {
  await findLead(db, organizationId, leadId);
  const rows = await db
    .select({ event: leadEvents, actorName: users.name, micros })
    .from(leadEvents)
    .leftJoin(users, and(eq(leadEvents.actorType, 'user'), eq(users.id, leadEvents.actorId)))
    .where(
      inOrg(
        leadEvents,
        organizationId,
        eq(leadEvents.leadId, leadId),
        query.type?.length ? inArray(leadEvents.type, query.type) : undefined,
        query.from ? gte(leadEvents.createdAt, query.from) : undefined,
        query.to ? lt(leadEvents.createdAt, query.to) : undefined,
        query.cursor ? after(decode(query.cursor)) : undefined,
      ),
    )
    .orderBy(desc(leadEvents.createdAt), desc(leadEvents.id))
    .limit(query.limit + 1);
  const { page, nextCursor } = pageOf(
    rows,
    query.limit,
    (last): Cursor => ({ t: last.micros, i: last.event.id }),
  );
  return {
    people: await peopleNamed(
      db,
      organizationId,
      page.map((r) => r.event),
    ),
    items: page.map(({ event: e, actorName }) => ({
      id: String(e.id),
      type: e.type,
      actor: { type: e.actorType, id: e.actorId, name: actorName },
      at: e.createdAt.toISOString(),
      data: e.data,
    })),
    nextCursor,
  };
}

/** The names of the people an assignment moved a lead from or to, members of the organization only. */
async function peopleNamed(
  db: Db,
  organizationId: string,
  events: ReadonlyArray<{ type: string; data: Record<string, unknown> }>,
): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.type !== 'assigned') continue;
    for (const id of [e.data.from, e.data.to]) if (typeof id === 'string') ids.add(id);
  }
  if (ids.size === 0) return {};
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(memberships.organizationId, organizationId), inArray(users.id, [...ids])));
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

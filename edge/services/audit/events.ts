import { type SQL, sql } from 'drizzle-orm';
import { leadEvents } from '../../../db/schema';
import type { Executor } from '../../../db/types';
import type { Actor } from '../../core/actor';

export type EventInput = {
  organizationId: string;
  leadId?: string | null;
  entityType?: string;
  entityId?: string | null;
  type: string;
  actor: Actor;
  data?: Record<string, unknown>;
  at: Date;
};

/**
 * The row an event is stored as: the entity is the lead unless another is named, data defaults to `{}`.
 * The one mapping of an event to `lead_events`; `eventsFrom` is its set-based twin.
 */
export function eventRow(e: EventInput): typeof leadEvents.$inferInsert {
  return {
    organizationId: e.organizationId,
    leadId: e.leadId ?? null,
    entityType: e.entityType ?? 'lead',
    entityId: e.entityId ?? e.leadId ?? null,
    type: e.type,
    actorType: e.actor.type,
    actorId: e.actor.id,
    data: e.data ?? {},
    createdAt: e.at,
  };
}

/** Appends to the audit log / timeline, inside the caller's transaction. */
export async function recordEvents(db: Executor, events: EventInput[]): Promise<void> {
  if (events.length === 0) return;
  await eventsInsert(db, events);
}

/** Appends one event, inside the caller's transaction, and answers its id (for a response that names it). */
export async function recordEvent(db: Executor, event: EventInput): Promise<string> {
  const [row] = await eventsInsert(db, [event]).returning({ id: leadEvents.id });
  return String(row!.id);
}

/** The insert of `events` (at least one), unawaited: for a statement that does more (a WITH of writes). */
export function eventsInsert(db: Executor, events: EventInput[]) {
  return db.insert(leadEvents).values(events.map(eventRow));
}

/**
 * An event whose values are SQL expressions over the rows of a query (`type` may be a literal). Defaults
 * as eventRow's: the entity is the lead.
 */
export type EventSql = {
  organizationId: SQL;
  leadId: SQL;
  entityType?: SQL;
  entityId?: SQL;
  type: string | SQL;
  actorType: SQL;
  actorId: SQL;
  data: SQL;
  at: SQL;
};

/** The system as the actor of a set-based event (routing, aging, duplicate links). */
export const SYSTEM_ACTOR_SQL = { actorType: sql`'system'::actor_type`, actorId: sql`null` } as const;

/**
 * `insert into lead_events … select …`: one event per row of `from` (a FROM list such as
 * `ins join input x on …`) that satisfies `where`. For statements that write events set-based, in a CTE
 * beside the writes they record, or alone.
 */
export function eventsFrom(e: EventSql, from: SQL, where?: SQL): SQL {
  const type = typeof e.type === 'string' ? sql.raw(`'${e.type.replaceAll("'", "''")}'`) : e.type;
  return sql`insert into ${leadEvents} (organization_id, lead_id, entity_type, entity_id, type, actor_type, actor_id, data, created_at)
    select ${e.organizationId}, ${e.leadId}, ${e.entityType ?? sql`'lead'`}, ${e.entityId ?? e.leadId}, ${type},
      ${e.actorType}, ${e.actorId}, ${e.data}, ${e.at}
    from ${from}${where ? sql` where ${where}` : sql``}`;
}

/** `jsonb_build_object('key', value, …)` of SQL expressions: the set-based form of an event's data. */
export function jsonObject(fields: Record<string, SQL>): SQL {
  const pairs = Object.entries(fields).map(([k, v]) => sql`${sql.raw(`'${k.replaceAll("'", "''")}'`)}, ${v}`);
  return sql`jsonb_build_object(${sql.join(pairs, sql`, `)})`;
}

/**
 * The insert of many events (eventRow's rows) in one statement with one parameter, a jsonb array: for
 * 1,000 events this sends one string instead of 9,000 bound parameters.
 */
export function eventsFromJson(rows: Array<typeof leadEvents.$inferInsert>): SQL {
  const r = (column: string) => sql.raw(`r."${column}"`);
  return eventsFrom(
    {
      organizationId: r('organizationId'),
      leadId: r('leadId'),
      entityType: r('entityType'),
      entityId: r('entityId'),
      type: r('type'),
      actorType: sql`${r('actorType')}::actor_type`,
      actorId: r('actorId'),
      data: r('data'),
      at: r('createdAt'),
    },
    sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("organizationId" text, "leadId" text,
      "entityType" text, "entityId" text, "type" text, "actorType" text, "actorId" text, "data" jsonb,
      "createdAt" timestamptz)`,
  );
}

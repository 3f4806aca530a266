import { and, desc, eq, gte, inArray, isNotNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import { apiKeys, leadEvents, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { AuditFilter, AuditPage, AuditQuery } from '../../contract/audit';
import { type AuditEntry, sealedValues, withValues } from '../../core/audit-log';
import { fromOpaque, pageOf } from '../../core/base64';
import { AppError } from '../../core/errors';
import type { Deps } from '../../deps';

type Cursor = { t: string; i: number };

function decode(text: string): Cursor {
  const c = fromOpaque(text) as Partial<Cursor> | null | undefined;
  if (typeof c?.t === 'string' && /^-?\d{1,17}$/.test(c.t) && Number.isSafeInteger(c.i)) return c as Cursor;
  throw new AppError('invalid-parameter', {
    detail: 'cursor is not a cursor this API returned',
    errors: [{ pointer: '/cursor', detail: 'Invalid cursor' }],
  });
}

// Microseconds since the epoch: the exact event time, so events in the same millisecond are not skipped.
const micros = sql<string>`(extract(epoch from ${leadEvents.createdAt}) * 1000000)::bigint::text`;

/**
 * Strictly after the cursor in (time desc, id desc) order. The redundant `<=` on the time alone is what an
 * index on (…, created_at) can range over; the row comparison then drops the cursor's own instant's seen ids.
 */
function after(c: Cursor): SQL {
  const at = sql`('epoch'::timestamptz + ${c.t}::bigint * interval '1 microsecond')`;
  return and(
    lte(leadEvents.createdAt, at),
    sql`(${leadEvents.createdAt}, ${leadEvents.id}) < (${at}, ${c.i})`,
  )!;
}

const ACTORS_WITH_ID = new Set(['user', 'api_key', 'webhook']);

/**
 * The filter's conditions. A lead as the entity means the lead's whole timeline (lead_id, served by
 * lead_events_lead_idx); any other entity is matched exactly (lead_events_org_entity_idx).
 */
function conditions(f: AuditFilter): Array<SQL | undefined> {
  const lead = f.entityType === 'lead';
  return [
    f.action?.length ? inArray(leadEvents.type, f.action) : undefined,
    f.actorType ? eq(leadEvents.actorType, f.actorType) : undefined,
    // Always true of these actors; it lets the planner use lead_events_org_actor_idx (partial on it).
    f.actorType && ACTORS_WITH_ID.has(f.actorType) ? isNotNull(leadEvents.actorId) : undefined,
    f.actorId ? eq(leadEvents.actorId, f.actorId) : undefined,
    f.entityType && !(lead && f.entityId) ? eq(leadEvents.entityType, f.entityType) : undefined,
    f.entityId ? (lead ? eq(leadEvents.leadId, f.entityId) : eq(leadEvents.entityId, f.entityId)) : undefined,
    f.from ? gte(leadEvents.createdAt, f.from) : undefined,
    f.to ? lt(leadEvents.createdAt, f.to) : undefined,
  ];
}

/** Up to `limit` events of the organization matching `filter` after `cursor`, newest first, actors named. */
async function readEvents(
  db: Db,
  organizationId: string,
  filter: AuditFilter,
  cursor: Cursor | null,
  limit: number,
) {
  return db
    .select({
      event: leadEvents,
      userName: users.name,
      keyName: apiKeys.name,
      micros,
    })
    .from(leadEvents)
    .leftJoin(users, and(eq(leadEvents.actorType, 'user'), eq(users.id, leadEvents.actorId)))
    .leftJoin(
      apiKeys,
      and(
        eq(leadEvents.actorType, 'api_key'),
        eq(apiKeys.id, leadEvents.actorId),
        eq(apiKeys.organizationId, organizationId),
      ),
    )
    .where(inOrg(leadEvents, organizationId, ...conditions(filter), cursor ? after(cursor) : undefined))
    .orderBy(desc(leadEvents.createdAt), desc(leadEvents.id))
    .limit(limit);
}

type Row = Awaited<ReturnType<typeof readEvents>>[number];

/**
 * An event as the log shows it: personal values the event keeps sealed are decrypted in memory (a value
 * that no longer opens, after an erasure or a retired key, shows as null rather than failing the page).
 */
async function entryOf(deps: Pick<Deps, 'pii'>, row: Row): Promise<AuditEntry> {
  const e = row.event;
  const sealed = sealedValues(e.type, e.data);
  const values = await Promise.all(
    sealed.map(async ({ path, field }) => {
      let node: unknown = e.data;
      for (const key of path) node = (node as Record<string | number, unknown>)[key];
      const value = await deps.pii.decrypt(e.organizationId, field, node as string).catch(() => null);
      return { path, value };
    }),
  );
  return {
    id: String(e.id),
    at: e.createdAt.toISOString(),
    type: e.type,
    actor: { type: e.actorType, id: e.actorId, name: row.userName ?? row.keyName ?? null },
    entity: { type: e.entityType, id: e.entityId },
    leadId: e.leadId,
    data: withValues(e.data, values),
  };
}

/**
 * A page of the organization's audit log (every event: leads, people, settings, exports, sign-ins),
 * filtered, newest first, keyset-paginated on (time, id).
 */
export async function listAuditEvents(
  deps: Pick<Deps, 'pii'>,
  db: Db,
  organizationId: string,
  query: AuditQuery,
): Promise<AuditPage> {
  const { limit, cursor, ...filter } = query;
  const rows = await readEvents(db, organizationId, filter, cursor ? decode(cursor) : null, limit + 1);
  const { page, nextCursor } = pageOf(rows, limit, (last): Cursor => ({ t: last.micros, i: last.event.id }));
  return { items: await Promise.all(page.map((r) => entryOf(deps, r))), nextCursor };
}

/** Events per query of an export: memory stays flat whatever the log's size. */
export const AUDIT_EXPORT_BATCH = 1000;

/**
 * Every event matching `filter`, newest first, AUDIT_EXPORT_BATCH at a time: the export's reader. Each
 * batch starts after the previous one's last event, so an event written meanwhile never shifts a page.
 */
export async function* auditBatches(
  deps: Pick<Deps, 'pii'>,
  db: Db,
  organizationId: string,
  filter: AuditFilter,
): AsyncGenerator<AuditEntry[]> {
  let cursor: Cursor | null = null;
  for (;;) {
    const rows = await readEvents(db, organizationId, filter, cursor, AUDIT_EXPORT_BATCH);
    if (rows.length > 0) yield await Promise.all(rows.map((r) => entryOf(deps, r)));
    if (rows.length < AUDIT_EXPORT_BATCH) return;
    const last = rows.at(-1)!;
    cursor = { t: last.micros, i: last.event.id };
  }
}

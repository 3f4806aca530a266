import { sql } from 'drizzle-orm';
import { ACTION_FIELDS, type BulkActionName, type BulkField, type BulkFields } from '../../edge/core/bulk';
import { type EventInput, eventRow, eventsFromJson } from '../../edge/services/audit/events';
import type { Executor } from '../types';

/** Each field a bulk operation may change: its column and SQL type (for jsonb_to_recordset). */
const COLUMNS: Record<BulkField, [column: string, type: string]> = {
  status: ['status', 'lead_status'],
  lossReason: ['loss_reason', 'loss_reason'],
  lossReasonText: ['loss_reason_text', 'text'],
  statusChangedAt: ['status_changed_at', 'timestamptz'],
  statusChangedBy: ['status_changed_by', 'text'],
  contactedAt: ['contacted_at', 'timestamptz'],
  contactedBy: ['contacted_by', 'text'],
  qualifiedAt: ['qualified_at', 'timestamptz'],
  qualifiedBy: ['qualified_by', 'text'],
  lostAt: ['lost_at', 'timestamptz'],
  lostBy: ['lost_by', 'text'],
  lastActivityAt: ['last_activity_at', 'timestamptz'],
  assignedTo: ['assigned_to', 'text'],
  tags: ['tags', 'text[]'],
  deletedAt: ['deleted_at', 'timestamptz'],
};

/** One lead's new values; `versionAfter`, when given, is the version the lead must still be at. */
export type FieldRow = {
  id: string;
  values: Partial<BulkFields> | Record<string, unknown>;
  versionAfter?: number;
};

/**
 * Writes many leads' values of one action's fields in ONE statement: the values travel as a single jsonb
 * array unpacked by jsonb_to_recordset, so 1,000 leads cost one round trip, not 1,000. With `guarded`,
 * a lead is written only while still at `versionAfter` (an undo must not overwrite a later change).
 * Returns the leads written with their new version.
 */
export async function writeFields(
  db: Executor,
  organizationId: string,
  action: BulkActionName,
  rows: FieldRow[],
  now: Date,
  guarded = false,
): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const fields = ACTION_FIELDS[action];
  const records = rows.map((r) => {
    const record: Record<string, unknown> = { id: r.id, version_after: r.versionAfter ?? null };
    for (const f of fields) record[COLUMNS[f][0]] = (r.values as Record<string, unknown>)[f] ?? null;
    return record;
  });
  const defs = fields.map((f) => `${COLUMNS[f][0]} ${COLUMNS[f][1]}`).join(', ');
  const sets = fields.map((f) => `${COLUMNS[f][0]} = v.${COLUMNS[f][0]}`);
  // The first contact is the first response when nothing answered the lead before; an undo keeps it (set once).
  if (!guarded && fields.includes('contactedAt'))
    sets.push('first_response_at = coalesce(l.first_response_at, v.contacted_at)');
  const result = (await db.execute(sql`
    update leads as l set ${sql.raw(sets.join(', '))}, version = l.version + 1, updated_at = ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(id text, version_after int, ${sql.raw(defs)})
    where l.organization_id = ${organizationId} and l.id = v.id
      ${guarded ? sql`and l.version = v.version_after` : sql``}
    returning l.id, l.version`)) as unknown as { rows: Array<{ id: string; version: number }> };
  return new Map(result.rows.map((r) => [r.id, Number(r.version)]));
}

const lower = (tags: string[]) => new Set(tags.map((t) => t.toLowerCase()));

/**
 * The event a lead gets for a change of one action's fields from `from` to `to` — the same types and data
 * as the single-lead changes write, so the timeline reads the same; an undo is the same change reversed.
 */
export function leadEventOf(
  action: BulkActionName,
  from: Record<string, unknown>,
  to: Record<string, unknown>,
): { type: string; data: Record<string, unknown> } {
  switch (action) {
    case 'status':
      return {
        type: 'status_changed',
        data: {
          from: from.status,
          to: to.status,
          lossReason: to.lossReason,
          lossReasonText: to.lossReasonText,
        },
      };
    case 'assign':
      return { type: 'assigned', data: { from: from.assignedTo, to: to.assignedTo } };
    case 'addTags':
    case 'removeTags': {
      const a = (from.tags ?? []) as string[];
      const b = (to.tags ?? []) as string[];
      const [la, lb] = [lower(a), lower(b)];
      const added = b.filter((t) => !la.has(t.toLowerCase()));
      const removed = a.filter((t) => !lb.has(t.toLowerCase()));
      return { type: 'tags_changed', data: { added, removed, from: a, to: b } };
    }
    case 'delete':
      return { type: to.deletedAt ? 'deleted' : 'restored', data: {} };
  }
}

/** Appends many events in one statement with one parameter (eventsFromJson): the rows recordEvents writes. */
export async function insertEvents(db: Executor, events: EventInput[]): Promise<void> {
  if (events.length === 0) return;
  await db.execute(eventsFromJson(events.map(eventRow)));
}

/** The undo journal of an operation, in one statement: per lead, its fields before and after, its version. */
export async function insertJournal(
  db: Executor,
  organizationId: string,
  operationId: string,
  entries: Array<{ leadId: string; before: object; after: object; versionAfter: number }>,
): Promise<void> {
  const records = entries.map((e) => ({
    lead_id: e.leadId,
    before: e.before,
    after: e.after,
    version_after: e.versionAfter,
  }));
  await db.execute(sql`
    insert into bulk_operation_leads (operation_id, organization_id, lead_id, before, after, version_after)
    select ${operationId}, ${organizationId}, lead_id, before, after, version_after
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(lead_id text, before jsonb, after jsonb, version_after int)`);
}

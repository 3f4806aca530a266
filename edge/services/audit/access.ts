import { sql } from 'drizzle-orm';
import { leadEvents } from '../../../db/schema';
import type { Executor } from '../../../db/types';
import { actorOf } from '../../core/actor';
import type { Auth, Deps } from '../../deps';
import { eventsFrom } from './events';

/** The event type of a read of a lead's personal data, and the entity it names (the lead's id). */
export const ACCESS_EVENT = { type: 'accessed', entityType: 'lead_access' } as const;

/** Within this long, the same actor reading the same thing of the same lead again is not recorded again. */
export const ACCESS_DEDUPE_MS = 60_000;

/**
 * One read of a lead's personal data: what was revealed (`contact`: the decrypted email and/or phone of
 * `revealed`; `document`: a file's bytes, `documentId`).
 */
export type LeadAccess =
  | { leadId: string; kind: 'contact'; revealed: Array<'email' | 'phone'> }
  | { leadId: string; kind: 'document'; documentId: string };

/** Which of a record's contact values an answer showed decrypted. */
export function revealedContact(r: { email: string | null; phone: string | null }): Array<'email' | 'phone'> {
  return (['email', 'phone'] as const).filter((f) => r[f] !== null);
}

/**
 * The contact reads of records as they were answered: one per record that showed a decrypted email or
 * phone (a masked or absent value reveals nothing).
 */
export function contactReads(
  records: Array<{ id: string; email: string | null; phone: string | null }>,
): LeadAccess[] {
  return records.flatMap((r): LeadAccess[] => {
    const revealed = revealedContact(r);
    return revealed.length ? [{ leadId: r.id, kind: 'contact', revealed }] : [];
  });
}

/**
 * Records, after the answer (waitUntil on Workers, in the background on Node), that the caller read these
 * leads' personal data through `via` (the route, e.g. `GET /api/leads/{id}`). A write that fails is logged
 * as `access events not recorded` with what it would have recorded (ids, never personal data), so an
 * access is never lost without a trace.
 */
export function recordAccessLater(
  defer: (task: Promise<unknown>) => void,
  deps: Pick<Deps, 'now' | 'logger'>,
  db: Executor,
  auth: Auth,
  reads: LeadAccess[],
  via: string,
): void {
  if (reads.length === 0) return;
  const at = deps.now();
  defer(
    recordAccess(db, auth, reads, via, at).catch((error: unknown) => {
      deps.logger.error('access events not recorded', {
        organizationId: auth.organizationId,
        actor: actorOf(auth),
        via,
        at: at.toISOString(),
        reads,
        error: error instanceof Error ? error.message : String(error),
      });
    }),
  );
}

/**
 * One statement: an `accessed` event per read, except where the same actor already has one for the same
 * lead and the same thing (kind, document) in the ACCESS_DEDUPE_MS before `at`. The check walks
 * lead_events_org_entity_idx (organization, entity type, lead id, time): a handful of rows at most. Two
 * requests racing in the same instant may both write; nothing is ever left unrecorded.
 */
export async function recordAccess(
  db: Executor,
  auth: Auth,
  reads: LeadAccess[],
  via: string,
  at: Date,
): Promise<void> {
  const actor = actorOf(auth);
  const rows = reads.map((r) => ({
    leadId: r.leadId,
    data:
      r.kind === 'contact'
        ? { kind: r.kind, revealed: r.revealed, via }
        : { kind: r.kind, documentId: r.documentId, via },
  }));
  const since = new Date(at.getTime() - ACCESS_DEDUPE_MS).toISOString();
  const e = sql.raw('e');
  // Literals, not parameters: the partial index on entities other than leads must be provably usable.
  const entityType = sql.raw(`'${ACCESS_EVENT.entityType}'`);
  const type = sql.raw(`'${ACCESS_EVENT.type}'`);
  await db.execute(
    eventsFrom(
      {
        organizationId: sql`${auth.organizationId}`,
        leadId: sql`null`,
        entityType,
        entityId: sql`r."leadId"`,
        type: ACCESS_EVENT.type,
        actorType: sql`${actor.type}::actor_type`,
        actorId: sql`${actor.id}::text`,
        data: sql`r.data`,
        at: sql`${at.toISOString()}::timestamptz`,
      },
      sql`(select distinct on ("leadId", data) * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x("leadId" text, data jsonb)) r`,
      sql`not exists (
        select 1 from ${leadEvents} ${e}
        where ${e}.organization_id = ${auth.organizationId}
          and ${e}.entity_type = ${entityType} and ${e}.entity_id = r."leadId"
          and ${e}.created_at > ${since}::timestamptz and ${e}.created_at <= ${at.toISOString()}::timestamptz
          and ${e}.type = ${type}
          and ${e}.actor_type = ${actor.type}::actor_type and ${e}.actor_id is not distinct from ${actor.id}::text
          and ${e}.data->>'kind' = r.data->>'kind'
          and (${e}.data->>'documentId') is not distinct from (r.data->>'documentId'))`,
    ),
  );
}

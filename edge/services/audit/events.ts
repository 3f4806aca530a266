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

/** Appends to the audit log / timeline, inside the caller's transaction. */
export async function recordEvents(db: Executor, events: EventInput[]): Promise<void> {
  if (events.length === 0) return;
  await eventsInsert(db, events);
}

/** The insert of `events` (at least one), unawaited: for a statement that does more (a WITH of writes). */
export function eventsInsert(db: Executor, events: EventInput[]) {
  return db.insert(leadEvents).values(
    events.map((e) => ({
      organizationId: e.organizationId,
      leadId: e.leadId ?? null,
      entityType: e.entityType ?? 'lead',
      entityId: e.entityId ?? e.leadId ?? null,
      type: e.type,
      actorType: e.actor.type,
      actorId: e.actor.id,
      data: e.data ?? {},
      createdAt: e.at,
    })),
  );
}

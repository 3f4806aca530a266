import { asc, eq } from 'drizzle-orm';
import { leadEvents, tasks } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import { actorOf } from '../../core/actor';
import type { Auth, Deps } from '../../deps';
import { revealedContact } from '../audit/access';
import { recordEvents } from '../audit/events';
import { listDocuments } from './documents';
import { getLead } from './get';
import { listNotes } from './notes';

/**
 * The GDPR data export of one person (Art. 15/20): the lead with its PII, its notes, its tasks (their
 * titles and notes may speak of the person), its whole event history (logged calls, emails and meetings
 * included) and its documents' metadata (the files themselves are downloaded one by one). The export is
 * itself recorded as an `exported` event on the lead, naming the contact data it revealed and `via` (the
 * route that answered it): the access record of the export, written every time.
 */
export async function exportPerson(
  deps: Pick<Deps, 'pii' | 'now'>,
  db: Db,
  auth: Auth,
  leadId: string,
  { via }: { via: string },
) {
  const org = auth.organizationId;
  const lead = await getLead(db, deps.pii, org, leadId);
  const [notes, documents, events, leadTasks] = await Promise.all([
    listNotes(db, org, leadId),
    listDocuments(db, org, leadId),
    db
      .select()
      .from(leadEvents)
      .where(inOrg(leadEvents, org, eq(leadEvents.leadId, leadId)))
      .orderBy(asc(leadEvents.createdAt), asc(leadEvents.id)),
    db
      .select({
        id: tasks.id,
        title: tasks.title,
        note: tasks.note,
        dueAt: tasks.dueAt,
        assigneeId: tasks.assigneeId,
        doneAt: tasks.doneAt,
        createdAt: tasks.createdAt,
      })
      .from(tasks)
      .where(inOrg(tasks, org, eq(tasks.leadId, leadId)))
      .orderBy(asc(tasks.createdAt), asc(tasks.id)),
  ]);
  const exportedAt = deps.now();
  await recordEvents(db, [
    {
      organizationId: org,
      leadId,
      actor: actorOf(auth),
      at: exportedAt,
      type: 'exported',
      data: { kind: 'gdpr', revealed: revealedContact(lead), via },
    },
  ]);
  return {
    exportedAt: exportedAt.toISOString(),
    lead,
    notes: notes.items,
    documents: documents.items,
    tasks: leadTasks.map((task) => ({
      ...task,
      dueAt: task.dueAt.toISOString(),
      doneAt: task.doneAt?.toISOString() ?? null,
      createdAt: task.createdAt.toISOString(),
    })),
    events: events.map((e) => ({
      type: e.type,
      actorType: e.actorType,
      actorId: e.actorId,
      data: e.data,
      at: e.createdAt.toISOString(),
    })),
  };
}

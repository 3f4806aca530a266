import { asc, eq } from 'drizzle-orm';
import { leadEvents } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import { actorOf } from '../../core/actor';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { listDocuments } from './documents';
import { getLead } from './get';
import { listNotes } from './notes';

/**
 * The GDPR data export of one person (Art. 15/20): the lead with its PII, its notes, its whole event
 * history and its documents' metadata (the files themselves are downloaded one by one). The export is
 * itself recorded as an `exported` event on the lead.
 */
export async function exportPerson(deps: Pick<Deps, 'pii' | 'now'>, db: Db, auth: Auth, leadId: string) {
  const org = auth.organizationId;
  const lead = await getLead(db, deps.pii, org, leadId);
  const [notes, documents, events] = await Promise.all([
    listNotes(db, org, leadId),
    listDocuments(db, org, leadId),
    db
      .select()
      .from(leadEvents)
      .where(inOrg(leadEvents, org, eq(leadEvents.leadId, leadId)))
      .orderBy(asc(leadEvents.createdAt), asc(leadEvents.id)),
  ]);
  const exportedAt = deps.now();
  await recordEvents(db, [
    {
      organizationId: org,
      leadId,
      actor: actorOf(auth),
      at: exportedAt,
      type: 'exported',
      data: { kind: 'gdpr' },
    },
  ]);
  return {
    exportedAt: exportedAt.toISOString(),
    lead,
    notes: notes.items,
    documents: documents.items,
    events: events.map((e) => ({
      type: e.type,
      actorType: e.actorType,
      actorId: e.actorId,
      data: e.data,
      at: e.createdAt.toISOString(),
    })),
  };
}

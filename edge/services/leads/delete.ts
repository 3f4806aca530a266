import { eq, sql } from 'drizzle-orm';
import { leads } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { assertNotConverted, changeLead, leadEvent } from './access';

/**
 * Soft-deletes a lead: it leaves every list and lookup (and frees its email and phone for a new lead,
 * the unique indexes being partial on live rows), while its row and history stay for the audit log.
 */
export async function deleteLead(
  deps: Pick<Deps, 'now' | 'pii'>,
  db: Db,
  auth: Auth,
  leadId: string,
  expectedVersion: number | undefined,
): Promise<void> {
  await changeLead(deps, db, auth, leadId, expectedVersion, async (tx, lead, now) => {
    assertNotConverted(lead);
    await tx
      .update(leads)
      .set({ deletedAt: now, updatedAt: now, version: sql`${leads.version} + 1` })
      .where(eq(leads.id, lead.id));
    await recordEvents(tx, [
      {
        ...leadEvent(auth, lead.id, now),
        type: 'deleted',
        data: { status: lead.status, assignedTo: lead.assignedTo, version: lead.version + 1 },
      },
    ]);
  });
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import { pgCode, UNIQUE_VIOLATION } from '../../../db/errors';
import { leadMerges, leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { restoreAll } from './merge-repoint';

type Merge = typeof leadMerges.$inferSelect;

/** The merge, locked; `not-found` for another organization's, `conflict` when it can no longer be undone. */
async function lockMerge(
  tx: Tx,
  org: string,
  mergeId: string,
): Promise<Merge & { journal: NonNullable<Merge['journal']> }> {
  const [merge] = await tx
    .select()
    .from(leadMerges)
    .where(inOrg(leadMerges, org, eq(leadMerges.id, mergeId)))
    .for('update');
  if (!merge) throw new AppError('not-found', { detail: `No merge ${mergeId}.` });
  if (merge.undoneAt) throw new AppError('conflict', { detail: 'This merge was already undone.' });
  if (!merge.journal)
    throw new AppError('conflict', {
      detail: 'A lead of this merge was erased, so the merge cannot be undone.',
    });
  return merge as Merge & { journal: NonNullable<Merge['journal']> };
}

/**
 * The leads must be as the merge left them: the master live and unchanged since (else undoing would drop
 * later edits), the merged ones still deleted into it (not restored, erased or purged).
 */
async function checkLeads(tx: Tx, org: string, merge: Merge & { journal: NonNullable<Merge['journal']> }) {
  const rows = await tx
    .select({
      id: leads.id,
      deletedAt: leads.deletedAt,
      mergedInto: leads.mergedInto,
      version: leads.version,
    })
    .from(leads)
    .where(inOrg(leads, org, inArray(leads.id, [merge.masterId, ...merge.mergedIds])))
    .orderBy(leads.id)
    .for('update');
  const master = rows.find((r) => r.id === merge.masterId);
  if (!master || master.deletedAt || master.version !== merge.journal.masterVersionAfter)
    throw new AppError('conflict', {
      detail: 'The master record changed after the merge; undo would lose those changes.',
      errors: [{ pointer: '/masterId', detail: 'Changed since the merge', code: 'master_changed' }],
    });
  const intact = rows.filter((r) => r.mergedInto === merge.masterId && r.deletedAt);
  if (intact.length !== merge.mergedIds.length)
    throw new AppError('conflict', { detail: 'A merged lead was restored or erased since the merge.' });
}

/**
 * Unmerges: the master gets back the values it had, every repointed row goes back to its lead, and the
 * merged leads are live again — one transaction, with an `unmerged` event on each lead. A new lead that
 * took a merged lead's email or phone meanwhile makes it a `duplicate-lead`, with nothing changed.
 */
export async function undoMerge(deps: Pick<Deps, 'now'>, db: Db, auth: Auth, mergeId: string) {
  const org = auth.organizationId;
  try {
    return await db.transaction(async (tx) => {
      const merge = await lockMerge(tx, org, mergeId);
      await checkLeads(tx, org, merge);
      const now = deps.now();
      await tx
        .update(leads)
        .set({ ...merge.journal.masterBefore, updatedAt: now, version: sql`${leads.version} + 1` })
        .where(eq(leads.id, merge.masterId));
      await restoreAll(tx, org, merge.masterId, merge.journal.repointed);
      await tx
        .update(leads)
        .set({ deletedAt: null, mergedInto: null, updatedAt: now, version: sql`${leads.version} + 1` })
        .where(
          and(inOrg(leads, org, inArray(leads.id, merge.mergedIds)), eq(leads.mergedInto, merge.masterId)),
        );
      await tx.update(leadMerges).set({ undoneAt: now }).where(eq(leadMerges.id, mergeId));
      const base = { organizationId: org, actor: actorOf(auth), at: now, data: { mergeId } };
      await recordEvents(
        tx,
        [merge.masterId, ...merge.mergedIds].map((leadId) => ({ ...base, leadId, type: 'unmerged' })),
      );
      return { mergeId, restoredIds: merge.mergedIds };
    });
  } catch (e) {
    if (pgCode(e) === UNIQUE_VIOLATION)
      throw new AppError('duplicate-lead', {
        detail: 'Another live lead now has the email or phone of a merged lead.',
        cause: e,
      });
    throw e;
  }
}

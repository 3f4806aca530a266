import { eq } from 'drizzle-orm';
import { pgCode, UNIQUE_VIOLATION } from '../../../db/errors';
import { bulkOperationLeads, bulkOperations } from '../../../db/schema';
import { insertEvents, writeFields } from '../../../db/sql/bulk-write';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { BulkUndoResult } from '../../contract/bulk';
import { actorOf } from '../../core/actor';
import { type BulkActionName, UNDO_WINDOW_MS } from '../../core/bulk';
import { AppError } from '../../core/errors';
import { hasRole } from '../../core/permissions';
import type { Auth, Deps } from '../../deps';
import { changeEvent, operationEvent } from './bulk-update';

/**
 * Undoes a bulk operation within UNDO_WINDOW_MS: each lead gets back exactly the values the operation
 * changed, unless it changed again since (then it is left as it is and reported as `changed-since`).
 * One set-based UPDATE guarded by the version the operation left each lead at, one event per restored
 * lead and one audit event, in one transaction. Undone by whoever did it, or by an admin.
 */
export async function undoBulkOperation(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  operationId: string,
): Promise<BulkUndoResult> {
  const now = deps.now();
  return db.transaction(async (tx) => {
    const [op] = await tx
      .select()
      .from(bulkOperations)
      .where(inOrg(bulkOperations, auth.organizationId, eq(bulkOperations.id, operationId)))
      .for('update');
    if (!op) throw new AppError('not-found', { detail: `No bulk operation ${operationId}.` });
    const actor = actorOf(auth);
    const own = op.actorType === actor.type && op.actorId === actor.id;
    if (!own && !hasRole(auth.role, 'admin'))
      throw new AppError('forbidden', {
        detail: 'Only whoever made a bulk operation, or an admin, may undo it.',
      });
    if (op.undoneAt) throw new AppError('conflict', { detail: 'This operation was already undone.' });
    if (now.getTime() - op.createdAt.getTime() > UNDO_WINDOW_MS)
      throw new AppError('undo-expired', {
        detail: `An operation can be undone for ${UNDO_WINDOW_MS / 1000} seconds.`,
      });
    const entries = await tx
      .select()
      .from(bulkOperationLeads)
      .where(eq(bulkOperationLeads.operationId, op.id));
    const action = op.action as BulkActionName;
    const rows = entries.map((e) => ({ id: e.leadId, values: e.before, versionAfter: e.versionAfter }));
    const versions = await writeFields(tx, auth.organizationId, action, rows, now, true).catch((e) => {
      throw pgCode(e) === UNIQUE_VIOLATION // a lead brought back collides with a newer one's email or phone
        ? new AppError('duplicate-lead', {
            detail: 'A lead cannot come back: another lead now has its email or phone.',
            cause: e,
          })
        : e;
    });
    const restored = entries.filter((e) => versions.has(e.leadId));
    const skipped = entries
      .filter((e) => !versions.has(e.leadId))
      .map((e) => ({ id: e.leadId, reason: 'changed-since' as const }));
    await tx.update(bulkOperations).set({ undoneAt: now }).where(eq(bulkOperations.id, op.id));
    await insertEvents(tx, [
      ...restored.map((e) =>
        changeEvent(
          auth,
          action,
          { id: e.leadId, before: e.after, after: e.before },
          op.id,
          versions.get(e.leadId),
          now,
          true,
        ),
      ),
      operationEvent(
        auth,
        op.id,
        'bulk_undone',
        { action, restored: restored.length, skipped: skipped.length },
        now,
      ),
    ]);
    return { operationId: op.id, restored: restored.length, skipped };
  });
}

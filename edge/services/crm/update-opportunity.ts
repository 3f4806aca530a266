import { eq, isNull, sql } from 'drizzle-orm';
import { opportunities } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import type { OpportunityDetail, UpdateOpportunityBody } from '../../contract/crm';
import { actorOf } from '../../core/actor';
import { isClosedStage, type OpportunityStage } from '../../core/convert-plan';
import { AppError } from '../../core/errors';
import { canEditLead } from '../../core/permissions';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { getOpportunity } from './opportunities';

/**
 * Changes an opportunity's stage or amount on the row locked FOR UPDATE: its owner (a member) or an admin
 * may; a stale `version` is a `version-conflict` carrying the current record. One `updated` event holds before/after; a
 * closed stage stamps the close date, reopening clears it.
 */
export async function updateOpportunity(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  id: string,
  body: UpdateOpportunityBody,
): Promise<OpportunityDetail> {
  const org = auth.organizationId;
  const stale = await db.transaction(async (tx) => {
    const o = await lockOpportunity(tx, auth, id);
    if (o.version !== body.version) return true;
    const changes = opportunityChanges(o, body);
    if (Object.keys(changes).length === 0) return false;
    const now = deps.now();
    const stage = (body.stage ?? o.stage) as OpportunityStage;
    await tx
      .update(opportunities)
      .set({
        ...(changes.stage ? { stage, closedAt: isClosedStage(stage) ? now : null } : {}),
        ...(changes.amount ? { amount: changes.amount.to as string } : {}),
        version: sql`${opportunities.version} + 1`,
        updatedAt: now,
      })
      .where(eq(opportunities.id, o.id));
    await recordEvents(tx, [
      {
        organizationId: org,
        entityType: 'opportunity',
        entityId: o.id,
        type: 'updated',
        actor: actorOf(auth),
        at: now,
        data: { changes, version: o.version + 1 },
      },
    ]);
    return false;
  });
  const current = await getOpportunity(db, org, id);
  if (!stale) return current;
  throw new AppError('version-conflict', {
    detail: `The opportunity is at version ${current.version}; this change was based on version ${body.version}.`,
    version: current.version,
    extensions: { current },
  });
}

type OpportunityRow = typeof opportunities.$inferSelect;

/** The opportunity, locked FOR UPDATE; `not-found` outside the caller's organization, `forbidden` for a non-owner member. */
async function lockOpportunity(tx: Tx, auth: Auth, id: string): Promise<OpportunityRow> {
  const [o] = await tx
    .select()
    .from(opportunities)
    .where(
      inOrg(opportunities, auth.organizationId, eq(opportunities.id, id), isNull(opportunities.deletedAt)),
    )
    .for('update');
  if (!o) throw new AppError('not-found', { detail: `No opportunity ${id}.` });
  if (!canEditLead({ role: auth.role, userId: auth.userId }, o))
    throw new AppError('forbidden', { detail: 'Members change only the opportunities they own.' });
  return o;
}

/** Before/after of each field the change really changes (the amount rounded to cents). */
function opportunityChanges(o: OpportunityRow, body: UpdateOpportunityBody) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (body.stage !== undefined && body.stage !== o.stage) changes.stage = { from: o.stage, to: body.stage };
  const amount = body.amount === undefined ? undefined : body.amount.toFixed(2);
  if (amount !== undefined && Number(amount) !== Number(o.amount))
    changes.amount = { from: o.amount, to: amount };
  return changes;
}

import { eq, isNull, sql } from 'drizzle-orm';
import { leads, organizations, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import type { LeadDetail } from '../../contract/leads';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { assertCanEditLead, assertNotConverted, findLead, leadEvent } from './access';
import { getLead } from './get';

/**
 * The caller takes an unassigned lead ("Assign to me"). One conditional UPDATE decides it (`… where
 * assigned_to is null`): of any number of concurrent claims exactly one changes the row — the others
 * re-check the condition on the winner's committed row and change nothing — so exactly one `claimed`
 * event is written. A loser gets `lead-already-assigned` naming who has the lead; claiming a lead the
 * caller already has changes nothing. Off when the organization turned claiming off (`claiming-disabled`).
 */
export async function claimLead(deps: Deps, db: Db, auth: Auth, leadId: string): Promise<LeadDetail> {
  const userId = claimant(auth);
  await db.transaction(async (tx) => {
    await assertClaimingEnabled(tx, auth.organizationId);
    const now = deps.now();
    const [won] = await tx
      .update(leads)
      .set({ assignedTo: userId, version: sql`${leads.version} + 1`, updatedAt: now })
      .where(
        inOrg(
          leads,
          auth.organizationId,
          eq(leads.id, leadId),
          isNull(leads.deletedAt),
          isNull(leads.assignedTo),
          isNull(leads.convertedAt),
        ),
      )
      .returning({ version: leads.version });
    if (!won) return refuseClaim(tx, auth.organizationId, leadId, userId);
    await recordEvents(tx, [
      {
        ...leadEvent(auth, leadId, now),
        type: 'claimed',
        data: { from: null, to: userId, version: won.version },
      },
    ]);
  });
  return getLead(db, deps.pii, auth.organizationId, leadId);
}

/**
 * Puts a lead back in the pool (unassigned): its assignee or an admin may. An unassigned lead stays as it
 * is (nothing to release, no event).
 */
export async function releaseLead(deps: Deps, db: Db, auth: Auth, leadId: string): Promise<LeadDetail> {
  await db.transaction(async (tx) => {
    const lead = await findLead(tx, auth.organizationId, leadId, true);
    if (lead.assignedTo === null) return;
    assertCanEditLead(auth, lead);
    assertNotConverted(lead);
    const now = deps.now();
    await tx
      .update(leads)
      .set({ assignedTo: null, version: sql`${leads.version} + 1`, updatedAt: now })
      .where(eq(leads.id, lead.id));
    await recordEvents(tx, [
      {
        ...leadEvent(auth, lead.id, now),
        type: 'released',
        data: { from: lead.assignedTo, to: null, version: lead.version + 1 },
      },
    ]);
  });
  return getLead(db, deps.pii, auth.organizationId, leadId);
}

/** The user who claims: a person (an API key has nobody to give the lead to). */
function claimant(auth: Auth): string {
  if (auth.userId !== null) return auth.userId;
  throw new AppError('forbidden', { detail: 'An API key cannot claim leads; a person claims them.' });
}

async function assertClaimingEnabled(tx: Tx, organizationId: string): Promise<void> {
  const [org] = await tx
    .select({ claimingEnabled: organizations.claimingEnabled })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (org?.claimingEnabled) return;
  throw new AppError('claiming-disabled', {
    detail: 'This organization assigns leads by routing and by admins; members cannot claim them.',
  });
}

/** Why the claim changed nothing: no such lead, converted, already the caller's (fine), or someone else's. */
async function refuseClaim(tx: Tx, organizationId: string, leadId: string, userId: string): Promise<void> {
  const lead = await findLead(tx, organizationId, leadId);
  assertNotConverted(lead);
  if (lead.assignedTo === userId) return;
  const assigneeId = lead.assignedTo;
  const [owner] = assigneeId
    ? await tx.select({ name: users.name }).from(users).where(eq(users.id, assigneeId))
    : [];
  throw new AppError('lead-already-assigned', {
    detail: `Lead ${leadId} is assigned to ${owner?.name ?? assigneeId}.`,
    extensions: { assignee: assigneeId ? { id: assigneeId, name: owner?.name ?? '' } : null },
  });
}

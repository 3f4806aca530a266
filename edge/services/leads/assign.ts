import { and, eq, sql } from 'drizzle-orm';
import { leads, memberships } from '../../../db/schema';
import type { Db, Tx } from '../../../db/types';
import type { LeadDetail } from '../../contract/leads';
import { AppError } from '../../core/errors';
import { canTakeLeads } from '../../core/permissions';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { LEAD_PATH, leadAssignedNotice, leadName, recordNotices } from '../audit/notices';
import { assertNotConverted, changeLead, leadEvent } from './access';
import { getLead } from './get';

/**
 * Assigns a lead to a member, admin or owner of the organization, or unassigns it (null). Writes the same
 * `assigned` event as routing does, and tells the new assignee (in-app notification and an email through
 * the outbox) unless they assigned it to themselves.
 */
export async function assignLead(
  deps: Deps,
  db: Db,
  auth: Auth,
  leadId: string,
  assigneeId: string | null,
  expectedVersion: number | undefined,
): Promise<LeadDetail> {
  await changeLead(deps, db, auth, leadId, expectedVersion, async (tx, lead, now) => {
    assertNotConverted(lead);
    if (assigneeId !== null) await assertCanTake(tx, auth.organizationId, assigneeId);
    if (lead.assignedTo === assigneeId) return;
    await tx
      .update(leads)
      .set({ assignedTo: assigneeId, version: sql`${leads.version} + 1`, updatedAt: now })
      .where(eq(leads.id, lead.id));
    await recordEvents(tx, [
      {
        ...leadEvent(auth, lead.id, now),
        type: 'assigned',
        data: { from: lead.assignedTo, to: assigneeId, version: lead.version + 1 },
      },
    ]);
    if (assigneeId !== null && assigneeId !== auth.userId)
      await recordNotices(deps, tx, [
        leadAssignedNotice({
          organizationId: lead.organizationId,
          userId: assigneeId,
          leadId: lead.id,
          name: leadName(lead),
          company: lead.company,
          link: `${LEAD_PATH}${lead.id}`,
          at: now,
        }),
      ]);
  });
  return getLead(db, deps.pii, auth.organizationId, leadId);
}

/** `validation-failed` unless the user is a member, admin or owner of the organization (viewers take no leads). */
export async function assertCanTake(tx: Tx, organizationId: string, userId: string): Promise<void> {
  const [member] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (member && canTakeLeads(member.role)) return;
  const detail = member ? 'A viewer cannot be assigned leads' : 'Not a member of this organization';
  throw new AppError('validation-failed', {
    detail,
    errors: [{ pointer: '/assigneeId', detail, code: 'invalid_assignee' }],
  });
}

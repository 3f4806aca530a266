import { and, eq, inArray, ne } from 'drizzle-orm';
import { memberships, users } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Deps } from '../../deps';
import { LEAD_PATH, leadName, type Notice, recordNotices } from '../audit/notices';
import type { NewLeadStatement } from './insert-new-lead';

/**
 * Tells the people who asked for it (`notifyNewLeads = 'claimable'`) of new inbound leads that arrived
 * unassigned: the active members who may work a lead (member and above, not viewers). Assigned leads are
 * told to their assignee by the new-lead statement itself. Nothing is read when every lead was assigned.
 */
export async function noticeClaimableLeads(
  db: Db,
  deps: Pick<Deps, 'newId'>,
  group: NewLeadStatement[],
  ids: Array<string | null>,
): Promise<void> {
  const arrived = group.flatMap((s, i) => (ids[i] && !s.plan ? [{ s, id: ids[i] }] : []));
  if (arrived.length === 0) return;
  const orgs = [...new Set(arrived.map((a) => a.s.lead.organizationId))];
  const people = await db
    .select({ organizationId: memberships.organizationId, userId: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        inArray(memberships.organizationId, orgs),
        eq(memberships.status, 'active'),
        ne(memberships.role, 'viewer'),
        eq(users.notifyNewLeads, 'claimable'),
      ),
    );
  const notices: Notice[] = arrived.flatMap(({ s, id }) =>
    people
      .filter((p) => p.organizationId === s.lead.organizationId)
      .map((p) => ({
        organizationId: p.organizationId,
        userId: p.userId,
        type: 'lead.claimable' as const,
        data: { leadId: id, name: leadName(s.lead), company: s.lead.company ?? null },
        link: `${LEAD_PATH}${id}`,
        email: null,
        at: s.now,
      })),
  );
  await recordNotices(deps, db, notices);
}

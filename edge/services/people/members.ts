import { asc, eq } from 'drizzle-orm';
import { memberships, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { Member } from '../../contract/users';
import { canTakeLeads } from '../../core/permissions';

/** Everyone in the organization, by name: the source of the assignee and account-executive pickers. */
export async function listMembers(db: Db, organizationId: string): Promise<{ items: Member[] }> {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      team: memberships.team,
      status: memberships.status,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inOrg(memberships, organizationId))
    .orderBy(asc(users.name), asc(users.id));
  // Deactivated members stay listed (their name still shows on what they owned) but take nothing new.
  return {
    items: rows.map(({ status, ...r }) => ({
      ...r,
      assignable: status === 'active' && canTakeLeads(r.role),
    })),
  };
}

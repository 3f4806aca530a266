import { asc, eq, type SQL, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { memberships, teamMembers, teams, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import type { Member } from '../../contract/users';
import { canTakeLeads } from '../../core/permissions';

const TEAM_NAMES = sql<string[]>`coalesce((select array_agg(${teams.name} order by ${teams.name})
  from ${teamMembers} join ${teams} on ${teams.id} = ${teamMembers.teamId}
  where ${teamMembers.organizationId} = ${memberships.organizationId} and ${teamMembers.userId} = ${memberships.userId}), '{}')`;

/** Everyone in the organization, by name: the source of the assignee and account-executive pickers. */
export async function listMembers(db: Db, organizationId: string): Promise<{ items: Member[] }> {
  const rows = await selectMembers(db, organizationId, { teams: TEAM_NAMES });
  // Deactivated members stay listed (their name still shows on what they owned) but take nothing new.
  return {
    items: rows.map(({ status, ...r }) => ({
      ...r,
      assignable: status === 'active' && canTakeLeads(r.role),
    })),
  };
}

/**
 * The organization's members by name with who they are (id, name, email, role, status) and the `extra`
 * columns a view needs; `where` narrows it (one member).
 */
export function selectMembers<E extends SelectedFields>(
  db: Executor,
  organizationId: string,
  extra: E,
  where?: SQL,
) {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      status: memberships.status,
      ...extra,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inOrg(memberships, organizationId, where))
    .orderBy(asc(users.name), asc(users.id));
}

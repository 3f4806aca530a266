import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { leads, memberships, organizations, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { MemberDetail } from '../../contract/people';
import type { Role } from '../../contract/session';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { canManageRole, losesLastOwner } from '../../core/people';
import type { Auth, Deps } from '../../deps';
import { type EventInput, recordEvents } from '../audit/events';
import { selectMembers } from './members';

/** A lead that still needs work: not converted, lost, merged away or deleted. */
export const openLead = () =>
  and(isNull(leads.deletedAt), isNull(leads.convertedAt), isNull(leads.mergedInto), ne(leads.status, 'LOST'));

const OPEN_LEADS = sql<number>`(select count(*)::int from ${leads} where ${leads.organizationId} = ${memberships.organizationId}
  and ${leads.assignedTo} = ${memberships.userId} and ${openLead()})`;

/** The members page: everyone in the organization with role, status, last sign-in and open leads. */
export async function listMemberDetails(
  db: Executor,
  organizationId: string,
  userId?: string,
): Promise<{ items: MemberDetail[] }> {
  const rows = await selectMembers(
    db,
    organizationId,
    { lastSignInAt: memberships.lastSignInAt, openLeads: OPEN_LEADS, joinedAt: memberships.createdAt },
    userId ? eq(memberships.userId, userId) : undefined,
  );
  return {
    items: rows.map((r) => ({
      ...r,
      lastSignInAt: r.lastSignInAt?.toISOString() ?? null,
      joinedAt: r.joinedAt.toISOString(),
    })),
  };
}

export type Target = { userId: string; name: string; role: Role; active: boolean };

/**
 * Locks the organization's people for one change (every change of roles and statuses in an organization
 * takes this row lock first, so two admins demoting the last two owners at once cannot both succeed),
 * then reads the target member and the active owners. 404 for a user who is not a member.
 */
export async function lockMember(
  tx: Tx,
  auth: Auth,
  userId: string,
): Promise<{ target: Target; owners: number }> {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, auth.organizationId))
    .for('update');
  const [row] = await tx
    .select({
      userId: memberships.userId,
      name: users.name,
      role: memberships.role,
      status: memberships.status,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inOrg(memberships, auth.organizationId, eq(memberships.userId, userId)));
  if (!row) throw new AppError('not-found', { detail: `No member ${userId}.` });
  const [owners] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(
      inOrg(
        memberships,
        auth.organizationId,
        eq(memberships.role, 'owner'),
        eq(memberships.status, 'active'),
      ),
    );
  return { target: { ...row, active: row.status === 'active' }, owners: owners?.n ?? 0 };
}

export function assertChange(
  auth: Auth,
  owners: number,
  target: Target,
  next: { role: Role; active: boolean },
): void {
  if (!canManageRole(auth.role, next.role, target.role))
    throw new AppError('forbidden', { detail: 'Only an owner can change an owner or grant the owner role.' });
  if (losesLastOwner(owners, target, next))
    throw new AppError('last-owner', { detail: 'The organization would be left without an active owner.' });
}

export const membershipOf = (auth: Auth, userId: string) =>
  inOrg(memberships, auth.organizationId, eq(memberships.userId, userId));

export function memberEvent(
  auth: Auth,
  userId: string,
  type: string,
  at: Date,
  data: Record<string, unknown>,
): EventInput {
  return {
    organizationId: auth.organizationId,
    entityType: 'membership',
    entityId: userId,
    type,
    actor: actorOf(auth),
    at,
    data,
  };
}

export async function detail(db: Executor, organizationId: string, userId: string): Promise<MemberDetail> {
  return (await listMemberDetails(db, organizationId, userId)).items[0]!;
}

/** Changes a member's role (owner only by an owner; never the last active owner away). */
export async function changeMemberRole(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  userId: string,
  role: Role,
): Promise<MemberDetail> {
  const now = deps.now();
  await db.transaction(async (tx) => {
    const { target, owners } = await lockMember(tx, auth, userId);
    assertChange(auth, owners, target, { role, active: target.active });
    if (target.role === role) return;
    await tx.update(memberships).set({ role }).where(membershipOf(auth, userId));
    await recordEvents(tx, [
      memberEvent(auth, userId, 'membership.role_changed', now, {
        before: { role: target.role },
        after: { role },
      }),
    ]);
  });
  return detail(db, auth.organizationId, userId);
}

/** Reactivates a deactivated member: they can sign in again (their old sessions stay ended). */
export async function reactivateMember(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  userId: string,
): Promise<MemberDetail> {
  const now = deps.now();
  await db.transaction(async (tx) => {
    const { target, owners } = await lockMember(tx, auth, userId);
    assertChange(auth, owners, target, { role: target.role, active: true });
    if (target.active) return;
    await tx
      .update(memberships)
      .set({ status: 'active', deactivatedAt: null })
      .where(membershipOf(auth, userId));
    await recordEvents(tx, [
      memberEvent(auth, userId, 'membership.reactivated', now, {
        before: { status: 'deactivated' },
        after: { status: 'active' },
      }),
    ]);
  });
  return detail(db, auth.organizationId, userId);
}

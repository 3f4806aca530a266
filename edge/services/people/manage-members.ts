import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { leads, memberships, notifications, organizations, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { NotificationType } from '../../contract/notifications';
import type { DeactivateMember, MemberDetail } from '../../contract/people';
import type { Role } from '../../contract/session';
import { actorOf } from '../../core/actor';
import { canManageRole, losesLastOwner } from '../../core/people';
import { canTakeLeads } from '../../core/permissions';
import type { Auth, Deps } from '../../deps';
import { AppError } from '../../http/errors';
import { type EventInput, recordEvents } from '../audit/events';
import { deleteSessions } from './sessions';

/** A lead that still needs work: not converted, lost, merged away or deleted. */
const openLead = () =>
  and(isNull(leads.deletedAt), isNull(leads.convertedAt), isNull(leads.mergedInto), ne(leads.status, 'LOST'));

const OPEN_LEADS = sql<number>`(select count(*)::int from ${leads} where ${leads.organizationId} = ${memberships.organizationId}
  and ${leads.assignedTo} = ${memberships.userId} and ${openLead()})`;

/** The members page: everyone in the organization with role, status, last sign-in and open leads. */
export async function listMemberDetails(
  db: Executor,
  organizationId: string,
  userId?: string,
): Promise<{ items: MemberDetail[] }> {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      status: memberships.status,
      lastSignInAt: memberships.lastSignInAt,
      openLeads: OPEN_LEADS,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inOrg(memberships, organizationId, userId ? eq(memberships.userId, userId) : undefined))
    .orderBy(users.name, users.id);
  return {
    items: rows.map((r) => ({
      ...r,
      lastSignInAt: r.lastSignInAt?.toISOString() ?? null,
      joinedAt: r.joinedAt.toISOString(),
    })),
  };
}

type Target = { userId: string; name: string; role: Role; active: boolean };

/**
 * Locks the organization's people for one change (every change of roles and statuses in an organization
 * takes this row lock first, so two admins demoting the last two owners at once cannot both succeed),
 * then reads the target member and the active owners. 404 for a user who is not a member.
 */
async function lockMember(tx: Tx, auth: Auth, userId: string): Promise<{ target: Target; owners: number }> {
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
  if (!row) throw new AppError('not-found', `No member ${userId}.`);
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

function assertChange(
  auth: Auth,
  owners: number,
  target: Target,
  next: { role: Role; active: boolean },
): void {
  if (!canManageRole(auth.role, next.role, target.role))
    throw new AppError('forbidden', 'Only an owner can change an owner or grant the owner role.');
  if (losesLastOwner(owners, target, next))
    throw new AppError('last-owner', 'The organization would be left without an active owner.');
}

const membershipOf = (auth: Auth, userId: string) =>
  inOrg(memberships, auth.organizationId, eq(memberships.userId, userId));

function memberEvent(
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

async function detail(db: Executor, organizationId: string, userId: string): Promise<MemberDetail> {
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

/** 422 unless `to` is another active member who can take leads. */
async function assertHeir(tx: Tx, auth: Auth, userId: string, to: string): Promise<void> {
  const pointer = '/leads/to';
  if (to === userId)
    throw new AppError('validation-failed', 'Choose another member', [
      { pointer, detail: 'The member being deactivated', code: 'same_member' },
    ]);
  const [heir] = await tx
    .select({ role: memberships.role, status: memberships.status })
    .from(memberships)
    .where(membershipOf(auth, to));
  if (heir?.status === 'active' && canTakeLeads(heir.role)) return;
  throw new AppError('validation-failed', 'Not an active member who can take leads', [
    { pointer, detail: 'Not an active member who can take leads', code: 'invalid_assignee' },
  ]);
}

/**
 * Moves a member's open leads to `to` (null: unassigned), one `assigned` event per lead; when they are
 * left unassigned, the organization's active admins and owners are told. Returns how many moved.
 */
async function handOverLeads(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  auth: Auth,
  member: Target,
  to: string | null,
  now: Date,
): Promise<number> {
  const moved = await tx
    .update(leads)
    .set({ assignedTo: to, version: sql`${leads.version} + 1`, updatedAt: now })
    .where(inOrg(leads, auth.organizationId, eq(leads.assignedTo, member.userId), openLead()))
    .returning({ id: leads.id, version: leads.version });
  await recordEvents(
    tx,
    moved.map((l) => ({
      organizationId: auth.organizationId,
      leadId: l.id,
      type: 'assigned',
      actor: actorOf(auth),
      at: now,
      data: { from: member.userId, to, version: l.version },
    })),
  );
  if (to === null && moved.length > 0) {
    const admins = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        inOrg(
          memberships,
          auth.organizationId,
          inArray(memberships.role, ['admin', 'owner']),
          eq(memberships.status, 'active'),
          ne(memberships.userId, member.userId),
        ),
      );
    if (admins.length)
      await tx.insert(notifications).values(
        admins.map((a) => ({
          id: deps.newId('ntf'),
          organizationId: auth.organizationId,
          userId: a.userId,
          type: 'member.leads-unassigned' satisfies NotificationType,
          data: { userId: member.userId, name: member.name, count: moved.length },
          link: '/app/leads?assignee=unassigned',
          createdAt: now,
        })),
      );
  }
  return moved.length;
}

/**
 * Deactivates a member: their sessions in the organization end, their API keys stop working (keys are
 * checked against their creator's membership on every request), and their open leads go to one member
 * or are left unassigned, as the caller chose.
 */
export async function deactivateMember(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  auth: Auth,
  userId: string,
  choice: DeactivateMember,
): Promise<{ member: MemberDetail; leads: { action: 'reassign' | 'unassign'; count: number } }> {
  const now = deps.now();
  const count = await db.transaction(async (tx) => {
    const { target, owners } = await lockMember(tx, auth, userId);
    assertChange(auth, owners, target, { role: target.role, active: false });
    if (!target.active) return 0;
    const to = choice.leads.action === 'reassign' ? choice.leads.to : null;
    if (to !== null) await assertHeir(tx, auth, userId, to);
    await tx
      .update(memberships)
      .set({ status: 'deactivated', deactivatedAt: now })
      .where(membershipOf(auth, userId));
    const sessionsEnded = await deleteSessions(tx, userId, null, auth.organizationId);
    const moved = await handOverLeads(deps, tx, auth, target, to, now);
    await recordEvents(tx, [
      memberEvent(auth, userId, 'membership.deactivated', now, {
        before: { status: 'active' },
        after: { status: 'deactivated' },
        leads: { action: choice.leads.action, to, count: moved },
        sessionsEnded,
      }),
    ]);
    return moved;
  });
  return {
    member: await detail(db, auth.organizationId, userId),
    leads: { action: choice.leads.action, count },
  };
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

/**
 * Removes a member from the organization (their account stays, for other organizations): sessions here
 * end, API keys they created stop, their open leads are left unassigned and admins are told.
 */
export async function removeMember(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  auth: Auth,
  userId: string,
): Promise<void> {
  const now = deps.now();
  await db.transaction(async (tx) => {
    const { target, owners } = await lockMember(tx, auth, userId);
    assertChange(auth, owners, target, { role: target.role, active: false });
    const moved = await handOverLeads(deps, tx, auth, target, null, now);
    await deleteSessions(tx, userId, null, auth.organizationId);
    await tx.delete(memberships).where(membershipOf(auth, userId));
    await recordEvents(tx, [
      memberEvent(auth, userId, 'membership.removed', now, {
        before: { role: target.role, status: target.active ? 'active' : 'deactivated' },
        after: null,
        leadsUnassigned: moved,
      }),
    ]);
  });
}

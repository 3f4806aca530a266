/*
 * Members leaving: deactivation and removal, and what happens to their sessions, API keys and open leads.
 */
import { eq, inArray, ne, sql } from 'drizzle-orm';
import { leads, memberships } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import type { DeactivateMember, MemberDetail } from '../../contract/people';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { canTakeLeads } from '../../core/permissions';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { recordNotices } from '../audit/notices';
import {
  assertChange,
  detail,
  lockMember,
  memberEvent,
  membershipOf,
  openLead,
  type Target,
} from './manage-members';
import { deleteSessions } from './sessions';
import { teamHeirs } from './teams';

/** 422 unless `to` is another active member who can take leads. */
async function assertHeir(tx: Tx, auth: Auth, userId: string, to: string): Promise<void> {
  const pointer = '/leads/to';
  if (to === userId)
    throw new AppError('validation-failed', {
      detail: 'Choose another member',
      errors: [{ pointer, detail: 'The member being deactivated', code: 'same_member' }],
    });
  const [heir] = await tx
    .select({ role: memberships.role, status: memberships.status })
    .from(memberships)
    .where(membershipOf(auth, to));
  if (heir?.status === 'active' && canTakeLeads(heir.role)) return;
  throw new AppError('validation-failed', {
    detail: 'Not an active member who can take leads',
    errors: [{ pointer, detail: 'Not an active member who can take leads', code: 'invalid_assignee' }],
  });
}

/**
 * Spreads a member's open leads over `heirs` in turn (oldest lead first, heirs in the given order), so
 * each gets the same number give or take one; one `assigned` event per lead, and each heir is told how
 * many they received. Returns how many moved.
 */
async function spreadLeads(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  auth: Auth,
  member: Target,
  heirs: string[],
  now: Date,
): Promise<number> {
  const open = await tx
    .select({ id: leads.id })
    .from(leads)
    .where(inOrg(leads, auth.organizationId, eq(leads.assignedTo, member.userId), openLead()))
    .orderBy(leads.createdAt, leads.id)
    .for('update');
  if (open.length === 0) return 0;
  // One parameter whatever the count: a list of parameters would hit the protocol's limit.
  const turns = JSON.stringify(open.map((l, i) => ({ id: l.id, heir: heirs[i % heirs.length] })));
  const moved = await tx
    .update(leads)
    .set({ assignedTo: sql`x.heir`, version: sql`${leads.version} + 1`, updatedAt: now })
    .from(sql`jsonb_to_recordset(${turns}::jsonb) as x(id text, heir text)`)
    .where(inOrg(leads, auth.organizationId, sql`${leads.id} = x.id`))
    .returning({ id: leads.id, version: leads.version, to: leads.assignedTo });
  await recordEvents(
    tx,
    moved.map((l) => ({
      organizationId: auth.organizationId,
      leadId: l.id,
      type: 'assigned',
      actor: actorOf(auth),
      at: now,
      data: { from: member.userId, to: l.to, version: l.version },
    })),
  );
  const shares = new Map<string, number>();
  for (const l of moved) if (l.to) shares.set(l.to, (shares.get(l.to) ?? 0) + 1);
  await recordNotices(
    deps,
    tx,
    [...shares].map(([userId, count]) => ({
      organizationId: auth.organizationId,
      userId,
      type: 'member.leads-reassigned',
      data: { userId: member.userId, name: member.name, count },
      link: '/app/leads?assignee=me',
      email: null,
      at: now,
    })),
  );
  return moved.length;
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
      await recordNotices(
        deps,
        tx,
        admins.map((a) => ({
          organizationId: auth.organizationId,
          userId: a.userId,
          type: 'member.leads-unassigned',
          data: { userId: member.userId, name: member.name, count: moved.length },
          link: '/app/leads?assignee=unassigned',
          email: null,
          at: now,
        })),
      );
  }
  return moved.length;
}

/**
 * Deactivates a member: their sessions in the organization end, their API keys stop working (keys are
 * checked against their creator's membership on every request), and their open leads go to one member,
 * round-robin over a team's other active members, or are left unassigned, as the caller chose.
 */
export async function deactivateMember(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  auth: Auth,
  userId: string,
  choice: DeactivateMember,
): Promise<{ member: MemberDetail; leads: { action: DeactivateMember['leads']['action']; count: number } }> {
  const now = deps.now();
  const count = await db.transaction(async (tx) => {
    const { target, owners } = await lockMember(tx, auth, userId);
    assertChange(auth, owners, target, { role: target.role, active: false });
    if (!target.active) return 0;
    const { leads: choiceOfLeads } = choice;
    const to = choiceOfLeads.action === 'reassign' ? choiceOfLeads.to : null;
    if (to !== null) await assertHeir(tx, auth, userId, to);
    const teamId = choiceOfLeads.action === 'round-robin' ? choiceOfLeads.teamId : null;
    const heirs = teamId === null ? null : await teamHeirs(tx, auth.organizationId, teamId, userId);
    await tx
      .update(memberships)
      .set({ status: 'deactivated', deactivatedAt: now })
      .where(membershipOf(auth, userId));
    const sessionsEnded = await deleteSessions(tx, userId, null, auth.organizationId);
    const moved = heirs
      ? await spreadLeads(deps, tx, auth, target, heirs, now)
      : await handOverLeads(deps, tx, auth, target, to, now);
    await recordEvents(tx, [
      memberEvent(auth, userId, 'membership.deactivated', now, {
        before: { status: 'active' },
        after: { status: 'deactivated' },
        leads: { action: choice.leads.action, to, ...(teamId ? { teamId, heirs } : {}), count: moved },
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

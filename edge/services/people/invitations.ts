import { desc, eq, isNull, sql } from 'drizzle-orm';
import { pgCode, UNIQUE_VIOLATION } from '../../../db/errors';
import { invitations, memberships, organizations, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { CreateInvitation, Invitation } from '../../contract/people';
import type { Role } from '../../contract/session';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { canManageRole, INVITATION_TTL_DAYS, personEmail } from '../../core/people';
import { randomToken, sha256 } from '../../crypto/encoding';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { recordEmails } from '../audit/notices';

type Row = typeof invitations.$inferSelect;

const INVITER = { id: users.id, name: users.name };

/** The accept page's link: the token rides in the fragment, so it never reaches a server log or a Referer. */
const acceptLink = (token: string) => `/app/invite#${token}`;

function toInvitation(row: Row, inviter: { id: string; name: string } | null): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    locale: row.locale,
    invitedBy: inviter,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

function assertMayGrant(auth: Auth, role: Role): void {
  if (!canManageRole(auth.role, role))
    throw new AppError('forbidden', { detail: 'Only an owner can invite an owner.' });
}

/** The invitation email, written with the invitation (the outbox sends it, to an address without a user yet). */
async function queueEmail(
  deps: Pick<Deps, 'newId'>,
  tx: Tx,
  row: Pick<Row, 'id' | 'organizationId' | 'email' | 'locale' | 'role' | 'expiresAt'>,
  token: string,
  now: Date,
): Promise<void> {
  const [org] = await tx
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, row.organizationId));
  await recordEmails(deps, tx, [
    {
      organizationId: row.organizationId,
      template: 'invitation',
      data: {
        to: row.email,
        locale: row.locale,
        invitationId: row.id,
        organization: org?.name ?? '',
        role: row.role,
        expiresAt: row.expiresAt.toISOString(),
        link: acceptLink(token),
      },
      at: now,
    },
  ]);
}

/**
 * Invites an address with a role: a pending invitation with a hashed single-use token that expires, and
 * its email in the outbox. 409 `already-member` when the address is a member, `invitation-pending` when
 * it already has an open invitation (resend that one instead).
 */
export async function createInvitation(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  auth: Auth,
  input: CreateInvitation & { inviterLocale?: string },
): Promise<Invitation> {
  assertMayGrant(auth, input.role);
  const email = personEmail(input.email)!;
  const now = deps.now();
  const token = randomToken();
  const row: Row = {
    id: deps.newId('inv'),
    organizationId: auth.organizationId,
    email,
    role: input.role,
    locale: input.locale ?? input.inviterLocale ?? 'en',
    tokenHash: await sha256(token),
    invitedBy: auth.userId,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000),
    acceptedAt: null,
    acceptedBy: null,
    revokedAt: null,
    createdAt: now,
  };
  try {
    await db.transaction(async (tx) => {
      const member = await memberByEmail(tx, auth.organizationId, email);
      if (member) throw new AppError('already-member', { extensions: { memberId: member.userId } });
      await tx.insert(invitations).values(row);
      await queueEmail(deps, tx, row, token, now);
      await recordEvents(tx, [
        {
          organizationId: auth.organizationId,
          entityType: 'invitation',
          entityId: row.id,
          type: 'invitation.created',
          actor: actorOf(auth),
          at: now,
          data: { after: { email, role: row.role, expiresAt: row.expiresAt.toISOString() } },
        },
      ]);
    });
  } catch (error) {
    if (pgCode(error) === UNIQUE_VIOLATION) throw new AppError('invitation-pending');
    throw error;
  }
  return toInvitation(row, await inviterOf(db, auth.userId));
}

async function inviterOf(db: Executor, userId: string | null) {
  if (!userId) return null;
  const [row] = await db.select(INVITER).from(users).where(eq(users.id, userId));
  return row ?? null;
}

/** A member of the organization with this (normalized) address, active or not. */
async function memberByEmail(db: Executor, organizationId: string, email: string) {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inOrg(memberships, organizationId, sql`lower(${users.email}) = ${email}`));
  return row ?? null;
}

/** The organization's open invitations (not accepted, not revoked; expired ones too, to resend), newest first. */
export async function listInvitations(db: Db, organizationId: string): Promise<{ items: Invitation[] }> {
  const rows = await db
    .select({ invitation: invitations, inviter: INVITER })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(inOrg(invitations, organizationId, isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.createdAt), desc(invitations.id));
  return { items: rows.map((r) => toInvitation(r.invitation, r.inviter?.id ? r.inviter : null)) };
}

/** An open invitation of the organization, locked for the change; 404 for anything else (another org's too). */
async function lockOpen(tx: Tx, auth: Auth, id: string): Promise<Row> {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(
      inOrg(
        invitations,
        auth.organizationId,
        eq(invitations.id, id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .for('update');
  if (!row) throw new AppError('not-found', { detail: `No open invitation ${id}.` });
  assertMayGrant(auth, row.role);
  return row;
}

/** Sends the invitation again with a new token and a new expiry; the old link stops working. */
export async function resendInvitation(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  auth: Auth,
  id: string,
): Promise<Invitation> {
  const now = deps.now();
  const token = randomToken();
  const tokenHash = await sha256(token);
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000);
  const row = await db.transaction(async (tx) => {
    const before = await lockOpen(tx, auth, id);
    await tx.update(invitations).set({ tokenHash, expiresAt }).where(eq(invitations.id, id));
    const after = { ...before, tokenHash, expiresAt };
    await queueEmail(deps, tx, after, token, now);
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'invitation',
        entityId: id,
        type: 'invitation.resent',
        actor: actorOf(auth),
        at: now,
        data: {
          before: { expiresAt: before.expiresAt.toISOString() },
          after: { expiresAt: expiresAt.toISOString() },
        },
      },
    ]);
    return after;
  });
  return toInvitation(row, await inviterOf(db, row.invitedBy));
}

/** Revokes an open invitation: its link answers 410 `invitation-revoked` from now on. */
export async function revokeInvitation(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  id: string,
): Promise<void> {
  const now = deps.now();
  await db.transaction(async (tx) => {
    const before = await lockOpen(tx, auth, id);
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, id));
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'invitation',
        entityId: id,
        type: 'invitation.revoked',
        actor: actorOf(auth),
        at: now,
        data: { before: { email: before.email, role: before.role } },
      },
    ]);
  });
}

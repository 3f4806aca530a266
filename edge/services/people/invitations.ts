import { desc, eq, isNull, sql } from 'drizzle-orm';
import { pgCode, UNIQUE_VIOLATION } from '../../../db/errors';
import { invitations, memberships, organizations, outbox, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor, Tx } from '../../../db/types';
import type { CreateInvitation, Invitation } from '../../contract/people';
import type { Role } from '../../contract/session';
import { actorOf } from '../../core/actor';
import { canManageRole, INVITATION_TTL_DAYS, personEmail } from '../../core/people';
import { randomToken, sha256 } from '../../crypto/encoding';
import { hashPassword, verifyPassword } from '../../crypto/password';
import type { Auth, Deps } from '../../deps';
import { AppError, type ErrorCode } from '../../http/errors';
import { recordEvents } from '../audit/events';
import { type LoginResult, openSession } from './sessions';

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
  if (!canManageRole(auth.role, role)) throw new AppError('forbidden', 'Only an owner can invite an owner.');
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
  await tx.insert(outbox).values({
    id: deps.newId('out'),
    organizationId: row.organizationId,
    kind: 'email',
    payload: {
      template: 'invitation',
      to: row.email,
      locale: row.locale,
      invitationId: row.id,
      organization: org?.name ?? '',
      role: row.role,
      expiresAt: row.expiresAt.toISOString(),
      link: acceptLink(token),
    },
    createdAt: now,
  });
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
      if (member)
        throw new AppError('already-member', undefined, undefined, undefined, { memberId: member.userId });
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
  if (!row) throw new AppError('not-found', `No open invitation ${id}.`);
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

/** Why a found invitation cannot be accepted, or null when it can. */
function unusable(row: Pick<Row, 'acceptedAt' | 'revokedAt' | 'expiresAt'>, now: Date): ErrorCode | null {
  if (row.acceptedAt) return 'invitation-used';
  if (row.revokedAt) return 'invitation-revoked';
  if (row.expiresAt <= now) return 'invitation-expired';
  return null;
}

/** The invitation a token opens; a problem for an unknown, forged, used, revoked or expired one. */
async function usableByToken(db: Executor, token: string, now: Date, lock = false): Promise<Row> {
  const query = db
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, await sha256(token)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('invitation-not-found');
  const problem = unusable(row, now);
  if (problem) throw new AppError(problem);
  return row;
}

async function userByEmail(db: Executor, email: string) {
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  return row ?? null;
}

/** What the accept page shows before the person commits: which organization, which role, new account or not. */
export async function previewInvitation(deps: Pick<Deps, 'now'>, db: Db, token: string) {
  const row = await usableByToken(db, token, deps.now());
  const [org] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, row.organizationId));
  return {
    organization: { name: org?.name ?? '' },
    email: row.email,
    role: row.role,
    locale: row.locale,
    existingAccount: (await userByEmail(db, row.email)) !== null,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * Accepts an invitation: a new account (name + password) or, when the address has one, that account's
 * password; then the membership, the invitation consumed, and a session opened as at sign-in. A token
 * that cannot be used changes nothing.
 */
export async function acceptInvitation(
  deps: Pick<Deps, 'now' | 'newId' | 'config'>,
  db: Db,
  input: { token: string; name?: string; password: string; userAgent: string | null },
): Promise<LoginResult> {
  const now = deps.now();
  const found = await usableByToken(db, input.token, now);
  const existing = await userByEmail(db, found.email);
  if (existing && !(await verifyPassword(input.password, existing.passwordHash)))
    throw new AppError('invalid-credentials');
  if (!existing && !input.name)
    throw new AppError('validation-failed', 'A new account needs a name', [
      { pointer: '/name', detail: 'A new account needs a name', code: 'required' },
    ]);
  if (!existing && input.password.length < 8)
    throw new AppError('validation-failed', 'A new password needs at least 8 characters', [
      {
        pointer: '/password',
        detail: 'Too short',
        code: 'too_small',
        params: { minimum: 8, origin: 'string' },
      },
    ]);
  const hash = existing ? null : await hashPassword(input.password);
  const joined = await db.transaction(async (tx) => {
    const row = await usableByToken(tx, input.token, now, true);
    const id = existing?.id ?? deps.newId('usr');
    if (!existing)
      await tx
        .insert(users)
        .values({ id, email: row.email, name: input.name!, passwordHash: hash!, locale: row.locale });
    const added = await tx
      .insert(memberships)
      .values({ organizationId: row.organizationId, userId: id, role: row.role, createdAt: now })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId });
    if (added.length === 0) throw new AppError('already-member');
    await tx.update(invitations).set({ acceptedAt: now, acceptedBy: id }).where(eq(invitations.id, row.id));
    const actor = { type: 'user' as const, id };
    await recordEvents(tx, [
      {
        organizationId: row.organizationId,
        entityType: 'invitation',
        entityId: row.id,
        type: 'invitation.accepted',
        actor,
        at: now,
        data: { userId: id, newAccount: !existing },
      },
      {
        organizationId: row.organizationId,
        entityType: 'membership',
        entityId: id,
        type: 'membership.created',
        actor,
        at: now,
        data: { after: { role: row.role, status: 'active' }, invitationId: row.id },
      },
    ]);
    return { id, organizationId: row.organizationId };
  });
  return openSession(deps, db, {
    userId: joined.id,
    organizationId: joined.organizationId,
    userAgent: input.userAgent,
  });
}

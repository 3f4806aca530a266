import { eq, sql } from 'drizzle-orm';
import { invitations, memberships, organizations, users } from '../../../db/schema';
import type { Db, Executor } from '../../../db/types';
import { AppError, type ErrorCode } from '../../core/errors';
import { assertNewPassword } from '../../core/password-policy';
import { sha256 } from '../../crypto/encoding';
import { hashPassword, verifyPassword } from '../../crypto/password';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { type LoginResult, openSession } from './sessions';
import { assertNotLocked, countFailure, throttleKeys } from './throttle';

type Row = typeof invitations.$inferSelect;
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

/**
 * Checks an existing account's password as sign-in does, under the same per-address throttle: an
 * invitation link must not open a way around the lockout.
 */
async function checkExistingPassword(db: Db, email: string, hash: string, password: string, now: Date) {
  const keys = await throttleKeys({ account: 'account', ip: 'ip' }, email, null);
  await assertNotLocked(db, keys, now, 'sign-in-throttled');
  if (await verifyPassword(password, hash)) return;
  const locked = await countFailure(db, keys, now);
  throw locked === null
    ? new AppError('invalid-credentials')
    : new AppError('sign-in-throttled', { retryAfterSeconds: locked });
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
  input: { token: string; name?: string; password: string; userAgent: string | null; ip: string | null },
): Promise<LoginResult> {
  const now = deps.now();
  const found = await usableByToken(db, input.token, now);
  const existing = await userByEmail(db, found.email);
  if (existing) await checkExistingPassword(db, found.email, existing.passwordHash, input.password, now);
  if (!existing && !input.name)
    throw new AppError('validation-failed', {
      detail: 'A new account needs a name',
      errors: [{ pointer: '/name', detail: 'A new account needs a name', code: 'required' }],
    });
  if (!existing) assertNewPassword(input.password, '/password');
  const hash = existing ? null : await hashPassword(input.password, deps.config.passwordHash);
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
    ip: input.ip,
  });
}

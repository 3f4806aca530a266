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
 * invitation link must not open a way around the lockout. A wrong one is a field error on the password,
 * shaped as a new account's refused password is.
 */
async function checkExistingPassword(
  db: Db,
  input: { email: string; hash: string; password: string; ip: string | null },
  now: Date,
) {
  const keys = await throttleKeys({ account: 'account', ip: 'ip' }, input.email, input.ip);
  await assertNotLocked(db, keys, now, 'sign-in-throttled');
  if (await verifyPassword(input.password, input.hash)) return;
  const locked = await countFailure(db, keys, now);
  if (locked !== null) throw new AppError('sign-in-throttled', { retryAfterSeconds: locked });
  const detail = 'This address has an account; enter its password';
  throw new AppError('validation-failed', {
    detail,
    errors: [{ pointer: '/password', detail, code: 'incorrect_password' }],
  });
}

/**
 * What the accept page shows before the person commits: which organization, which role, for which
 * address. Never whether the address has an account: the page asks the same of everyone.
 */
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
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * Accepts an invitation: a new account (name + password) or, when the address has one, that account's
 * password (the name is then left as the account has it); then the membership, the invitation consumed,
 * and a session opened as at sign-in. A token that cannot be used changes nothing. The request is the
 * same either way, and so are the answers' shapes (a refused password is a field error on /password).
 */
export async function acceptInvitation(
  deps: Pick<Deps, 'now' | 'newId' | 'config'>,
  db: Db,
  input: { token: string; name: string; password: string; userAgent: string | null; ip: string | null },
): Promise<LoginResult> {
  const now = deps.now();
  const found = await usableByToken(db, input.token, now);
  assertNewPassword(input.password, '/password');
  const existing = await userByEmail(db, found.email);
  if (existing)
    await checkExistingPassword(
      db,
      { email: found.email, hash: existing.passwordHash, password: input.password, ip: input.ip },
      now,
    );
  const hash = existing ? null : await hashPassword(input.password, deps.config.passwordHash);
  const joined = await db.transaction(async (tx) => {
    const row = await usableByToken(tx, input.token, now, true);
    const id = existing?.id ?? deps.newId('usr');
    if (!existing)
      await tx
        .insert(users)
        .values({ id, email: row.email, name: input.name, passwordHash: hash!, locale: row.locale });
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
        // Not whether the account is new: the organization learns of the person, not of their other ones.
        data: { userId: id },
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

import { and, asc, eq, sql } from 'drizzle-orm';
import { memberships, users } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { AppError } from '../../core/errors';
import {
  burnPasswordCheck,
  type HashParams,
  hashPassword,
  needsRehash,
  verifyPassword,
} from '../../crypto/password';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { type LoginResult, openSession } from './sessions';
import { clearThrottle, countFailure, lockedSeconds, signInEmail, throttleKeys } from './throttle';

type SignInInput = { email: string; password: string; userAgent: string | null; ip: string | null };
type Account = { id: string; passwordHash: string };
type FailureReason = 'unknown-account' | 'wrong-password' | 'throttled' | 'deactivated';

/**
 * Checks email + password and opens a session in the user's first active organization. Attempts are
 * throttled per address and per client network (core/sign-in-throttle): a locked key answers 429
 * `sign-in-throttled` before any password is checked, the same whether or not the address has an
 * account. Every failure is audited.
 */
export async function login(
  deps: Pick<Deps, 'now' | 'config' | 'logger'>,
  db: Db,
  input: SignInInput,
): Promise<LoginResult> {
  const now = deps.now();
  const keys = await throttleKeys({ account: 'account', ip: 'ip' }, input.email, input.ip);
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.email}) = ${signInEmail(input.email)}`)
    .limit(1);
  const wait = await lockedSeconds(db, keys, now);
  if (wait !== null) {
    await auditFailure(deps, db, user ?? null, input, 'throttled');
    throw new AppError('sign-in-throttled', { retryAfterSeconds: wait });
  }
  const valid = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await burnCheck(input, deps.config.passwordHash);
  if (!user || !valid) {
    const locked = await countFailure(db, keys, now);
    await auditFailure(deps, db, user ?? null, input, user ? 'wrong-password' : 'unknown-account');
    throw locked === null
      ? new AppError('invalid-credentials')
      : new AppError('sign-in-throttled', { retryAfterSeconds: locked });
  }
  const joined = await db
    .select({ organizationId: memberships.organizationId, status: memberships.status })
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(memberships.createdAt));
  const active = joined.find((m) => m.status === 'active');
  if (!active) {
    await auditFailure(deps, db, user, input, 'deactivated');
    throw new AppError(joined.length ? 'member-deactivated' : 'invalid-credentials');
  }
  await clearThrottle(db, keys[0]!);
  if (needsRehash(user.passwordHash, deps.config.passwordHash))
    await rehash(db, user, input.password, deps.config.passwordHash);
  return openSession(deps, db, {
    userId: user.id,
    organizationId: active.organizationId,
    userAgent: input.userAgent,
    ip: input.ip,
  });
}

/**
 * Replaces a hash made with older parameters by one at today's, now that the password is at hand; only
 * if the stored hash is still the one checked (a password change in between wins).
 */
async function rehash(db: Db, user: Account, password: string, params: HashParams): Promise<void> {
  const fresh = await hashPassword(password, params);
  await db
    .update(users)
    .set({ passwordHash: fresh })
    .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
}

/** Spends the time of a real check, so an unknown address answers as slowly as a wrong password. */
async function burnCheck(input: SignInInput, params: HashParams): Promise<false> {
  await burnPasswordCheck(input.password, params);
  return false;
}

/**
 * Records a failed sign-in: for an account, an event in each of its organizations (what was tried from
 * where; never the password); for an address without an account, only the server log (no organization
 * owns it).
 */
async function auditFailure(
  deps: Pick<Deps, 'now' | 'logger'>,
  db: Db,
  user: Account | null,
  input: SignInInput,
  reason: FailureReason,
): Promise<void> {
  const data = { reason, ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null };
  if (!user) {
    deps.logger.info('sign-in failed', data);
    return;
  }
  const orgs = await db
    .select({ organizationId: memberships.organizationId })
    .from(memberships)
    .where(eq(memberships.userId, user.id));
  await recordEvents(
    db,
    orgs.map(({ organizationId }) => ({
      organizationId,
      entityType: 'user',
      entityId: user.id,
      type: 'sign-in.failed',
      actor: { type: 'public' as const, id: null },
      at: deps.now(),
      data,
    })),
  );
}

import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { memberships, passwordResets, users } from '../../../db/schema';
import type { Db, Executor } from '../../../db/types';
import { AppError } from '../../core/errors';
import { randomToken, sha256 } from '../../crypto/encoding';
import { hashPassword } from '../../crypto/password';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { recordEmails } from '../audit/notices';
import { deleteSessions } from './sessions';
import { assertNotLocked, clearThrottle, countFailure, signInEmail, throttleKeys } from './throttle';

/** How long a reset link works: long enough to reach the mailbox, short enough to be of little use if leaked. */
export const RESET_TTL_MINUTES = 30;

/** The reset page's link: the token rides in the fragment, so it never reaches a server log or a Referer. */
const resetLink = (token: string) => `/app/reset#${token}`;

type Requester = { email: string; ip: string | null };

/**
 * Asks for a reset link by email. Requests count per address and per client network (429 `rate-limited`
 * past the limit, the same whether or not the address has an account). For an address with an active
 * membership, a single-use link is written with its email to the outbox (in the first organization the
 * person joined) and any earlier unused link stops working; for any other address nothing happens. The
 * caller answers the same either way.
 */
export async function requestPasswordReset(
  deps: Pick<Deps, 'now' | 'newId'>,
  db: Db,
  input: Requester,
): Promise<void> {
  const now = deps.now();
  const keys = await throttleKeys({ account: 'reset-account', ip: 'reset-ip' }, input.email, input.ip);
  await assertNotLocked(db, keys, now, 'rate-limited');
  await countFailure(db, keys, now);
  const [person] = await db
    .select({ id: users.id, organizationId: memberships.organizationId })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.status, 'active')))
    .where(sql`lower(${users.email}) = ${signInEmail(input.email)}`)
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!person) return;
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + RESET_TTL_MINUTES * 60_000);
  await db.transaction(async (tx) => {
    await tx
      .delete(passwordResets)
      .where(and(eq(passwordResets.userId, person.id), isNull(passwordResets.usedAt)));
    const id = deps.newId('pwr');
    await tx
      .insert(passwordResets)
      .values({ id, userId: person.id, tokenHash: await sha256(token), expiresAt, createdAt: now });
    await recordEmails(deps, tx, [
      {
        organizationId: person.organizationId,
        template: 'password-reset',
        data: {
          userId: person.id,
          link: resetLink(token),
          minutes: RESET_TTL_MINUTES,
          expiresAt: expiresAt.toISOString(),
        },
        at: now,
      },
    ]);
    await recordEvents(tx, [
      {
        organizationId: person.organizationId,
        entityType: 'user',
        entityId: person.id,
        type: 'password-reset.requested',
        actor: { type: 'public', id: null },
        at: now,
        data: { ip: input.ip },
      },
    ]);
  });
}

/**
 * Sets a new password with a reset link's token: the link is used up, every session of the person ends,
 * their sign-in lockout is lifted, and each of their organizations audits it. An unknown (forged), used or
 * expired token changes nothing.
 */
export async function confirmPasswordReset(
  deps: Pick<Deps, 'now' | 'config'>,
  db: Db,
  input: { token: string; password: string; ip: string | null },
): Promise<void> {
  const now = deps.now();
  const tokenHash = await sha256(input.token);
  await usableReset(db, tokenHash, now);
  const hash = await hashPassword(input.password, deps.config.passwordHash);
  const user = await db.transaction(async (tx) => {
    const reset = await usableReset(tx, tokenHash, now, true);
    await tx.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, reset.id));
    await tx
      .delete(passwordResets)
      .where(
        and(
          eq(passwordResets.userId, reset.userId),
          ne(passwordResets.id, reset.id),
          isNull(passwordResets.usedAt),
        ),
      );
    const [changed] = await tx
      .update(users)
      .set({ passwordHash: hash })
      .where(eq(users.id, reset.userId))
      .returning({ id: users.id, email: users.email });
    const ended = await deleteSessions(tx, reset.userId, null);
    const orgs = await tx
      .select({ organizationId: memberships.organizationId })
      .from(memberships)
      .where(eq(memberships.userId, reset.userId));
    await recordEvents(
      tx,
      orgs.map(({ organizationId }) => ({
        organizationId,
        entityType: 'user',
        entityId: reset.userId,
        type: 'password.reset',
        actor: { type: 'user' as const, id: reset.userId },
        at: now,
        data: { sessionsEnded: ended, ip: input.ip },
      })),
    );
    return changed!;
  });
  const [account] = await throttleKeys({ account: 'account', ip: 'ip' }, user.email, null);
  await clearThrottle(db, account!);
}

/** The reset a token opens; a problem for an unknown (forged), used or expired one. */
async function usableReset(db: Executor, tokenHash: string, now: Date, lock = false) {
  const query = db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('reset-link-invalid');
  if (row.usedAt) throw new AppError('reset-link-used');
  if (row.expiresAt <= now) throw new AppError('reset-link-expired');
  return row;
}

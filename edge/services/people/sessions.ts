import { and, eq, gt, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { memberships, organizations, scoringRules, sessions, users } from '../../../db/schema';
import type { Db, Executor } from '../../../db/types';
import type { Session } from '../../contract/session';
import { AppError } from '../../core/errors';
import { parseScoreBands } from '../../core/score';
import { randomToken, sha256 } from '../../crypto/encoding';
import { hashPassword, verifyPassword } from '../../crypto/password';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { assertNotLocked, clearThrottle, countFailure, throttleKeys } from './throttle';

/** The organization as a session shows it: who, the currency its amounts are in, its time zone, whether members may claim leads. */
const ORGANIZATION = {
  id: organizations.id,
  name: organizations.name,
  currency: organizations.currency,
  timezone: organizations.timezone,
  claimingEnabled: organizations.claimingEnabled,
};

/**
 * How stale a session's `last_seen_at` may grow before a request refreshes it: one write per session per
 * interval, not one per request.
 */
export const LAST_SEEN_INTERVAL_MS = 5 * 60_000;

/** Where a session's request came from, for its last-seen time and address. */
export type SeenFrom = { ip: string | null };

export type LoginResult = { token: string; expiresAt: Date; session: Session };

/**
 * Opens a session for a user in one organization (sign-in, first-run setup, an accepted invitation):
 * stores the token's hash, notes the sign-in on the membership, and audits it.
 */
export async function openSession(
  deps: Pick<Deps, 'now' | 'config'>,
  db: Db,
  input: { userId: string; organizationId: string; userAgent: string | null; ip: string | null },
): Promise<LoginResult> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3_600_000);
  await db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      tokenHash: await sha256(token),
      userId: input.userId,
      organizationId: input.organizationId,
      csrfToken,
      createdAt: now,
      expiresAt,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      ip: input.ip?.slice(0, 64) ?? null,
      lastSeenAt: now,
    });
    await tx
      .update(memberships)
      .set({ lastSignInAt: now })
      .where(and(eq(memberships.userId, input.userId), eq(memberships.organizationId, input.organizationId)));
    await recordEvents(tx, [
      {
        organizationId: input.organizationId,
        entityType: 'user',
        entityId: input.userId,
        type: 'session.created',
        actor: { type: 'user', id: input.userId },
        at: now,
      },
    ]);
  });
  const resolved = await resolveSession(db, token, now);
  if (!resolved) throw new AppError('member-deactivated');
  return { token, expiresAt, session: resolved.session };
}

/**
 * Resolves a session cookie to the caller; expired or unknown tokens resolve to null. With `seen`, a
 * session last seen more than LAST_SEEN_INTERVAL_MS ago is marked seen now, from that address.
 */
export async function resolveSession(
  db: Db,
  token: string,
  now: Date,
  seen?: SeenFrom,
): Promise<{ auth: Auth; session: Session } | null> {
  const tokenHash = await sha256(token);
  const [row] = await db
    .select({
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      role: memberships.role,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        locale: users.locale,
        timezone: users.timezone,
      },
      organization: ORGANIZATION,
      scoreBands: sql<unknown>`(select r.rules -> 'bands' from ${scoringRules} r
        where r.organization_id = ${organizations.id} order by r.version desc limit 1)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, sessions.organizationId))
    .innerJoin(
      memberships,
      and(
        eq(memberships.userId, sessions.userId),
        eq(memberships.organizationId, sessions.organizationId),
        eq(memberships.status, 'active'),
      ),
    )
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row) return null;
  if (seen && isStale(row.lastSeenAt, now)) await markSeen(db, tokenHash, now, seen);
  const { user } = row;
  const organization = { ...row.organization, scoreBands: parseScoreBands(row.scoreBands) };
  return {
    auth: {
      organizationId: row.organization.id,
      userId: row.user.id,
      apiKeyId: null,
      role: row.role,
      via: 'session',
      csrfToken: row.csrfToken,
    },
    session: {
      user,
      organization,
      role: row.role,
      timezone: user.timezone ?? organization.timezone,
      csrfToken: row.csrfToken,
    },
  };
}

function isStale(lastSeenAt: Date | null, now: Date): boolean {
  return !lastSeenAt || now.getTime() - lastSeenAt.getTime() >= LAST_SEEN_INTERVAL_MS;
}

/** Notes a session's use; of concurrent requests that all found it stale, only the first one writes. */
async function markSeen(db: Db, tokenHash: string, now: Date, seen: SeenFrom): Promise<void> {
  const staleBefore = new Date(now.getTime() - LAST_SEEN_INTERVAL_MS);
  await db
    .update(sessions)
    .set({ lastSeenAt: now, ...(seen.ip && { ip: seen.ip.slice(0, 64) }) })
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        or(isNull(sessions.lastSeenAt), lte(sessions.lastSeenAt, staleBefore)),
      ),
    );
}

/** Ends a session (logout); the event records who signed out. */
export async function logout(deps: Pick<Deps, 'now'>, db: Db, token: string, auth: Auth): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.tokenHash, await sha256(token)));
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'user',
        entityId: auth.userId,
        type: 'session.ended',
        actor: { type: 'user', id: auth.userId },
        at: deps.now(),
      },
    ]);
  });
}

/**
 * Ends every session of the user except the one with `keepToken` (in every organization: a person's
 * sessions are theirs, whichever organization they opened). Returns how many were ended.
 */
export async function endOtherSessions(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  keepToken: string | null,
  reason: 'sign-out-everywhere' | 'password-changed' = 'sign-out-everywhere',
): Promise<number> {
  const userId = requireUser(auth);
  return db.transaction(async (tx) => {
    const ended = await deleteSessions(tx, userId, keepToken);
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'user',
        entityId: userId,
        type: 'sessions.ended',
        actor: { type: 'user', id: userId },
        at: deps.now(),
        data: { reason, ended },
      },
    ]);
    return ended;
  });
}

/** Deletes a user's sessions (all, or all but one), inside the caller's transaction; returns how many. */
export async function deleteSessions(
  tx: Executor,
  userId: string,
  keepToken: string | null,
  organizationId?: string,
): Promise<number> {
  const keep = keepToken ? ne(sessions.tokenHash, await sha256(keepToken)) : undefined;
  const inOrganization = organizationId ? eq(sessions.organizationId, organizationId) : undefined;
  const rows = await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keep, inOrganization))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}

/**
 * Changes the caller's password after checking the current one, and ends all their other sessions (a
 * stolen session must not outlive the password it was opened with). The check counts against the same
 * per-account and per-network throttle as sign-in: a stolen session must not become a way to guess the
 * password without the lockout.
 */
export async function changePassword(
  deps: Pick<Deps, 'now' | 'config'>,
  db: Db,
  auth: Auth,
  input: { currentPassword: string; newPassword: string; keepToken: string | null; ip: string | null },
): Promise<void> {
  const userId = requireUser(auth);
  const now = deps.now();
  const [user] = await db
    .select({ hash: users.passwordHash, email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new AppError('forbidden', { detail: 'Only a signed-in person can do this.' });
  const keys = await throttleKeys({ account: 'account', ip: 'ip' }, user.email, input.ip);
  await assertNotLocked(db, keys, now, 'sign-in-throttled');
  if (!(await verifyPassword(input.currentPassword, user.hash))) {
    const locked = await countFailure(db, keys, now);
    if (locked !== null) throw new AppError('sign-in-throttled', { retryAfterSeconds: locked });
    throw new AppError('validation-failed', {
      detail: 'The current password is not correct',
      errors: [
        {
          pointer: '/currentPassword',
          detail: 'The current password is not correct',
          code: 'incorrect_password',
        },
      ],
    });
  }
  await clearThrottle(db, keys[0]!);
  const hash = await hashPassword(input.newPassword, deps.config.passwordHash);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: hash }).where(eq(users.id, userId));
    const ended = await deleteSessions(tx, userId, input.keepToken);
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'user',
        entityId: userId,
        type: 'password.changed',
        actor: { type: 'user', id: userId },
        at: now,
        data: { sessionsEnded: ended },
      },
    ]);
  });
}

/** The signed-in person; an API key has no sessions or password. */
function requireUser(auth: Auth): string {
  if (auth.via !== 'session' || !auth.userId)
    throw new AppError('forbidden', { detail: 'Only a signed-in person can do this.' });
  return auth.userId;
}

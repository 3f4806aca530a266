import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { memberships, organizations, sessions, users } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Session } from '../../contract/session';
import { AppError } from '../../core/errors';
import { randomToken, sha256 } from '../../crypto/encoding';
import { burnPasswordCheck, verifyPassword } from '../../crypto/password';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

/** The organization as a session shows it: who, and the currency its amounts are in. */
const ORGANIZATION = { id: organizations.id, name: organizations.name, currency: organizations.currency };

export type LoginResult = { token: string; expiresAt: Date; session: Session };

/** Checks email + password and opens a session in the user's first organization. */
export async function login(
  deps: Pick<Deps, 'now' | 'config'>,
  db: Db,
  input: { email: string; password: string; userAgent: string | null },
): Promise<LoginResult> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${input.email.trim().toLowerCase()}`)
    .limit(1);
  if (!user) {
    await burnPasswordCheck(input.password);
    throw new AppError('invalid-credentials');
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) throw new AppError('invalid-credentials');
  const [membership] = await db
    .select({ role: memberships.role, organization: ORGANIZATION })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!membership) throw new AppError('invalid-credentials');

  const token = randomToken();
  const csrfToken = randomToken(24);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3_600_000);
  await db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      tokenHash: await sha256(token),
      userId: user.id,
      organizationId: membership.organization.id,
      csrfToken,
      createdAt: now,
      expiresAt,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordEvents(tx, [
      {
        organizationId: membership.organization.id,
        entityType: 'user',
        entityId: user.id,
        type: 'session.created',
        actor: { type: 'user', id: user.id },
        at: now,
      },
    ]);
  });
  return {
    token,
    expiresAt,
    session: {
      user: { id: user.id, email: user.email, name: user.name, locale: user.locale },
      organization: membership.organization,
      role: membership.role,
      csrfToken,
    },
  };
}

/** Resolves a session cookie to the caller; expired or unknown tokens resolve to null. */
export async function resolveSession(
  db: Db,
  token: string,
  now: Date,
): Promise<{ auth: Auth; session: Session } | null> {
  const [row] = await db
    .select({
      csrfToken: sessions.csrfToken,
      role: memberships.role,
      user: { id: users.id, email: users.email, name: users.name, locale: users.locale },
      organization: ORGANIZATION,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, sessions.organizationId))
    .innerJoin(
      memberships,
      and(eq(memberships.userId, sessions.userId), eq(memberships.organizationId, sessions.organizationId)),
    )
    .where(and(eq(sessions.tokenHash, await sha256(token)), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row) return null;
  return {
    auth: {
      organizationId: row.organization.id,
      userId: row.user.id,
      apiKeyId: null,
      role: row.role,
      via: 'session',
      csrfToken: row.csrfToken,
    },
    session: { user: row.user, organization: row.organization, role: row.role, csrfToken: row.csrfToken },
  };
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

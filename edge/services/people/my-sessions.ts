import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { sessions } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { AccountSession } from '../../contract/people';
import { AppError } from '../../core/errors';
import { describeUserAgent } from '../../core/user-agent';
import { sha256 } from '../../crypto/encoding';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

/** The signed-in person; an API key has no sessions of its own. */
function personOf(auth: Auth): string {
  if (auth.via !== 'session' || !auth.userId)
    throw new AppError('forbidden', { detail: 'Only a signed-in person has sessions.' });
  return auth.userId;
}

/** The caller's own unexpired sessions in this organization, most recently seen first. */
function ownSessions(auth: Auth, userId: string, now: Date) {
  return and(
    eq(sessions.userId, userId),
    eq(sessions.organizationId, auth.organizationId),
    gt(sessions.expiresAt, now),
  );
}

/**
 * The signed-in person's sessions in this organization: the device each was opened on, where it was
 * last seen from and when, and which one is this request's (`currentToken`).
 */
export async function listMySessions(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  currentToken: string | null,
): Promise<AccountSession[]> {
  const userId = personOf(auth);
  const current = currentToken ? await sha256(currentToken) : null;
  const lastSeenAt = sql<Date>`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`.mapWith(
    sessions.createdAt,
  );
  const rows = await db
    .select({
      id: sessions.id,
      tokenHash: sessions.tokenHash,
      userAgent: sessions.userAgent,
      ip: sessions.ip,
      createdAt: sessions.createdAt,
      lastSeenAt,
    })
    .from(sessions)
    .where(ownSessions(auth, userId, deps.now()))
    .orderBy(desc(lastSeenAt), desc(sessions.createdAt), sessions.id);
  return rows.map((row) => ({
    id: row.id,
    device: describeUserAgent(row.userAgent),
    ip: row.ip,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    current: row.tokenHash === current,
  }));
}

/**
 * Ends one of the signed-in person's own sessions in this organization; anyone else's, or an unknown
 * id, is not found. Audited with the device it was opened on.
 */
export async function endMySession(deps: Pick<Deps, 'now'>, db: Db, auth: Auth, id: string): Promise<void> {
  const userId = personOf(auth);
  const now = deps.now();
  await db.transaction(async (tx) => {
    const [ended] = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, id), ownSessions(auth, userId, now)))
      .returning({ userAgent: sessions.userAgent, ip: sessions.ip, createdAt: sessions.createdAt });
    if (!ended) throw new AppError('not-found', { detail: 'No such session of yours.' });
    await recordEvents(tx, [
      {
        organizationId: auth.organizationId,
        entityType: 'user',
        entityId: userId,
        type: 'session.ended',
        actor: { type: 'user', id: userId },
        at: now,
        data: {
          reason: 'signed-out-from-list',
          sessionId: id,
          device: describeUserAgent(ended.userAgent),
          ip: ended.ip,
          openedAt: ended.createdAt.toISOString(),
        },
      },
    ]);
  });
}

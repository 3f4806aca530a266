import { asc } from 'drizzle-orm';
import { memberships } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import { AppError } from '../../core/errors';
import { hasRole } from '../../core/permissions';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { memberEvent, membershipOf } from '../people/manage-members';

export type Away = { userId: string; awayUntil: string | null };

/**
 * Marks a member out of office until a moment (null: back now); routing passes them over meanwhile. A
 * person sets their own; admins and owners set anyone's. Audited as `member.away_changed`.
 */
export async function setAway(
  deps: Pick<Deps, 'now' | 'caches'>,
  db: Db,
  auth: Auth,
  userId: string,
  until: Date | null,
): Promise<Away> {
  if (auth.userId !== userId && !hasRole(auth.role, 'admin'))
    throw new AppError('forbidden', { detail: 'Only admins set someone else’s absence.' });
  const now = deps.now();
  const result = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ awayUntil: memberships.awayUntil })
      .from(memberships)
      .where(membershipOf(auth, userId))
      .for('update');
    if (!before) throw new AppError('not-found', { detail: 'No such member' });
    await tx.update(memberships).set({ awayUntil: until }).where(membershipOf(auth, userId));
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    await recordEvents(tx, [
      memberEvent(auth, userId, 'member.away_changed', now, {
        before: { awayUntil: iso(before.awayUntil) },
        after: { awayUntil: iso(until) },
      }),
    ]);
    return { userId, awayUntil: iso(until) };
  });
  deps.caches.orgConfig.invalidate(auth.organizationId);
  return result;
}

/** Every member's absence (null: available), for the routing page. */
export async function listAway(db: Executor, organizationId: string): Promise<Away[]> {
  const rows = await db
    .select({ userId: memberships.userId, awayUntil: memberships.awayUntil })
    .from(memberships)
    .where(inOrg(memberships, organizationId))
    .orderBy(asc(memberships.userId));
  return rows.map((r) => ({ userId: r.userId, awayUntil: r.awayUntil?.toISOString() ?? null }));
}

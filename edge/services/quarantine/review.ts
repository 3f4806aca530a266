import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { forms, quarantinedSubmissions as held, organizations } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Executor } from '../../../db/types';
import type { QuarantineItem, QuarantineQuery } from '../../contract/admin';
import { HELD_COUNT_CAP, type QuarantineCount } from '../../contract/quarantine';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { PiiVault } from '../../crypto/pii';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

const LIST_LIMIT = 100;
const DAY_MS = 86_400_000;

/**
 * Held (or released) submissions of the organization, newest first, with their payload decrypted and, for
 * a held one, when the retention job erases it. Reading them is reading personal data: the list leaves a
 * `quarantine.viewed` access event naming which submissions were shown.
 */
export async function listQuarantine(
  deps: Pick<Deps, 'now'> & { pii: PiiVault },
  db: Db,
  auth: Auth,
  query: QuarantineQuery,
): Promise<QuarantineItem[]> {
  const organizationId = auth.organizationId;
  const status =
    query.status === 'held'
      ? isNull(held.releasedAt)
      : query.status === 'released'
        ? isNotNull(held.releasedAt)
        : undefined;
  const rows = await db
    .select({ row: held, formName: forms.name, retentionDays: organizations.quarantineRetentionDays })
    .from(held)
    .innerJoin(organizations, eq(organizations.id, held.organizationId))
    .leftJoin(forms, and(eq(forms.organizationId, held.organizationId), eq(forms.id, held.formId)))
    .where(inOrg(held, organizationId, status))
    .orderBy(desc(held.createdAt), desc(held.id))
    .limit(LIST_LIMIT);
  const items = await Promise.all(
    rows.map(async ({ row: r, formName, retentionDays }) => ({
      id: r.id,
      formId: r.formId,
      formName: formName ?? null,
      channel: r.channel,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.releasedAt ? null : new Date(r.createdAt.getTime() + retentionDays * DAY_MS).toISOString(),
      releasedAt: r.releasedAt?.toISOString() ?? null,
      leadId: r.leadId,
      payload: JSON.parse(
        await deps.pii.decrypt(organizationId, 'submission', r.payloadCiphertext),
      ) as unknown,
    })),
  );
  if (items.length > 0)
    await recordEvents(db, [
      {
        organizationId,
        entityType: 'quarantine',
        entityId: null,
        type: 'quarantine.viewed',
        actor: actorOf(auth),
        at: deps.now(),
        data: { ids: items.map((i) => i.id) },
      },
    ]);
  return items;
}

/** How many submissions wait for review, counted up to HELD_COUNT_CAP (the partial index answers it). */
export async function countHeld(db: Executor, organizationId: string): Promise<QuarantineCount> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(
    db
      .select({ one: sql`1`.as('one') })
      .from(held)
      .where(inOrg(held, organizationId, isNull(held.releasedAt)))
      .limit(HELD_COUNT_CAP + 1)
      .as('h'),
  );
  const n = row?.n ?? 0;
  return { held: Math.min(n, HELD_COUNT_CAP), capped: n > HELD_COUNT_CAP };
}

/**
 * Discards held submissions for good: the rows (their encrypted payload) are deleted and each leaves a
 * `submission.discarded` tombstone with no personal data. A submission being released at the same time
 * is locked by the release, and a released one is never deleted here. Returns the ids discarded.
 */
export async function discardSubmissions(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  ids: string[],
): Promise<string[]> {
  const now = deps.now();
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(held)
      .where(inOrg(held, auth.organizationId, inArray(held.id, ids), isNull(held.releasedAt)))
      .returning({
        id: held.id,
        reason: held.reason,
        formId: held.formId,
        channel: held.channel,
        createdAt: held.createdAt,
      });
    await recordEvents(
      tx,
      gone.map((g) => ({
        organizationId: auth.organizationId,
        entityType: 'quarantine',
        entityId: g.id,
        type: 'submission.discarded',
        actor: actorOf(auth),
        at: now,
        data: {
          reason: g.reason,
          formId: g.formId,
          channel: g.channel,
          receivedAt: g.createdAt.toISOString(),
        },
      })),
    );
    return gone.map((g) => g.id);
  });
}

/** Discards one held submission: `not-found` if the organization holds no such one, `conflict` once released. */
export async function discardSubmission(deps: Pick<Deps, 'now'>, db: Db, auth: Auth, id: string) {
  const [done] = await discardSubmissions(deps, db, auth, [id]);
  if (done) return;
  const [row] = await db
    .select({ releasedAt: held.releasedAt })
    .from(held)
    .where(inOrg(held, auth.organizationId, eq(held.id, id)));
  if (row)
    throw new AppError('conflict', { detail: `Submission ${id} was released; it cannot be discarded.` });
  throw new AppError('not-found', { detail: `No quarantined submission ${id}.` });
}

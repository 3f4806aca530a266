import { and, eq, lt } from 'drizzle-orm';
import { idempotencyKeys } from '../../db/schema';
import { inOrg } from '../../db/tenant';
import type { Tx } from '../../db/types';
import { AppError } from '../http/errors';

/** An Idempotency-Key (or webhook-id) with the hash of the request it came with. */
export type IdempotencyClaim = { scope: string; key: string; requestHash: string };

const TTL_MS = 24 * 3_600_000;

/**
 * Claims a key inside the caller's transaction, with Stripe's semantics. The claim is a row insert, so a
 * concurrent request with the same key waits on the unique index until the first commits, then replays its
 * stored result; the same key with a different request is refused. Keys expire after 24 hours.
 */
export async function claimIdempotencyKey<T>(
  tx: Tx,
  organizationId: string,
  claim: IdempotencyClaim,
  now: Date,
): Promise<{ claimed: true } | { claimed: false; result: T }> {
  const where = inOrg(
    idempotencyKeys,
    organizationId,
    eq(idempotencyKeys.scope, claim.scope),
    eq(idempotencyKeys.key, claim.key),
  );
  await tx.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.expiresAt, now)));
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({
      organizationId,
      ...claim,
      createdAt: now,
      expiresAt: new Date(now.getTime() + TTL_MS),
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { claimed: true };
  const [row] = await tx.select().from(idempotencyKeys).where(where).limit(1);
  if (!row || row.responseBody == null) throw new AppError('idempotency-in-progress');
  if (row.requestHash !== claim.requestHash)
    throw new AppError(
      'idempotency-key-reused',
      `Idempotency-Key ${claim.key} was first used with another request body.`,
    );
  return { claimed: false, result: row.responseBody as T };
}

/** Stores the result to replay, in the same transaction as the work it describes. */
export async function completeIdempotencyKey(
  tx: Tx,
  organizationId: string,
  claim: IdempotencyClaim,
  statusCode: number,
  result: unknown,
): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ statusCode, responseBody: result })
    .where(
      inOrg(
        idempotencyKeys,
        organizationId,
        eq(idempotencyKeys.scope, claim.scope),
        eq(idempotencyKeys.key, claim.key),
      ),
    );
}

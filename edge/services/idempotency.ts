import { eq, sql } from 'drizzle-orm';
import { idempotencyKeys } from '../../db/schema';
import { inOrg } from '../../db/tenant';
import type { Db, Tx } from '../../db/types';
import { AppError } from '../http/errors';

/** An Idempotency-Key (or webhook-id) with the hash of the request it came with. */
export type IdempotencyClaim = { scope: string; key: string; requestHash: string };

const TTL_MS = 24 * 3_600_000;

/** Raised inside the transaction when another request already holds the key: roll back, then replay. */
export class IdempotencyConflict extends Error {
  constructor() {
    super('idempotency key already used');
  }
}

/**
 * The statement that records the key with its result, run last in the same transaction as the work.
 * It inserts, or takes over an expired row; against a live row it returns nothing, and the caller raises
 * IdempotencyConflict. A concurrent request with the same key waits on the primary key until the first
 * commits, so the work is never stored twice (Stripe's semantics, with no extra round trip on the way in).
 */
export function claimStatement(
  tx: Tx,
  organizationId: string,
  claim: IdempotencyClaim,
  result: unknown,
  now: Date,
) {
  return tx
    .insert(idempotencyKeys)
    .values({
      organizationId,
      ...claim,
      statusCode: 201,
      responseBody: result,
      createdAt: now,
      expiresAt: new Date(now.getTime() + TTL_MS),
    })
    .onConflictDoUpdate({
      target: [idempotencyKeys.organizationId, idempotencyKeys.scope, idempotencyKeys.key],
      set: {
        requestHash: sql`excluded.request_hash`,
        statusCode: sql`excluded.status_code`,
        responseBody: sql`excluded.response_body`,
        createdAt: sql`excluded.created_at`,
        expiresAt: sql`excluded.expires_at`,
      },
      setWhere: sql`${idempotencyKeys.expiresAt} < excluded.created_at`,
    })
    .returning({ key: idempotencyKeys.key });
}

/** After a conflict: the stored result to replay, or 422 when the key came with another request. */
export async function storedResult<T>(db: Db, organizationId: string, claim: IdempotencyClaim): Promise<T> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(
      inOrg(
        idempotencyKeys,
        organizationId,
        eq(idempotencyKeys.scope, claim.scope),
        eq(idempotencyKeys.key, claim.key),
      ),
    )
    .limit(1);
  if (!row || row.responseBody == null) throw new AppError('idempotency-in-progress');
  if (row.requestHash !== claim.requestHash)
    throw new AppError(
      'idempotency-key-reused',
      `Idempotency-Key ${claim.key} was first used with another request body.`,
    );
  return row.responseBody as T;
}

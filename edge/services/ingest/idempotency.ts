import { and, eq, isNull, sql } from 'drizzle-orm';
import { runCompiled, StatementCache } from '../../../db/prepared';
import { idempotencyKeys } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import { AppError } from '../../core/errors';

/** An Idempotency-Key (or webhook-id) with the hash of the request it came with. */
export type IdempotencyClaim = { scope: string; key: string; requestHash: string };

/** Drops a pending claim whose work failed, so a retry can do it. */
export async function releaseClaim(db: Db, organizationId: string, claim: IdempotencyClaim) {
  await db
    .delete(idempotencyKeys)
    .where(and(keyOf(organizationId, claim), isNull(idempotencyKeys.statusCode)));
}

function keyOf(organizationId: string, claim: IdempotencyClaim) {
  return inOrg(
    idempotencyKeys,
    organizationId,
    eq(idempotencyKeys.scope, claim.scope),
    eq(idempotencyKeys.key, claim.key),
  );
}

// Looked up on every keyed submission: one statement, compiled and prepared once per connection (Postgres
// planned the drizzle-built select on every call, ~0.35 ms of its CPU per submission).
const statements = new StatementCache('lg_idempotency', 1);
const lookupStatement = () =>
  statements.get(
    'lookup',
    () => sql`select request_hash as "requestHash", response_body as "responseBody" from idempotency_keys
      where organization_id = ${sql.placeholder('org')} and scope = ${sql.placeholder('scope')}
        and key = ${sql.placeholder('key')} limit 1`,
  );

async function lookup(db: Db, organizationId: string, claim: IdempotencyClaim) {
  const [row] = await runCompiled<{ requestHash: string; responseBody: unknown }>(db, lookupStatement(), {
    org: organizationId,
    scope: claim.scope,
    key: claim.key,
  });
  if (row && row.responseBody != null && row.requestHash !== claim.requestHash)
    throw new AppError('idempotency-key-reused', {
      detail: `Idempotency-Key ${claim.key} was first used with another request body.`,
    });
  return row;
}

/** After a conflict: the stored result to replay, or `idempotency-key-reused` when the key came with another request. */
export async function storedResult<T>(db: Db, organizationId: string, claim: IdempotencyClaim): Promise<T> {
  const row = await lookup(db, organizationId, claim);
  if (!row || row.responseBody == null) throw new AppError('idempotency-in-progress');
  return row.responseBody as T;
}

/**
 * The stored result of a key whose first request already completed, or null when the key is new or its
 * work is still pending. A completed key sent with another body is refused (`idempotency-key-reused`), as `storedResult` does.
 * Checked before a form's Turnstile verification: a retry of an accepted submission replays without a
 * fresh token (Turnstile tokens are single-use and expire after 300 s).
 */
export async function completedResult<T>(
  db: Db,
  organizationId: string,
  claim: IdempotencyClaim,
): Promise<T | null> {
  const row = await lookup(db, organizationId, claim);
  return row && row.responseBody != null ? (row.responseBody as T) : null;
}

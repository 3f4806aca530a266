import { eq, inArray, lt } from 'drizzle-orm';
import { signInThrottles } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { AppError, type ErrorCode } from '../../core/errors';
import { personEmail } from '../../core/people';
import {
  afterFailure,
  clientNetwork,
  lockedFor,
  THROTTLE_POLICIES,
  type ThrottleKind,
} from '../../core/sign-in-throttle';
import { sha256 } from '../../crypto/encoding';

/** One throttled key: its kind (which policy) and the stored key. */
export type ThrottleKey = { kind: ThrottleKind; key: string };

/** Rows with no failure for this long are deleted as failures come in (no policy remembers them). */
const STALE_MS = 2 * 24 * 3_600_000;

/** The normalized address as sign-in compares it. */
export function signInEmail(email: string): string {
  return personEmail(email) ?? email.trim().toLowerCase();
}

/**
 * The keys an attempt counts against: the address (hashed, so the table lists no addresses, and the same
 * whether or not it has an account) and, when known, the client's network.
 */
export async function throttleKeys(
  kinds:
    | { account: 'account'; ip: 'ip' }
    | { account: 'reset-account'; ip: 'reset-ip' }
    | { account: 'signup-account'; ip: 'signup-ip' },
  email: string,
  ip: string | null,
): Promise<ThrottleKey[]> {
  const keys: ThrottleKey[] = [
    { kind: kinds.account, key: `${kinds.account}:${await sha256(signInEmail(email))}` },
  ];
  if (ip) keys.push({ kind: kinds.ip, key: `${kinds.ip}:${clientNetwork(ip)}` });
  return keys;
}

/** Seconds to wait while any of the keys is locked, else null. */
export async function lockedSeconds(db: Db, keys: ThrottleKey[], now: Date): Promise<number | null> {
  const rows = await db
    .select({ lockedUntil: signInThrottles.lockedUntil })
    .from(signInThrottles)
    .where(
      inArray(
        signInThrottles.key,
        keys.map((k) => k.key),
      ),
    );
  const waits = rows.map((r) => lockedFor(r, now)).filter((s): s is number => s !== null);
  return waits.length ? Math.max(...waits) : null;
}

/** Throws `code` (429, with Retry-After) while any of the keys is locked. */
export async function assertNotLocked(
  db: Db,
  keys: ThrottleKey[],
  now: Date,
  code: ErrorCode,
): Promise<void> {
  const wait = await lockedSeconds(db, keys, now);
  if (wait !== null) throw new AppError(code, { retryAfterSeconds: wait });
}

/**
 * Counts one failure (or request) against every key, each row locked while it is updated so concurrent
 * attempts all count; returns the seconds to wait when this one locked a key, else null.
 */
export async function countFailure(db: Db, keys: ThrottleKey[], now: Date): Promise<number | null> {
  // A stable order, so two attempts on the same keys never wait on each other's rows crosswise.
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key));
  const waits = await db.transaction(async (tx) => {
    const found: number[] = [];
    for (const { kind, key } of sorted) {
      await tx
        .insert(signInThrottles)
        .values({ key, failures: 0, windowStartedAt: now, updatedAt: now })
        .onConflictDoNothing();
      const [row] = await tx.select().from(signInThrottles).where(eq(signInThrottles.key, key)).for('update');
      const next = afterFailure(row ?? null, THROTTLE_POLICIES[kind], now);
      await tx.update(signInThrottles).set(next).where(eq(signInThrottles.key, key));
      const wait = lockedFor(next, now);
      if (wait !== null && next.failures === 0) found.push(wait);
    }
    return found;
  });
  await db.delete(signInThrottles).where(lt(signInThrottles.updatedAt, new Date(now.getTime() - STALE_MS)));
  return waits.length ? Math.max(...waits) : null;
}

/** Forgets an account's failures (a successful sign-in or a completed password reset). */
export async function clearThrottle(db: Db, key: ThrottleKey): Promise<void> {
  await db.delete(signInThrottles).where(eq(signInThrottles.key, key.key));
}

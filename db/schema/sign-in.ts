import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Counters of failed sign-ins (and of password-reset requests) per key: an account (`account:` + the
 * SHA-256 of the normalized address, whether or not it has an account) or a client network (`ip:`).
 * A key that reaches its policy's limit is locked for a time that doubles with each lockout
 * (core/sign-in-throttle). Kept in Postgres so every runtime and every instance sees the same counts.
 */
export const signInThrottles = pgTable(
  'sign_in_throttles',
  {
    key: text().primaryKey(),
    /** Failures (or requests) counted in the current window. */
    failures: integer().notNull().default(0),
    windowStartedAt: timestamp({ withTimezone: true }).notNull(),
    /** Lockouts so far; each one lasts twice as long as the one before (up to the policy's cap). */
    lockouts: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('sign_in_throttles_updated_idx').on(t.updatedAt)],
);

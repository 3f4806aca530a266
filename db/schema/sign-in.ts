import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './identity';

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

/**
 * A password-reset link sent by email: the link carries a random token, the table only its SHA-256. It
 * works once, within its expiry; a newer request for the same person replaces the unused ones.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('password_resets_token_uq').on(t.tokenHash),
    index('password_resets_user_idx').on(t.userId),
  ],
);

/**
 * The proof that a visitor owns an address before a new organization is created for it (sign-up, when the
 * deployment allows it): the emailed link carries a random token, the table only its SHA-256. It works
 * once, within its expiry; a newer request for the same address replaces the unused ones.
 */
export const signupProofs = pgTable(
  'signup_proofs',
  {
    id: text().primaryKey(),
    /** Normalized as invitations are (NFC, lower case, ASCII domain): one person whatever was typed. */
    email: text().notNull(),
    /** The visitor's language: the email's and the completion page's. */
    locale: text().notNull().default('en'),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('signup_proofs_token_uq').on(t.tokenHash),
    index('signup_proofs_email_idx').on(t.email),
  ],
);

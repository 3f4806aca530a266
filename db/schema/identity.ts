import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { roleEnum } from './enums';

/** A tenant. Every tenant table carries organization_id referencing this. */
export const organizations = pgTable(
  'organizations',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    slug: text().notNull(),
    /** ISO 3166-1 alpha-2, used to parse phone numbers that carry no country code. */
    defaultCountry: text().notNull().default('US'),
    /** ISO 4217; every opportunity's amount is in it. Derived from the country when not chosen. */
    currency: text().notNull().default('USD'),
    /** IANA time zone (e.g. Europe/Prague): the organization's working day for digests and reports. */
    timezone: text().notNull().default('UTC'),
    /** The organization's language (en, de, cs, uk): emails to people who have not chosen their own. */
    locale: text().notNull().default('en'),
    /** Members may take an unassigned lead themselves; off: only routing and admins assign leads. */
    claimingEnabled: boolean().notNull().default(true),
    /** Days a soft-deleted lead can be restored before the purge job erases it. */
    leadPurgeDays: integer().notNull().default(30),
    /** Days a held (quarantined) submission waits for review before it is erased. */
    quarantineRetentionDays: integer().notNull().default(30),
    /** Origins that may embed every form of the organization, besides each form's own list. */
    allowedOrigins: text().array().notNull().default([]),
    /** The language a new form starts with (en, de, cs, uk). */
    defaultFormLocale: text().notNull().default('en'),
    /** How long audit events are kept, in days (7 years unless an admin sets otherwise; at least 1 year). */
    auditRetentionDays: integer().notNull().default(2557),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organizations_slug_uq').on(t.slug)],
);

/** A person who signs in to the dashboard (staff, not leads: their email is an identifier, not lead PII). */
export const users = pgTable(
  'users',
  {
    id: text().primaryKey(),
    email: text().notNull(),
    name: text().notNull(),
    /** Self-describing: `scrypt$<N>$<r>$<p>$<salt>$<hash>` (older: `pbkdf2-sha256$<iterations>$<salt>$<hash>`). */
    passwordHash: text().notNull(),
    locale: text().notNull().default('en'),
    /** IANA time zone for the person's own clock (task defaults, times shown); null: the organization's. */
    timezone: text(),
    /**
     * Which new inbound leads the person is told of: `assigned` (those routed to them), `claimable` (also
     * unassigned ones they may claim), `off` (none).
     */
    notifyNewLeads: text().$type<'assigned' | 'claimable' | 'off'>().notNull().default('assigned'),
    /** Whether a task falling due also sends an email (the in-app notification is always made). */
    taskReminderEmail: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_uq').on(sql`lower(${t.email})`)],
);

export const memberships = pgTable(
  'memberships',
  {
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull(),
    /** `active`, or `deactivated`: a deactivated member's sessions and API keys are refused. */
    status: text().$type<'active' | 'deactivated'>().notNull().default('active'),
    deactivatedAt: timestamp({ withTimezone: true }),
    lastSignInAt: timestamp({ withTimezone: true }),
    /** Out of office until then: routing passes the member over; set by the member or an admin. */
    awayUntil: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

/**
 * Server-side sessions: the cookie holds a random token, the table only its SHA-256. The token's hash
 * never leaves the server; a person's list of sessions names each by `id`.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text().primaryKey(),
    /** A public handle (`ses_…`) for ending one session from the list; not a secret. */
    id: text().notNull().default(sql`'ses_' || replace(gen_random_uuid()::text, '-', '')`),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    csrfToken: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    userAgent: text(),
    /** The client's address when the session was opened, or when it was last seen from another one. */
    ip: text(),
    /** When a request last used the session, to within LAST_SEEN_GRANULARITY (one write per interval). */
    lastSeenAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('sessions_user_idx').on(t.userId), uniqueIndex('sessions_id_uq').on(t.id)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** First characters of the key, shown in the UI to tell keys apart. */
    prefix: text().notNull(),
    keyHash: text().notNull(),
    /** The most the key may do; at request time also capped by its creator's current role. */
    role: roleEnum().notNull().default('member'),
    /** What the key may be used for (see API_SCOPES); a route outside them answers 403. */
    scopes: text().array().notNull().default(sql`'{}'::text[]`),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    /** Written at most once a minute (LAST_USED_RESOLUTION_MS), with the caller's address. */
    lastUsedAt: timestamp({ withTimezone: true }),
    lastUsedIp: text(),
    /** After this the key answers 401 `api-key-expired`; null: it does not expire. */
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash), index('api_keys_org_idx').on(t.organizationId)],
);

/**
 * An invitation to join an organization with a role. The emailed link carries a random token; only its
 * SHA-256 is stored. Accepted, revoked or expired invitations stay as a record of who was invited.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: text().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Normalized (NFC, lower case, ASCII domain): one person whatever case or Unicode form was typed. */
    email: text().notNull(),
    role: roleEnum().notNull(),
    /** The recipient's language for the email and the accept page. */
    locale: text().notNull().default('en'),
    tokenHash: text().notNull(),
    invitedBy: text().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: text().references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_uq').on(t.tokenHash),
    // One open invitation per address and organization.
    uniqueIndex('invitations_pending_uq')
      .on(t.organizationId, t.email)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

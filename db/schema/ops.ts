import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { organizations, users } from './identity';
import { organizationId } from './tenant-column';

export const importJobs = pgTable(
  'import_jobs',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    status: text().notNull().default('uploaded'),
    filename: text().notNull(),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    counts: jsonb().$type<Record<string, number>>().notNull().default({}),
    mapping: jsonb().$type<Record<string, string>>(),
    options: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    error: text(),
    /** The file's column names, in order; staged rows keep their cells by these names. */
    headers: text().array().notNull().default(sql`'{}'::text[]`),
    /** The last file line whose batch is committed: a resumed commit starts after it. */
    committedLine: integer().notNull().default(0),
    /**
     * Batches committed past committedLine (two run at once and may finish out of order), as their line
     * before the first → their last line; committedLine advances over them once the gap before is filled.
     */
    committedAhead: jsonb().$type<Record<string, number>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index('import_jobs_org_idx').on(t.organizationId, t.createdAt)],
);

/** Staged rows of an import; deliberately light on indexes so batches load fast. */
export const importRows = pgTable(
  'import_rows',
  {
    jobId: text()
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    line: integer().notNull(),
    /** The file's cells by header in plaintext: only rows staged before cells were sealed; `{}` since. */
    data: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** The file's cells in header order, as sealed JSON (they hold emails and phones as the file had them). */
    cellsCiphertext: text(),
    outcome: text(),
    reason: text(),
    leadId: text(),
    /** The lead to store (normalized, scored, PII sealed), as jsonb; null for an invalid row. */
    lead: jsonb().$type<Record<string, unknown>>(),
    // Dedupe keys, compared set-based in SQL: blind indexes and folded name/company keys.
    emailIndex: text(),
    phoneIndex: text(),
    phoneValid: boolean(),
    lastNameKey: text(),
    firstNameKey: text(),
    companyKey: text(),
    /** The routing decision made on paper at staging: a user, or a team pool and its round-robin sequence. */
    plan: jsonb().$type<Record<string, unknown>>(),
    /** The existing lead (update, skip, possible duplicate) or the earlier line this row duplicates. */
    matchLeadId: text(),
    matchLine: integer(),
    similarity: real(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.line] })],
);

/** Stripe-style idempotency: the first response is stored and replayed for 24 h. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    organizationId: organizationId(),
    scope: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    statusCode: integer(),
    responseBody: jsonb(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull().default(sql`now() + interval '24 hours'`),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.scope, t.key] }),
    index('idempotency_expiry_idx').on(t.expiresAt),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    link: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.organizationId, t.userId, t.createdAt)],
);

/**
 * Transactional outbox: emails and outgoing webhooks written with the change that caused them. A row
 * without an organization is system mail to an address that belongs to no organization yet (the proof of
 * a sign-up): no organization's reader (the Outbox page filters by organization) ever sees it, and the
 * drain sends it like any other.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: text().primaryKey(),
    organizationId: text().references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.nextAttemptAt)],
);

/**
 * Which organizations someone is watching live, per server process: the live triggers NOTIFY only for an
 * organization with an unexpired row here, because Postgres serialises the commits of notifying
 * transactions (intake for an organization whose dashboards are all closed pays nothing). A process keeps
 * its rows fresh while it holds live connections and deletes them when the last one closes; a crashed
 * process's rows lapse at `expires_at`.
 */
export const liveListeners = pgTable(
  'live_listeners',
  {
    organizationId: organizationId(),
    listenerId: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.listenerId] })],
);

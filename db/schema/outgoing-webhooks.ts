import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './identity';
import { organizationId } from './tenant-column';

/**
 * An endpoint that receives the organization's events (Standard Webhooks). Messages are written by the
 * trigger on `lead_events` (migration `outgoing-webhooks`), in the transaction of the change.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    url: text().notNull(),
    description: text().notNull().default(''),
    /** Webhook event types (`lead.created`, …) this endpoint receives. */
    eventTypes: text().array().notNull(),
    /** Signing secrets, encrypted, oldest first; every one signs while a rotation overlaps. */
    secretCiphertexts: text().array().notNull(),
    enabled: boolean().notNull().default(true),
    /**
     * Lead events carry `data.person` (names, email, phone, company…), read and decrypted from the lead's
     * current row at send time: an erased lead's later attempts carry none. Off unless an admin chose it.
     */
    includePersonalData: boolean().notNull().default(false),
    /** Why it is off: `manual`, or `failing` (three days of failed attempts). */
    disabledReason: text(),
    /** The first failed attempt since the last success; null while the endpoint answers. */
    failingSince: timestamp({ withTimezone: true }),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index('webhook_subscriptions_org_idx').on(t.organizationId)],
);

/**
 * One event for one subscription: its `webhook-id` is `id`, its body `payload` (sent byte for byte the
 * same on every attempt and replay). `seq` orders a lead's messages: a later one waits for the earlier.
 */
export const webhookMessages = pgTable(
  'webhook_messages',
  {
    id: text().primaryKey(),
    seq: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    organizationId: organizationId(),
    subscriptionId: text()
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventType: text().notNull(),
    leadId: text(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** pending → delivered, or failed once the retries are spent. */
    status: text().$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
    /** When the Workers queue gave up on the message and parked it in its dead-letter queue (last time). */
    parkedAt: timestamp({ withTimezone: true }),
    /** Why it was parked: `queue-retries-exhausted`. */
    parkedReason: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_messages_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('webhook_messages_lead_idx').on(t.subscriptionId, t.leadId, t.seq).where(sql`status = 'pending'`),
    index('webhook_messages_log_idx').on(t.organizationId, t.subscriptionId, t.createdAt),
  ],
);

/** The delivery log: one row per attempt (automatic or a replay) as sent and as answered. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: organizationId(),
    messageId: text()
      .notNull()
      .references(() => webhookMessages.id, { onDelete: 'cascade' }),
    attempt: integer().notNull(),
    replay: boolean().notNull().default(false),
    url: text().notNull(),
    requestHeaders: jsonb().$type<Record<string, string>>().notNull(),
    /** The HTTP status, or null when no answer came (refused target, timeout, network). */
    responseStatus: integer(),
    /** The first bytes of the answer's body. */
    responseExcerpt: text(),
    /** Why no answer came: `blocked-target`, `timeout`, `network`, `redirect`. */
    error: text(),
    durationMs: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_attempts_message_idx').on(t.messageId, t.attempt),
    index('webhook_attempts_age_idx').on(t.createdAt),
  ],
);

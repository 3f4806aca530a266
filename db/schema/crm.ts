import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './identity';
import { leads } from './leads';
import { organizationId } from './tenant-column';

export const accounts = pgTable(
  'accounts',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    name: text().notNull(),
    /** Normalized name (legal suffixes stripped) for fuzzy matching on conversion. */
    nameKey: text().notNull(),
    industry: text(),
    employees: integer(),
    website: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('accounts_org_idx').on(t.organizationId, t.nameKey),
    // Conversion's account candidates: pg_trgm similarity on the normalized name.
    index('accounts_name_key_trgm_idx').using('gin', sql`${t.nameKey} gin_trgm_ops`),
    // The app-wide search: any part of the name, any case (ILIKE).
    index('accounts_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    accountId: text().references(() => accounts.id, { onDelete: 'set null' }),
    leadId: text().references(() => leads.id, { onDelete: 'set null' }),
    firstName: text(),
    lastName: text().notNull(),
    title: text(),
    emailCiphertext: text(),
    emailIndex: text(),
    phoneCiphertext: text(),
    phoneIndex: text(),
    piiKeyVersion: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('contacts_account_idx').on(t.organizationId, t.accountId),
    // The app-wide search: any part of "first last" (this very expression, see services/search), and an
    // exact email or phone by blind index.
    index('contacts_full_name_trgm_idx').using(
      'gin',
      sql`(coalesce(${t.firstName}, '') || ' ' || ${t.lastName}) gin_trgm_ops`,
    ),
    index('contacts_email_idx').on(t.organizationId, t.emailIndex).where(sql`${t.emailIndex} is not null`),
    index('contacts_phone_idx').on(t.organizationId, t.phoneIndex).where(sql`${t.phoneIndex} is not null`),
  ],
);

export const opportunities = pgTable(
  'opportunities',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    accountId: text().references(() => accounts.id, { onDelete: 'set null' }),
    contactId: text().references(() => contacts.id, { onDelete: 'set null' }),
    leadId: text().references(() => leads.id, { onDelete: 'set null' }),
    name: text().notNull(),
    stage: text().notNull().default('Qualification'),
    amount: numeric({ precision: 14, scale: 2 }).notNull().default('0'),
    currency: text().notNull().default('USD'),
    assignedTo: text().references(() => users.id, { onDelete: 'set null' }),
    description: text(),
    source: text(),
    campaign: text(),
    formId: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    closedAt: timestamp({ withTimezone: true }),
    deletedAt: timestamp({ withTimezone: true }),
    /** Optimistic concurrency for stage and amount edits. */
    version: integer().notNull().default(1),
  },
  (t) => [
    index('opportunities_org_idx').on(t.organizationId, t.accountId),
    // The opportunities a lead originated. Not unique: converting twice is prevented by the lead's row lock
    // and its converted_* ids, and a merge may give a master the opportunities of its duplicates.
    index('opportunities_lead_idx').on(t.organizationId, t.leadId).where(sql`${t.leadId} is not null`),
    // The app-wide search: any part of the name, any case (ILIKE).
    index('opportunities_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/** Versioned per-organization scoring configuration; the highest version is in force. */
export const scoringRules = pgTable(
  'scoring_rules',
  {
    organizationId: organizationId(),
    version: integer().notNull(),
    rules: jsonb().$type<Record<string, unknown>>().notNull(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    /** The version this one restored (a restore saves the old model as a new version). */
    restoredFrom: integer(),
  },
  (t) => [index('scoring_rules_org_idx').on(t.organizationId, t.version)],
);

/** Ordered routing rules; the first whose condition matches assigns the lead. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    position: integer().notNull(),
    name: text().notNull(),
    condition: jsonb().$type<Record<string, unknown>>().notNull(),
    action: jsonb().$type<Record<string, unknown>>().notNull(),
    enabled: boolean().notNull().default(true),
    /** The save of the rule list this rule belongs to: every save of the list numbers a new version. */
    version: integer().notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('routing_rules_org_idx').on(t.organizationId, t.position)],
);

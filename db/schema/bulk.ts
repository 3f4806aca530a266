import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { actorTypeEnum } from './enums';
import { organizationId } from './tenant-column';

/** One bulk operation on leads (status, assign, tags, delete): who, what, and whether it was undone. */
export const bulkOperations = pgTable(
  'bulk_operations',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    action: text().notNull(),
    params: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    actorType: actorTypeEnum().notNull(),
    actorId: text(),
    changed: integer().notNull(),
    createdAt: createdAt(),
    undoneAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('bulk_operations_org_idx').on(t.organizationId, t.createdAt)],
);

/**
 * The undo journal: per changed lead, the values of the fields the operation changed as they were before,
 * and the version it left the lead at (a lead at another version was changed since, and is not undone).
 */
export const bulkOperationLeads = pgTable(
  'bulk_operation_leads',
  {
    operationId: text()
      .notNull()
      .references(() => bulkOperations.id, { onDelete: 'cascade' }),
    organizationId: organizationId(),
    leadId: text().notNull(),
    before: jsonb().$type<Record<string, unknown>>().notNull(),
    after: jsonb().$type<Record<string, unknown>>().notNull(),
    versionAfter: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.operationId, t.leadId] })],
);

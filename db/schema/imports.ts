import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './identity';
import { organizationId } from './tenant-column';

/** A saved column mapping (header → lead field) that an organization reuses for files of the same shape. */
export const importTemplates = pgTable(
  'import_templates',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    name: text().notNull(),
    mapping: jsonb().$type<Record<string, string>>().notNull(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('import_templates_org_idx').on(t.organizationId, t.name)],
);

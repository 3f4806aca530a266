import { boolean, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './identity';
import { organizationId } from './tenant-column';

/**
 * A "smart list": a name and a lead-list filter, kept in its query-string form (the same parameters
 * GET /api/leads takes) so the dashboard applies it as it is. Personal, or shared with the organization.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    ownerId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    filter: jsonb().$type<Record<string, string>>().notNull(),
    /** How the list shows the view (columns, density); null: the viewer's own choice. */
    layout: jsonb().$type<{ columns: string[]; density: 'comfortable' | 'compact' }>(),
    shared: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index('saved_views_org_owner_idx').on(t.organizationId, t.ownerId)],
);

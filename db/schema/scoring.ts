import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './identity';
import { organizationId } from './tenant-column';

/**
 * A background rescore of an organization's live leads with one scoring version, walked in id order.
 * `cursor` is the last lead id written; it moves in the transaction that writes a batch, so a restart
 * resumes after the last batch written. A newer save supersedes a running rescore (its own takes over).
 */
export const scoringRescores = pgTable(
  'scoring_rescores',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    version: integer().notNull(),
    status: text().$type<'running' | 'completed' | 'superseded'>().notNull().default('running'),
    /** Live leads when the rescore started (leads created meanwhile are scored by the new version anyway). */
    total: integer().notNull(),
    done: integer().notNull().default(0),
    cursor: text(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('scoring_rescores_org_idx').on(t.organizationId, t.createdAt.desc()),
    index('scoring_rescores_running_idx').on(t.status).where(sql`${t.status} = 'running'`),
  ],
);

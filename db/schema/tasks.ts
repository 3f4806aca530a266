import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './identity';
import { leads } from './leads';
import { organizationId } from './tenant-column';

/**
 * A to-do on a lead: what, when, for whom. Stored as notes are (plain text: titles and notes are the
 * team's own words about a lead, not the lead's contact data, which alone is sealed). Snoozing moves
 * `due_at` and clears `reminded_at`, so a task has one due time and one reminder per due time.
 */
export const tasks = pgTable(
  'tasks',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    leadId: text()
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    /** Null: the default "Follow up", worded by whoever shows it, in their language. */
    title: text(),
    note: text(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    assigneeId: text().references(() => users.id, { onDelete: 'set null' }),
    // Who created or closed it: a user or API key id, kept without a foreign key because it is history.
    createdBy: text(),
    doneAt: timestamp({ withTimezone: true }),
    doneBy: text(),
    /** When the reminder for the current `due_at` was claimed; null while it is still to be sent. */
    remindedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    // "My tasks": a person's open tasks by due time, each bucket a range of due_at (an index range scan
    // whatever the size of the organization); also the nav's overdue+today count.
    index('tasks_org_assignee_open_due_idx')
      .on(t.organizationId, t.assigneeId, t.dueAt, t.id)
      .where(sql`${t.doneAt} is null`),
    // A lead's tasks (the lead page, closing them on LOST or conversion).
    index('tasks_org_lead_idx').on(t.organizationId, t.leadId, t.dueAt),
    // The reminder job's scan across organizations: only open tasks whose reminder is still to be sent.
    index('tasks_reminder_due_idx').on(t.dueAt).where(sql`${t.doneAt} is null and ${t.remindedAt} is null`),
  ],
);

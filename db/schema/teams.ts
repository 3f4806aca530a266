import { boolean, foreignKey, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { memberships } from './identity';
import { organizationId } from './tenant-column';

/**
 * A routing team: round-robin routing rules name it. Names are unique per organization after folding
 * (case and accents, core/text foldForMatch), the same comparison routing uses to find a rule's team.
 */
export const teams = pgTable(
  'teams',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    name: text().notNull(),
    /** foldForMatch(name): what uniqueness and routing compare. */
    nameKey: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('teams_org_name_uq').on(t.organizationId, t.nameKey)],
);

/** Who is in a team; a person may be in several. Leaving the organization leaves its teams. */
export const teamMembers = pgTable(
  'team_members',
  {
    organizationId: organizationId(),
    teamId: text()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text().notNull(),
    /** Senior members are the pool of `seniorOnly` routing rules. */
    senior: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    foreignKey({
      name: 'team_members_membership_fk',
      columns: [t.organizationId, t.userId],
      foreignColumns: [memberships.organizationId, memberships.userId],
    }).onDelete('cascade'),
    index('team_members_org_user_idx').on(t.organizationId, t.userId),
  ],
);

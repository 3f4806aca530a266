import { index, integer, jsonb, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { organizationId } from './tenant-column';

/**
 * A cluster of probable duplicates: a connected component of the pairwise matches of the last scan
 * (and of ingestion's duplicate_links). Rebuilt whole by each scan, so its id lives until the next one.
 */
export const duplicateClusters = pgTable(
  'duplicate_clusters',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    /** The strongest rule among the cluster's pairs (email-exact > phone-exact > name-company-fuzzy). */
    rule: text().notNull(),
    /** The best pairwise score, 0–1 (1 for exact rules). */
    score: real().notNull(),
    size: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('duplicate_clusters_org_idx').on(t.organizationId, t.score.desc(), t.id)],
);

/** The members of a cluster. */
export const duplicateClusterMembers = pgTable(
  'duplicate_cluster_members',
  {
    clusterId: text()
      .notNull()
      .references(() => duplicateClusters.id, { onDelete: 'cascade' }),
    organizationId: organizationId(),
    leadId: text().notNull(),
    /** The member's strongest pair within the cluster, as the scan found it: the other lead… */
    matchedWith: text(),
    /** …the rule that paired them… */
    rule: text(),
    /** …and how alike they are, 0–1 (1 for exact rules). */
    score: real(),
  },
  (t) => [
    primaryKey({ columns: [t.clusterId, t.leadId] }),
    index('duplicate_cluster_members_lead_idx').on(t.organizationId, t.leadId),
  ],
);

/** "Not a duplicate": pairs (lead_a < lead_b) a user dismissed; every later scan leaves them out. */
export const duplicateDismissals = pgTable(
  'duplicate_dismissals',
  {
    organizationId: organizationId(),
    leadA: text().notNull(),
    leadB: text().notNull(),
    dismissedBy: text(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.leadA, t.leadB] })],
);

/** What a merge changed, kept so it can be undone: the master's state before, and every repointed row. */
export type MergeJournal = {
  /** The master's columns before the merge (only those the merge set), as stored (ciphertexts). */
  masterBefore: Record<string, unknown>;
  /** The master's version right after the merge: undo is refused once it moved on. */
  masterVersionAfter: number;
  /** Per table, [row id, lead id before] of each repointed row. */
  repointed: Record<string, Array<[string, string]>>;
};

/** One merge: master, merged leads, chosen fields, and the undo journal (null once personal data was erased). */
export const leadMerges = pgTable(
  'lead_merges',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    masterId: text().notNull(),
    mergedIds: text().array().notNull(),
    fields: jsonb().$type<Record<string, string>>().notNull(),
    journal: jsonb().$type<MergeJournal>(),
    mergedBy: text(),
    createdAt: createdAt(),
    undoneAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('lead_merges_org_idx').on(t.organizationId, t.createdAt)],
);

/** Leads whose personal data was erased (GDPR art. 17): makes erasure and the purge job idempotent. */
export const leadErasures = pgTable('lead_erasures', {
  leadId: text().primaryKey(),
  organizationId: organizationId(),
  reason: text().$type<'request' | 'retention'>().notNull(),
  erasedAt: createdAt(),
});

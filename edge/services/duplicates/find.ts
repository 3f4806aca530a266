import { and, eq, sql } from 'drizzle-orm';
import { runCompiled, StatementCache } from '../../../db/prepared';
import { duplicateLinks, leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import { confirmFuzzyMatch, FUZZY_RULE, type FuzzyPerson } from '../../core/dedupe';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { candidateBlock, type DuplicateCandidate } from '../ingest/insert-new-lead';

// Run after every new lead: compiled once per shape and prepared once per connection, so Postgres does not
// parse and plan it per submission (that was ~0.5 ms of its CPU each).
const statements = new StatementCache('lg_dup_candidates', 2);
const candidateStatement = (byLastName: boolean) =>
  statements.get(byLastName ? 'company-or-last-name' : 'company', () =>
    candidateBlock({
      org: sql`${sql.placeholder('org')}`,
      notId: sql`${sql.placeholder('id')}`,
      company: sql`${sql.placeholder('company')}`,
      lastName: byLastName ? sql`${sql.placeholder('lastName')}` : null,
    }),
  );

/** What the duplicate check needs of a lead: the fuzzy rule's fields and the blocking keys. */
export type DuplicateKeys = FuzzyPerson & { lastNameKey: string | null };

/**
 * After a lead was created (not replayed), schedules the duplicate check to run once the response is
 * sent — `defer` is waitUntil on Workers.
 */
export function checkDuplicatesLater(
  defer: (task: Promise<unknown>) => void,
  deps: Pick<Deps, 'now'>,
  db: Db,
  organizationId: string,
  outcome: {
    outcome: 'created' | 'updated';
    replayed: boolean;
    leadId: string;
    keys?: DuplicateKeys | null;
    candidates?: DuplicateCandidate[] | null;
  },
): void {
  if (outcome.outcome === 'created' && !outcome.replayed)
    defer(
      linkPossibleDuplicates(
        deps,
        db,
        organizationId,
        outcome.leadId,
        outcome.keys ?? undefined,
        outcome.candidates ?? undefined,
      ),
    );
}

/**
 * Links a new lead to existing ones that are probably the same person: candidates by blocking keys
 * (index-backed), confirmed in core by the fuzzy rule (Levenshtein on name + company). Runs after the
 * submission is committed (waitUntil), so it never slows the answer; each link is explained by an event.
 */
export async function linkPossibleDuplicates(
  deps: Pick<Deps, 'now'>,
  db: Db,
  organizationId: string,
  leadId: string,
  known?: DuplicateKeys,
  /** Candidates already read (ingestion reads them with its insert); else they are read here. */
  read?: DuplicateCandidate[],
): Promise<number> {
  const lead =
    known ??
    (
      await db
        .select({
          firstName: leads.firstName,
          lastName: leads.lastName,
          companyKey: leads.companyKey,
          lastNameKey: leads.lastNameKey,
        })
        .from(leads)
        .where(inOrg(leads, organizationId, eq(leads.id, leadId)))
        .limit(1)
    )[0];
  if (!lead?.companyKey) return 0;
  // Blocking: only leads sharing the company key or the folded last name are candidates (two btree
  // lookups). A trigram search over the whole organization was measured to cost more than the rest of
  // ingestion together, since common trigrams (name parts, legal suffixes) match most of the table.
  const candidates =
    read?.filter((c) => c.id !== leadId) ??
    (await runCompiled<DuplicateCandidate>(db, candidateStatement(Boolean(lead.lastNameKey)), {
      org: organizationId,
      id: leadId,
      company: lead.companyKey,
      lastName: lead.lastNameKey,
    }));
  const matches = candidates
    .map((c) => ({ id: c.id, similarity: confirmFuzzyMatch(lead, c) }))
    .filter((m): m is { id: string; similarity: number } => m.similarity !== null);
  if (matches.length === 0) return 0;
  const now = deps.now();
  await db.transaction(async (tx) => {
    await tx
      .insert(duplicateLinks)
      .values(
        matches.map((m) => ({
          organizationId,
          leadId,
          duplicateOf: m.id,
          rule: FUZZY_RULE.id,
          similarity: m.similarity,
          createdAt: now,
        })),
      )
      .onConflictDoNothing();
    await recordEvents(
      tx,
      matches.map((m) => ({
        organizationId,
        leadId,
        type: 'possible_duplicate',
        actor: { type: 'system', id: null },
        at: now,
        data: { of: m.id, rule: FUZZY_RULE.id, similarity: m.similarity, threshold: FUZZY_RULE.threshold },
      })),
    );
  });
  return matches.length;
}

/** Open "possible duplicate" links of a lead, both directions. */
export async function possibleDuplicatesOf(db: Db, organizationId: string, leadId: string) {
  return db
    .select()
    .from(duplicateLinks)
    .where(
      and(
        eq(duplicateLinks.organizationId, organizationId),
        eq(duplicateLinks.status, 'open'),
        sql`(${duplicateLinks.leadId} = ${leadId} or ${duplicateLinks.duplicateOf} = ${leadId})`,
      ),
    );
}

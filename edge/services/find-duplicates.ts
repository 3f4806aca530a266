import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { duplicateLinks, leads } from '../../db/schema';
import { inOrg } from '../../db/tenant';
import type { Db } from '../../db/types';
import { confirmFuzzyMatch, FUZZY_RULE } from '../core/dedupe';
import type { Deps } from '../deps';
import { recordEvents } from './events';

const TRIGRAM_THRESHOLD = 0.5;

/**
 * Links a new lead to existing ones that are probably the same person: candidates by trigram similarity
 * on the folded name + company (index-backed), confirmed in core by the fuzzy rule. Runs after the
 * submission is committed (waitUntil), so it never slows the answer; each link is explained by an event.
 */
export async function linkPossibleDuplicates(
  deps: Pick<Deps, 'now'>,
  db: Db,
  organizationId: string,
  leadId: string,
): Promise<number> {
  const [lead] = await db
    .select()
    .from(leads)
    .where(inOrg(leads, organizationId, eq(leads.id, leadId)))
    .limit(1);
  if (!lead?.companyKey || !lead.searchText) return 0;
  // A trigram pre-filter far looser than the 85 % rule, but strict enough that the GIN index prunes: at
  // pg_trgm's default 0.3 a shared company suffix alone makes much of an organization a "candidate".
  const candidates = await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local pg_trgm.similarity_threshold = ${TRIGRAM_THRESHOLD}`));
    return tx
      .select({
        id: leads.id,
        firstName: leads.firstName,
        lastName: leads.lastName,
        companyKey: leads.companyKey,
      })
      .from(leads)
      .where(
        inOrg(
          leads,
          organizationId,
          ne(leads.id, leadId),
          isNull(leads.deletedAt),
          sql`${leads.searchText} % ${lead.searchText}`,
        ),
      )
      .orderBy(sql`similarity(${leads.searchText}, ${lead.searchText}) desc`)
      .limit(20);
  });
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

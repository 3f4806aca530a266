import { eq, type SQL, sql } from 'drizzle-orm';
import { duplicateClusters } from '../../../db/schema';
import type { Db, Executor } from '../../../db/types';
import type { ScanResult } from '../../contract/duplicates';
import type { Actor } from '../../core/actor';
import {
  clusterPairs,
  type DuplicatePair,
  pairKey,
  pairsOfGroups,
  strongestPairs,
} from '../../core/clusters';
import { FUZZY_RULE } from '../../core/dedupe';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';

const live = (org: string) => sql`organization_id = ${org} and deleted_at is null`;

/**
 * The leads that share a key, grouped, in one statement without a join: the same blind index of email,
 * personal email or phone (live work emails and valid phones are unique by index, so in practice these are
 * personal emails and phones kept as entered), and the fuzzy rule's blocks — (company key, folded last name)
 * and (company key, lower-cased first name). Each branch is one pass over the organization's leads with a
 * hash or sort aggregate, whatever the planner's statistics say (PGlite gathers none, and a self-join
 * planned on default estimates nested-loops every lead against every other).
 */
export function duplicateGroupsQuery(org: string) {
  const exact = (column: string, rule: string) => sql`select ${rule}::text as rule, array_agg(id) as ids,
      null::text[] as first_names, null::text[] as last_names, null::text as company_key
    from leads where ${live(org)} and ${sql.raw(column)} is not null
    group by ${sql.raw(column)} having count(*) > 1`;
  const block = (key: string) => sql`select ${FUZZY_RULE.id}::text, array_agg(id),
      array_agg(first_name), array_agg(last_name), company_key
    from leads where ${live(org)} and company_key is not null and ${sql.raw(key)} is not null
    group by company_key, ${sql.raw(key)} having count(*) > 1`;
  return sql`${exact('email_index', 'email-exact')}
    union all ${exact('personal_email_index', 'email-exact')}
    union all ${exact('phone_index', 'phone-exact')}
    union all ${block('last_name_key')}
    union all ${block('lower(first_name)')}`;
}

type GroupRow = {
  rule: string;
  ids: string[];
  first_names: Array<string | null> | null;
  last_names: string[] | null;
  company_key: string | null;
};

/**
 * Every probable duplicate pair among the organization's live leads: the groups above, each fuzzy pair
 * confirmed by core's rule (the one ingestion applies), plus ingestion's open duplicate_links. Dismissed
 * pairs are left out; per pair the strongest rule is kept.
 */
export async function findDuplicatePairs(tx: Executor, org: string): Promise<DuplicatePair[]> {
  const rowsOf = async <T>(query: SQL) => ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
  const groups = await rowsOf<GroupRow>(duplicateGroupsQuery(org));
  const links = await rowsOf<{ a: string; b: string; rule: string; score: number }>(sql`
    select l.lead_id as a, l.duplicate_of as b, l.rule, l.similarity as score
    from duplicate_links l
    join leads x on x.id = l.lead_id and x.deleted_at is null
    join leads y on y.id = l.duplicate_of and y.deleted_at is null
    where l.organization_id = ${org} and l.status = 'open'`);
  const dismissed = await rowsOf<{ a: string; b: string }>(
    sql`select lead_a as a, lead_b as b from duplicate_dismissals where organization_id = ${org}`,
  );
  const found = pairsOfGroups(
    groups.map((g) => ({
      rule: g.rule,
      ids: g.ids,
      people: g.last_names
        ? g.ids.map((_, i) => ({
            firstName: g.first_names?.[i] ?? null,
            lastName: g.last_names![i] ?? '',
            companyKey: g.company_key,
          }))
        : null,
    })),
  );
  for (const l of links) {
    const [a, b] = [l.a, l.b].sort() as [string, string];
    found.push({ a, b, rule: l.rule, score: Number(l.score) });
  }
  return strongestPairs(found, new Set(dismissed.map((d) => pairKey(d.a, d.b))));
}

/** Replaces the organization's clusters with those of these pairs (two set-based inserts). */
async function storeClusters(
  deps: Pick<Deps, 'newId'>,
  tx: Executor,
  org: string,
  pairs: DuplicatePair[],
  now: Date,
) {
  await tx.delete(duplicateClusters).where(eq(duplicateClusters.organizationId, org));
  const clusters = clusterPairs(pairs).map((c) => ({ ...c, id: deps.newId('dup') }));
  if (clusters.length === 0) return clusters;
  const rows = JSON.stringify(
    clusters.map((c) => ({ id: c.id, rule: c.rule, score: c.score, size: c.members.length })),
  );
  await tx.execute(sql`insert into duplicate_clusters (id, organization_id, rule, score, size, created_at)
    select id, ${org}, rule, score, size, ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${rows}::jsonb) as r(id text, rule text, score real, size int)`);
  const members = JSON.stringify(
    clusters.flatMap((c) =>
      c.members.map((l) => ({
        c: c.id,
        l,
        w: c.matches[l]!.with,
        r: c.matches[l]!.rule,
        s: c.matches[l]!.score,
      })),
    ),
  );
  await tx.execute(sql`insert into duplicate_cluster_members
      (cluster_id, organization_id, lead_id, matched_with, rule, score)
    select c, ${org}, l, w, r, s from jsonb_to_recordset(${members}::jsonb) as r(c text, l text, w text, r text, s real)`);
  return clusters;
}

/**
 * Scans the organization for duplicates and rebuilds its cluster list, in one transaction, with one audit
 * event (counts only). Idempotent: a second scan over the same leads yields the same clusters.
 */
export async function scanDuplicates(
  deps: Pick<Deps, 'newId' | 'now'>,
  db: Db,
  org: string,
  actor: Actor,
): Promise<ScanResult> {
  const started = Date.now();
  const now = deps.now();
  return db.transaction(async (tx) => {
    // The group query hashes or sorts ~100K rows: let it do so in memory for this transaction only.
    await tx.execute(sql`set local work_mem = '64MB'`);
    // One scan per organization at a time: two concurrent rebuilds would each keep their own clusters.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`duplicate-scan:${org}`}))`);
    const pairs = await findDuplicatePairs(tx, org);
    const clusters = await storeClusters(deps, tx, org, pairs, now);
    const byRule: Record<string, number> = {};
    for (const c of clusters) byRule[c.rule] = (byRule[c.rule] ?? 0) + 1;
    const summary = {
      clusters: clusters.length,
      pairs: pairs.length,
      byRule,
      ms: Date.now() - started,
    };
    await recordEvents(tx, [
      {
        organizationId: org,
        entityType: 'duplicate_scan',
        type: 'duplicates_scanned',
        actor,
        at: now,
        data: summary,
      },
    ]);
    return summary;
  });
}

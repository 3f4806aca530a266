import { eq, sql } from 'drizzle-orm';
import { duplicateClusters } from '../../db/schema';
import type { Db, Executor } from '../../db/types';
import type { ScanResult } from '../contract/duplicates';
import { clusterPairs, type DuplicatePair } from '../core/clusters';
import { FUZZY_RULE } from '../core/dedupe';
import type { Deps } from '../deps';
import { type Actor, recordEvents } from './events';

/**
 * Every probable duplicate pair among the organization's live leads, in one statement:
 * - exact: the same blind index of email, personal email or phone (live work emails and valid phones
 *   are unique by index, so in practice these are personal emails and phones kept as entered);
 * - fuzzy: blocking on (company key, folded last name) or (company key, lower-cased first name), then
 *   fuzzystrmatch's Levenshtein ratio 1 − distance / longer length ≥ 85 % on "first last | company" — the
 *   same key and threshold as core's confirmFuzzyMatch (the first name is lower-cased, not accent-folded);
 * - ingestion's open duplicate_links.
 * Dismissed pairs are left out; per pair the strongest rule is kept.
 */
export function duplicatePairsQuery(org: string) {
  const threshold = FUZZY_RULE.threshold;
  // Each pairing joins the table to itself directly (no materialized CTE of every live lead), so each
  // side can use its own index or hash join and reads only the columns it needs.
  const pair = (
    column: string,
    rule: string,
  ) => sql`select a.id as a, b.id as b, ${rule}::text as rule, 1::real as score
    from leads a join leads b on b.${sql.raw(column)} = a.${sql.raw(column)} and a.id < b.id
    where a.organization_id = ${org} and a.deleted_at is null and a.${sql.raw(column)} is not null
      and b.organization_id = ${org} and b.deleted_at is null`;
  const fkey = (alias: string) =>
    sql.raw(
      `left(concat_ws(' ', lower(${alias}.first_name), coalesce(${alias}.last_name_key, lower(${alias}.last_name))) || ' | ' || ${alias}.company_key, 255)`,
    );
  const block = (on: string) => sql`select a.id as a, b.id as b, ${fkey('a')} as fa, ${fkey('b')} as fb
    from leads a join leads b on b.company_key = a.company_key and ${sql.raw(on)} and a.id < b.id
    where a.organization_id = ${org} and a.deleted_at is null and a.company_key is not null
      and b.organization_id = ${org} and b.deleted_at is null`;
  return sql`with exact as (
      ${pair('email_index', 'email-exact')}
      union all ${pair('personal_email_index', 'email-exact')}
      union all ${pair('phone_index', 'phone-exact')}),
    candidates as (
      ${block('b.last_name_key = a.last_name_key')}
      union ${block('lower(b.first_name) = lower(a.first_name)')}),
    fuzzy as (
      select a, b, ${FUZZY_RULE.id}::text as rule,
        (1 - levenshtein(fa, fb)::real / greatest(length(fa), length(fb), 1))::real as score
      from candidates),
    linked as (
      select least(l.lead_id, l.duplicate_of) as a, greatest(l.lead_id, l.duplicate_of) as b, l.rule, l.similarity as score
      from duplicate_links l
      join leads x on x.id = l.lead_id and x.deleted_at is null
      join leads y on y.id = l.duplicate_of and y.deleted_at is null
      where l.organization_id = ${org} and l.status = 'open'),
    found as (
      select * from exact union all select * from fuzzy where score >= ${threshold} union all select * from linked)
    select distinct on (f.a, f.b) f.a, f.b, f.rule, round(f.score::numeric, 3)::float8 as score
    from found f
    where not exists (select 1 from duplicate_dismissals d
      where d.organization_id = ${org} and d.lead_a = f.a and d.lead_b = f.b)
    order by f.a, f.b, array_position(array['email-exact', 'phone-exact'], f.rule) nulls last, f.score desc`;
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
  const members = JSON.stringify(clusters.flatMap((c) => c.members.map((m) => ({ c: c.id, l: m }))));
  await tx.execute(sql`insert into duplicate_cluster_members (cluster_id, organization_id, lead_id)
    select c, ${org}, l from jsonb_to_recordset(${members}::jsonb) as r(c text, l text)`);
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
    // The pair query sorts and hashes ~100K rows: let it do so in memory for this transaction only.
    await tx.execute(sql`set local work_mem = '64MB'`);
    // One scan per organization at a time: two concurrent rebuilds would each keep their own clusters.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`duplicate-scan:${org}`}))`);
    const result = (await tx.execute(duplicatePairsQuery(org))) as unknown as { rows: DuplicatePair[] };
    const clusters = await storeClusters(deps, tx, org, result.rows, now);
    const byRule: Record<string, number> = {};
    for (const c of clusters) byRule[c.rule] = (byRule[c.rule] ?? 0) + 1;
    const summary = {
      clusters: clusters.length,
      pairs: result.rows.length,
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

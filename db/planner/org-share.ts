import { sql } from 'drizzle-orm';
import type { Db } from '../types';

/**
 * From this share of the leads table on, an organization's searches filter on the organization instead
 * of reading its index (inOrgUnindexed). Reading the index costs ~0.4 µs per entry; filtering costs a
 * heap visit (~3 µs) per match of another organization. At a 30 % share filtering wins for any search
 * matching under ~6 % of the organization, which is every search worth a page.
 */
export const LARGE_ORG_SHARE = 0.3;

/**
 * The organization's share of the leads table as the planner's statistics know it (the most common values
 * of organization_id), 0 when unknown — never analyzed, or too small a share to be among them.
 */
export async function orgShare(db: Db, organizationId: string): Promise<number> {
  const result = (await db.execute(sql`
    select coalesce(max(m.freq), 0)::float8 as share
    from pg_stats s, unnest(s.most_common_vals::text::text[], s.most_common_freqs) as m(value, freq)
    where s.schemaname = current_schema() and s.tablename = 'leads' and s.attname = 'organization_id'
      and m.value = ${organizationId}`)) as unknown as { rows: Array<{ share: number | string }> };
  return Number(result.rows[0]?.share ?? 0);
}

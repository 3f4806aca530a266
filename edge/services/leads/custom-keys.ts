import { desc, isNull, sql } from 'drizzle-orm';
import { leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';

/**
 * How many of the most recent leads are read for their custom keys. Reading every lead's keys takes a scan
 * of the organization (500K leads: seconds); the keys a column chooser needs are the ones new leads bring,
 * which forms and imports keep sending.
 */
export const CUSTOM_KEYS_SAMPLE = 5_000;

/** The custom attribute keys of the organization's most recent live leads, sorted, at most 200. */
export async function listCustomKeys(
  db: Db,
  organizationId: string,
): Promise<{ keys: string[]; sampled: number }> {
  const recent = db
    .select({ custom: leads.custom })
    .from(leads)
    .where(inOrg(leads, organizationId, isNull(leads.deletedAt)))
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .limit(CUSTOM_KEYS_SAMPLE)
    .as('recent');
  const result = (await db.execute(sql`
    select coalesce(array_agg(k order by k), '{}') as keys, (select count(*) from ${recent})::int as sampled
    from (select distinct jsonb_object_keys(${recent.custom}) as k from ${recent} limit 200) keys
  `)) as unknown as { rows: Array<{ keys: string[]; sampled: number }> };
  const row = result.rows[0];
  return { keys: row?.keys ?? [], sampled: Number(row?.sampled ?? 0) };
}

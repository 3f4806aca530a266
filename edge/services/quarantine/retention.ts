import { sql } from 'drizzle-orm';
import { organizations, quarantinedSubmissions } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { eventsFrom, jsonObject, SYSTEM_ACTOR_SQL } from '../audit/events';

/** Submissions erased per run; a backlog drains over the following days rather than in one long run. */
const BATCH = 5000;

/**
 * Erases held submissions older than their organization's quarantine retention (as of `now`): the rows
 * and their encrypted payloads go, each leaving a `submission.expired` tombstone with no personal data,
 * in one statement. Released submissions stay with their lead (its erasure removes them). A second run
 * finds nothing left to do. Returns how many were erased.
 */
export async function expireHeldSubmissions(db: Db, now: Date): Promise<number> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const h = quarantinedSubmissions;
  const result = (await db.execute(sql`
    with due as (
      select ${h.id} as id from ${h} join ${organizations} o on o.id = ${h.organizationId}
      where ${h.releasedAt} is null
        and ${h.createdAt} < ${at} - make_interval(days => o.quarantine_retention_days)
      order by ${h.createdAt} limit ${BATCH}
    ),
    gone as (
      delete from ${h} where ${h.id} in (select id from due)
      returning organization_id, id, reason, form_id, channel, created_at
    ),
    tombstones as (${eventsFrom(
      {
        organizationId: sql`g.organization_id`,
        leadId: sql`null`,
        entityType: sql`'quarantine'`,
        entityId: sql`g.id`,
        type: 'submission.expired',
        ...SYSTEM_ACTOR_SQL,
        data: jsonObject({
          reason: sql`g.reason`,
          formId: sql`g.form_id`,
          channel: sql`g.channel`,
          receivedAt: sql`g.created_at`,
        }),
        at,
      },
      sql`gone g`,
    )})
    select count(*)::int as n from gone`)) as unknown as { rows: Array<{ n: number }> };
  return result.rows[0]?.n ?? 0;
}

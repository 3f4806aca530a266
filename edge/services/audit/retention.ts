import { sql } from 'drizzle-orm';
import { organizations } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { recordEvents } from './events';

/** Events deleted per statement: short transactions, so ingestion never waits long on the purge. */
export const RETENTION_BATCH = 5000;
/** Statements per organization per run: a backlog (a retention just shortened) drains over some days. */
const MAX_BATCHES = 200;

/**
 * Deletes each organization's audit events older than its retention (`audit_retention_days` before
 * `now`), oldest first, in batches over lead_events_org_time_idx. An organization that lost events gets
 * one `audit.purged` event saying how many and up to when, so the log itself shows that it was trimmed.
 * Idempotent: a second run the same day finds nothing older than the cutoff. Returns the count per
 * organization that lost any.
 */
export async function purgeExpiredAuditEvents(db: Db, now: Date): Promise<Record<string, number>> {
  const orgs = await db
    .select({ id: organizations.id, days: organizations.auditRetentionDays })
    .from(organizations);
  const purged: Record<string, number> = {};
  for (const org of orgs) {
    const cutoff = new Date(now.getTime() - org.days * 86_400_000);
    let count = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const n = await deleteBatch(db, org.id, cutoff);
      count += n;
      if (n < RETENTION_BATCH) break;
    }
    if (count === 0) continue;
    purged[org.id] = count;
    await recordEvents(db, [
      {
        organizationId: org.id,
        entityType: 'organization',
        entityId: org.id,
        type: 'audit.purged',
        actor: { type: 'system', id: null },
        at: now,
        data: { count, before: cutoff.toISOString(), retentionDays: org.days },
      },
    ]);
  }
  return purged;
}

async function deleteBatch(db: Db, organizationId: string, cutoff: Date): Promise<number> {
  const result = (await db.execute(sql`with doomed as (
      select id from lead_events where organization_id = ${organizationId}
        and created_at < ${cutoff.toISOString()}::timestamptz
      order by created_at limit ${RETENTION_BATCH}
    ), gone as (delete from lead_events e using doomed d where e.id = d.id returning 1)
    select count(*)::int as n from gone`)) as unknown as { rows: Array<{ n: number }> };
  return Number(result.rows[0]?.n ?? 0);
}

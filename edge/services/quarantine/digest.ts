import { sql } from 'drizzle-orm';
import { memberships, notifications, quarantinedSubmissions } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { HELD_COUNT_CAP } from '../../contract/quarantine';
import type { Deps } from '../../deps';
import { type Notice, recordNotices } from '../audit/notices';

/** Where the digest leads: the Quarantine settings page. */
export const QUARANTINE_PATH = '/app/settings/quarantine';
const LOCK_KEY = 0x9a7a1; // pg_advisory_xact_lock key: one digest run at a time, whichever face runs it

type Recipient = { organization_id: string; user_id: string; held: number; oldest: string | Date };

/**
 * The daily quarantine digest: in every organization where submissions wait for review, each active
 * admin and owner gets a `quarantine-digest` notification and email (how many wait, capped at
 * HELD_COUNT_CAP + 1 to say "more than 100", and since when). One per person per UTC day: a second run
 * the same day sends nothing. Returns how many people were told.
 */
export async function sendQuarantineDigests(deps: Pick<Deps, 'newId'>, db: Db, now: Date): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    const result = (await tx.execute(sql`
      with waiting as (
        select h.organization_id, least(count(*), ${HELD_COUNT_CAP + 1})::int as held,
          min(h.created_at) as oldest
        from ${quarantinedSubmissions} h
        where h.released_at is null and h.created_at <= ${now.toISOString()}::timestamptz
        group by 1
      )
      select w.organization_id, m.user_id, w.held, w.oldest
      from waiting w join ${memberships} m on m.organization_id = w.organization_id
      where m.role in ('admin', 'owner') and m.status = 'active'
        and not exists (select 1 from ${notifications} n
          where n.organization_id = w.organization_id and n.user_id = m.user_id
            and n.type = 'quarantine-digest' and n.data->>'day' = ${day})`)) as unknown as {
      rows: Recipient[];
    };
    await recordNotices(
      deps,
      tx,
      result.rows.map((r) => digestNotice(r, day, now)),
    );
    return result.rows.length;
  });
}

function digestNotice(r: Recipient, day: string, now: Date): Notice {
  const count = Math.min(r.held, HELD_COUNT_CAP);
  const data = { day, count, capped: r.held > HELD_COUNT_CAP, oldestAt: new Date(r.oldest).toISOString() };
  return {
    organizationId: r.organization_id,
    userId: r.user_id,
    type: 'quarantine-digest',
    data,
    link: QUARANTINE_PATH,
    email: { template: 'quarantine-digest', data: { ...data, link: QUARANTINE_PATH } },
    at: now,
  };
}

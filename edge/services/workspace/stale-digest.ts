import { and, isNull, sql } from 'drizzle-orm';
import { leads, memberships, notifications } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { OPEN_STATUSES } from '../../core/status';
import type { Deps } from '../../deps';
import { type Notice, recordNotices } from '../audit/notices';
import { filterConditions } from '../leads/filters';

/** Days without activity after which a lead is stale: the list's `stale=30` filter, the same notion. */
export const STALE_DAYS = '30' as const;
/** How many lead ids one digest lists (the link opens the whole filtered list). */
const MAX_LEAD_IDS = 20;
const LOCK_KEY = 0x5da1e; // pg_advisory_xact_lock key: one digest run at a time, whichever face runs it

type Recipient = {
  organization_id: string;
  user_id: string;
  own: number;
  lead_ids: string[];
  team: number | null;
};

/**
 * The daily stale-leads digest, for every organization: each assignee of open leads without activity for
 * 30+ days gets an in-app notification and an outbox email ("You have 5 stale leads needing attention"),
 * and so does their manager. There is no manager column; the managers are the organization's admins and
 * owners (the roles that reassign leads), who get the count of ALL the organization's stale assigned
 * leads. One digest per user per UTC day: a second run the same day sends nothing. Returns how many
 * users were notified.
 */
export async function sendStaleDigests(deps: Pick<Deps, 'newId'>, db: Db, now: Date): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    const recipients = ((await tx.execute(recipientsQuery(now, day))) as unknown as { rows: Recipient[] })
      .rows;
    if (recipients.length === 0) return 0;
    await recordNotices(
      deps,
      tx,
      recipients.map((r) => digestNotice(r, day, now)),
    );
    return recipients.length;
  });
}

function recipientsQuery(now: Date, day: string) {
  const scope = { organizationId: '', userId: null, now };
  const stale = and(
    ...filterConditions({ stale: STALE_DAYS, status: [...OPEN_STATUSES] }, scope, undefined, true),
    isNull(leads.convertedAt),
  );
  return sql`
    with stale as (
      select ${leads.organizationId} as organization_id, ${leads.assignedTo} as user_id, ${leads.id} as id,
        ${leads.lastActivityAt} as last_activity_at
      from ${leads} where ${stale} and ${leads.assignedTo} is not null
    ),
    own as (
      select organization_id, user_id, count(*)::int as own,
        (array_agg(id order by last_activity_at, id))[1:${MAX_LEAD_IDS}] as lead_ids
      from stale group by 1, 2
    ),
    team as (select organization_id, count(*)::int as team from stale group by 1),
    managers as (
      select m.organization_id, m.user_id, t.team from ${memberships} m join team t using (organization_id)
      where m.role in ('admin', 'owner')
    )
    select coalesce(o.organization_id, g.organization_id) as organization_id,
      coalesce(o.user_id, g.user_id) as user_id, coalesce(o.own, 0) as own,
      coalesce(o.lead_ids, '{}') as lead_ids, g.team
    from own o full join managers g on g.organization_id = o.organization_id and g.user_id = o.user_id
    where exists (select 1 from ${memberships} m where m.organization_id = coalesce(o.organization_id, g.organization_id)
                    and m.user_id = coalesce(o.user_id, g.user_id))
      and not exists (select 1 from ${notifications} n
        where n.organization_id = coalesce(o.organization_id, g.organization_id)
          and n.user_id = coalesce(o.user_id, g.user_id)
          and n.type = 'stale-digest' and n.data->>'day' = ${day})`;
}

/** The notification and the outbox email of one recipient; the email is rendered when it is sent. */
function digestNotice(r: Recipient, day: string, now: Date): Notice {
  // Assignees land on their own stale leads; a manager with none of their own on the whole team's.
  const link = r.own > 0 ? `/app/leads?assignee=me&stale=${STALE_DAYS}` : `/app/leads?stale=${STALE_DAYS}`;
  const data = { day, count: r.own, teamCount: r.team, leadIds: r.lead_ids };
  return {
    organizationId: r.organization_id,
    userId: r.user_id,
    type: 'stale-digest',
    data,
    link,
    email: { template: 'stale-digest', data: { ...data, link } },
    at: now,
  };
}

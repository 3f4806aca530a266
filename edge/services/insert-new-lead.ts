import { type SQL, sql } from 'drizzle-orm';
import { idempotencyKeys, leadEvents, leads, notifications, outbox } from '../../db/schema';
import type { Db } from '../../db/types';
import type { Deps } from '../deps';
import type { Actor } from './events';
import type { IdempotencyClaim } from './idempotency';
import type { RoutingPlan } from './route-lead';

const TTL_MS = 24 * 3_600_000;
/** A claim left pending this long (its process died mid-merge) may be taken over by a retry. */
const STALE_PENDING_MS = 60_000;

export type NewLeadStatement = {
  lead: typeof leads.$inferInsert & { id: string };
  actor: Actor;
  now: Date;
  createdEvent: Record<string, unknown>;
  plan: RoutingPlan | null;
  receiptId: string;
  claim: IdempotencyClaim | null;
};

/** Division by zero is how the statement aborts itself when the idempotency key is taken (see below). */
export const CLAIM_TAKEN = '22012';

/**
 * A new lead in ONE statement, atomic without an explicit transaction (one round trip — this is the hot
 * path of every submission, and on Workers every round trip crosses the network to Neon):
 *  - `ins`: INSERT … ON CONFLICT DO NOTHING: no row when a unique index (email, phone) knows the person;
 *    the assignee is computed in the same INSERT (a round-robin turn comes from the rule's sequence:
 *    `pool[nextval mod n]`, the same rotation as core's team pool order);
 *  - the `created` event, and for an assigned lead its `assigned` event, notification and outbox email;
 *  - `claim`: the Idempotency-Key with the result, pending (no status) when the person was known and the
 *    caller still has to merge. When the key is already held by another request, the final SELECT divides
 *    by zero on purpose, which rolls the whole statement back: nothing is stored twice, and the caller
 *    replays the stored answer.
 * Returns the new lead's id, or null when the person is known.
 */
export async function insertNewLead(
  db: Db,
  deps: Pick<Deps, 'newId'>,
  s: NewLeadStatement,
): Promise<string | null> {
  const insert = db
    .insert(leads)
    .values({ ...s.lead, assignedTo: assigneeExpression(s.plan) })
    .onConflictDoNothing()
    .returning({ id: leads.id, assignedTo: leads.assignedTo });
  const ctes: SQL[] = [
    sql`ins as (${insert.getSQL()})`,
    sql`created as (${eventFrom('created', s, s.createdEvent)})`,
  ];
  if (s.plan) ctes.push(...assignmentCtes(deps, s, s.plan));
  if (s.claim) ctes.push(sql`claim as (${claimInsert(s)})`);
  // Not `case … else 1/0`: the planner folds that constant and fails every statement. Dividing by the
  // claim's row count fails only at run time, only when the key is taken.
  const check = s.claim ? sql`1 / (select count(*)::int from claim) = 1` : sql`true`;
  const result = (await db.execute(
    sql`with ${sql.join(ctes, sql`, `)} select (select id from ins) as id, ${check} as claimed`,
  )) as unknown as { rows: Array<{ id: string | null }> };
  return result.rows[0]?.id ?? null;
}

function assigneeExpression(plan: RoutingPlan | null): SQL | string | null {
  if (!plan) return null;
  if (plan.kind === 'user') return plan.userId;
  const pool = sql.join(
    plan.pool.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`(array[${pool}]::text[])[(nextval(${plan.sequence}::regclass) % ${plan.pool.length})::int + 1]`;
}

function eventFrom(type: string, s: NewLeadStatement, data: unknown, where: SQL = sql`true`): SQL {
  return sql`insert into ${leadEvents} (organization_id, lead_id, entity_type, entity_id, type, actor_type, actor_id, data, created_at)
    select ${s.lead.organizationId}, ins.id, 'lead', ins.id, ${type}, ${s.actor.type}::actor_type, ${s.actor.id},
           ${JSON.stringify(data)}::jsonb, ${s.now.toISOString()}::timestamptz
    from ins where ${where}`;
}

function assignmentCtes(deps: Pick<Deps, 'newId'>, s: NewLeadStatement, plan: RoutingPlan): SQL[] {
  const at = sql`${s.now.toISOString()}::timestamptz`;
  const org = s.lead.organizationId;
  const name = [s.lead.firstName, s.lead.lastName].filter(Boolean).join(' ');
  const rule = { id: plan.rule.id, name: plan.rule.name, action: plan.rule.action.type };
  const assigned = sql`ins.assigned_to is not null`;
  return [
    sql`assigned as (insert into ${leadEvents} (organization_id, lead_id, entity_type, entity_id, type, actor_type, actor_id, data, created_at)
      select ${org}, ins.id, 'lead', ins.id, 'assigned', 'system'::actor_type, null,
             jsonb_build_object('from', null, 'to', ins.assigned_to, 'rule', ${JSON.stringify(rule)}::jsonb), ${at}
      from ins where ${assigned})`,
    sql`notified as (insert into ${notifications} (id, organization_id, user_id, type, data, link, created_at)
      select ${deps.newId('ntf')}, ${org}, ins.assigned_to, 'lead.assigned',
             jsonb_build_object('leadId', ins.id, 'name', ${name}::text, 'company', ${s.lead.company ?? null}::text),
             '/app/leads/' || ins.id, ${at}
      from ins where ${assigned})`,
    sql`mailed as (insert into ${outbox} (id, organization_id, kind, payload, created_at)
      select ${deps.newId('out')}, ${org}, 'email',
             jsonb_build_object('template', 'lead-assigned', 'userId', ins.assigned_to, 'leadId', ins.id), ${at}
      from ins where ${assigned})`,
  ];
}

function claimInsert(s: NewLeadStatement): SQL {
  const c = s.claim!;
  const created = sql`exists (select 1 from ins)`;
  const body = sql`case when ${created}
      then jsonb_build_object('receiptId', ${s.receiptId}::text, 'leadId', (select id from ins), 'outcome', 'created')
      else jsonb_build_object('receiptId', ${s.receiptId}::text) end`;
  const stale = new Date(s.now.getTime() - STALE_PENDING_MS).toISOString();
  return sql`insert into ${idempotencyKeys} (organization_id, scope, key, request_hash, status_code, response_body, created_at, expires_at)
    values (${s.lead.organizationId}, ${c.scope}, ${c.key}, ${c.requestHash}, case when ${created} then 201 end, ${body},
            ${s.now.toISOString()}::timestamptz, ${new Date(s.now.getTime() + TTL_MS).toISOString()}::timestamptz)
    on conflict (organization_id, scope, key) do update set
      request_hash = excluded.request_hash, status_code = excluded.status_code, response_body = excluded.response_body,
      created_at = excluded.created_at, expires_at = excluded.expires_at
    where ${idempotencyKeys}.expires_at < excluded.created_at
       or (${idempotencyKeys}.status_code is null and ${idempotencyKeys}.created_at < ${stale}::timestamptz)
    returning key`;
}

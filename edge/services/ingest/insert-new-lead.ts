import { type SQL, sql } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import { runCompiled, StatementCache } from '../../../db/prepared';
import { idempotencyKeys, leadEvents, leads, notifications, outbox } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Actor } from '../../core/actor';
import type { Deps } from '../../deps';
import type { IdempotencyClaim } from './idempotency';
import type { RoutingPlan } from './route-lead';

export const TTL_MS = 24 * 3_600_000;
/** A claim left pending this long (its process died mid-merge) may be taken over by a retry. */
export const STALE_PENDING_MS = 60_000;

/**
 * When a claim may take over a key already stored: the key expired, or it is pending and stale (see
 * STALE_PENDING_MS), both judged against the new claim's created_at. The ON CONFLICT clause of every
 * statement that claims keys; `heldKeysRead` in the group statement reads its negation.
 */
export const CLAIM_TAKEOVER = `on conflict (organization_id, scope, key) do update set
      request_hash = excluded.request_hash, status_code = excluded.status_code, response_body = excluded.response_body,
      created_at = excluded.created_at, expires_at = excluded.expires_at
    where idempotency_keys.expires_at < excluded.created_at
       or (idempotency_keys.status_code is null
           and idempotency_keys.created_at < excluded.created_at - interval '${STALE_PENDING_MS} milliseconds')`;

export type NewLeadStatement = {
  lead: typeof leads.$inferInsert & { id: string };
  actor: Actor;
  now: Date;
  createdEvent: Record<string, unknown>;
  plan: RoutingPlan | null;
  receiptId: string;
  claim: IdempotencyClaim | null;
  /** The fuzzy duplicate check's blocking keys: its candidates are read in the same round trip. */
  blocking: { companyKey: string; lastNameKey: string | null } | null;
};

/** An existing lead sharing the new one's company key or folded last name (the fuzzy check's block). */
export type DuplicateCandidate = {
  id: string;
  firstName: string | null;
  lastName: string;
  companyKey: string | null;
};

/** Enough for any realistic block; a huge one (a company with thousands of leads) checks its newest. */
export const CANDIDATE_LIMIT = 200;

/**
 * The fuzzy duplicate check's block: the organization's live leads sharing the company key or the folded
 * last name, newest activity first (two btree lookups), as DuplicateCandidate rows.
 */
export function candidateBlock(k: { org: SQL; company: SQL; lastName: SQL | null; notId?: SQL }): SQL {
  return sql`select id, first_name as "firstName", last_name as "lastName", company_key as "companyKey"
    from ${leads}
    where organization_id = ${k.org} and deleted_at is null ${k.notId ? sql`and id <> ${k.notId}` : sql``}
      and (company_key = ${k.company} ${k.lastName ? sql`or last_name_key = ${k.lastName}` : sql``})
    order by last_activity_at desc limit ${sql.raw(String(CANDIDATE_LIMIT))}`;
}

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
): Promise<{ id: string | null; candidates: DuplicateCandidate[] | null }> {
  const columns = leadColumns(s);
  const blocking = s.blocking ? (s.blocking.lastNameKey ? 'company+name' : 'company') : 'none';
  const shape = [
    columns.join(','),
    s.plan?.kind,
    s.plan?.kind === 'team' && s.plan.pool.length,
    !!s.claim,
    blocking,
  ];
  const statement = statements.get(shape.join('|'), () => buildStatement(db, columns, s));
  const rows = await runCompiled<{ id: string | null; candidates?: DuplicateCandidate[] }>(
    db,
    statement,
    statementValues(deps, columns, s),
  );
  return { id: rows[0]?.id ?? null, candidates: s.blocking ? (rows[0]?.candidates ?? []) : null };
}

type LeadColumn = keyof NewLeadStatement['lead'];

/** The lead's columns this statement sets; the others keep their defaults. */
export function leadColumns(s: NewLeadStatement): LeadColumn[] {
  return (Object.keys(s.lead) as LeadColumn[]).filter((k) => s.lead[k] !== undefined && k !== 'assignedTo');
}

/** One compiled statement per shape: which lead columns are set, the routing kind and pool size, the claim. */
const statements = new StatementCache('lg_new_lead');

const p = (name: string) => sql.placeholder(name);

function buildStatement(db: Db, columns: LeadColumn[], s: NewLeadStatement): SQL {
  // Every set column is a placeholder; drizzle still applies each column's encoder when it is filled.
  const values = Object.fromEntries(columns.map((k) => [k, p(`lead.${k}`)])) as unknown as PgInsertValue<
    typeof leads
  >;
  const insert = db
    .insert(leads)
    .values({ ...values, assignedTo: assigneeExpression(s.plan) })
    .onConflictDoNothing()
    .returning({ id: leads.id, assignedTo: leads.assignedTo });
  const ctes: SQL[] = [
    sql`ins as (${insert.getSQL()})`,
    sql`created as (${eventFrom('created', 'created')})`,
  ];
  if (s.plan) ctes.push(...assignmentCtes());
  if (s.claim) ctes.push(sql`claim as (${claimInsert()})`);
  // Not `case … else 1/0`: the planner folds that constant and fails every statement. Dividing by the
  // claim's row count fails only at run time, only when the key is taken.
  const check = s.claim ? sql`1 / (select count(*)::int from claim) = 1` : sql`true`;
  // The fuzzy duplicate check's candidates (its block: same company key or folded last name), read from
  // the snapshot before this insert, so the check after the response needs no round trip of its own.
  const candidates = s.blocking
    ? sql`, (select coalesce(json_agg(c), '[]') from (${candidateBlock({
        org: sql`${p('org')}::text`,
        company: sql`${p('blockCompany')}::text`,
        lastName: s.blocking.lastNameKey ? sql`${p('blockLastName')}::text` : null,
      })}) c) as candidates`
    : sql``;
  return sql`with ${sql.join(ctes, sql`, `)} select (select id from ins) as id, ${check} as claimed${candidates}`;
}

/** This call's values for the shape's placeholders. */
function statementValues(
  deps: Pick<Deps, 'newId'>,
  columns: LeadColumn[],
  s: NewLeadStatement,
): Record<string, unknown> {
  const values: Record<string, unknown> = {
    org: s.lead.organizationId,
    at: s.now.toISOString(),
    actorType: s.actor.type,
    actorId: s.actor.id,
    created: JSON.stringify(s.createdEvent),
  };
  for (const k of columns) values[`lead.${k}`] = s.lead[k];
  if (s.blocking) {
    values.blockCompany = s.blocking.companyKey;
    values.blockLastName = s.blocking.lastNameKey;
  }
  if (s.plan) Object.assign(values, planValues(deps, s, s.plan));
  if (s.claim) Object.assign(values, claimValues(s, s.claim));
  return values;
}

function planValues(deps: Pick<Deps, 'newId'>, s: NewLeadStatement, plan: RoutingPlan) {
  const values: Record<string, unknown> = {
    rule: JSON.stringify({ id: plan.rule.id, name: plan.rule.name, action: plan.rule.action.type }),
    name: [s.lead.firstName, s.lead.lastName].filter(Boolean).join(' '),
    company: s.lead.company ?? null,
    notificationId: deps.newId('ntf'),
    outboxId: deps.newId('out'),
  };
  if (plan.kind === 'user') values.assignee = plan.userId;
  else {
    values.sequence = plan.sequence;
    plan.pool.forEach((id, i) => {
      values[`pool${i}`] = id;
    });
  }
  return values;
}

function claimValues(s: NewLeadStatement, c: IdempotencyClaim) {
  return {
    scope: c.scope,
    key: c.key,
    requestHash: c.requestHash,
    receiptId: s.receiptId,
    expiresAt: new Date(s.now.getTime() + TTL_MS).toISOString(),
  };
}

function assigneeExpression(plan: RoutingPlan | null): SQL | null {
  if (!plan) return null;
  if (plan.kind === 'user') return sql`${p('assignee')}::text`;
  const pool = sql.join(
    plan.pool.map((_, i) => sql`${p(`pool${i}`)}::text`),
    sql`, `,
  );
  return sql`(array[${pool}]::text[])[(nextval(${p('sequence')}::regclass) % ${plan.pool.length})::int + 1]`;
}

function eventFrom(type: string, data: string): SQL {
  return sql`insert into ${leadEvents} (organization_id, lead_id, entity_type, entity_id, type, actor_type, actor_id, data, created_at)
    select ${p('org')}, ins.id, 'lead', ins.id, ${sql.raw(`'${type}'`)}, ${p('actorType')}::actor_type, ${p('actorId')}::text,
           ${p(data)}::jsonb, ${p('at')}::timestamptz
    from ins`;
}

function assignmentCtes(): SQL[] {
  const at = sql`${p('at')}::timestamptz`;
  const org = sql`${p('org')}::text`;
  const assigned = sql`ins.assigned_to is not null`;
  return [
    sql`assigned as (insert into ${leadEvents} (organization_id, lead_id, entity_type, entity_id, type, actor_type, actor_id, data, created_at)
      select ${org}, ins.id, 'lead', ins.id, 'assigned', 'system'::actor_type, null,
             jsonb_build_object('from', null, 'to', ins.assigned_to, 'rule', ${p('rule')}::jsonb), ${at}
      from ins where ${assigned})`,
    sql`notified as (insert into ${notifications} (id, organization_id, user_id, type, data, link, created_at)
      select ${p('notificationId')}::text, ${org}, ins.assigned_to, 'lead.assigned',
             jsonb_build_object('leadId', ins.id, 'name', ${p('name')}::text, 'company', ${p('company')}::text),
             '/app/leads/' || ins.id, ${at}
      from ins where ${assigned})`,
    sql`mailed as (insert into ${outbox} (id, organization_id, kind, payload, created_at)
      select ${p('outboxId')}::text, ${org}, 'email',
             jsonb_build_object('template', 'lead-assigned', 'userId', ins.assigned_to, 'leadId', ins.id), ${at}
      from ins where ${assigned})`,
  ];
}

function claimInsert(): SQL {
  const created = sql`exists (select 1 from ins)`;
  const body = sql`case when ${created}
      then jsonb_build_object('receiptId', ${p('receiptId')}::text, 'leadId', (select id from ins), 'outcome', 'created')
      else jsonb_build_object('receiptId', ${p('receiptId')}::text) end`;
  return sql`insert into ${idempotencyKeys} (organization_id, scope, key, request_hash, status_code, response_body, created_at, expires_at)
    values (${p('org')}::text, ${p('scope')}::text, ${p('key')}::text, ${p('requestHash')}::text, case when ${created} then 201 end, ${body},
            ${p('at')}::timestamptz, ${p('expiresAt')}::timestamptz)
    ${sql.raw(CLAIM_TAKEOVER)}
    returning key`;
}

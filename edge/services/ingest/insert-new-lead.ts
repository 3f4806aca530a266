import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { abortSql } from '../../../db/errors';
import { runCompiled, StatementCache } from '../../../db/prepared';
import { leads } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Actor } from '../../core/actor';
import type { Deps } from '../../deps';
import { eventsFrom, jsonObject, SYSTEM_ACTOR_SQL } from '../audit/events';
import { LEAD_PATH, leadAssignedNotice, leadName, noticesFrom } from '../audit/notices';
import { noticeClaimableLeads } from './claimable-notices';
import type { IdempotencyClaim } from './idempotency';
import type { RoutingPlan } from './route-lead';

export const TTL_MS = 24 * 3_600_000;
/** A claim left pending this long (its process died mid-merge) may be taken over by a retry. */
export const STALE_PENDING_MS = 60_000;

/**
 * When a claim may take over a key already stored: the key expired, or it is pending and stale (see
 * STALE_PENDING_MS), both judged against the new claim's created_at. The ON CONFLICT clause of every
 * statement that claims keys; `heldKeysRead` reads its negation.
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
  /** The user who entered the lead by hand: they get it when no routing rule assigns it. */
  creator?: string | null;
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

/** What the statement answers for one new lead: its id (null: the person is known) and its candidates. */
export type Inserted = { id: string | null; candidates: DuplicateCandidate[] | null };

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

type LeadColumn = keyof NewLeadStatement['lead'];

/** The lead's columns this statement sets; the others keep their defaults. */
export function leadColumns(s: NewLeadStatement): LeadColumn[] {
  return (Object.keys(s.lead) as LeadColumn[]).filter((k) => s.lead[k] !== undefined && k !== 'assignedTo');
}

/**
 * How a statement treats the Idempotency-Keys: `claim` inserts each with its answer (and aborts with
 * `claimTaken` when one is held); `complete` writes the answers of keys claimed before; `none`: no row
 * of the group has a key.
 */
export type KeyMode = 'claim' | 'complete' | 'none';

/**
 * A new lead in ONE statement, atomic without an explicit transaction (one round trip: this is the hot
 * path of every submission, and on Workers every round trip crosses the network to Neon). The group
 * statement (insertNewLeads) with a group of one. Returns the new lead's id, or null when the person is
 * known; when the Idempotency-Key is held by another request, the statement aborts with `claimTaken`
 * (nothing stored) and the caller replays the stored answer.
 */
export async function insertNewLead(
  db: Db,
  deps: Pick<Deps, 'newId'>,
  s: NewLeadStatement,
): Promise<Inserted> {
  const [row] = await insertNewLeads(db, deps, [s], 'claim');
  return row!;
}

/**
 * New leads in ONE statement, from one jsonb parameter (the same text for one lead or many; see
 * README.md): the leads (ON CONFLICT DO NOTHING: a known person gets no row and goes to the fill path),
 * each assignee computed in the INSERT (a round-robin turn is `pool[nextval mod n]`, the rotation of
 * core's team pool order), the `created` events, for assigned leads the `assigned` event and the
 * assignee's notice (notification and outbox email), each row's fuzzy-duplicate candidates (read from
 * the snapshot before the insert, so the check after the response needs no round trip of its own), and
 * the Idempotency-Keys as `keys` says (pending for a known person: the fill completes it). Rows come back
 * in the group's order. All rows must share leadColumns and the routing kind.
 */
export async function insertNewLeads(
  db: Db,
  deps: Pick<Deps, 'newId'>,
  group: NewLeadStatement[],
  keys: Exclude<KeyMode, 'none'>,
): Promise<Inserted[]> {
  const columns = leadColumns(group[0]!);
  const mode: KeyMode = keys === 'claim' && !group.some((s) => s.claim) ? 'none' : keys;
  const statement = statements.get(`${mode}|${columns.join(',')}`, () => newLeadsStatement(columns, mode));
  const input = group.map((s, ord) => inputRow(deps, columns, s, ord));
  const rows = await runCompiled<{ id: string | null; candidates: DuplicateCandidate[] | null }>(
    db,
    statement,
    { input: JSON.stringify(input) },
  );
  await noticeClaimableLeads(
    db,
    deps,
    group,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ id: r.id, candidates: r.candidates }));
}

/** One compiled statement per key mode and set of lead columns, prepared once per connection. */
const statements = new StatementCache('lg_new_leads', 64);

/** One lead's values, as a row of the statement's `input` (see INPUT for the underscored fields). */
function inputRow(deps: Pick<Deps, 'newId'>, columns: LeadColumn[], s: NewLeadStatement, ord: number) {
  const row: Record<string, unknown> = { ord };
  for (const k of columns) row[k] = s.lead[k];
  const plan = s.plan;
  return Object.assign(row, {
    _event: s.createdEvent,
    _actor_type: s.actor.type,
    _actor_id: s.actor.id,
    _at: s.now.toISOString(),
    _scope: s.claim?.scope ?? null,
    _key: s.claim?.key ?? null,
    _hash: s.claim?.requestHash ?? null,
    _receipt: s.receiptId,
    _assignee: plan?.kind === 'user' ? plan.userId : plan ? null : (s.creator ?? null),
    _pool: plan?.kind === 'team' ? plan.pool : null,
    _sequence: plan?.kind === 'team' ? plan.sequence : null,
    _rule: plan ? plan.why : null,
    _name: leadName(s.lead),
    _company: s.lead.company ?? null,
    _notification: plan ? deps.newId('ntf') : null,
    _outbox: plan ? deps.newId('out') : null,
    _block_company: s.blocking?.companyKey ?? null,
    _block_last_name: s.blocking?.lastNameKey ?? null,
  });
}

const INPUT = `_event jsonb, _actor_type text, _actor_id text, _at timestamptz, _scope text, _key text, _hash text,
  _receipt text, _assignee text, _pool text[], _sequence text, _rule jsonb, _name text, _company text,
  _notification text, _outbox text, _block_company text, _block_last_name text`;

/** The statement's text for one key mode and set of lead columns; its one parameter is `input`. */
function newLeadsStatement(columns: LeadColumn[], mode: KeyMode): SQL {
  const table = getTableColumns(leads);
  const record = columns.map((k) => `"${k}" ${table[k as keyof typeof table].getSQLType()}`).join(', ');
  const names = columns.map((k) => `"${toSnakeCase(k)}"`).join(', ');
  const values = columns.map((k) => `x."${k}"`).join(', ');
  const assignee = `case when x._assignee is not null then x._assignee
      when x._pool is not null then x._pool[(nextval(x._sequence::regclass) % cardinality(x._pool))::int + 1] end`;
  const ctes: SQL[] = [
    sql`input as materialized (select * from jsonb_to_recordset(${sql.placeholder('input')}::jsonb)
      as x(ord int, ${sql.raw(record)}, ${sql.raw(INPUT)}))`,
  ];
  if (mode === 'claim') ctes.push(sql.raw(heldKeysRead));
  ctes.push(
    sql`ins as (insert into ${leads} (${sql.raw(names)}, assigned_to)
      select ${sql.raw(values)}, ${sql.raw(assignee)} from input x
      ${mode === 'claim' ? sql`where not exists (select 1 from held)` : sql``}
      order by x.ord
      on conflict do nothing
      returning id, assigned_to)`,
    ...sideEffects(),
  );
  if (mode === 'claim') ctes.push(sql.raw(claimKeys));
  if (mode === 'complete') ctes.push(sql.raw(completeKeys));
  const candidates = candidateBlock({
    org: sql`x."organizationId"`,
    company: sql`x._block_company`,
    lastName: sql`x._block_last_name`,
  });
  return sql`with ${sql.join(ctes, sql`, `)}
    select x.ord, ins.id, ${mode === 'claim' ? sql`x.claimed,` : sql``}
      case when x._block_company is null then null
        else (select coalesce(json_agg(c), '[]') from (${candidates}) c) end as candidates
    from ${sql.raw(mode === 'claim' ? claimCheck : 'input x')} left join ins on ins.id = x."id" order by x.ord`;
}

/** What travels with each new lead: its `created` event and, when assigned, the assignment's records. */
function sideEffects(): SQL[] {
  const from = sql`ins join input x on x."id" = ins.id`;
  const assigned = sql`ins.assigned_to is not null`;
  // Without a rule the lead went to the user who entered it: they did it, and need not be told.
  const byRule = sql`x._rule is not null`;
  // The assignee a rule chose is told, unless they turned new-lead notices off (notifyNewLeads).
  const told = sql`${assigned} and ${byRule} and not exists (select 1 from users u where u.id = ins.assigned_to and u.notify_new_leads = 'off')`;
  const lead = { organizationId: sql`x."organizationId"`, leadId: sql`ins.id`, at: sql`x._at` };
  const [notified, mailed] = noticesFrom(
    leadAssignedNotice({
      ...lead,
      userId: sql`ins.assigned_to`,
      name: sql`x._name`,
      company: sql`x._company`,
      link: sql`${sql.raw(`'${LEAD_PATH}'`)} || ins.id`,
    }),
    { notification: sql`x._notification`, email: sql`x._outbox` },
    from,
    told,
  );
  const created = eventsFrom(
    {
      ...lead,
      type: 'created',
      actorType: sql`x._actor_type::actor_type`,
      actorId: sql`x._actor_id`,
      data: sql`x._event`,
    },
    from,
  );
  const assignedEvent = eventsFrom(
    {
      ...lead,
      type: 'assigned',
      actorType: sql`case when ${byRule} then ${SYSTEM_ACTOR_SQL.actorType} else x._actor_type::actor_type end`,
      actorId: sql`case when ${byRule} then null else x._actor_id end`,
      data: jsonObject({ from: sql`null`, to: sql`ins.assigned_to`, rule: sql`x._rule` }),
    },
    from,
    assigned,
  );
  return [
    sql`created as (${created})`,
    sql`assigned as (${assignedEvent})`,
    sql`notified as (${notified})`,
    sql`mailed as (${mailed})`,
  ];
}

/** `claim`: each key inserted with its answer, taken over only as CLAIM_TAKEOVER allows. */
const claimKeys = `claim as (insert into idempotency_keys
      (organization_id, scope, key, request_hash, status_code, response_body, created_at, expires_at)
    select x."organizationId", x._scope, x._key, x._hash, case when ins.id is not null then 201 end,
      case when ins.id is not null
        then jsonb_build_object('receiptId', x._receipt, 'leadId', ins.id, 'outcome', 'created')
        else jsonb_build_object('receiptId', x._receipt) end,
      x._at, x._at + interval '${TTL_MS} milliseconds'
    from input x left join ins on ins.id = x."id"
    where x._key is not null
    ${CLAIM_TAKEOVER}
    returning key)`;

/**
 * `claim`: a key of the group already held (CLAIM_TAKEOVER would not take it over), read before any lead
 * is inserted. Then no lead is, so no round-robin turn is drawn (a sequence does not roll back) for a
 * statement that is going to abort. A scalar subquery per row (LIMIT 1 keeps it one), so that each is one
 * probe of the key's unique index: as a join, the planner chose to read the whole table.
 */
const heldKeysRead = `held as (select 1 from input x where x._key is not null and (
      select true from idempotency_keys k
      where k.organization_id = x."organizationId" and k.scope = x._scope and k.key = x._key
        and k.expires_at >= x._at
        and (k.status_code is not null or k.created_at >= x._at - interval '${STALE_PENDING_MS} milliseconds')
      limit 1))`;

/**
 * `claim`: every keyed row must have claimed its key, or the statement aborts as a whole with
 * `claimTaken` (a key held by another request, read before or met by the insert after waiting for it).
 * The counts are compared once (InitPlans), at run time.
 */
const claimCheck = `(select x.*, case when (select count(*) from claim)
      = (select count(*) from input where _key is not null) then true
      else ${abortSql('claimTaken', 'idempotency key taken')} end as claimed
    from input x) x`;

/** `complete`: the keys were claimed before (pending); the created leads' answers are written. */
const completeKeys = `completed as (update idempotency_keys k set status_code = 201,
        response_body = jsonb_build_object('receiptId', x._receipt, 'leadId', ins.id, 'outcome', 'created')
      from ins join input x on x."id" = ins.id
      where x._key is not null and k.organization_id = x."organizationId" and k.scope = x._scope and k.key = x._key)`;

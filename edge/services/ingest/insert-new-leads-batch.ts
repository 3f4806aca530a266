import { getTableColumns, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { pgCode } from '../../../db/errors';
import { runCompiled, StatementCache } from '../../../db/prepared';
import { leads } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Deps } from '../../deps';
import {
  CANDIDATE_LIMIT,
  CLAIM_TAKEN,
  CLAIM_TAKEOVER,
  type DuplicateCandidate,
  insertNewLead,
  leadColumns,
  type NewLeadStatement,
  STALE_PENDING_MS,
  TTL_MS,
} from './insert-new-lead';

type Inserted = { id: string | null; candidates: DuplicateCandidate[] | null };
type Waiting = { s: NewLeadStatement; resolve: (r: Inserted) => void; reject: (e: unknown) => void };

/** The error a waiting submission gets when its Idempotency-Key is held: the caller replays (as on one row). */
class ClaimTaken extends Error {
  readonly code = CLAIM_TAKEN;
  constructor() {
    super('idempotency key taken');
  }
}

/**
 * Group commit for new leads (the Node face). While `lanes` statements are in flight, new submissions
 * wait and leave together as ONE multi-row statement: Postgres pays the per-statement and per-commit cost
 * (parse, plan, executor start, WAL flush) once per group instead of once per lead, and this process pays
 * one socket write. A submission that finds a lane free goes alone, through the one-row statement, so
 * a quiet server answers as fast as before. What a lead gets is the same either way: the same columns,
 * events, assignment turn, notification, outbox email and idempotency answer.
 *
 * A group that fails as a whole (a deadlock between two groups inserting the same people in another
 * order, say) is retried one submission at a time through the one-row statement.
 */
export class NewLeadBatcher {
  #queue: Waiting[] = [];
  #inFlight = 0;
  readonly #keysInFlight = new Set<string>();
  /**
   * Counters (tests and logs): statements run for groups, leads they carried, groups that met a key
   * already held (and claimed first), groups retried one by one.
   */
  readonly stats = { groups: 0, grouped: 0, held: 0, fallbacks: 0 };

  private readonly lanes: number;
  private readonly maxGroup: number;
  private readonly onFallback: (error: unknown) => void;

  constructor(
    private readonly db: Db,
    private readonly deps: Pick<Deps, 'newId'>,
    options: { lanes?: number; maxGroup?: number; onFallback?: (error: unknown) => void } = {},
  ) {
    this.lanes = options.lanes ?? 4;
    this.maxGroup = options.maxGroup ?? 64;
    this.onFallback = options.onFallback ?? (() => {});
  }

  /** Submissions waiting for a lane. */
  get waiting(): number {
    return this.#queue.length;
  }

  insert(s: NewLeadStatement): Promise<Inserted> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ s, resolve, reject });
      this.#pump();
    });
  }

  #pump() {
    while (this.#inFlight < this.lanes && this.#queue.length > 0) {
      const group = this.#take();
      if (group.length === 0) return; // all waiting on keys in flight: the next finish pumps again
      const keys = group.flatMap((w) => (w.s.claim ? [claimKey(w.s)] : []));
      for (const k of keys) this.#keysInFlight.add(k);
      this.#inFlight++;
      void this.#run(group).finally(() => {
        for (const k of keys) this.#keysInFlight.delete(k);
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  /**
   * The oldest waiting submission that may go, and those of the same shape (up to maxGroup). A submission
   * whose Idempotency-Key is in flight waits for that request to finish, then replays its stored answer
   * (as the one-row statement, which waits on the key's row lock, would): two with one key never share
   * a group.
   */
  #take(): Waiting[] {
    const group: Waiting[] = [];
    const rest: Waiting[] = [];
    const keys = new Set<string>();
    let shape: string | null = null;
    for (const w of this.#queue) {
      const key = w.s.claim ? claimKey(w.s) : null;
      const free = !key || !(this.#keysInFlight.has(key) || keys.has(key));
      if (free && group.length < this.maxGroup && (shape === null || groupShape(w.s) === shape)) {
        shape ??= groupShape(w.s);
        group.push(w);
        if (key) keys.add(key);
      } else rest.push(w);
    }
    this.#queue = rest;
    return group;
  }

  async #run(group: Waiting[]) {
    if (group.length === 1) return this.#one(group[0]!);
    // Usually ONE statement: the keys are claimed with their final answers in the statement that writes
    // the leads. It fails as a whole (nothing stored) when a key of the group is already held.
    try {
      this.#resolve(
        group,
        await insertGroup(
          this.db,
          this.deps,
          group.map((w) => w.s),
          'claim',
        ),
      );
      return;
    } catch (error) {
      if (pgCode(error) !== CLAIM_TAKEN) return this.#oneByOne(group, error);
    }
    // A key is held (a client's retry of an answered request, say): claim first, so that only its
    // submission replays, then write the others as one statement.
    this.stats.held++;
    let claimed: Waiting[];
    try {
      claimed = await this.#claim(group);
    } catch (error) {
      return this.#oneByOne(group, error);
    }
    if (claimed.length === 0) return;
    try {
      this.#resolve(
        claimed,
        await insertGroup(
          this.db,
          this.deps,
          claimed.map((w) => w.s),
          'complete',
        ),
      );
    } catch (error) {
      // Nothing of the group is stored (one statement); its pending claims go so each retry can claim.
      await releaseClaims(
        this.db,
        claimed.map((w) => w.s),
      ).catch(() => {});
      await this.#oneByOne(claimed, error);
    }
  }

  #resolve(group: Waiting[], rows: Inserted[]) {
    this.stats.groups++;
    this.stats.grouped += group.length;
    for (const [i, w] of group.entries()) w.resolve(rows[i]!);
  }

  async #oneByOne(group: Waiting[], error: unknown) {
    this.stats.fallbacks++;
    this.onFallback(error);
    for (const w of group) await this.#one(w);
  }

  async #one(w: Waiting) {
    try {
      w.resolve(await insertNewLead(this.db, this.deps, w.s));
    } catch (error) {
      w.reject(error);
    }
  }

  /**
   * Claims the group's Idempotency-Keys (pending, as the one-row statement leaves a known person's key)
   * in one statement; a submission whose key another request holds is answered with CLAIM_TAKEN.
   */
  async #claim(group: Waiting[]): Promise<Waiting[]> {
    const keyed = group.filter((w) => w.s.claim);
    if (keyed.length === 0) return group;
    const now = group[0]!.s.now;
    const rows = keyed.map((w) => ({
      org: w.s.lead.organizationId,
      scope: w.s.claim!.scope,
      key: w.s.claim!.key,
      hash: w.s.claim!.requestHash,
      receipt: w.s.receiptId,
    }));
    const result = (await this.db.execute(sql`
      insert into idempotency_keys (organization_id, scope, key, request_hash, status_code, response_body, created_at, expires_at)
      select x.org, x.scope, x.key, x.hash, null, jsonb_build_object('receiptId', x.receipt),
             ${now.toISOString()}::timestamptz, ${new Date(now.getTime() + TTL_MS).toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(org text, scope text, key text, hash text, receipt text)
      ${sql.raw(CLAIM_TAKEOVER)}
      returning scope, key`)) as unknown as { rows: Array<{ scope: string; key: string }> };
    const won = new Set(result.rows.map((r) => `${r.scope}\u0000${r.key}`));
    return group.filter((w) => {
      if (!w.s.claim || won.has(`${w.s.claim.scope}\u0000${w.s.claim.key}`)) return true;
      w.reject(new ClaimTaken());
      return false;
    });
  }
}

const claimKey = (s: NewLeadStatement) =>
  `${s.lead.organizationId}\u0000${s.claim!.scope}\u0000${s.claim!.key}`;

/** What must agree for submissions to share one statement: organization, lead columns, routing kind. */
function groupShape(s: NewLeadStatement): string {
  return [s.lead.organizationId, leadColumns(s).join(','), s.plan?.kind ?? 'none'].join('|');
}

/** One compiled multi-row statement per set of lead columns, prepared once per connection. */
const statements = new StatementCache('lg_new_leads', 32);

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
    returning key`;

/**
 * `claim`: a key of the group already held (CLAIM_TAKEOVER would not take it over), read before any lead
 * is inserted. Then no lead is, so no
 * round-robin turn is drawn (a sequence does not roll back) for a statement that is going to fail. A
 * scalar subquery per row (LIMIT 1 keeps it one), so that each is one probe of the key's unique index: as
 * a join, the planner chose to read the whole table.
 */
const heldKeysRead = `held as (select 1 from input x where x._key is not null and (
      select true from idempotency_keys k
      where k.organization_id = x."organizationId" and k.scope = x._scope and k.key = x._key
        and k.expires_at >= x._at
        and (k.status_code is not null or k.created_at >= x._at - interval '${STALE_PENDING_MS} milliseconds')
      limit 1))`;

/**
 * Every keyed row must have claimed its key, or the statement fails as a whole. Not a constant `1/0`: the
 * planner would fold it and fail every statement. The counts are compared once (InitPlans), at run time.
 */
const claimCheck = `(select x.*, 1 / (case when (select count(*) from claim)
      = (select count(*) from input where _key is not null) then 1 else 0 end) = 1 as claimed
    from input x) x`;

/** `complete`: the keys were claimed before (pending); the created leads' answers are written. */
const completeKeys = `completed as (update idempotency_keys k set status_code = 201,
        response_body = jsonb_build_object('receiptId', x._receipt, 'leadId', ins.id, 'outcome', 'created')
      from ins join input x on x."id" = ins.id
      where x._key is not null and k.organization_id = x."organizationId" and k.scope = x._scope and k.key = x._key`;

/**
 * The one-row statement's work for many rows at once, from one jsonb parameter: leads (ON CONFLICT DO
 * NOTHING: a known person gets no row and goes to the merge path), `created` events, for assigned leads
 * the `assigned` event, notification and outbox email, and each row's fuzzy-duplicate candidates. Rows
 * come back in input order. The Idempotency-Keys:
 *  - `claim`: inserted here, each with its answer (pending for a known person, as the one-row statement
 *    leaves it). When a key is already held, the statement divides by zero on purpose, so nothing of it is
 *    stored, and fails with CLAIM_TAKEN;
 *  - `complete`: claimed before (see #claim), their answers written here for the leads created.
 */
async function insertGroup(
  db: Db,
  deps: Pick<Deps, 'newId'>,
  group: NewLeadStatement[],
  keys: 'claim' | 'complete',
): Promise<Inserted[]> {
  const columns = leadColumns(group[0]!);
  const table = getTableColumns(leads);
  const record = columns.map((k) => `"${k}" ${table[k as keyof typeof table].getSQLType()}`).join(', ');
  const input = group.map((s, ord) => {
    const row: Record<string, unknown> = { ord };
    for (const k of columns) row[k] = s.lead[k];
    const plan = s.plan;
    Object.assign(row, {
      _event: s.createdEvent,
      _actor_type: s.actor.type,
      _actor_id: s.actor.id,
      _at: s.now.toISOString(),
      _scope: s.claim?.scope ?? null,
      _key: s.claim?.key ?? null,
      _hash: s.claim?.requestHash ?? null,
      _receipt: s.receiptId,
      _assignee: plan?.kind === 'user' ? plan.userId : null,
      _pool: plan?.kind === 'team' ? plan.pool : null,
      _sequence: plan?.kind === 'team' ? plan.sequence : null,
      _rule: plan ? { id: plan.rule.id, name: plan.rule.name, action: plan.rule.action.type } : null,
      _name: [s.lead.firstName, s.lead.lastName].filter(Boolean).join(' '),
      _company: s.lead.company ?? null,
      _notification: plan ? deps.newId('ntf') : null,
      _outbox: plan ? deps.newId('out') : null,
      _block_company: s.blocking?.companyKey ?? null,
      _block_last_name: s.blocking?.lastNameKey ?? null,
    });
    return row;
  });
  const names = columns.map((k) => `"${toSnakeCase(k)}"`).join(', ');
  const values = columns.map((k) => `x."${k}"`).join(', ');
  const assignee = `case when x._assignee is not null then x._assignee
      when x._pool is not null then x._pool[(nextval(x._sequence::regclass) % cardinality(x._pool))::int + 1] end`;
  const event = (type: string, data: string, where = 'true') => `insert into lead_events
      (organization_id, lead_id, entity_type, entity_id, type, actor_type, actor_id, data, created_at)
    select x."organizationId", ins.id, 'lead', ins.id, '${type}', ${type === 'created' ? 'x._actor_type::actor_type, x._actor_id' : "'system'::actor_type, null"},
      ${data}, x._at from ins join input x on x."id" = ins.id where ${where}`;
  const text = `
    with input as materialized (
      select * from jsonb_to_recordset($1::jsonb) as x(ord int, ${record}, _event jsonb, _actor_type text,
        _actor_id text, _at timestamptz, _scope text, _key text, _hash text, _receipt text, _assignee text, _pool text[],
        _sequence text, _rule jsonb, _name text, _company text, _notification text, _outbox text,
        _block_company text, _block_last_name text)),
    ${keys === 'claim' ? `${heldKeysRead},` : ''}
    ins as (
      insert into leads (${names}, assigned_to)
      select ${values}, ${assignee} from input x ${keys === 'claim' ? 'where not exists (select 1 from held)' : ''}
      order by x.ord
      on conflict do nothing
      returning id, assigned_to),
    created as (${event('created', 'x._event')}),
    assigned as (${event('assigned', "jsonb_build_object('from', null, 'to', ins.assigned_to, 'rule', x._rule)", 'ins.assigned_to is not null')}),
    notified as (insert into notifications (id, organization_id, user_id, type, data, link, created_at)
      select x._notification, x."organizationId", ins.assigned_to, 'lead.assigned',
        jsonb_build_object('leadId', ins.id, 'name', x._name, 'company', x._company), '/app/leads/' || ins.id, x._at
      from ins join input x on x."id" = ins.id where ins.assigned_to is not null),
    mailed as (insert into outbox (id, organization_id, kind, payload, created_at)
      select x._outbox, x."organizationId", 'email',
        jsonb_build_object('template', 'lead-assigned', 'userId', ins.assigned_to, 'leadId', ins.id), x._at
      from ins join input x on x."id" = ins.id where ins.assigned_to is not null),
    ${keys === 'claim' ? claimKeys : completeKeys})
    select x.ord, ins.id, ${keys === 'claim' ? 'x.claimed,' : ''}
      case when x._block_company is null then null else (
        select coalesce(json_agg(c), '[]') from (
          select l.id, l.first_name as "firstName", l.last_name as "lastName", l.company_key as "companyKey"
          from leads l
          where l.organization_id = x."organizationId" and l.deleted_at is null
            and (l.company_key = x._block_company or l.last_name_key = x._block_last_name)
          order by l.last_activity_at desc limit ${CANDIDATE_LIMIT}) c) end as candidates
    from ${keys === 'claim' ? claimCheck : 'input x'} left join ins on ins.id = x."id" order by x.ord`;
  const [before, after] = text.split('$1') as [string, string];
  const statement = statements.get(
    `${keys}|${columns.join(',')}`,
    () => sql`${sql.raw(before)}${sql.placeholder('input')}${sql.raw(after)}`,
  );
  const rows = await runCompiled<{ ord: number; id: string | null; candidates: DuplicateCandidate[] | null }>(
    db,
    statement,
    { input: JSON.stringify(input) },
  );
  return rows.map((r) => ({ id: r.id, candidates: r.candidates }));
}

/** Drops the group's pending claims (their statement failed), so each one-row retry can claim its key. */
async function releaseClaims(db: Db, group: NewLeadStatement[]) {
  const keys = group.filter((s) => s.claim).map((s) => [s.lead.organizationId, s.claim!.scope, s.claim!.key]);
  if (keys.length === 0) return;
  await db.execute(sql`delete from idempotency_keys k using jsonb_to_recordset(${JSON.stringify(
    keys.map(([org, scope, key]) => ({ org, scope, key })),
  )}::jsonb) as x(org text, scope text, key text)
    where k.organization_id = x.org and k.scope = x.scope and k.key = x.key and k.status_code is null`);
}

import { sql } from 'drizzle-orm';
import { ABORT, isAbort } from '../../../db/errors';
import type { Db } from '../../../db/types';
import type { Deps } from '../../deps';
import {
  CLAIM_TAKEOVER,
  type Inserted,
  insertNewLead,
  insertNewLeads,
  leadColumns,
  type NewLeadStatement,
  TTL_MS,
} from './insert-new-lead';

type Waiting = { s: NewLeadStatement; resolve: (r: Inserted) => void; reject: (e: unknown) => void };

/**
 * The error a waiting submission gets when its Idempotency-Key is held: it carries the `claimTaken` code
 * the one-row statement aborts with, so the caller replays either way.
 */
class ClaimTaken extends Error {
  readonly code = ABORT.claimTaken;
  constructor() {
    super('idempotency key taken');
  }
}

/**
 * Group commit for new leads (the Node face). While `lanes` statements are in flight, new submissions
 * wait and leave together as ONE multi-row statement: Postgres pays the per-statement and per-commit cost
 * (parse, plan, executor start, WAL flush) once per group instead of once per lead, and this process pays
 * one socket write. A submission that finds a lane free goes alone (the same statement, a group of one),
 * so a quiet server answers as fast as without grouping. What a lead gets is the same either way: one
 * statement text (insertNewLeads) writes the columns, events, assignment turn, notice and idempotency
 * answer of one lead or of many.
 *
 * A group that fails as a whole (a deadlock between two groups inserting the same people in another
 * order, say) is retried one submission at a time.
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
        await insertNewLeads(
          this.db,
          this.deps,
          group.map((w) => w.s),
          'claim',
        ),
      );
      return;
    } catch (error) {
      if (!isAbort(error, 'claimTaken')) return this.#oneByOne(group, error);
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
        await insertNewLeads(
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
   * in one statement; a submission whose key another request holds is answered with ClaimTaken.
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

/** Drops the group's pending claims (their statement failed), so each one-row retry can claim its key. */
async function releaseClaims(db: Db, group: NewLeadStatement[]) {
  const keys = group.filter((s) => s.claim).map((s) => [s.lead.organizationId, s.claim!.scope, s.claim!.key]);
  if (keys.length === 0) return;
  await db.execute(sql`delete from idempotency_keys k using jsonb_to_recordset(${JSON.stringify(
    keys.map(([org, scope, key]) => ({ org, scope, key })),
  )}::jsonb) as x(org text, scope text, key text)
    where k.organization_id = x.org and k.scope = x.scope and k.key = x.key and k.status_code is null`);
}

import { DurableObject } from 'cloudflare:workers';
import type { DurableObjectNamespace, DurableObjectState } from '@cloudflare/workers-types';
import { gcraHit, gcraIdle } from './gcra';
import type { RateLimiter, RateLimitHitOptions, RateLimitResult } from './types';

/** A table of an earlier layout (a fixed window's count): dropped on sight, its key starts afresh. */
const OLD_TABLE = 'rate_window';

/**
 * One limited key (the caller names it with `idFromName(key)`): every hit for the key goes through this one
 * object, so the count is exact and global. Its whole state is one GCRA timestamp (when the key's quota is
 * full again), held in memory and in the object's SQLite storage, so an evicted or restarted object resumes
 * it; an alarm at that time deletes the storage, so an idle key leaves nothing behind.
 */
export class RateLimiterObject extends DurableObject<unknown> {
  // Truly private (#): TypeScript's `private` would still leave a method callable over RPC.
  #tat: number | undefined;
  #tableReady = false;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    // SQL on a SQLite-backed object is synchronous, so the constructor needs no blockConcurrencyWhile.
    const { sql } = ctx.storage;
    const tables = sql
      .exec<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('rate_gcra', '${OLD_TABLE}')`,
      )
      .toArray()
      .map((t) => t.name);
    if (tables.includes(OLD_TABLE)) sql.exec(`DROP TABLE ${OLD_TABLE}`);
    if (tables.includes('rate_gcra')) {
      this.#tableReady = true;
      this.#tat = sql.exec<{ tat: number }>('SELECT tat FROM rate_gcra').toArray()[0]?.tat;
    }
  }

  /** Counts one hit against `limit` hits per `windowSeconds` (GCRA); a `peek` only answers. */
  async hit(
    limit: number,
    windowSeconds: number,
    options: RateLimitHitOptions = {},
  ): Promise<RateLimitResult> {
    // Everything up to the write is synchronous, so concurrent hits cannot interleave and over-count.
    const previous = this.#tat;
    const { tatMs, result } = gcraHit(previous, {
      limit,
      windowSeconds,
      nowMs: Date.now(),
      peek: options.peek,
    });
    if (tatMs === previous || tatMs === undefined) return result;
    this.#tat = tatMs;
    this.#persist(tatMs);
    // One alarm per busy spell: when it rings early (later hits moved the time on), it is set again.
    if (previous === undefined) await this.ctx.storage.setAlarm(tatMs);
    return result;
  }

  override async alarm(): Promise<void> {
    const tat = this.#tat;
    if (tat !== undefined && !gcraIdle(tat, Date.now())) {
      await this.ctx.storage.setAlarm(tat);
      return;
    }
    this.#tat = undefined;
    this.#tableReady = false;
    await this.ctx.storage.deleteAll();
  }

  #persist(tat: number): void {
    const { sql } = this.ctx.storage;
    if (!this.#tableReady) {
      // One row (id 1): the object only ever needs its current timestamp.
      sql.exec(
        'CREATE TABLE IF NOT EXISTS rate_gcra (id INTEGER PRIMARY KEY CHECK (id = 1), tat REAL NOT NULL)',
      );
      this.#tableReady = true;
    }
    sql.exec(
      'INSERT INTO rate_gcra (id, tat) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET tat = excluded.tat',
      tat,
    );
  }
}

/** The Workers limiter: one {@link RateLimiterObject} per key, reached through the `RATE_LIMITER` binding. */
export class DurableObjectRateLimiter implements RateLimiter {
  constructor(private readonly namespace: DurableObjectNamespace<RateLimiterObject>) {}

  async hit(
    key: string,
    limit: number,
    windowSeconds: number,
    options: RateLimitHitOptions = {},
  ): Promise<RateLimitResult> {
    const stub = this.namespace.get(this.namespace.idFromName(key));
    const { allowed, remaining, resetSeconds, retryAfterSeconds } = await stub.hit(
      limit,
      windowSeconds,
      options,
    );
    return { allowed, limit, remaining, resetSeconds, retryAfterSeconds };
  }
}

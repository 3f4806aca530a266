import { DurableObject } from 'cloudflare:workers';
import type { DurableObjectNamespace, DurableObjectState } from '@cloudflare/workers-types';
import { countHit, type RateWindow } from './memory';
import type { RateLimiter, RateLimitResult } from './types';

type WindowRow = { start: number; seconds: number; count: number };

/**
 * One limited key (the caller names it with `idFromName(key)`): every hit for the key goes through this one
 * object, so the count is exact and global. The current window lives in memory and in the object's SQLite
 * storage, so an evicted or restarted object resumes its count; an alarm at the end of the window deletes
 * the storage, so an idle key leaves nothing behind.
 */
export class RateLimiterObject extends DurableObject<unknown> {
  // Truly private (#): TypeScript's `private` would still leave a method callable over RPC.
  #window: RateWindow | undefined;
  #tableReady = false;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    // SQL on a SQLite-backed object is synchronous, so the constructor needs no blockConcurrencyWhile.
    const tables = ctx.storage.sql.exec(
      `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rate_window'`,
    );
    if (tables.toArray().length > 0) {
      this.#tableReady = true;
      const row = ctx.storage.sql
        .exec<WindowRow>('SELECT start, seconds, count FROM rate_window')
        .toArray()[0];
      this.#window = row && { start: row.start, seconds: row.seconds, count: row.count };
    }
  }

  /** Counts one hit against `limit` hits per fixed window of `windowSeconds`. */
  async hit(limit: number, windowSeconds: number): Promise<RateLimitResult> {
    // Everything up to the write is synchronous, so concurrent hits cannot interleave and over-count.
    const previous = this.#window;
    const { window, result } = countHit(previous, limit, windowSeconds, Date.now());
    if (!result.allowed) return result;
    this.#window = window;
    this.#persist(window);
    if (!previous || previous.start !== window.start || previous.seconds !== window.seconds) {
      await this.ctx.storage.setAlarm((window.start + window.seconds) * 1000);
    }
    return result;
  }

  override async alarm(): Promise<void> {
    const window = this.#window;
    if (window && Date.now() < (window.start + window.seconds) * 1000) {
      // A later window was opened after this alarm was due: clean up when that one ends instead.
      await this.ctx.storage.setAlarm((window.start + window.seconds) * 1000);
      return;
    }
    this.#window = undefined;
    this.#tableReady = false;
    await this.ctx.storage.deleteAll();
  }

  #persist(window: RateWindow): void {
    const { sql } = this.ctx.storage;
    if (!this.#tableReady) {
      // One row (id 1): the object only ever needs its current window, so old windows cannot pile up.
      sql.exec(
        'CREATE TABLE IF NOT EXISTS rate_window (id INTEGER PRIMARY KEY CHECK (id = 1), start REAL NOT NULL, seconds REAL NOT NULL, count INTEGER NOT NULL)',
      );
      this.#tableReady = true;
    }
    sql.exec(
      'INSERT INTO rate_window (id, start, seconds, count) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET start = excluded.start, seconds = excluded.seconds, count = excluded.count',
      window.start,
      window.seconds,
      window.count,
    );
  }
}

/** The Workers limiter: one {@link RateLimiterObject} per key, reached through the `RATE_LIMITER` binding. */
export class DurableObjectRateLimiter implements RateLimiter {
  constructor(private readonly namespace: DurableObjectNamespace<RateLimiterObject>) {}

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const stub = this.namespace.get(this.namespace.idFromName(key));
    const { allowed, remaining, resetSeconds } = await stub.hit(limit, windowSeconds);
    return { allowed, limit, remaining, resetSeconds };
  }
}

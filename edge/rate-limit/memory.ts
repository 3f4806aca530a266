import { gcraHit, gcraIdle } from './gcra';
import type { RateLimiter, RateLimitHitOptions, RateLimitResult } from './types';

/** When a sweep at capacity frees less than this share of the slots, the least recently hit keys go too. */
const MIN_FREED_SHARE = 0.1;
/** Entries at the front of the map checked on every hit, so idle keys leave without waiting for a sweep. */
const PRUNE_PER_HIT = 2;

/**
 * An exact GCRA limiter for one process (Node: the embedded default and single-machine self-hosting): one
 * timestamp per key. Memory is bounded: idle keys (quota full again) are pruned as hits arrive, and at
 * `maxKeys` a sweep drops every idle key, then — only if the map is still nearly full of live keys — the
 * least recently hit ones, which then start again with a full quota (the price of a bound under a flood of
 * distinct keys).
 */
export class MemoryRateLimiter implements RateLimiter {
  // Insertion order is the order keys were last counted (a hit re-inserts its key), least recent first.
  private readonly tats = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    if (!(maxKeys >= 1)) throw new RangeError(`maxKeys must be at least 1, got ${maxKeys}`);
  }

  /** The number of keys currently held (for tests and metrics). */
  get size(): number {
    return this.tats.size;
  }

  async hit(
    key: string,
    limit: number,
    windowSeconds: number,
    options: RateLimitHitOptions = {},
  ): Promise<RateLimitResult> {
    const nowMs = this.now();
    this.pruneFront(nowMs);
    const current = this.tats.get(key);
    const { tatMs, result } = gcraHit(current, { limit, windowSeconds, nowMs, peek: options.peek });
    if (tatMs === current || tatMs === undefined) return result;
    this.tats.delete(key);
    if (this.tats.size >= this.maxKeys) this.makeRoom(nowMs);
    this.tats.set(key, tatMs);
    return result;
  }

  private pruneFront(nowMs: number): void {
    let checked = 0;
    for (const [key, tat] of this.tats) {
      if (checked++ === PRUNE_PER_HIT || !gcraIdle(tat, nowMs)) return;
      this.tats.delete(key);
    }
  }

  private makeRoom(nowMs: number): void {
    for (const [key, tat] of this.tats) {
      if (gcraIdle(tat, nowMs)) this.tats.delete(key);
    }
    const target = Math.min(this.maxKeys - 1, Math.floor(this.maxKeys * (1 - MIN_FREED_SHARE)));
    for (const key of this.tats.keys()) {
      if (this.tats.size <= target) return;
      this.tats.delete(key);
    }
  }
}

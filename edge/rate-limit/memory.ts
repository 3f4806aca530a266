import type { RateLimiter, RateLimitResult } from './types';

/** One key's fixed window: its start and length in seconds and the hits allowed in it so far. */
export type RateWindow = { start: number; seconds: number; count: number };

/**
 * Counts one hit against `current` (the key's stored window, if any) at `nowMs`: a window that has ended,
 * or was opened with another length, is replaced by a fresh one. Only allowed hits are counted, so the
 * caller stores `window` only when `result.allowed`: a refused hit (an attack's bulk) costs no write.
 */
export function countHit(
  current: RateWindow | undefined,
  limit: number,
  windowSeconds: number,
  nowMs: number,
): { window: RateWindow; result: RateLimitResult } {
  if (!(windowSeconds > 0) || !Number.isFinite(windowSeconds)) {
    throw new RangeError(`windowSeconds must be a positive number, got ${windowSeconds}`);
  }
  if (!(limit >= 0)) throw new RangeError(`limit must be zero or more, got ${limit}`);
  const nowSeconds = nowMs / 1000;
  const start = Math.floor(nowSeconds / windowSeconds) * windowSeconds;
  const fresh = !current || current.start !== start || current.seconds !== windowSeconds;
  const window = fresh ? { start, seconds: windowSeconds, count: 0 } : current;
  const resetSeconds = Math.max(1, Math.ceil(start + windowSeconds - nowSeconds));
  if (window.count >= limit) {
    return { window, result: { allowed: false, limit, remaining: 0, resetSeconds } };
  }
  const counted = { ...window, count: window.count + 1 };
  return {
    window: counted,
    result: { allowed: true, limit, remaining: limit - counted.count, resetSeconds },
  };
}

/** When a sweep at capacity frees less than this share of the slots, the oldest windows are dropped too. */
const MIN_FREED_SHARE = 0.1;
/** Entries at the front of the map checked on every hit, so idle keys leave without waiting for a sweep. */
const PRUNE_PER_HIT = 2;

/**
 * An exact fixed-window limiter for one process (Node: the embedded default and single-machine
 * self-hosting). Memory is bounded: ended windows are pruned as hits arrive, and at `maxKeys` a sweep drops
 * every ended window, then — only if the map is still nearly full of live windows — the oldest ones, which
 * then start again from zero (the price of a bound under a flood of distinct keys).
 */
export class MemoryRateLimiter implements RateLimiter {
  // Insertion order is the order windows were opened (a new window re-inserts its key), oldest first.
  private readonly windows = new Map<string, RateWindow>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    if (!(maxKeys >= 1)) throw new RangeError(`maxKeys must be at least 1, got ${maxKeys}`);
  }

  /** The number of keys currently held (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const nowMs = this.now();
    this.pruneFront(nowMs);
    const current = this.windows.get(key);
    const { window, result } = countHit(current, limit, windowSeconds, nowMs);
    if (!result.allowed) return result;
    if (current && window.start === current.start && window.seconds === current.seconds) {
      this.windows.set(key, window);
    } else {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.makeRoom(nowMs);
      this.windows.set(key, window);
    }
    return result;
  }

  private pruneFront(nowMs: number): void {
    let checked = 0;
    for (const [key, window] of this.windows) {
      if (checked++ === PRUNE_PER_HIT || !hasEnded(window, nowMs)) return;
      this.windows.delete(key);
    }
  }

  private makeRoom(nowMs: number): void {
    for (const [key, window] of this.windows) {
      if (hasEnded(window, nowMs)) this.windows.delete(key);
    }
    const target = Math.min(this.maxKeys - 1, Math.floor(this.maxKeys * (1 - MIN_FREED_SHARE)));
    for (const key of this.windows.keys()) {
      if (this.windows.size <= target) return;
      this.windows.delete(key);
    }
  }
}

function hasEnded(window: RateWindow, nowMs: number): boolean {
  return nowMs >= (window.start + window.seconds) * 1000;
}

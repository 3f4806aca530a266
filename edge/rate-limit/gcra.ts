import type { RateLimitResult } from './types';

/**
 * Slack for floating-point rounding: a fractional emission interval (60 s / 7) summed up to the window
 * can land a hair beyond it, which must not refuse the limit-th hit of a burst.
 */
const ROUNDING_SLACK_MS = 1;

/**
 * One hit by the Generic Cell Rate Algorithm: a key's whole state is its theoretical arrival time (`tatMs`,
 * when its quota would be full again). Each hit moves it on by one emission interval (the window / `limit`),
 * and a hit is allowed while that keeps it within one window of now. So `limit` hits may come at once, then
 * one per interval: there is no window boundary at which a second full burst becomes possible, and no
 * sliding log to keep. A refused hit leaves the state as it was (the caller stores `tatMs` only when
 * `result.allowed`, so an attack's bulk costs no write); so does a `peek`, which only answers whether a hit
 * would be allowed now.
 */
export function gcraHit(
  storedTatMs: number | undefined,
  { limit, windowSeconds, nowMs, peek = false }: GcraInput,
): { tatMs: number | undefined; result: RateLimitResult } {
  if (!(windowSeconds > 0) || !Number.isFinite(windowSeconds)) {
    throw new RangeError(`windowSeconds must be a positive number, got ${windowSeconds}`);
  }
  if (!(limit >= 0) || !Number.isFinite(limit)) {
    throw new RangeError(`limit must be zero or more, got ${limit}`);
  }
  const windowMs = windowSeconds * 1000;
  if (limit === 0) {
    const never = { limit, remaining: 0, resetSeconds: windowSeconds, retryAfterSeconds: windowSeconds };
    return { tatMs: storedTatMs, result: { allowed: false, ...never } };
  }
  const intervalMs = windowMs / limit;
  const tat = Math.max(storedTatMs ?? nowMs, nowMs);
  const nextTat = tat + intervalMs;
  if (nextTat - nowMs > windowMs + ROUNDING_SLACK_MS) {
    const retryAfterSeconds = seconds(nextTat - windowMs - nowMs);
    return {
      tatMs: storedTatMs,
      result: { allowed: false, limit, remaining: 0, resetSeconds: seconds(tat - nowMs), retryAfterSeconds },
    };
  }
  const remaining = Math.max(0, Math.floor((windowMs - (nextTat - nowMs) + ROUNDING_SLACK_MS) / intervalMs));
  return {
    tatMs: peek ? storedTatMs : nextTat,
    result: { allowed: true, limit, remaining, resetSeconds: seconds(nextTat - nowMs), retryAfterSeconds: 0 },
  };
}

export type GcraInput = {
  /** Hits allowed in any window of `windowSeconds` (all of them at once, or spread). */
  limit: number;
  windowSeconds: number;
  nowMs: number;
  /** Answer as the hit would be answered, without counting it. */
  peek?: boolean;
};

/** Whether a key's state says nothing any more: its quota is full again, as if it had never been hit. */
export function gcraIdle(tatMs: number, nowMs: number): boolean {
  return tatMs <= nowMs;
}

/** Whole seconds, at least 1 (`Retry-After: 0` would invite an immediate retry that is refused again). */
function seconds(ms: number): number {
  return Math.max(1, Math.ceil((ms - ROUNDING_SLACK_MS) / 1000));
}

/** The outcome of counting one request against a limit. */
export type RateLimitResult = {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number;
  /** Seconds until the window resets (for `Retry-After` and the `RateLimit` header). */
  resetSeconds: number;
};

/**
 * Counts requests per key in fixed windows. Exact on Workers (one Durable Object per key, global) and
 * in-process on Node (the embedded default and single-machine self-hosting).
 */
export type RateLimiter = {
  hit: (key: string, limit: number, windowSeconds: number) => Promise<RateLimitResult>;
};

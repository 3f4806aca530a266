/** The outcome of counting one request against a limit. */
export type RateLimitResult = {
  allowed: boolean;
  limit: number;
  /** Requests that could follow this one at once (0 when refused). */
  remaining: number;
  /** Seconds until the whole quota is back (the `RateLimit` header's `t`). */
  resetSeconds: number;
  /** Seconds until a request would be allowed again (`Retry-After`): 0 when allowed. */
  retryAfterSeconds: number;
};

export type RateLimitHitOptions = {
  /** Answer whether a hit would be allowed now, without counting one. */
  peek?: boolean;
};

/**
 * Counts requests per key: `limit` per `windowSeconds`, all at once or spread, by the Generic Cell Rate
 * Algorithm (no boundary at which a second burst fits). Exact on Workers (one Durable Object per key,
 * global) and in-process on Node (the embedded default and single-machine self-hosting).
 */
export type RateLimiter = {
  hit: (
    key: string,
    limit: number,
    windowSeconds: number,
    options?: RateLimitHitOptions,
  ) => Promise<RateLimitResult>;
};

import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors';
import type { AppEnv, Deps } from '../../deps';
import type { RateLimiter, RateLimitResult } from '../../rate-limit/types';

/** One limit: `limit` requests per `windowSeconds` for `key`, named `policy` in the RateLimit headers. */
export type RateLimitPolicy = {
  policy: string;
  key: string;
  limit: number;
  windowSeconds: number;
  /** Only refuse when the quota is already used up; the request is not counted. */
  peek?: boolean;
};

/**
 * Counts one request against a policy; adds it to the IETF RateLimit headers (`RateLimit-Policy`, `RateLimit`)
 * and, when the quota is used up, throws a 429 problem with `Retry-After` (the seconds until a request
 * would be allowed again).
 */
export async function enforceRateLimit(
  c: Context,
  limiter: RateLimiter,
  { policy, key, limit, windowSeconds, peek }: RateLimitPolicy,
): Promise<void> {
  const result = await limiter.hit(key, limit, windowSeconds, { peek });
  const headers = {
    'RateLimit-Policy': `"${policy}";q=${limit};w=${windowSeconds}`,
    RateLimit: `"${policy}";r=${result.remaining};t=${result.resetSeconds}`,
  };
  // Set before a refusal too: the problem response keeps the headers already set on the context. Appended:
  // each policy a request is counted against is one item of the headers' lists.
  for (const [name, value] of Object.entries(headers)) c.header(name, value, { append: true });
  if (!result.allowed) throw rateLimited(result, windowSeconds);
}

/** The 429 for a refused hit. */
export function rateLimited(result: RateLimitResult, windowSeconds: number): AppError {
  return new AppError('rate-limited', {
    detail: `Limit of ${result.limit} requests per ${windowSeconds} s reached.`,
    retryAfterSeconds: result.retryAfterSeconds,
  });
}

/**
 * `/api`: 100 requests a minute per user or API key; per organization, 1,000 an hour for API keys and
 * `apiSessionPerMinutePerOrg` a minute for signed-in people. The person's own limit is counted first, so a
 * request it refuses does not use the organization's quota.
 */
export function apiRateLimit(deps: Pick<Deps, 'rateLimiter' | 'config'>): MiddlewareHandler<AppEnv> {
  return async function apiRateLimitMiddleware(c, next) {
    const auth = c.get('auth');
    const { config, rateLimiter } = deps;
    const who = auth.via === 'api_key' ? `key:${auth.apiKeyId}` : `user:${auth.userId}`;
    await enforceRateLimit(c, rateLimiter, {
      policy: 'api',
      key: `api:${who}`,
      limit: config.apiPerMinute,
      windowSeconds: 60,
    });
    await enforceRateLimit(
      c,
      rateLimiter,
      auth.via === 'api_key'
        ? {
            policy: 'api-key-org',
            key: `apikey-org:${auth.organizationId}`,
            limit: config.apiKeyPerHourPerOrg,
            windowSeconds: 3600,
          }
        : {
            policy: 'api-org',
            key: `api-org:${auth.organizationId}`,
            limit: config.apiSessionPerMinutePerOrg,
            windowSeconds: 60,
          },
    );
    await next();
  };
}

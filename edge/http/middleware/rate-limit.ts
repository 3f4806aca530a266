import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors';
import type { AppEnv, Deps } from '../../deps';
import type { RateLimiter } from '../../rate-limit/types';

/**
 * Counts one request against `limit` per `windowSeconds` for `key`; sets the IETF RateLimit headers
 * (`RateLimit-Policy`, `RateLimit`) and, when exhausted, throws a 429 problem with `Retry-After`.
 */
export async function enforceRateLimit(
  c: Context,
  limiter: RateLimiter,
  policy: string,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<void> {
  const result = await limiter.hit(key, limit, windowSeconds);
  const headers = {
    'RateLimit-Policy': `"${policy}";q=${limit};w=${windowSeconds}`,
    RateLimit: `"${policy}";r=${result.remaining};t=${result.resetSeconds}`,
  };
  // Set before a refusal too: the problem response keeps the headers already set on the context.
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  if (!result.allowed)
    throw new AppError('rate-limited', {
      detail: `Limit of ${limit} requests per ${windowSeconds} s reached.`,
      retryAfterSeconds: result.resetSeconds,
    });
}

/** `/api`: 100 requests a minute per user or API key, and 1,000 an hour per organization for API keys. */
export function apiRateLimit(deps: Pick<Deps, 'rateLimiter' | 'config'>): MiddlewareHandler<AppEnv> {
  return async function apiRateLimitMiddleware(c, next) {
    const auth = c.get('auth');
    const who = auth.via === 'api_key' ? `key:${auth.apiKeyId}` : `user:${auth.userId}`;
    await enforceRateLimit(c, deps.rateLimiter, 'api', `api:${who}`, deps.config.apiPerMinute, 60);
    if (auth.via === 'api_key')
      await enforceRateLimit(
        c,
        deps.rateLimiter,
        'api-key-org',
        `apikey-org:${auth.organizationId}`,
        deps.config.apiKeyPerHourPerOrg,
        3600,
      );
    await next();
  };
}

import type { MiddlewareHandler } from 'hono';
import type { DbProvider } from '../../../db/types';
import type { AppEnv } from '../../deps';

/** Opens the request's database handle and releases it after the response (via waitUntil on Workers). */
export function database(provider: DbProvider): MiddlewareHandler<AppEnv> {
  return async function databaseMiddleware(c, next) {
    const handle = provider.acquire();
    c.set('db', handle.db);
    try {
      await next();
    } finally {
      const released = handle.release();
      let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
      try {
        ctx = c.executionCtx;
      } catch {
        ctx = undefined; // Node: no execution context
      }
      if (ctx) ctx.waitUntil(released);
      else await released;
    }
  };
}

import type { MiddlewareHandler } from 'hono';
import type { DbProvider } from '../../../db/types';
import type { AppEnv } from '../../deps';

/**
 * Opens the request's database handle, lets handlers defer work past the response, and releases the
 * handle only once that work is done — through waitUntil on Workers, in the background on Node.
 */
export function database(
  provider: DbProvider,
  runtime: 'workers' | 'node',
  onDeferredError: (error: unknown) => void,
): MiddlewareHandler<AppEnv> {
  return async function databaseMiddleware(c, next) {
    const handle = provider.acquire();
    const deferred: Promise<unknown>[] = [];
    c.set('db', handle.db);
    c.set('defer', (task) => deferred.push(task.catch(onDeferredError)));
    // Only Workers has an execution context (on Node the getter throws, which is costly per request).
    const ctx = runtime === 'workers' ? c.executionCtx : undefined;
    try {
      await next();
    } finally {
      const settled = Promise.allSettled(deferred).then(() => handle.release());
      if (ctx) ctx.waitUntil(settled);
      else if (deferred.length === 0) await settled;
      else void settled;
    }
  };
}

import { neonConfig, Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import * as schema from './schema';
import type { Db, DbHandle } from './types';

/**
 * Points the Neon driver at a local WebSocket→TCP proxy (dev and tests) instead of Neon's own endpoint.
 * `proxy` is "host:port"; the driver connects to ws://proxy/v1?address=<db host>:<db port>.
 */
export function useNeonWsProxy(proxy: string): void {
  neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
  neonConfig.pipelineTLS = false;
}

/** A Neon Pool over WebSocket for one request: interactive transactions need it, and it must not outlive it. */
export function connectNeon(url: string): DbHandle {
  const pool = new Pool({ connectionString: url });
  const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return { db, release: () => pool.end() };
}

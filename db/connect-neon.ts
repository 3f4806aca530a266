import { type Client, neonConfig, Pool } from '@neondatabase/serverless';
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

/** The application name of the worker's sessions: the live triggers answer them with NOTICE messages. */
export const WORKER_APPLICATION_NAME = 'leadgate-worker';

/**
 * A Neon Pool over WebSocket for one request: interactive transactions need it, and it must not outlive it.
 * `onLiveNotice` hears the live triggers' notices (see the live-notice migration) on the pool's sessions;
 * `release` hands them over once the pool is closed, that is after the last statement settled.
 */
export function connectNeon(url: string, onLiveNotices?: (payloads: string[]) => Promise<void>): DbHandle {
  const pool = new Pool({ connectionString: url, application_name: WORKER_APPLICATION_NAME });
  const payloads: string[] = [];
  if (onLiveNotices)
    pool.on('connect', (client: Client) => {
      client.on('notice', (notice: { detail?: string; message?: string }) => {
        if (notice.detail === 'leadgate_live' && notice.message) payloads.push(notice.message);
      });
    });
  const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    release: async () => {
      await pool.end();
      if (onLiveNotices && payloads.length > 0) await onLiveNotices(payloads.splice(0));
    },
  };
}

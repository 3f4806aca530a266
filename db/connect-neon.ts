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
 * `onLiveNotices` hears the live triggers' notices (see the live-notice migration) of what the pool's
 * sessions committed: a notice raised inside a transaction is kept only once its commit succeeded, so a
 * rolled-back one announces nothing. `release` hands them over after the pool closed.
 */
export function connectNeon(url: string, onLiveNotices?: (payloads: string[]) => Promise<void>): DbHandle {
  const pool = new Pool({ connectionString: url, application_name: WORKER_APPLICATION_NAME });
  const committed: string[] = [];
  if (onLiveNotices) pool.on('connect', (client: Client) => collectLiveNotices(client, committed));
  const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    release: async () => {
      await pool.end();
      if (onLiveNotices && committed.length > 0) await onLiveNotices(committed.splice(0));
    },
  };
}

/**
 * Keeps a session's live notices in `committed`: at once outside a transaction (the statement committed by
 * itself), at the commit of the transaction that raised them (drizzle opens and ends every transaction with
 * a plain `begin` / `commit` / `rollback` on one session).
 */
function collectLiveNotices(client: Client, committed: string[]): void {
  let open: string[] | null = null;
  client.on('notice', (notice: { detail?: string; message?: string }) => {
    if (notice.detail === 'leadgate_live' && notice.message) (open ?? committed).push(notice.message);
  });
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const first = args[0] as string | { text?: string } | undefined;
    const text = (typeof first === 'string' ? first : (first?.text ?? '')).trim().toLowerCase();
    if (text.startsWith('begin')) open = [];
    const result = query(...args);
    if (text === 'commit' || text === 'rollback') {
      const notices = open ?? [];
      open = null;
      if (text === 'commit')
        void Promise.resolve(result).then(
          () => committed.push(...notices),
          () => {},
        );
    }
    return result;
  };
}

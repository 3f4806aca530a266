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

/** What a worker's handle does with the notices of what its sessions committed. */
export type NeonNoticeHandlers = {
  /** The live triggers' payloads, handed over after the pool closed. */
  onLiveNotices?: (payloads: string[]) => Promise<void>;
  /**
   * The organizations whose new webhook messages committed (the webhook trigger's notices), handed over
   * before the pool closes, so the handler may use `db` (to hand the messages to the queue at once).
   */
  onWebhookMessages?: (db: Db, organizationIds: string[]) => Promise<void>;
};

/** A committed notice: the trigger's DETAIL names the channel, the message is its payload. */
type Notice = { channel: 'leadgate_live' | 'leadgate_webhooks'; payload: string };

/**
 * A Neon Pool over WebSocket for one request: interactive transactions need it, and it must not outlive it.
 * The handlers hear the triggers' notices (see the live-notice and webhook-notice migrations) of what the
 * pool's sessions committed: a notice raised inside a transaction is kept only once its commit succeeded,
 * so a rolled-back one announces nothing.
 */
export function connectNeon(url: string, handlers: NeonNoticeHandlers = {}): DbHandle {
  const { onLiveNotices, onWebhookMessages } = handlers;
  const pool = new Pool({ connectionString: url, application_name: WORKER_APPLICATION_NAME });
  const committed: Notice[] = [];
  if (onLiveNotices || onWebhookMessages)
    pool.on('connect', (client: Client) => collectNotices(client, committed));
  const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  const take = (channel: Notice['channel']) => {
    const taken = committed.filter((n) => n.channel === channel).map((n) => n.payload);
    const rest = committed.filter((n) => n.channel !== channel);
    committed.splice(0, committed.length, ...rest);
    return taken;
  };
  return {
    db,
    release: async () => {
      try {
        const organizations = [...new Set(take('leadgate_webhooks'))];
        if (onWebhookMessages && organizations.length > 0) await onWebhookMessages(db, organizations);
      } finally {
        await pool.end();
        const live = take('leadgate_live');
        if (onLiveNotices && live.length > 0) await onLiveNotices(live);
      }
    },
  };
}

/**
 * Keeps a session's notices in `committed`: at once outside a transaction (the statement committed by
 * itself), at the commit of the transaction that raised them (drizzle opens and ends every transaction with
 * a plain `begin` / `commit` / `rollback` on one session).
 */
function collectNotices(client: Client, committed: Notice[]): void {
  let open: Notice[] | null = null;
  client.on('notice', (notice: { detail?: string; message?: string }) => {
    const channel = notice.detail;
    if ((channel === 'leadgate_live' || channel === 'leadgate_webhooks') && notice.message)
      (open ?? committed).push({ channel, payload: notice.message });
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

import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';
import type { Db } from './types';

/** Where the database is: a Postgres server by URL, or PGlite embedded in a directory (or memory). */
export type ConnectSpec =
  | {
      url: string;
      poolSize?: number;
      /** Settings for each of the pool's sessions, as `-c name=value` (libpq's `options`). */
      options?: string;
    }
  | { pgliteDir: string | null };

export type Connection = {
  db: Db;
  driver: 'pg' | 'pglite';
  migrate: (migrationsFolder: string) => Promise<void>;
  /**
   * LISTENs on `channel` through one session of its own (PGlite: its only one): `onPayload` gets each
   * NOTIFY's payload after its commit. A server session that drops is reopened with backoff, and
   * `onReconnect` is called once it listens again (notices in the gap are lost). Resolves to the stop.
   */
  listen: (
    channel: string,
    onPayload: (payload: string) => void,
    onReconnect?: () => void,
  ) => Promise<() => Promise<void>>;
  close: () => Promise<void>;
};

/**
 * The sessions of the Node face announce their commits to live listeners (the `leadgate_live` triggers
 * notify only when it is set; Workers' Neon sessions, which have no listener, get notices back instead).
 */
const LIVE_OPTION = '-c leadgate.live=on';

/**
 * Connects to Postgres from Node: `pg` for a server, PGlite (with pg_trgm and fuzzystrmatch) when embedded.
 * Workers use `connectNeon` from ./connect-neon instead, so their bundle carries neither driver.
 */
export async function connect(spec: ConnectSpec): Promise<Connection> {
  if ('url' in spec) {
    const pool = new pg.Pool({
      connectionString: spec.url,
      max: spec.poolSize ?? 10,
      options: [LIVE_OPTION, spec.options].filter(Boolean).join(' '),
    });
    // An idle client the server closed (restart, failover) is dropped by the pool and the next query
    // reconnects; without a listener the 'error' event would crash the process.
    pool.on('error', () => {});
    const db = drizzleNodePg({ client: pool, schema, casing: 'snake_case' });
    return {
      db: db as unknown as Db,
      driver: 'pg',
      migrate: (migrationsFolder) => migrateNodePg(db, { migrationsFolder }),
      listen: (channel, onPayload, onReconnect) => listenOnServer(spec.url, channel, onPayload, onReconnect),
      close: () => pool.end(),
    };
  }
  // In memory by its URL: PGlite ignores its options (the extensions with them) when the path is undefined.
  const client = new PGlite(spec.pgliteDir ?? 'memory://', { extensions: { pg_trgm, fuzzystrmatch } });
  await client.exec(`set leadgate.live = 'on'`);
  const db = drizzlePglite({ client, schema, casing: 'snake_case' });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    migrate: (migrationsFolder) => migratePglite(db, { migrationsFolder }),
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return () => (client.closed ? Promise.resolve() : unlisten());
    },
    close: () => client.close(),
  };
}

/**
 * One `pg.Client` LISTENing on `channel` for the life of the process, shared by every subscriber (not a
 * session per browser). It is reopened after an error with backoff up to 10 s.
 */
async function listenOnServer(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let current: pg.Client | null = null;
  let delay = 250;
  const open = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (m) => {
      if (m.channel === channel && m.payload !== undefined) onPayload(m.payload);
    });
    const reopen = () => {
      if (stopped || current !== client) return;
      current = null;
      client.end().catch(() => {});
      setTimeout(() => void open().then(onReconnect, reopen), delay).unref?.();
      delay = Math.min(delay * 2, 10_000);
    };
    client.on('error', reopen);
    client.on('end', reopen);
    current = client;
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    delay = 250;
  };
  await open();
  return async () => {
    stopped = true;
    const client = current;
    current = null;
    await client?.end();
  };
}

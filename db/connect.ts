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
  close: () => Promise<void>;
};

/**
 * Connects to Postgres from Node: `pg` for a server, PGlite (with pg_trgm and fuzzystrmatch) when embedded.
 * Workers use `connectNeon` from ./connect-neon instead, so their bundle carries neither driver.
 */
export async function connect(spec: ConnectSpec): Promise<Connection> {
  if ('url' in spec) {
    const pool = new pg.Pool({
      connectionString: spec.url,
      max: spec.poolSize ?? 10,
      ...(spec.options ? { options: spec.options } : {}),
    });
    // An idle client the server closed (restart, failover) is dropped by the pool and the next query
    // reconnects; without a listener the 'error' event would crash the process.
    pool.on('error', () => {});
    const db = drizzleNodePg({ client: pool, schema, casing: 'snake_case' });
    return {
      db: db as unknown as Db,
      driver: 'pg',
      migrate: (migrationsFolder) => migrateNodePg(db, { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  // In memory by its URL: PGlite ignores its options (the extensions with them) when the path is undefined.
  const client = new PGlite(spec.pgliteDir ?? 'memory://', { extensions: { pg_trgm, fuzzystrmatch } });
  const db = drizzlePglite({ client, schema, casing: 'snake_case' });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    migrate: (migrationsFolder) => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  };
}

import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

export type Schema = typeof schema;

/** The one database type every service is written against, whichever driver sits below it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** An open transaction; repositories accept `Db | Tx` and never open transactions themselves. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type Executor = Db | Tx;

/** A handle on the database for the length of one request (a Neon pool on Workers, a shared pool on Node). */
export type DbHandle = { db: Db; release: () => Promise<void> };

export type DbProvider = { acquire: () => DbHandle };

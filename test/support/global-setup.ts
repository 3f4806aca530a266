import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startWsProxy } from './ws-proxy';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test Postgres server (any database name is replaced per test file). */
    pgAdminUrl: string;
    /** A migrated database that each test file clones. */
    pgTemplate: string;
    /** host:port of the WebSocket→TCP proxy for the Neon driver. */
    wsProxy: string;
  }
}

type Database = { adminUrl: string; template: string; wsProxy: string; stop: () => Promise<void> };

/**
 * The projects that need a database (api, worker, browser) each name this file as their global setup;
 * vitest runs every project's setup in its main process before any test, each in its own module instance.
 * The first one starts the server and migrates the template; the others reuse it through this global, and
 * the last teardown stops it. Unit tests name no global setup and start nothing.
 */
const shared = globalThis as typeof globalThis & {
  leadgateTestDatabase?: { started: Promise<Database>; users: number };
};

/** One Postgres server for the run: TEST_DATABASE_URL when set, otherwise an embedded one started here. */
export default async function setup(project: TestProject) {
  shared.leadgateTestDatabase ??= { started: startDatabase(), users: 0 };
  const entry = shared.leadgateTestDatabase;
  entry.users++;
  const database = await entry.started;
  project.provide('pgAdminUrl', database.adminUrl);
  project.provide('pgTemplate', database.template);
  project.provide('wsProxy', database.wsProxy);
  return async () => {
    if (--entry.users > 0) return;
    shared.leadgateTestDatabase = undefined;
    await database.stop();
  };
}

async function startDatabase(): Promise<Database> {
  const external = process.env.TEST_DATABASE_URL;
  const server = external ? { url: external, stop: async () => {} } : await startEmbeddedPostgres();
  const template = `leadgate_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const url = new URL(server.url);
  url.pathname = `/${template}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  await migrate(drizzle({ client: pool }), { migrationsFolder: 'db/migrations' });
  await pool.end();
  const proxy = await startWsProxy();
  return {
    adminUrl: server.url,
    template,
    wsProxy: proxy.address,
    stop: async () => {
      await proxy.close();
      // Test files drop their own databases; an external server keeps nothing of this run.
      const leftovers = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
        [template, `lg_t_${process.pid}_%`],
      );
      for (const { datname } of leftovers.rows)
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.end();
      await server.stop();
    },
  };
}

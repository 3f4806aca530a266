import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/embedded-postgres';

/**
 * Starts the Node face exactly as `npm start` does (the built server on embedded PGlite, demo data seeded)
 * in a fresh data directory, and waits until it says it is ready. With `databaseUrl` it serves that
 * Postgres database instead (a test's own data, no demo seed).
 */
export async function startProductServer(
  // Insight: the scheduled jobs (score aging, stale digest) change demo data; off unless a test asks.
  options: { jobs?: boolean; databaseUrl?: string; setupToken?: string } = {},
): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  if (!existsSync('dist/server/server.mjs') || !existsSync('dist/public/app/index.html'))
    throw new Error('Build first: `npm run build` (npm test does it).');
  const dataDir = mkdtempSync(join(tmpdir(), 'leadgate-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['dist/server/server.mjs'], {
    env: {
      ...process.env,
      PORT: String(port),
      LEADGATE_DATA_DIR: dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      LEADGATE_JOBS: options.jobs ? 'on' : 'off',
      // A suite signs the same demo users in for many tests within a minute (searching as it types, the
      // bell polling): the product's 100 /api requests a minute per user would fail tests by timing alone.
      // The limit itself is tested through the API (test/api).
      API_RATE_LIMIT_PER_MINUTE: '100000',
      // The first-run setup's token on an empty database (without it the server prints a random one).
      ...(options.setupToken && { SETUP_TOKEN: options.setupToken }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Leadgate is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/embedded-postgres';

/** Settings of a product server that differ from `npm start`'s. */
export type ProductServerOptions = {
  // The scheduled jobs (score aging, stale digest) change demo data; off unless a test asks.
  jobs?: boolean;
  databaseUrl?: string;
  /** The first-run setup's token on an empty database (without it the server prints a random one). */
  setupToken?: string;
  /** ALLOW_SIGNUP=1: visitors may create organizations. */
  allowSignup?: boolean;
};

/**
 * Starts the Node face exactly as `npm start` does (the built server on embedded PGlite, demo data seeded)
 * in a fresh data directory, and waits until it says it is ready. With `databaseUrl` it serves that
 * Postgres database instead (a test's own data, no demo seed).
 */
export async function startProductServer(
  options: ProductServerOptions = {},
): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const server = await launchProductServer(options);
  try {
    await server.ready;
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { baseUrl: server.baseUrl, stop: server.stop };
}

/**
 * Spawns the product server and returns at once with its URL; `ready` settles when it says it is ready
 * (or rejects with its output when it exits or takes over 90 s).
 */
export async function launchProductServer(
  options: ProductServerOptions = {},
): Promise<{ baseUrl: string; ready: Promise<void>; stop: () => Promise<void> }> {
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
      ...(options.setupToken && { SETUP_TOKEN: options.setupToken }),
      ALLOW_SIGNUP: options.allowSignup ? '1' : '',
      // Test-only: outgoing webhooks may reach the tests' receiver on 127.0.0.1 over http.
      LEADGATE_WEBHOOKS_ALLOW_LOOPBACK: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
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
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    ready,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from 'miniflare';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { generatePiiKeyMaterial, type PiiKeyMaterial } from '../../edge/crypto/pii';
import { freshDatabase } from '../support/api';

export const BASE = 'http://localhost';

type FetchInit = Parameters<Miniflare['dispatchFetch']>[1];
type WorkerResponse = Awaited<ReturnType<Miniflare['dispatchFetch']>>;

/** The real worker in workerd, on a database of its own, and what a test needs to drive and inspect it. */
export type WorkerHarness = {
  mf: Miniflare;
  database: Awaited<ReturnType<typeof freshDatabase>>;
  /** A plain pg pool on the same database, for arranging rows and reading what the worker wrote. */
  raw: pg.Pool;
  keys: PiiKeyMaterial;
  fetch: (path: string, init?: FetchInit) => Promise<WorkerResponse>;
  post: (path: string, body: unknown, headers?: Record<string, string>) => Promise<WorkerResponse>;
  close: () => Promise<void>;
};

/**
 * Bundles the worker as `wrangler deploy` would (into a directory inside the project: workerd names modules
 * relative to the project root and refuses paths above it).
 */
function bundle(): string {
  mkdirSync('.wrangler', { recursive: true });
  const outdir = mkdtempSync(join('.wrangler', 'test-build-'));
  if (!existsSync('dist/public/app')) mkdirSync('dist/public/app', { recursive: true });
  const build = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    // The assets were built once before the tests (npm test builds first): wrangler's [build] skips them.
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', LEADGATE_SKIP_ASSET_BUILD: '1' },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`wrangler build failed:\n${build.stdout}\n${build.stderr}`);
  return outdir;
}

/**
 * Starts the worker with the options wrangler derives from wrangler.toml, reaching a fresh Postgres database
 * through the Neon driver (WebSocket → the test proxy → the test server). `bindings` add or override
 * settings (secrets, APP_URL, the mail transport).
 */
export async function startWorker(
  options: {
    bindings?: (database: { url: string }) => Record<string, string> | Promise<Record<string, string>>;
    /** Queue consumer settings that replace wrangler.toml's, by queue name (e.g. `maxRetries`). */
    queueConsumers?: Record<string, Record<string, unknown>>;
  } = {},
): Promise<WorkerHarness> {
  const outdir = bundle();
  const database = await freshDatabase();
  const raw = new pg.Pool({ connectionString: database.url, max: 2 });
  const keys = generatePiiKeyMaterial();
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  // The bundle is one ES module, so wrangler's module rules (which miniflare 5 cannot convert) are not needed.
  const { modulesRules: _rules, ...fromWrangler } = workerOptions as typeof workerOptions & {
    modulesRules?: unknown;
  };
  const consumers = fromWrangler.queueConsumers as Record<string, Record<string, unknown>> | undefined;
  for (const [queue, settings] of Object.entries(options.queueConsumers ?? {}))
    Object.assign(consumers?.[queue] ?? {}, settings);
  const worker = {
    ...fromWrangler,
    name: 'leadgate',
    modules: true,
    scriptPath: join(outdir, 'worker.js'),
    bindings: {
      DATABASE_URL: database.url,
      PII_ENCRYPTION_KEYS: `1:${keys.encryption[1]}`,
      PII_INDEX_KEY: keys.index,
      NEON_WS_PROXY: inject('wsProxy'),
      ...(await options.bindings?.(database)),
    },
  };
  // wrangler still describes a worker in miniflare's v4 option shape; miniflare 5 converts it.
  const mf = new Miniflare(convertV4MiniflareOptions(worker as V4MiniflareOptions));
  await mf.ready;
  const fetch = (path: string, init?: FetchInit) => mf.dispatchFetch(`${BASE}${path}`, init);
  return {
    mf,
    database,
    raw,
    keys,
    fetch,
    post: (path, body, headers = {}) =>
      fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    close: async () => {
      await mf.dispose();
      await raw.end();
      await database.drop();
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

/** The cookie and CSRF token of an answer that signed someone in. */
export async function signedIn(res: WorkerResponse): Promise<{ cookie: string; 'x-csrf-token': string }> {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken };
}

/**
 * The Node face (`npm start`): PGlite on disk by default, or a Postgres server when DATABASE_URL is set.
 * Applies migrations at start, seeds the demo data into the embedded database, serves the API, the
 * dashboard at /app and the demo landing page at /demo.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { type Connection, connect } from '../db/connect';
import { describeError } from '../db/errors';
import { createApp } from './app';
import { nodeClientIp, parseTrustProxy, type TrustProxy } from './client-ip';
import { formatId } from './core/ids';
import { randomBytes } from './crypto/encoding';
import { generatePiiKeyMaterial, type PiiKeyMaterial, PiiVault, parsePiiKeyMaterial } from './crypto/pii';
import { createCaches, type Deps, defaultConfig, SESSION_ORG_CEILING_USERS } from './deps';
import { withSecurityHeaders } from './http/security-headers';
import { JOBS } from './jobs';
import { startJobTimer } from './jobs/node-timer';
import { startNodeLive } from './live/node';
import { mailerFromEnv } from './mail/from-env';
import { MemoryRateLimiter } from './rate-limit/memory';
import { DEMO_FORM_ID, DEMO_PASSWORD, DEMO_USERS, seedDemo } from './services/demo/seed';
import { inProcessRunner, interruptedImports, runImportCommit } from './services/import/run';
import { NewLeadBatcher } from './services/ingest/insert-new-leads-batch';
import { TURNSTILE_VERIFY_URL } from './services/ingest/spam';
import { nodeWebhookDeps } from './services/outgoing-webhooks/node-transport';
import { startNodeDeliverer } from './services/outgoing-webhooks/runner';
import { setupTokenAtStart } from './services/people/setup';
import { interruptedRescores, runRescore } from './services/scoring/rescore-job';
import { DiskDocumentStore } from './storage/disk';

// The bundle lives in dist/server/; the repository root is two levels up.
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function loadKeys(env: NodeJS.ProcessEnv, dataDir: string): PiiKeyMaterial {
  const { PII_ENCRYPTION_KEYS, PII_INDEX_KEY } = env;
  if (PII_ENCRYPTION_KEYS && PII_INDEX_KEY) return parsePiiKeyMaterial(PII_ENCRYPTION_KEYS, PII_INDEX_KEY);
  const file = join(dataDir, 'pii-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as PiiKeyMaterial;
  const material = generatePiiKeyMaterial();
  writeFileSync(file, JSON.stringify(material), { mode: 0o600 });
  console.warn(
    `Generated PII keys in ${file}: keep this file, without it the stored emails and phones cannot be read.`,
  );
  return material;
}

/** A positive whole number from the environment, or undefined when unset or not one. */
function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** A listening address as a URL's host: a wildcard becomes localhost, an IPv6 address gets brackets. */
function hostInUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

type NodeOptions = {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** The migrated main connection. */
  conn: Connection;
  /** Where grouped new leads are written (the main connection on PGlite). */
  ingestConn: Connection;
  lanes: number;
  /** Whether the embedded database holds the demo (its form is then served at /demo). */
  demo: boolean;
  /** The first-run setup's one-time token while the database has no organization, else null. */
  setupToken: string | null;
  /** Where this process answers, for links in emails when APP_URL is not set. */
  localUrl: string;
};

/**
 * The Node face's deps, complete before anything uses them: the app, the demo seed, the import runner and
 * the job timer all get the same object, with APP_URL, the mail transport and the runners in it.
 */
async function nodeDeps({
  env,
  dataDir,
  conn,
  ingestConn,
  lanes,
  demo,
  setupToken,
  localUrl,
}: NodeOptions): Promise<Deps> {
  const logger: Deps['logger'] = {
    info: (msg, data) => console.log(JSON.stringify({ level: 'info', msg, ...data })),
    error: (msg, data) => console.error(JSON.stringify({ level: 'error', msg, ...data })),
  };
  const newId = (prefix: string) => formatId(prefix, Date.now(), randomBytes(10));
  const now = () => new Date();
  const apiPerMinute = positiveInt(env.API_RATE_LIMIT_PER_MINUTE) ?? defaultConfig.apiPerMinute;
  return {
    runtime: 'node',
    database: { acquire: () => ({ db: conn.db, release: async () => {} }) },
    now,
    newId,
    pii: await PiiVault.create(loadKeys(env, dataDir)),
    config: {
      ...defaultConfig,
      demoFormId: demo ? DEMO_FORM_ID : undefined,
      setupToken,
      allowSignup: env.ALLOW_SIGNUP === '1',
      apiPerMinute,
      apiSessionPerMinutePerOrg:
        positiveInt(env.API_ORG_RATE_LIMIT_PER_MINUTE) ?? SESSION_ORG_CEILING_USERS * apiPerMinute,
      ...(env.APP_URL ? { appUrl: env.APP_URL } : {}),
      localUrl,
    },
    rateLimiter: new MemoryRateLimiter(),
    fetch: globalThis.fetch,
    turnstile: {
      secretKey: env.TURNSTILE_SECRET_KEY ?? null,
      verifyUrl: env.TURNSTILE_VERIFY_URL ?? TURNSTILE_VERIFY_URL,
    },
    clientIp: nodeClientIp(trustProxyFrom(env.TRUST_PROXY)),
    caches: createCaches(),
    documents: new DiskDocumentStore(join(dataDir, 'documents')),
    logger,
    mailer: mailerFromEnv(env, globalThis.fetch),
    // Outgoing webhooks: every resolved address is checked. LEADGATE_WEBHOOKS_ALLOW_LOOPBACK=1 is for tests
    // only (their receiver listens on 127.0.0.1).
    webhooks: nodeWebhookDeps(env.LEADGATE_WEBHOOKS_ALLOW_LOOPBACK === '1'),
    // Import commits run in this process after the response; a restart resumes unfinished ones.
    jobs: inProcessRunner(
      (m) => runImportCommit({ now, newId }, conn.db, m),
      (error) => logger.error('import commit failed', { error: describeError(error) }),
    ),
    // Rescores after a scoring save run in this process, batch by batch; a restart resumes running ones.
    rescores: {
      enqueue: async (m) => {
        void runRescore({ now }, conn.db, m).catch((error) =>
          logger.error('rescore failed', { error: describeError(error) }),
        );
      },
    },
    newLeads: new NewLeadBatcher(
      ingestConn.db,
      { newId },
      {
        lanes,
        onFallback: (error) =>
          logger.error('grouped new leads retried one by one', { error: describeError(error) }),
      },
    ),
  };
}

async function main() {
  const env = process.env;
  const port = Number(env.PORT ?? 8787);
  const host = env.HOST ?? '127.0.0.1';
  const dataDir = resolve(env.LEADGATE_DATA_DIR ?? join(root, '.data'));
  const url = env.DATABASE_URL;
  // The embedded database holds the demo (public passwords) unless LEADGATE_DEMO=0 starts it empty.
  const demo = !url && env.LEADGATE_DEMO !== '0';
  mkdirSync(dataDir, { recursive: true });

  const poolSize = Number(env.DATABASE_POOL_SIZE ?? 20);
  const conn = await connect(url ? { url, poolSize } : { pgliteDir: join(dataDir, 'pglite') });
  await conn.migrate(join(root, 'db/migrations'));
  // Concurrent submissions share statements while INGEST_LANES of them are in flight (group commit). On a
  // server, through sessions of their own that always reuse the statement's generic plan: its one parameter
  // (the group, as jsonb) cannot change the plan, yet Postgres kept planning it anew at each bind (bind
  // p50 1.74 ms, 0.64 ms with the generic plan, in the ingest benchmark's statement log).
  const lanes = positiveInt(env.INGEST_LANES) ?? 2;
  const ingestConn = url
    ? await connect({ url, poolSize: lanes, options: '-c plan_cache_mode=force_generic_plan' })
    : conn;
  // First run: the setup token guards /api/setup while the database has no organization (the demo has one).
  const setupToken = demo ? null : await setupTokenAtStart(conn.db, env.SETUP_TOKEN, (m) => console.log(m));
  const localUrl = `http://${hostInUrl(host)}:${port}`;
  if (!env.APP_URL && !demo)
    console.log(
      `APP_URL is not set: links in emails point at ${localUrl}. Set it to the address people use.`,
    );
  const deps = await nodeDeps({ env, dataDir, conn, ingestConn, lanes, demo, setupToken, localUrl });
  // One LISTEN session per process feeds every dashboard's event stream (GET /api/live).
  const live = await startNodeLive(conn, deps);
  deps.live = live.channel;
  if (demo) await seedDemo(deps, conn.db, { embedded: true });
  const { jobs } = deps;
  if (jobs) for (const m of await interruptedImports(conn.db)) await jobs.enqueue(m);
  for (const m of await interruptedRescores(conn.db)) await deps.rescores?.enqueue(m);

  const app = new Hono();
  const publicDir = join(root, 'dist/public');
  app.get('/', (c) => c.redirect('/app/'));
  // The widget: a short-cached stable URL, and content-hashed copies cached for a year (for SRI); its
  // on-demand chunks (widget-turnstile, widget-de/cs/uk) are content-hashed only.
  app.use('/:file{widget(-[a-z]+)?(\\.[0-9a-f]{8,})?\\.js}', async (c, next) => {
    await next();
    const hashed = c.req.path !== '/widget.js';
    c.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
  });
  app.get('/:file{widget(-[a-z]+)?(\\.[0-9a-f]{8,})?\\.js}', serveStatic({ root: publicDir }), async (c) =>
    c.notFound(),
  );
  // The widget's manifest ({ file, sri }): the dashboard builds the SRI snippet from it.
  app.get('/widget.manifest.json', serveStatic({ root: publicDir }), async (c) => c.notFound());
  // The dashboard's documents carry its CSP and framing ban (the API's answers get theirs in createApp).
  app.use('/app/*', async (c, next) => {
    await next();
    c.res = withSecurityHeaders(c.res, new URL(c.req.url), deps.config.appUrl);
  });
  app.use('/app/*', serveStatic({ root: publicDir }));
  app.get('/app/*', serveStatic({ root: publicDir, rewriteRequestPath: () => '/app/index.html' }));
  app.route('/', createApp(deps));

  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    const base = `http://${hostInUrl(host)}:${info.port}`;
    console.log(`Leadgate is ready (${conn.driver === 'pglite' ? `embedded PGlite in ${dataDir}` : 'Postgres at DATABASE_URL'})
  Dashboard:    ${base}/app/
  Demo page:    ${demo ? `${base}/demo` : '(only with the embedded demo database)'}
  API docs:     ${base}/openapi.json
  Health:       ${base}/healthz${!demo ? '' : `\n  Sign in as ${DEMO_USERS.join(', ')} with password "${DEMO_PASSWORD}"`}`);
  });
  // Scheduled jobs (score aging, the stale digest, …) on a one-minute timer; Workers uses Cron Triggers.
  const stopJobs = env.LEADGATE_JOBS === 'off' ? () => {} : startJobTimer(deps, conn.db, JOBS);
  // Outgoing webhooks are delivered from this process, as the outbox's emails are.
  const stopWebhooks = startNodeDeliverer(deps, conn.db);
  const stop = () => {
    stopJobs();
    stopWebhooks();
    server.close();
    Promise.allSettled([
      live.stop().then(() => conn.close()),
      ingestConn !== conn ? ingestConn.close() : null,
    ]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/** TRUST_PROXY as the client-IP reader takes it; a value it cannot read stops the start with the reason. */
function trustProxyFrom(value: string | undefined): TrustProxy {
  const trust = parseTrustProxy(value);
  if (!trust)
    throw new Error(
      `TRUST_PROXY=${value} is not a hop count (1 for one reverse proxy) nor a list of addresses and CIDR ranges (10.0.0.0/8,::1).`,
    );
  return trust;
}

/**
 * The Workers face: Neon over WebSocket (a Pool per request, closed with waitUntil), static assets for the
 * dashboard and widget from the ASSETS binding, secrets from the environment.
 */
import type {
  DurableObjectNamespace,
  ExecutionContext,
  Fetcher,
  MessageBatch,
  Queue,
  R2Bucket,
  ScheduledController,
} from '@cloudflare/workers-types';
import { connectNeon, useNeonWsProxy } from '../db/connect-neon';
import { createApp as createAppWithDeps } from './app';
import { formatId } from './core/ids';
import { randomBytes } from './crypto/encoding';
import { PiiVault, parsePiiKeyMaterial } from './crypto/pii';
import { createCaches, type Deps, defaultConfig } from './deps';
import { JOBS } from './jobs';
import { runDueJobs } from './jobs/run-due';
import { type MailEnv, mailerFromEnv } from './mail/from-env';
import { DurableObjectRateLimiter, RateLimiterObject } from './rate-limit/durable-object';
// CSV import (issue 7)
import { type ImportMessage, runImportCommit } from './services/import/run';
import { TURNSTILE_VERIFY_URL } from './services/ingest/spam';
import { R2DocumentStore } from './storage/r2';

export { RateLimiterObject };

export type Env = {
  DATABASE_URL: string;
  PII_ENCRYPTION_KEYS: string;
  PII_INDEX_KEY: string;
  /** Dev and tests only: "host:port" of a WebSocket→TCP proxy in front of a plain Postgres server. */
  NEON_WS_PROXY?: string;
  /** Cloudflare Turnstile secret (forms that enable Turnstile); the URL is overridable for tests. */
  TURNSTILE_SECRET_KEY?: string;
  TURNSTILE_VERIFY_URL?: string;
  ASSETS: Fetcher;
  RATE_LIMITER: DurableObjectNamespace<RateLimiterObject>;
  /** Uploaded documents' bytes. */
  DOCUMENTS: R2Bucket;
  /** Insight: the dashboard's public origin, for links in emails. */
  APP_URL?: string;
  /** The one-time token of the first-run setup (POST /api/setup); without it the web setup is refused. */
  SETUP_TOKEN?: string;
  // CSV import (issue 7): commits run in this queue's consumer (see `queue` below); unbound, after the response.
  IMPORT_QUEUE?: Queue<ImportMessage>;
} & MailEnv;

// Insight: the scheduled handler needs the same deps as the app; they are kept when the app is built.
let workerDeps: Deps | undefined;
function createApp(deps: Deps) {
  workerDeps = deps;
  return createAppWithDeps(deps);
}

type App = ReturnType<typeof createApp>;
let cached: Promise<App> | undefined;

// The app (and the imported keys) live as long as the isolate; only the database pool is per request.
function appFor(env: Env): Promise<App> {
  cached ??= (async () => {
    if (env.NEON_WS_PROXY) useNeonWsProxy(env.NEON_WS_PROXY);
    const pii = await PiiVault.create(parsePiiKeyMaterial(env.PII_ENCRYPTION_KEYS, env.PII_INDEX_KEY));
    return createApp({
      runtime: 'workers',
      database: { acquire: () => connectNeon(env.DATABASE_URL) },
      now: () => new Date(),
      newId: (prefix) => formatId(prefix, Date.now(), randomBytes(10)),
      pii,
      config: { ...defaultConfig, setupToken: env.SETUP_TOKEN ?? null },
      rateLimiter: new DurableObjectRateLimiter(env.RATE_LIMITER),
      fetch: (input, init) => fetch(input, init),
      turnstile: {
        secretKey: env.TURNSTILE_SECRET_KEY ?? null,
        verifyUrl: env.TURNSTILE_VERIFY_URL ?? TURNSTILE_VERIFY_URL,
      },
      clientIp: (c) => c.req.header('cf-connecting-ip') ?? null,
      caches: createCaches(),
      documents: new R2DocumentStore(env.DOCUMENTS),
      logger: {
        info: (msg, data) => console.log(JSON.stringify({ level: 'info', msg, ...data })),
        error: (msg, data) => console.error(JSON.stringify({ level: 'error', msg, ...data })),
      },
      // CSV import (issue 7)
      jobs: env.IMPORT_QUEUE ? { enqueue: async (m) => void (await env.IMPORT_QUEUE!.send(m)) } : undefined,
    });
  })();
  return cached;
}

/** A Cron Trigger: runs the due jobs with a database pool of its own, closed when they are done. */
async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  await appFor(env);
  const base = workerDeps!;
  const config = env.APP_URL ? { ...base.config, appUrl: env.APP_URL } : base.config;
  const deps = { ...base, config, mailer: mailerFromEnv(env, base.fetch) };
  const handle = deps.database.acquire();
  try {
    await runDueJobs(deps, handle.db, JOBS, new Date(controller.scheduledTime));
  } finally {
    await handle.release();
  }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/') return Response.redirect(new URL('/app/', url).toString(), 302);
    // Assets are served before the worker runs; a deep link into the SPA falls through to here.
    if (url.pathname === '/app' || url.pathname.startsWith('/app/')) {
      const index = await env.ASSETS.fetch(new URL('/app/index.html', url).toString());
      return new Response(index.body as unknown as BodyInit, index as unknown as ResponseInit);
    }
    const app = await appFor(env);
    return app.fetch(request, env, ctx);
  },
  // Insight: Cron Triggers ([triggers] crons in wrangler.toml) run score aging and the stale digest.
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(runScheduled(controller, env));
  },
  // CSV import (issue 7): the queue consumer commits (or resumes) import jobs. A message that throws is
  // retried by the queue; the commit is idempotent (it resumes after the job's last committed batch).
  async queue(batch: MessageBatch<ImportMessage>, env: Env, ctx: ExecutionContext): Promise<void> {
    if (env.NEON_WS_PROXY) useNeonWsProxy(env.NEON_WS_PROXY);
    const handle = connectNeon(env.DATABASE_URL);
    const deps = { now: () => new Date(), newId: (p: string) => formatId(p, Date.now(), randomBytes(10)) };
    try {
      for (const message of batch.messages) {
        await runImportCommit(deps, handle.db, message.body);
        message.ack();
      }
    } finally {
      ctx.waitUntil(handle.release());
    }
  },
};

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
import type { Db } from '../db/types';
import { createApp } from './app';
import { formatId } from './core/ids';
import { randomBytes } from './crypto/encoding';
import { PiiVault, parsePiiKeyMaterial } from './crypto/pii';
import { createCaches, type Deps, defaultConfig } from './deps';
import { withSecurityHeaders } from './http/security-headers';
import { JOBS } from './jobs';
import { runDueJobs } from './jobs/run-due';
import { LiveRoomObject, publishToRooms } from './live/room';
import { roomsChannel } from './live/workers';
import { type MailEnv, mailerFromEnv } from './mail/from-env';
import { DurableObjectRateLimiter, RateLimiterObject } from './rate-limit/durable-object';
import { type ImportMessage, runImportCommit } from './services/import/run';
import { TURNSTILE_VERIFY_URL } from './services/ingest/spam';
import {
  deliverQueued,
  dispatchDue,
  recordParked,
  type WebhookQueueMessage,
} from './services/outgoing-webhooks/runner';
import { fetchTransport, type WebhookDeps } from './services/outgoing-webhooks/transport';
import { type RescoreMessage, runRescore } from './services/scoring/rescore-job';
import { R2DocumentStore } from './storage/r2';

export { LiveRoomObject, RateLimiterObject };

/** What the background queue carries. */
type BackgroundMessage = ImportMessage | RescoreMessage;

/** Batches of a rescore per queue message: each message stays far below a consumer's time limits. */
const RESCORE_BATCHES_PER_MESSAGE = 25;

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
  /** One live room per organization: its dashboards' WebSockets. */
  LIVE_ROOMS: DurableObjectNamespace<LiveRoomObject>;
  /** Uploaded documents' bytes. */
  DOCUMENTS: R2Bucket;
  /** The dashboard's public origin, for links in emails and on the Outbox page. */
  APP_URL?: string;
  /** The one-time token of the first-run setup (POST /api/setup); without it the web setup is refused. */
  SETUP_TOKEN?: string;
  /** "1": visitors may create organizations by sign-up (a [vars] entry; off when absent). */
  ALLOW_SIGNUP?: string;
  /**
   * Background work runs in this queue's consumer (see `queue` below): import commits and scoring rescores.
   * Unbound: after the response.
   */
  IMPORT_QUEUE?: Queue<BackgroundMessage>;
  /** Outgoing webhooks are delivered by this queue's consumer (see `queue` below). */
  WEBHOOK_QUEUE?: Queue<WebhookQueueMessage>;
  /** Tests only: "1" lets webhooks go to loopback over http (the tests' receiver). */
  WEBHOOKS_ALLOW_LOOPBACK?: string;
} & MailEnv;

/**
 * The Worker's deps, complete and the same for every entry (`fetch`, `scheduled`, `queue`): each reads its
 * settings (APP_URL, the mail transport, the queue binding) from here, so none can miss one.
 */
async function workerDeps(env: Env): Promise<Deps> {
  if (env.NEON_WS_PROXY) useNeonWsProxy(env.NEON_WS_PROXY);
  const pii = await PiiVault.create(parsePiiKeyMaterial(env.PII_ENCRYPTION_KEYS, env.PII_INDEX_KEY));
  const outgoing: typeof fetch = (input, init) => fetch(input, init);
  const queue = env.IMPORT_QUEUE;
  const webhookQueue = env.WEBHOOK_QUEUE;
  const webhookDeliveryQueue = webhookQueue
    ? {
        send: async (ids: string[]) =>
          void (await webhookQueue.sendBatch(ids.map((messageId) => ({ body: { messageId } })))),
      }
    : undefined;
  const logger: Deps['logger'] = {
    info: (msg, data) => console.log(JSON.stringify({ level: 'info', msg, ...data })),
    error: (msg, data) => console.error(JSON.stringify({ level: 'error', msg, ...data })),
  };
  // What a handle's sessions changed (the live triggers' notices) goes to the rooms once it is released,
  // which the request, the cron run and the queue batch each do through waitUntil.
  const publish = (payloads: string[]) =>
    publishToRooms(env.LIVE_ROOMS, payloads, (error) =>
      logger.error('live publish failed', { error: String(error) }),
    );
  return {
    runtime: 'workers',
    database: {
      acquire: () =>
        connectNeon(env.DATABASE_URL, {
          onLiveNotices: publish,
          // Messages a transaction enqueued go to the queue right after its commit, not at the next cron.
          onWebhookMessages: (db, organizationIds) =>
            handOverWebhooks(db, webhookDeliveryQueue, organizationIds, logger),
        }),
    },
    now: () => new Date(),
    newId: (prefix) => formatId(prefix, Date.now(), randomBytes(10)),
    pii,
    config: {
      ...defaultConfig,
      ...(env.APP_URL && { appUrl: env.APP_URL }),
      setupToken: env.SETUP_TOKEN ?? null,
      allowSignup: env.ALLOW_SIGNUP === '1',
    },
    rateLimiter: new DurableObjectRateLimiter(env.RATE_LIMITER),
    fetch: outgoing,
    turnstile: {
      secretKey: env.TURNSTILE_SECRET_KEY ?? null,
      verifyUrl: env.TURNSTILE_VERIFY_URL ?? TURNSTILE_VERIFY_URL,
    },
    clientIp: (c) => c.req.header('cf-connecting-ip') ?? null,
    caches: createCaches(),
    documents: new R2DocumentStore(env.DOCUMENTS),
    logger,
    live: roomsChannel(env.LIVE_ROOMS),
    mailer: mailerFromEnv(env, outgoing),
    // Import commits run in this queue's consumer (see `queue` below); unbound, after the response.
    jobs: queue ? { enqueue: async (m) => void (await queue.send(m)) } : undefined,
    // Names cannot be resolved here: the URL's host is checked as written (checkWebhookUrl).
    webhooks: {
      allowLoopback: env.WEBHOOKS_ALLOW_LOOPBACK === '1',
      send: fetchTransport(outgoing),
      queue: webhookDeliveryQueue,
    },
    rescores: queue ? { enqueue: async (m) => void (await queue.send(m)) } : undefined,
  };
}

/**
 * Hands an organization's due webhook messages to the queue after a commit; a failure is only logged (the
 * messages stay pending, and the minute's cron sends them).
 */
async function handOverWebhooks(
  db: Db,
  queue: WebhookDeps['queue'],
  organizationIds: string[],
  logger: Deps['logger'],
): Promise<void> {
  if (!queue) return;
  try {
    await dispatchDue(db, new Date(), queue, { organizationIds });
  } catch (error) {
    logger.error('webhook hand-over failed', { error: String(error) });
  }
}

type Isolate = { deps: Deps; app: ReturnType<typeof createApp> };
let isolate: Promise<Isolate> | undefined;

// The deps, the app and the imported keys live as long as the isolate; only the database pool is per request.
function isolateFor(env: Env): Promise<Isolate> {
  isolate ??= workerDeps(env).then((deps) => ({ deps, app: createApp(deps) }));
  return isolate;
}

/** A Cron Trigger: runs the due jobs with a database pool of its own, closed when they are done. */
async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const { deps } = await isolateFor(env);
  const handle = deps.database.acquire();
  try {
    await runDueJobs(deps, handle.db, JOBS, new Date(controller.scheduledTime));
  } finally {
    await handle.release();
  }
}

/** The dead-letter queue of `leadgate-webhooks` (wrangler.toml). */
const WEBHOOK_DEAD_LETTER_QUEUE = 'leadgate-webhooks-dlq';

/**
 * Delivers a batch of webhook messages; a delivery that let a lead's next message go hands that one to the
 * queue at once. A message that throws is retried by the queue, then parked in the dead-letter queue.
 */
async function deliverWebhooks(deps: Deps, db: Db, batch: MessageBatch<WebhookQueueMessage>) {
  const delivered = new Set<string>();
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const result = await deliverQueued(deps, db, message.body);
        if (result?.ok) delivered.add(result.organizationId);
        message.ack();
      } catch (error) {
        deps.logger.error('webhook delivery failed', {
          messageId: message.body?.messageId,
          error: String(error),
        });
        message.retry({ delaySeconds: 30 });
      }
    }),
  );
  if (delivered.size > 0) await handOverWebhooks(db, deps.webhooks?.queue, [...delivered], deps.logger);
}

/** Records the messages the queue gave up on, so admins see them in the delivery log. */
async function parkWebhooks(deps: Deps, db: Db, batch: MessageBatch<WebhookQueueMessage>) {
  for (const message of batch.messages) {
    const messageId = message.body?.messageId;
    if (typeof messageId === 'string') await recordParked(deps, db, messageId, 'queue-retries-exhausted');
    deps.logger.error('webhook message dead-lettered', { messageId: messageId ?? null });
    message.ack();
  }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/') return Response.redirect(new URL('/app/', url).toString(), 302);
    // The dashboard runs the worker first (assets.run_worker_first): its files from the assets, any other
    // path under /app (a deep link into the SPA) the shell, each with the dashboard's CSP and framing ban.
    if (url.pathname === '/app' || url.pathname.startsWith('/app/')) {
      const asset = await env.ASSETS.fetch(request.url);
      const found =
        asset.status === 404 ? await env.ASSETS.fetch(new URL('/app/index.html', url).toString()) : asset;
      const response = new Response(found.body as unknown as BodyInit, found as unknown as ResponseInit);
      return withSecurityHeaders(response, url, env.APP_URL);
    }
    const { app } = await isolateFor(env);
    return app.fetch(request, env, ctx);
  },
  // Cron Triggers ([triggers] crons in wrangler.toml) run the scheduled jobs (score aging, the digest, …).
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(runScheduled(controller, env));
  },
  // The queue consumers: outgoing webhooks; import commits and rescores (a slice at a time, the message
  // sent again while batches remain). A message that throws is retried by the queue; all are idempotent
  // (an import or a rescore resumes after its last committed batch; a webhook message that is no longer
  // pending, or not first in its lead's line, is skipped).
  async queue(
    batch: MessageBatch<BackgroundMessage> | MessageBatch<WebhookQueueMessage>,
    env: Env,
    ctx: ExecutionContext,
  ): Promise<void> {
    const { deps } = await isolateFor(env);
    const handle = deps.database.acquire();
    try {
      if (batch.queue === WEBHOOK_DEAD_LETTER_QUEUE) {
        await parkWebhooks(deps, handle.db, batch as MessageBatch<WebhookQueueMessage>);
        return;
      }
      if (batch.queue.startsWith('leadgate-webhooks')) {
        await deliverWebhooks(deps, handle.db, batch as MessageBatch<WebhookQueueMessage>);
        return;
      }
      for (const message of (batch as MessageBatch<BackgroundMessage>).messages) {
        const body = message.body;
        if (body.kind === 'scoring.rescore') {
          const state = await runRescore(deps, handle.db, body, { maxBatches: RESCORE_BATCHES_PER_MESSAGE });
          if (state === 'more') await deps.rescores?.enqueue(body);
        } else {
          await runImportCommit(deps, handle.db, body);
        }
        message.ack();
      }
    } finally {
      ctx.waitUntil(handle.release());
    }
  },
};

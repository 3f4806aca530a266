import type { Context } from 'hono';
import type { AuthorizationServer } from 'oauth4webapi';
import type { Db, DbProvider } from '../db/types';
import type { Role } from './contract/session';
import type { ApiScope } from './core/api-scopes';
import { type HashParams, PASSWORD_HASH } from './crypto/password';
import type { PiiVault } from './crypto/pii';
import { TtlCache } from './lib/ttl-cache';
import { WriteCoalescer } from './lib/write-coalescer';
import type { LiveChannel } from './live/sse';
import type { Mailer } from './mail/mailer';
import type { RateLimiter } from './rate-limit/types';
import type { JobRunner } from './services/import/run';
import type { FormRecord } from './services/ingest/forms';
import type { NewLeadBatcher } from './services/ingest/insert-new-leads-batch';
import type { OrgConfig } from './services/ingest/org-config';
import type { TurnstileConfig } from './services/ingest/spam';
import type { WebhookDeps } from './services/outgoing-webhooks/transport';
import type { RescoreMessage } from './services/scoring/rescore-job';
import type { DocumentStore } from './storage/types';

export type Logger = {
  info: (msg: string, data?: Record<string, unknown>) => void;
  error: (msg: string, data?: Record<string, unknown>) => void;
};

export type AppConfig = {
  sessionTtlHours: number;
  /** How new passwords are hashed (PASSWORD_HASH; the API tests choose a cheaper cost of the same scheme). */
  passwordHash: HashParams;
  /** Maximum accepted request body, in bytes. */
  maxBodyBytes: number;
  /** The Node face serves a demo landing page for this form at /demo. */
  demoFormId?: string;
  /** `/api` requests per minute per user or API key, and API-key requests per hour per organization. */
  apiPerMinute: number;
  apiKeyPerHourPerOrg: number;
  /**
   * `/api` requests per minute per organization from signed-in people (all their sessions together): the
   * organization's ceiling above the per-person limit. See {@link SESSION_ORG_CEILING_USERS}.
   */
  apiSessionPerMinutePerOrg: number;
  /** The dashboard's public origin, for absolute links in emails (e.g. https://leads.example.com). */
  appUrl?: string;
  /**
   * Where this process itself answers (the Node face's `http://HOST:PORT`): the links in emails when no
   * APP_URL is set, so they are never relative. Never used for CORS, redirects or SSO, which need APP_URL.
   */
  localUrl?: string;
  /**
   * The one-time token that guards the first-run setup (POST /api/setup): printed at start on Node when
   * the database has no organization, the SETUP_TOKEN secret on Workers. Unset: the web setup is refused.
   */
  setupToken?: string | null;
  /**
   * ALLOW_SIGNUP=1: a visitor may create a new organization from the sign-in page after proving their
   * address by email (multi-tenant SaaS mode). Off by default: organizations come from setup or the CLI.
   */
  allowSignup?: boolean;
};

/** Per-process caches of configuration that every submission reads. */
export type Caches = {
  forms: TtlCache<FormRecord | null>;
  orgConfig: TtlCache<OrgConfig>;
  /** Each organization's share of the leads table (see orgShare); statistics move slowly. */
  orgShare: TtlCache<number>;
  /** OpenID providers' discovery documents by issuer (single sign-on); they change rarely. */
  ssoDiscovery: TtlCache<AuthorizationServer>;
  /** Refused embed origins per form: how many to write now (see services/ingest/refused-origins). */
  refusedOrigins: WriteCoalescer;
};

/** Everything the app needs from the outside world, injected; no globals, no process.env below the entries. */
export type Deps = {
  /** Workers finishes deferred work with waitUntil; Node lets it run on in the background. */
  runtime: 'workers' | 'node';
  database: DbProvider;
  now: () => Date;
  newId: (prefix: string) => string;
  pii: PiiVault;
  config: AppConfig;
  logger: Logger;
  rateLimiter: RateLimiter;
  /** Outgoing HTTP (Turnstile's siteverify); tests point it at a local fake of the provider. */
  fetch: typeof fetch;
  turnstile: TurnstileConfig;
  /** The client's IP as this runtime knows it (CF-Connecting-IP on Workers, the socket on Node). */
  clientIp: (c: Context) => string | null;
  caches: Caches;
  /** Bytes of uploaded documents: R2 on Workers, a directory on Node. */
  documents: DocumentStore;
  /** Sends the outbox's emails; absent in the embedded default (the Outbox page shows them). */
  mailer?: Mailer;
  // Background work (import commits) — a Cloudflare Queue on Workers, in-process on Node.
  jobs?: JobRunner;
  /**
   * Background rescores after a scoring save — the import queue on Workers (a message per slice of batches),
   * in process on Node; absent: run past the response through `defer`.
   */
  rescores?: { enqueue: (message: RescoreMessage) => Promise<void> };
  /** Group commit of new leads across concurrent submissions (the Node face; absent: one statement each). */
  newLeads?: NewLeadBatcher;
  /** Live updates to dashboards (GET /api/live); absent: the dashboard polls. */
  live?: LiveChannel;
  /** Outgoing webhooks' transport and target policy; absent: fetch, https to public addresses only. */
  webhooks?: WebhookDeps;
};

export type Auth = {
  organizationId: string;
  userId: string | null;
  apiKeyId: string | null;
  role: Role;
  /** An API key's scopes: the routes it may call (see edge/http/api-key-scopes.ts); absent for a session. */
  scopes?: readonly ApiScope[];
  via: 'session' | 'api_key';
  csrfToken: string | null;
};

/** Hono environment: per-request variables set by middleware. */
export type AppEnv = {
  Variables: {
    requestId: string;
    db: Db;
    auth: Auth;
    /** Work to finish after the response (waitUntil on Workers); the database stays open for it. */
    defer: (task: Promise<unknown>) => void;
  };
};

/**
 * The signed-in people an organization's ceiling is sized for: that many, each at the per-person limit at
 * once, fit under it, so it never throttles them; only more traffic than that many people can make (a
 * script rotating sessions or accounts) reaches it.
 */
export const SESSION_ORG_CEILING_USERS = 500;

const API_PER_MINUTE = 100;

export const defaultConfig: AppConfig = {
  sessionTtlHours: 24 * 14,
  passwordHash: PASSWORD_HASH,
  maxBodyBytes: 64 * 1024,
  apiPerMinute: API_PER_MINUTE,
  apiKeyPerHourPerOrg: 1000,
  apiSessionPerMinutePerOrg: SESSION_ORG_CEILING_USERS * API_PER_MINUTE,
};

/** Fresh caches; forms and rules are re-read at most every few seconds. */
export function createCaches(ttlMs = 5_000): Caches {
  return {
    forms: new TtlCache(ttlMs),
    orgConfig: new TtlCache(ttlMs),
    orgShare: new TtlCache(60_000),
    ssoDiscovery: new TtlCache(10 * 60_000),
    refusedOrigins: new WriteCoalescer({ windowMs: 60_000, maxPerGroup: 30, maxEntries: 5_000 }),
  };
}

/** The origin that absolute links in emails start with: APP_URL, else where the Node face answers. */
export function emailLinkBase(config: Pick<AppConfig, 'appUrl' | 'localUrl'>): string {
  return (config.appUrl ?? config.localUrl ?? '').replace(/\/+$/, '');
}

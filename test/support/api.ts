import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Connection, connect } from '../../db/connect';
import type { Db } from '../../db/types';
import { createApp } from '../../edge/app';
import type { Role } from '../../edge/contract/session';
import { formatId } from '../../edge/core/ids';
import { randomBytes } from '../../edge/crypto/encoding';
import type { HashParams } from '../../edge/crypto/password';
import { generatePiiKeyMaterial, PiiVault } from '../../edge/crypto/pii';
import { type Auth, createCaches, type Deps, defaultConfig } from '../../edge/deps';
import type { LiveHub } from '../../edge/live/hub';
import { startNodeLive } from '../../edge/live/node';
import { MemoryRateLimiter } from '../../edge/rate-limit/memory';
import { replaceRoutingRules } from '../../edge/services/admin/routing-rules';
import { NewLeadBatcher } from '../../edge/services/ingest/insert-new-leads-batch';
import { nodeWebhookDeps } from '../../edge/services/outgoing-webhooks/node-transport';
import { createForm, createOrganization } from '../../edge/services/people/organizations';
import { createTeam, putTeamMember } from '../../edge/services/people/teams';
import { DiskDocumentStore } from '../../edge/storage/disk';

/** Creates a database for one test file by cloning the migrated template; dropped again by `drop`. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  const name = `${template.replace('leadgate_tpl_', 'lg_t_')}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // CREATE DATABASE … TEMPLATE fails while another clone of the same template is in progress: retry.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
      break;
    } catch (e) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export type TestApi = {
  app: ReturnType<typeof createApp>;
  db: Db;
  deps: Deps;
  url: string;
  /** Raw SQL on the same database, for asserting what is stored (e.g. that no plaintext PII is). */
  sql: <T extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;
  /** The live updates' fan-out (GET /api/live), fed by the database as on the Node face. */
  live: LiveHub;
  close: () => Promise<void>;
};

/**
 * The real app over a real database of its own (one per test file): a clone of the migrated template on the
 * Postgres server, or, with `database: 'pglite'`, an embedded PGlite wired as `npm start` wires it
 * (one connection, shared by requests and the group commit).
 */
export async function setupApi(
  overrides: Partial<Deps> = {},
  {
    database = 'postgres',
    passwordHash = 'test',
  }: { database?: 'postgres' | 'pglite'; passwordHash?: 'test' | 'production' } = {},
): Promise<TestApi> {
  const store = database === 'pglite' ? await embeddedStore() : await serverStore();
  const conn = store.conn;
  const documentsDir = mkdtempSync(join(tmpdir(), 'leadgate-documents-'));
  const deps: Deps = {
    runtime: 'node',
    database: { acquire: () => ({ db: conn.db, release: async () => {} }) },
    now: () => new Date(),
    newId: (prefix) => formatId(prefix, Date.now(), randomBytes(10)),
    pii: await PiiVault.create(generatePiiKeyMaterial()),
    config: defaultConfig,
    logger: { info: () => {}, error: (msg, data) => console.error(msg, data) },
    // Counts by the app's clock, so a test that sets `now` sets the rate windows too.
    rateLimiter: new MemoryRateLimiter(() => deps.now().getTime()),
    fetch: globalThis.fetch,
    turnstile: { secretKey: null, verifyUrl: 'http://127.0.0.1:9/unused' },
    // Each request is a different visitor unless a test says otherwise (rate-limit tests set the header).
    clientIp: (c) => c.req.header('x-test-client-ip') ?? `visitor-${Math.random().toString(36).slice(2)}`,
    caches: createCaches(0),
    documents: new DiskDocumentStore(documentsDir),
    // As on the Node face, with the test-only setting that lets webhooks reach a receiver on 127.0.0.1.
    webhooks: nodeWebhookDeps(true),
    ...overrides,
  };
  // New passwords are hashed by the production scheme at a test cost unless a file asks for the real one:
  // at PASSWORD_HASH each organization's four accounts and every sign-in cost ~1/4 s of CPU apiece.
  if (passwordHash === 'test') deps.config = { ...deps.config, passwordHash: TEST_PASSWORD_HASH };
  // As on the Node face: concurrent submissions share statements (group commit).
  if (!('newLeads' in overrides))
    deps.newLeads = new NewLeadBatcher(conn.db, deps, {
      onFallback: (error) => console.error('grouped new leads retried one by one:', error),
    });
  // As on the Node face: one LISTEN session feeds every event stream.
  const live = await startNodeLive(conn, deps);
  if (!('live' in overrides)) deps.live = live.channel;
  return {
    app: createApp(deps),
    db: conn.db,
    deps,
    url: store.url,
    sql: store.sql,
    live: live.hub,
    close: async () => {
      await live.stop();
      await store.close();
      rmSync(documentsDir, { recursive: true, force: true });
    },
  };
}

type Store = { conn: Connection; url: string; sql: TestApi['sql']; close: () => Promise<void> };

async function serverStore(): Promise<Store> {
  const database = await freshDatabase();
  const conn = await connect({ url: database.url, poolSize: 20 });
  const raw = new pg.Pool({ connectionString: database.url, max: 2 });
  return {
    conn,
    url: database.url,
    sql: async (text, params) => (await raw.query(text, params)).rows,
    close: async () => {
      await raw.end();
      await conn.close();
      await database.drop();
    },
  };
}

async function embeddedStore(): Promise<Store> {
  // On disk, as `npm start` keeps it.
  const dir = mkdtempSync(join(tmpdir(), 'leadgate-pglite-'));
  const conn = await connect({ pgliteDir: dir });
  await conn.migrate('db/migrations');
  const client = (conn.db as unknown as { $client: PGlite }).$client;
  return {
    conn,
    url: `pglite://${dir}`,
    sql: async <T extends Record<string, unknown>>(text: string, params?: unknown[]) =>
      (await client.query<T>(text, params)).rows,
    close: async () => {
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PASSWORD = 'correct horse battery staple';

/** scrypt as in production, at 1/96 of its cost (N=2^10, p=1): the API tests' default. */
export const TEST_PASSWORD_HASH: HashParams = { scheme: 'scrypt', N: 2 ** 10, r: 8, p: 1 };

export type TestOrg = {
  organizationId: string;
  formId: string;
  users: Record<Role, { id: string; email: string }>;
};

/** A fresh organization with one user per role and one active form: each test arranges its own. */
export async function createTestOrg(t: TestApi, opts: { defaultCountry?: string } = {}): Promise<TestOrg> {
  const tag = Math.random().toString(36).slice(2, 10);
  const roles: Role[] = ['viewer', 'member', 'admin', 'owner'];
  const emails = Object.fromEntries(roles.map((r) => [r, `${r}.${tag}@example.test`])) as Record<
    Role,
    string
  >;
  const { organizationId, userIds } = await createOrganization(t.deps, t.db, {
    name: `Org ${tag}`,
    slug: `org-${tag}`,
    defaultCountry: opts.defaultCountry ?? 'CZ',
    members: roles.map((role) => ({ email: emails[role], name: `${role} ${tag}`, role, password: PASSWORD })),
  });
  const formId = await createForm(t.deps, t.db, organizationId, {
    name: 'Contact us',
    consentText: { en: 'You may contact me.' },
  });
  const users = Object.fromEntries(
    roles.map((r) => [r, { id: userIds[emails[r]]!, email: emails[r] }]),
  ) as TestOrg['users'];
  return { organizationId, formId, users };
}

/** Signs in through the API; returns the cookie and CSRF token to send. */
export async function signIn(t: TestApi, email: string, password = PASSWORD) {
  const res = await t.app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** POSTs JSON to the app. */
export function postJson(t: TestApi, path: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The signed-in caller a service sees for this organization's user of `role` (for services called directly). */
export function sessionAuth(org: TestOrg, role: Role): Auth {
  return {
    organizationId: org.organizationId,
    userId: org.users[role].id,
    apiKeyId: null,
    role,
    via: 'session',
    csrfToken: null,
  };
}

/** Puts the organization's non-viewers in team "inbound" and routes every new lead round-robin over it. */
export async function routeRoundRobin(t: TestApi, org: TestOrg, name: string): Promise<void> {
  const admin = sessionAuth(org, 'admin');
  const team = await createTeam(t.deps, t.db, admin, { name: 'inbound' });
  for (const role of ['member', 'admin', 'owner'] as const)
    await putTeamMember(t.deps, t.db, admin, team.id, org.users[role].id, { senior: false });
  await replaceRoutingRules(t.deps, t.db, admin, [
    { name, enabled: true, condition: {}, action: { type: 'team', team: 'inbound' } },
  ]);
}

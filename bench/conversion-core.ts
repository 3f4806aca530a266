// The product code the conversion benchmark runs, bundled by bench/conversion.mjs (esbuild, like
// bench/search-core.ts): the whole app (createApp) over a real Postgres server, driven in-process with
// app.request(), so the figure is the HTTP layer + service + database round trips, without a socket.
import { connect } from '../db/connect';
import { leads } from '../db/schema';
import type { Db } from '../db/types';
import { createApp } from '../edge/app';
import { formatId } from '../edge/core/ids';
import { normalizeLead } from '../edge/core/lead-input';
import { randomBytes } from '../edge/crypto/encoding';
import { generatePiiKeyMaterial, PiiVault } from '../edge/crypto/pii';
import { createCaches, type Deps, defaultConfig } from '../edge/deps';
import { MemoryRateLimiter } from '../edge/rate-limit/memory';
import { leadRow } from '../edge/services/leads/rows';
import { createOrganization } from '../edge/services/people/organizations';
import { DiskDocumentStore } from '../edge/storage/disk';

const PASSWORD = 'bench-conversion-password';

/** Converts `n` qualified leads one after another; returns each request's milliseconds and a baseline's. */
export async function measure(url: string, migrations: string, documentsDir: string, n: number) {
  const conn = await connect({ url, poolSize: 10 });
  await conn.migrate(migrations);
  const deps: Deps = {
    runtime: 'node',
    database: { acquire: () => ({ db: conn.db, release: async () => {} }) },
    now: () => new Date(),
    newId: (prefix) => formatId(prefix, Date.now(), randomBytes(10)),
    pii: await PiiVault.create(generatePiiKeyMaterial()),
    // The API's per-user rate limit would throttle a loop of 200; the benchmark measures the work.
    config: { ...defaultConfig, apiPerMinute: 1_000_000 },
    logger: { info: () => {}, error: (msg, data) => console.error(msg, data) },
    rateLimiter: new MemoryRateLimiter(),
    fetch: globalThis.fetch,
    turnstile: { secretKey: null, verifyUrl: 'http://127.0.0.1:9/unused' },
    clientIp: () => '127.0.0.1',
    caches: createCaches(),
    documents: new DiskDocumentStore(documentsDir),
  };
  const app = createApp(deps);
  const email = 'admin@bench.test';
  const { organizationId, userIds } = await createOrganization(deps, conn.db, {
    name: 'Bench',
    slug: `bench-${Date.now()}`,
    defaultCountry: 'US',
    members: [{ email, name: 'Bench Admin', role: 'admin', password: PASSWORD }],
  });
  const ids = await seed(deps, conn.db, organizationId, userIds[email]!, n);
  const signIn = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const convert: number[] = [];
  const baseline: number[] = [];
  for (const id of ids) {
    let t0 = performance.now();
    const res = await app.request(`/api/leads/${id}/convert`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ createAccount: true }),
    });
    convert.push(performance.now() - t0);
    if (res.status !== 201) throw new Error(`convert answered ${res.status}: ${await res.text()}`);
    t0 = performance.now();
    const users = await app.request('/api/users', { headers });
    baseline.push(performance.now() - t0);
    if (users.status !== 200) throw new Error(`users answered ${users.status}`);
  }
  await conn.close();
  return { convert, baseline };
}

/** `n` qualified leads with a company and an email, stored as ingestion stores them. */
async function seed(deps: Deps, db: Db, org: string, assignee: string, n: number) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const raw = {
      firstName: `First${i}`,
      lastName: `Last${i}`,
      company: `Company ${i % 50} Inc.`,
      email: `person${i}@company${i % 50}.example`,
      industry: 'Software',
      employees: 100 + i,
    };
    const row = await leadRow(deps, org, normalizeLead(raw, 'US'), new Date());
    rows.push({ ...row, status: 'QUALIFIED' as const, assignedTo: assignee });
  }
  await db.insert(leads).values(rows);
  return rows.map((r) => r.id!);
}

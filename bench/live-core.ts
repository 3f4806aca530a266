// The product code the live benchmark runs before it starts the Node face, bundled by bench/live.mjs
// (esbuild): migrates the bench database and creates an organization with `members` people and a form.
import { eq } from 'drizzle-orm';
import { connect } from '../db/connect';
import { forms } from '../db/schema';
import { formatId } from '../edge/core/ids';
import { randomBytes } from '../edge/crypto/encoding';
import { generatePiiKeyMaterial, PiiVault } from '../edge/crypto/pii';
import { createCaches, type Deps, defaultConfig } from '../edge/deps';
import { MemoryRateLimiter } from '../edge/rate-limit/memory';
import { createForm, createOrganization } from '../edge/services/people/organizations';
import { DiskDocumentStore } from '../edge/storage/disk';

export const PASSWORD = 'bench-live-password';

/** The organization the benchmark's dashboards sign in to: its form and its people's emails. */
export async function prepare(url: string, migrations: string, documentsDir: string, members: number) {
  const conn = await connect({ url, poolSize: 2 });
  await conn.migrate(migrations);
  const deps: Deps = {
    runtime: 'node',
    database: { acquire: () => ({ db: conn.db, release: async () => {} }) },
    now: () => new Date(),
    newId: (prefix) => formatId(prefix, Date.now(), randomBytes(10)),
    pii: await PiiVault.create(generatePiiKeyMaterial()),
    // Fifty accounts at the production cost would take ~12 s of CPU; the sign-in is not what is measured.
    config: { ...defaultConfig, passwordHash: { scheme: 'scrypt', N: 2 ** 10, r: 8, p: 1 } },
    logger: { info: () => {}, error: (msg, data) => console.error(msg, data) },
    rateLimiter: new MemoryRateLimiter(),
    fetch: globalThis.fetch,
    turnstile: { secretKey: null, verifyUrl: 'http://127.0.0.1:9/unused' },
    clientIp: () => '127.0.0.1',
    caches: createCaches(),
    documents: new DiskDocumentStore(documentsDir),
  };
  const emails = Array.from({ length: members }, (_, i) => `sdr${i}@bench.test`);
  const { organizationId } = await createOrganization(deps, conn.db, {
    name: 'Bench',
    slug: `bench-${Date.now()}`,
    defaultCountry: 'US',
    members: emails.map((email, i) => ({
      email,
      name: `SDR ${i}`,
      role: i === 0 ? 'owner' : 'member',
      password: PASSWORD,
    })),
  });
  const formId = await createForm(deps, conn.db, organizationId, {
    name: 'Contact us',
    consentText: { en: 'You may contact me.' },
  });
  // One client sends every submission: the per-IP and per-form limits would measure themselves.
  await conn.db
    .update(forms)
    .set({ rateLimitPerIp: 1_000_000, rateLimitPerForm: 1_000_000 })
    .where(eq(forms.id, formId));
  await conn.close();
  return { formId, emails };
}

// The product code the import benchmark runs, bundled by bench/import.mjs (esbuild, like bench/search-core.ts):
// the whole app over a real Postgres server, driven in process through app.request() — HTTP parsing,
// multipart, auth, validation and the services, without a socket — plus the data generator.
import { connect } from '../db/connect';
import { leads } from '../db/schema';
import { createApp } from '../edge/app';
import { formatId } from '../edge/core/ids';
import { normalizeLead } from '../edge/core/lead-input';
import { randomBytes } from '../edge/crypto/encoding';
import { generatePiiKeyMaterial, PiiVault } from '../edge/crypto/pii';
import { createCaches, type Deps, defaultConfig } from '../edge/deps';
import { MemoryRateLimiter } from '../edge/rate-limit/memory';
import { inProcessRunner, runImportCommit } from '../edge/services/import/run';
import { leadRow } from '../edge/services/leads/rows';
import { createOrganization } from '../edge/services/people/organizations';
import { DiskDocumentStore } from '../edge/storage/disk';

const PASSWORD = 'bench-import-password';

/** A tiny deterministic PRNG (mulberry32), so every run imports the same file. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: T[]) => list[Math.floor(next() * list.length)]!,
  };
}

const FIRST = [
  'Jana',
  'Petr',
  'Jürgen',
  'Łukasz',
  'Zoë',
  'Олена',
  'Тарас',
  'Anna',
  'Tomáš',
  'Günther',
  'Марія',
  'Eva',
];
const LAST = [
  'Nováková',
  'Svoboda',
  'Müller',
  'Größ',
  'Dvořák',
  'Шевченко',
  'Коваленко',
  'Schmidt',
  'Černý',
  'Weiß',
  'Бондар',
  'Král',
];
const COMPANY = ['Acme s.r.o.', 'Muster GmbH', 'Beta a.s.', 'ТОВ Київсофт', 'Alpha AG', 'Data & Co. KG'];
const PHONES = [
  (r: ReturnType<typeof rng>) => `+420 6${r.int(100)} ${100 + r.int(900)} ${100 + r.int(900)}`,
  (r: ReturnType<typeof rng>) => `06${10_000_000 + r.int(89_999_999)}`,
  (r: ReturnType<typeof rng>) => `(030) ${1_000_000 + r.int(8_999_999)}`,
  (r: ReturnType<typeof rng>) => `+49-151-${10_000_000 + r.int(89_999_999)}`,
  (r: ReturnType<typeof rng>) => `050${1_000_000 + r.int(8_999_999)}`,
  () => '',
];

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * The import file: `n` rows in mixed scripts with varied phone formats; 3 % repeat an earlier row's email
 * (another case: a duplicate within the file), 3 % carry the email of an existing lead.
 */
export function generateCsv(n: number, existingEmails: string[], seed = 7) {
  const r = rng(seed);
  const emails: string[] = [];
  const lines = ['First Name,Last Name,Email,Phone Number,Company Name,Job Title,Lead Source,Shoe size'];
  for (let i = 0; i < n; i++) {
    const roll = r.next();
    let email = `p${seed}.${i}@example${i % 50}.com`;
    if (roll < 0.03 && emails.length > 0) email = r.pick(emails).toUpperCase();
    else if (roll < 0.06 && existingEmails.length > 0) email = r.pick(existingEmails);
    emails.push(email);
    const company = `${r.pick(COMPANY)} ${i % 400}`;
    const row = [
      r.pick(FIRST),
      `${r.pick(LAST)}${i}`,
      email,
      r.pick(PHONES)(r),
      company,
      'Manager',
      'Expo',
      String(36 + r.int(10)),
    ];
    lines.push(row.map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The app on `url` (migrated), an organization with its owner signed in (import is the owner’s), and `existing` leads in it. */
export async function prepare(url: string, existing: number) {
  const conn = await connect({ url, poolSize: 10 });
  await conn.migrate('db/migrations');
  const deps: Deps = {
    runtime: 'node',
    database: { acquire: () => ({ db: conn.db, release: async () => {} }) },
    now: () => new Date(),
    newId: (prefix) => formatId(prefix, Date.now(), randomBytes(10)),
    pii: await PiiVault.create(generatePiiKeyMaterial()),
    config: { ...defaultConfig, apiPerMinute: 100_000 },
    logger: { info: () => {}, error: (msg, data) => console.error(msg, data) },
    rateLimiter: new MemoryRateLimiter(),
    fetch: globalThis.fetch,
    turnstile: { secretKey: null, verifyUrl: 'http://127.0.0.1:9/unused' },
    clientIp: () => '127.0.0.1',
    caches: createCaches(),
    documents: new DiskDocumentStore('.wrangler/bench-import-documents'),
  };
  deps.jobs = inProcessRunner(
    (m) => runImportCommit(deps, conn.db, m),
    (e) => console.error(e),
  );
  const tag = Math.random().toString(36).slice(2, 8);
  const email = `owner.${tag}@example.test`;
  const { organizationId } = await createOrganization(deps, conn.db, {
    name: `Bench ${tag}`,
    slug: `bench-${tag}`,
    defaultCountry: 'CZ',
    members: [{ email, name: 'Owner', role: 'owner', password: PASSWORD }],
  });
  const existingEmails = await seedExisting(deps, conn.db, organizationId, existing);
  const app = createApp(deps);
  const res = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    app,
    headers: { cookie, 'x-csrf-token': csrfToken },
    organizationId,
    existingEmails,
    close: () => conn.close(),
  };
}

async function seedExisting(
  deps: Deps,
  db: Awaited<ReturnType<typeof connect>>['db'],
  orgId: string,
  n: number,
) {
  const emails: string[] = [];
  for (let i = 0; i < n; i += 1_000) {
    const rows = await Promise.all(
      Array.from({ length: Math.min(1_000, n - i) }, async (_, j) => {
        const email = `known.${i + j}@example.org`;
        emails.push(email);
        const lead = normalizeLead(
          { firstName: 'Known', lastName: `Lead${i + j}`, email, company: `Known ${j % 50}` },
          'CZ',
        );
        return leadRow(deps, orgId, lead, new Date());
      }),
    );
    await db.insert(leads).values(rows);
  }
  return emails;
}

// Scoring (issue 20): the preview of a draft model and the background rescore of a large organization, with
// the lead list's p95 measured while the rescore runs. Run: `npx tsx bench/scoring-rescore.ts`
// (BENCH_LEADS, default 500000). Its own database, leadgate_bench_scoring_rescore, dropped and recreated.
import { loadavg } from 'node:os';
import { connect } from '../db/connect';
import { createApp } from '../edge/app';
import { formatId } from '../edge/core/ids';
import { DEFAULT_SCORING_RULES } from '../edge/core/score';
import { randomBytes } from '../edge/crypto/encoding';
import { generatePiiKeyMaterial, PiiVault } from '../edge/crypto/pii';
import { createCaches, type Deps, defaultConfig } from '../edge/deps';
import { MemoryRateLimiter } from '../edge/rate-limit/memory';
import { createOrganization } from '../edge/services/people/organizations';
import { previewScoringModel } from '../edge/services/scoring/preview';
import { runRescore } from '../edge/services/scoring/rescore-job';
import { saveScoringVersion } from '../edge/services/scoring/versions';
import { DiskDocumentStore } from '../edge/storage/disk';
// @ts-expect-error lib.mjs is plain JavaScript, shared by the .mjs benchmarks.
import { benchDatabase } from './lib.mjs';

const LEADS = Number(process.env.BENCH_LEADS ?? 500_000);
const PASSWORD = 'bench-scoring-password';
const pct = (v: number[], p: number) =>
  [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)]!;
const ms = (from: number) => performance.now() - from;

const database = await benchDatabase('leadgate_bench_scoring_rescore');
const conn = await connect({ url: database.url, poolSize: 10 });
await conn.migrate('db/migrations');
const deps: Deps = {
  runtime: 'node',
  database: { acquire: () => ({ db: conn.db, release: async () => {} }) },
  now: () => new Date(),
  newId: (prefix) => formatId(prefix, Date.now(), randomBytes(10)),
  pii: await PiiVault.create(generatePiiKeyMaterial()),
  config: { ...defaultConfig, apiPerMinute: 1_000_000 },
  logger: { info: () => {}, error: (msg, data) => console.error(msg, data) },
  rateLimiter: new MemoryRateLimiter(),
  fetch: globalThis.fetch,
  turnstile: { secretKey: null, verifyUrl: 'http://127.0.0.1:9/unused' },
  clientIp: () => '127.0.0.1',
  caches: createCaches(),
  documents: new DiskDocumentStore('.wrangler/bench-scoring-documents'),
};
const { organizationId, userIds } = await createOrganization(deps, conn.db, {
  name: 'Bench scoring',
  slug: 'bench-scoring',
  defaultCountry: 'CZ',
  members: [{ email: 'owner@bench.test', name: 'Owner', role: 'owner', password: PASSWORD }],
});
const owner = userIds['owner@bench.test']!;

let t = performance.now();
await conn.db.execute(
  `
  insert into leads (id, organization_id, last_name, industry, employees, title, country, score, score_breakdown, created_at, last_activity_at)
  select 'lead_' || lpad(g::text, 8, '0'), '${organizationId}', 'Last' || g,
    (array['SaaS', 'Retail', 'Enterprise Software', 'Maschinenbau', 'Internet', null])[1 + abs(hashint4(g)) % 6],
    (array[10, 60, 250, 5000, null])[1 + abs(hashint4(g + 1)) % 5],
    (array['CEO', 'Head of Sales', 'Vertriebsleiter', 'Engineer', 'Marketing Manager', 'ředitel', null])[1 + abs(hashint4(g + 2)) % 7],
    (array['DE', 'CZ', 'US', 'UA', 'FR'])[1 + abs(hashint4(g + 3)) % 5],
    25, '[{"rule":"industry","points":15},{"rule":"form-submitted","points":10,"detail":"form"}]',
    now() - (g % 365) * interval '1 day', now() - (g % 90) * interval '1 day'
  from generate_series(1, ${LEADS}) g` as never,
);
await conn.db.execute(
  `
  insert into lead_events (organization_id, lead_id, entity_type, entity_id, type, actor_type, data, created_at)
  select '${organizationId}', id, 'lead', id, 'created', 'public',
    jsonb_build_object('channel', case when abs(hashint4(length(id) + ascii(right(id, 1)))) % 3 = 0 then 'api' else 'form' end,
      'signals', jsonb_build_object('pagesViewed', jsonb_build_array('/pricing'))), created_at
  from leads where organization_id = '${organizationId}'` as never,
);
await conn.db.execute('analyze leads; analyze lead_events' as never);
console.log(`data: ${LEADS} leads with created events in ${(ms(t) / 1000).toFixed(1)} s`);

const auth = {
  organizationId,
  userId: owner,
  apiKeyId: null,
  role: 'owner' as const,
  via: 'session' as const,
  csrfToken: null,
};
const draft = { ...DEFAULT_SCORING_RULES, points: { ...DEFAULT_SCORING_RULES.points, industry: 30 } };
const previews: number[] = [];
for (let i = 0; i < 3; i++) {
  t = performance.now();
  const p = await previewScoringModel(deps, conn.db, organizationId, draft);
  previews.push(ms(t));
  if (i === 0)
    console.log(
      `preview: total ${p.total}, scored ${p.scored}, approximate ${p.approximate}, changed ~${p.changed}`,
    );
}
console.log(`preview ms: ${previews.map((v) => v.toFixed(0)).join(', ')} (load ${loadavg()[0]!.toFixed(2)})`);

const app = createApp(deps);
const signIn = await app.request('/api/session', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'owner@bench.test', password: PASSWORD }),
});
const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
const list = async () => {
  const s = performance.now();
  const res = await app.request('/api/leads?limit=50&sort=score', { headers: { cookie } });
  if (res.status !== 200) throw new Error(`list ${res.status}`);
  await res.arrayBuffer();
  return ms(s);
};
const idle: number[] = [];
for (let i = 0; i < 30; i++) idle.push(await list());

const saved = await saveScoringVersion(deps, conn.db, auth, draft);
t = performance.now();
let running = true;
const rescore = runRescore(deps, conn.db, saved.message).finally(() => {
  running = false;
});
const during: number[] = [];
while (running) {
  during.push(await list());
  await new Promise((r) => setTimeout(r, 100));
}
await rescore;
const took = ms(t);
console.log(`rescore of ${LEADS} leads: ${(took / 1000).toFixed(1)} s (load ${loadavg()[0]!.toFixed(2)})`);
console.log(
  `list p95 idle ${pct(idle, 0.95).toFixed(1)} ms (n=${idle.length}); during the rescore ${pct(during, 0.95).toFixed(1)} ms (n=${during.length})`,
);
await conn.close();
await database.stop();
process.exit(0);

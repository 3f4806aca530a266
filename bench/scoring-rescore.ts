// Scoring: the preview of a draft model and the background rescore of a large organization, with the lead
// list's p95 measured while the rescore runs. Run: `npx tsx bench/scoring-rescore.ts` (BENCH_LEADS, default
// 500000; BENCH_BASELINE_LEADS, default 50000). Its own database, leadgate_bench_scoring_rescore, dropped
// and recreated. The baseline in the same run is the previous path (a random() sample for the preview;
// batches of 1,000 writing every lead) on two identical organizations of BENCH_BASELINE_LEADS beside the
// current path, then the current path on BENCH_LEADS.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { connect } from '../db/connect';
import { createApp } from '../edge/app';
import { formatId } from '../edge/core/ids';
import { rescoreLead } from '../edge/core/rescore';
import { DEFAULT_SCORING_RULES, type ScoringRules } from '../edge/core/score';
import { randomBytes } from '../edge/crypto/encoding';
import { generatePiiKeyMaterial, PiiVault } from '../edge/crypto/pii';
import { createCaches, type Deps, defaultConfig } from '../edge/deps';
import { MemoryRateLimiter } from '../edge/rate-limit/memory';
import { createOrganization } from '../edge/services/people/organizations';
import { readScoredLeads } from '../edge/services/scoring/lead-inputs';
import { previewScoringModel } from '../edge/services/scoring/preview';
import { runRescore } from '../edge/services/scoring/rescore-job';
import { saveScoringVersion } from '../edge/services/scoring/versions';
import { DiskDocumentStore } from '../edge/storage/disk';
// @ts-expect-error lib.mjs is plain JavaScript, shared by the .mjs benchmarks.
import { benchDatabase } from './lib.mjs';

const LEADS = Number(process.env.BENCH_LEADS ?? 500_000);
const BASELINE_LEADS = Number(process.env.BENCH_BASELINE_LEADS ?? 50_000);
const PASSWORD = 'bench-scoring-password';
const pct = (v: number[], p: number) =>
  [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)]!;
const ms = (from: number) => performance.now() - from;
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' / ');

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
/** An organization of `n` leads, each with a `created` event, stored scores stale (25, a fixed breakdown). */
async function seedOrganization(slug: string, n: number) {
  const { organizationId, userIds } = await createOrganization(deps, conn.db, {
    name: `Bench scoring ${slug}`,
    slug,
    defaultCountry: 'CZ',
    members: [{ email: `owner@${slug}.test`, name: 'Owner', role: 'owner', password: PASSWORD }],
  });
  await conn.db.execute(
    `
  insert into leads (id, organization_id, last_name, industry, employees, title, country, score, score_breakdown, created_at, last_activity_at)
  select 'lead_${slug}_' || lpad(g::text, 8, '0'), '${organizationId}', 'Last' || g,
    (array['SaaS', 'Retail', 'Enterprise Software', 'Maschinenbau', 'Internet', null])[1 + abs(hashint4(g)) % 6],
    (array[10, 60, 250, 5000, null])[1 + abs(hashint4(g + 1)) % 5],
    (array['CEO', 'Head of Sales', 'Vertriebsleiter', 'Engineer', 'Marketing Manager', 'ředitel', null])[1 + abs(hashint4(g + 2)) % 7],
    (array['DE', 'CZ', 'US', 'UA', 'FR'])[1 + abs(hashint4(g + 3)) % 5],
    25, '[{"rule":"industry","points":15},{"rule":"form-submitted","points":10,"detail":"form"}]',
    now() - (g % 365) * interval '1 day', now() - (g % 90) * interval '1 day'
  from generate_series(1, ${n}) g` as never,
  );
  await conn.db.execute(
    `
  insert into lead_events (organization_id, lead_id, entity_type, entity_id, type, actor_type, data, created_at)
  select '${organizationId}', id, 'lead', id, 'created', 'public',
    jsonb_build_object('channel', case when abs(hashint4(length(id) + ascii(right(id, 1)))) % 3 = 0 then 'api' else 'form' end,
      'signals', jsonb_build_object('pagesViewed', jsonb_build_array('/pricing'))), created_at
  from leads where organization_id = '${organizationId}'` as never,
  );
  const userId = userIds[`owner@${slug}.test`]!;
  return {
    organizationId,
    email: `owner@${slug}.test`,
    auth: {
      organizationId,
      userId,
      apiKeyId: null,
      role: 'owner' as const,
      via: 'session' as const,
      csrfToken: null,
    },
  };
}

let t = performance.now();
const oldOrg = await seedOrganization('baseline-old', BASELINE_LEADS);
const newOrg = await seedOrganization('baseline-new', BASELINE_LEADS);
const big = await seedOrganization('bench-scoring', LEADS);
// As autovacuum would soon after a bulk load: statistics, and the visibility map index-only scans rely on.
await conn.db.execute('vacuum analyze leads' as never);
await conn.db.execute('vacuum analyze lead_events' as never);
console.log(
  `data: ${LEADS} + 2 × ${BASELINE_LEADS} leads with created events in ${(ms(t) / 1000).toFixed(1)} s`,
);

type PreviousRow = {
  id: string;
  version: number;
  industry: string | null;
  employees: number | null;
  title: string | null;
  country: string | null;
  region: string | null;
  last_activity_at: string;
  open: boolean;
  channel: string | null;
  pages: unknown;
};

/** The previous reader, kept as the baseline: a random() sample, or the next `limit` leads after `after`. */
async function previousRead(
  organizationId: string,
  options: { limit: number; after?: string; sample?: boolean },
) {
  const which = options.sample
    ? sql`l.id in (select s.id from leads s where s.organization_id = ${organizationId} and s.deleted_at is null
          order by random() limit ${options.limit})`
    : options.after
      ? sql`l.id > ${options.after}`
      : sql`true`;
  const result = (await conn.db.execute(sql`
    select l.id, l.version, l.industry, l.employees, l.title, l.country, l.region, l.last_activity_at,
      (l.converted_at is null and l.status <> 'LOST') as open, ev.channel, ev.pages
    from leads l
    left join lateral (
      select e.data ->> 'channel' as channel, e.data -> 'signals' -> 'pagesViewed' as pages from lead_events e
      where e.organization_id = l.organization_id and e.lead_id = l.id and e.type = 'created'
      order by e.created_at limit 1) ev on true
    where l.organization_id = ${organizationId} and l.deleted_at is null and ${which}
    order by l.id limit ${options.limit}`)) as unknown as { rows: PreviousRow[] };
  return result.rows.map((r) => ({
    id: r.id,
    version: r.version,
    input: {
      industry: r.industry,
      employees: r.employees,
      title: r.title,
      country: r.country,
      region: r.region,
      channel: r.channel === 'api' ? ('api' as const) : ('form' as const),
      pagesViewed: Array.isArray(r.pages) ? (r.pages as string[]) : [],
      open: r.open,
      lastActivityAt: new Date(r.last_activity_at),
    },
  }));
}

/** The previous rescore loop, kept as the baseline: batches of 1,000, every lead written. */
async function previousRescore(org: Awaited<ReturnType<typeof seedOrganization>>, rules: ScoringRules) {
  const saved = await saveScoringVersion(deps, conn.db, org.auth, rules);
  const { organizationId } = org;
  let after: string | undefined;
  for (;;) {
    const batch = await previousRead(organizationId, { limit: 1000, after });
    if (batch.length === 0) break;
    const now = new Date();
    const scored = batch.map((l) => ({ id: l.id, version: l.version, ...rescoreLead(l.input, rules, now) }));
    after = batch.at(-1)!.id;
    await conn.db.transaction(async (tx) => {
      await tx.execute(sql`update scoring_rescores set done = done + ${batch.length}, cursor = ${after},
        updated_at = now() where id = ${saved.rescore.id} and status = 'running'`);
      await tx.execute(sql`update leads l set score = v.score, score_breakdown = v.breakdown,
          score_version = ${saved.version}
        from (select unnest(${sql.param(scored.map((x) => x.id))}::text[]) as lead_id,
          unnest(${sql.param(scored.map((x) => x.version))}::int[]) as version,
          unnest(${sql.param(scored.map((x) => x.score))}::int[]) as score,
          unnest(${sql.param(scored.map((x) => JSON.stringify(x.breakdown)))}::jsonb[]) as breakdown) v
        where l.organization_id = ${organizationId} and l.id = v.lead_id and l.version = v.version`);
    });
  }
  await conn.db.execute(sql`update scoring_rescores set status = 'completed', finished_at = now()
    where id = ${saved.rescore.id}`);
}

/**
 * CPU seconds the bench database's server processes have used (user + system, from /proc), summed over
 * the backends alive now: with the pool's connections kept open, a difference is the server's CPU for the
 * work between, whatever else loads the machine. Null where /proc cannot be read.
 */
async function serverCpuSeconds(): Promise<Map<number, number> | null> {
  const { rows } = (await conn.db.execute(
    sql`select pid from pg_stat_activity where datname = current_database()`,
  )) as unknown as { rows: Array<{ pid: number }> };
  const ticks = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    return null;
  }
  return ticks;
}

/** Wall seconds of some work, with Node's and the database server's CPU seconds for it. */
async function timed(work: () => Promise<unknown>) {
  const cpu = process.cpuUsage();
  const server = await serverCpuSeconds();
  const t0 = performance.now();
  await work();
  const s = ms(t0) / 1000;
  const used = process.cpuUsage(cpu);
  const after = await serverCpuSeconds();
  const serverCpuS =
    server && after ? [...after].reduce((sum, [pid, v]) => sum + v - (server.get(pid) ?? 0), 0) : Number.NaN;
  return { s, nodeCpuS: (used.user + used.system) / 1e6, serverCpuS, load: load() };
}
const currentRescore = async (org: Awaited<ReturnType<typeof seedOrganization>>, rules: ScoringRules) => {
  const saved = await saveScoringVersion(deps, conn.db, org.auth, rules);
  if ((await runRescore(deps, conn.db, saved.message)) !== 'done') throw new Error('rescore not done');
};
const report = (what: string, r: Awaited<ReturnType<typeof timed>>) =>
  console.log(
    `${what}: ${r.s.toFixed(1)} s (CPU: Node ${r.nodeCpuS.toFixed(1)} s, Postgres ${r.serverCpuS.toFixed(1)} s; load ${r.load})`,
  );

// Stale stored scores: every lead changes. Then a second draft on current scores: only some change.
const draft = { ...DEFAULT_SCORING_RULES, points: { ...DEFAULT_SCORING_RULES.points, industry: 30 } };
const draft2 = { ...DEFAULT_SCORING_RULES, points: { ...DEFAULT_SCORING_RULES.points, industry: 20 } };
report(
  `previous rescore, ${BASELINE_LEADS} leads, all change`,
  await timed(() => previousRescore(oldOrg, draft)),
);
report(
  `current rescore, ${BASELINE_LEADS} leads, all change`,
  await timed(() => currentRescore(newOrg, draft)),
);
report(
  `previous rescore, ${BASELINE_LEADS} leads, second draft`,
  await timed(() => previousRescore(oldOrg, draft2)),
);
report(
  `current rescore, ${BASELINE_LEADS} leads, second draft`,
  await timed(() => currentRescore(newOrg, draft2)),
);

const organizationId = big.organizationId;
const sampleReads: string[] = [];
for (let i = 0; i < 3; i++) {
  t = performance.now();
  await previousRead(organizationId, { limit: 10_000, sample: true });
  const before = ms(t);
  t = performance.now();
  await readScoredLeads(conn.db, organizationId, { sample: 10_000 / LEADS });
  sampleReads.push(`${before.toFixed(0)} → ${ms(t).toFixed(0)}`);
}
console.log(`preview sample read ms, random() → Bernoulli: ${sampleReads.join(', ')} (load ${load()})`);
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
console.log(`preview ms: ${previews.map((v) => v.toFixed(0)).join(', ')} (load ${load()})`);

const app = createApp(deps);
const signIn = await app.request('/api/session', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: big.email, password: PASSWORD }),
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
console.log(`list p95 idle ${pct(idle, 0.95).toFixed(1)} ms (n=${idle.length})`);

/** The current rescore of the large organization, the lead list requested every 100 ms meanwhile. */
async function rescoreWhileListing(what: string, rules: ScoringRules) {
  let running = true;
  const during: number[] = [];
  const r = await timed(async () => {
    const rescore = currentRescore(big, rules).finally(() => {
      running = false;
    });
    while (running) {
      during.push(await list());
      await new Promise((done) => setTimeout(done, 100));
    }
    await rescore;
  });
  report(`current rescore, ${LEADS} leads, ${what}`, r);
  console.log(`  list p95 during it ${pct(during, 0.95).toFixed(1)} ms (n=${during.length})`);
}
await rescoreWhileListing('all change', draft);
await rescoreWhileListing('second draft', draft2);
await conn.close();
await database.stop();
process.exit(0);

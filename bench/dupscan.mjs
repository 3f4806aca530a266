// Duplicates (issue 7): the duplicate scan (POST /api/duplicates/scan's service: the leads grouped on their
// exact and blocking keys, each fuzzy pair confirmed in core, connected components, clusters stored) over
// 100K leads of one organization on a real Postgres server, and on embedded PGlite (what `npm start` runs)
// at ~9K and 100K, each next to a bare statement over the same keys in the same run.
// Data is generated set-based (generate_series): realistic-looking random names, 25K companies (plus ten
// large ones), 3 % near-duplicates (a one-letter typo in the last name) and 1 % shared phones.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { build } from 'esbuild';
import pg from 'pg';
import { benchDatabase, machine, writeSection } from './lib.mjs';

const TITLE = 'Duplicate scan (issue 7)';
// BENCH_SCALE=0.1 shrinks the data set for a smoke run (its figures do not answer the goal).
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const LEADS = Math.round(100_000 * SCALE);
const ORG = 'org_dupscan';
const GOAL_MS = 10_000;
/** PGlite sizes (leads before the 3 % near-duplicates); BENCH_DUPSCAN_PGLITE="9000" picks others. */
const PGLITE_SIZES = (process.env.BENCH_DUPSCAN_PGLITE ?? '9000,100000')
  .split(',')
  .filter(Boolean)
  .map((n) => Math.round(Number(n) * SCALE));
/** Leads of the namesakes data set on PGlite (BENCH_DUPSCAN_NAMESAKES=0 leaves it out). */
const NAMESAKES = Math.round(Number(process.env.BENCH_DUPSCAN_NAMESAKES ?? 8900) * SCALE);

/** Random-looking but deterministic names: md5 digits mapped to letters, so neighbours are not alike. */
const word = (seed) => `initcap(translate(substr(md5(${seed}), 1, 7), '0123456789', 'aeioubkrst'))`;

const GENERATE = [
  `
insert into leads (id, organization_id, first_name, last_name, company, company_key, last_name_key, search_text,
  phone_index, phone_valid)
select 'lead_' || lpad(g::text, 8, '0'), $1,
  ${word(`'f' || (abs(hashint4(g)) % 300)`)},
  ln, co, lower(co), lower(ln), '',
  case when g % 100 = 0 then 'ph_' || (g / 200) end, case when g % 100 = 0 then false end
from generate_series(1, $2::int) g,
lateral (select ${word(`'l' || (g::bigint * 104729 % ($2::int / 3))`)} as ln,
  case when g % 50 = 0 then 'Big Corp ' || (g / 50 % 10) else ${word(`'c' || (g::bigint * 15485863 % ($2::int / 4))`)} || ' Ltd' end as co) x`,
  // 3 % near-duplicates: the same person with a typo in the last name (the last letter changed).
  `insert into leads (id, organization_id, first_name, last_name, company, company_key, last_name_key, search_text)
select 'lead_d' || lpad(g::text, 7, '0'), $1, l.first_name,
  left(l.last_name, -1) || 'x', l.company, l.company_key, lower(left(l.last_name, -1) || 'x'), ''
from generate_series(1, ($2::int * 3 / 100)) g
join leads l on l.id = 'lead_' || lpad((g * 33)::text, 8, '0')`,
];

/**
 * The demo data's shape at scale (what \`npm start\` users grow): 22 people at 10 companies, each lead with
 * its own email — blocks of ~80 namesakes per company whose pairs all match the fuzzy rule exactly.
 */
const GENERATE_NAMESAKES = [
  `insert into leads (id, organization_id, first_name, last_name, company, company_key, last_name_key, search_text,
  email_index)
select 'lead_' || lpad(g::text, 8, '0'), $1, 'First' || (g % 22), 'Last' || (g % 22), 'Company ' || (g * 7 % 10),
  'company ' || (g * 7 % 10), 'last' || (g % 22), '', 'em_' || g
from generate_series(1, $2::int) g`,
];

/** The baseline: the bare self-join on the same blocking keys, without similarity, clustering or storing. */
const BARE_JOIN = `select count(*) from (
  select a.id, b.id from leads a join leads b on a.company_key = b.company_key and a.last_name_key = b.last_name_key
    and a.id < b.id where a.organization_id = $1 and b.organization_id = $1
  union select a.id, b.id from leads a join leads b on a.company_key = b.company_key
    and lower(a.first_name) = lower(b.first_name) and a.id < b.id where a.organization_id = $1 and b.organization_id = $1
) p`;

/**
 * The other baseline: the same keys grouped (count only), one pass per key without a join — the shape of
 * the scan's own statement, without its arrays, core's confirmation, clustering or storing.
 */
const BARE_GROUPS = `select count(*) from (
  select 1 from leads where organization_id = $1 and company_key is not null and last_name_key is not null
    group by company_key, last_name_key having count(*) > 1
  union all select 1 from leads where organization_id = $1 and company_key is not null and first_name is not null
    group by company_key, lower(first_name) having count(*) > 1
) g`;

async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const deps = { newId: (p) => `${p}_${Math.random().toString(36).slice(2)}`, now: () => new Date() };
const system = { type: 'system', id: null };

/**
 * The pairs alone: the service's own reading and confirmation, without clustering or storing. The previous
 * service (one self-join statement, \`duplicatePairsQuery\`) is still measured when its files are checked
 * out, which is how RESULTS.md's "before" figures were taken.
 */
const findPairs = (core, db) =>
  core.findDuplicatePairs
    ? core.findDuplicatePairs(db, ORG)
    : db.execute(core.duplicatePairsQuery(ORG)).then((r) => r.rows);

/** On a Postgres server (analyzed, as autovacuum keeps it): both baselines, the pairs, the whole scan. */
async function onServer(core) {
  const database = await benchDatabase('leadgate_bench_dupscan');
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await migrate(drizzle({ client: pool }), { migrationsFolder: 'db/migrations' });
  await pool.query(`insert into organizations (id, name, slug) values ($1, 'Dupscan', 'dupscan')`, [ORG]);
  const load = await timed(async () => {
    for (const statement of GENERATE) await pool.query(statement, [ORG, LEADS]);
    await pool.query('analyze leads');
  });
  const {
    rows: [{ n }],
  } = await pool.query('select count(*)::int as n from leads');
  const conn = await core.connect({ url: database.url, poolSize: 2 });
  const load0 = loadavg()[0];
  const bare = await timed(() => pool.query(BARE_JOIN, [ORG]));
  const groups = await timed(() => pool.query(BARE_GROUPS, [ORG]));
  const pairs = await timed(() => findPairs(core, conn.db));
  const scan = await timed(() => core.scanDuplicates(deps, conn.db, ORG, system));
  const load1 = loadavg()[0];
  await conn.close();
  await pool.end();
  await database.stop();
  return `Command: \`npm run bench -- dupscan\`${SCALE !== 1 ? ` with BENCH_SCALE=${SCALE}` : ''}. Machine: ${machine()}; ${database.server}.
**Taken under load**: the machine's 2 cores were shared with other people's work (load average ${load0.toFixed(1)} → ${load1.toFixed(1)}).

Dataset (generated set-based in ${s(load.ms)}): ${n} live leads in one organization — random-looking names, ~${Math.round(LEADS / 4 / 1000)}K companies plus ten large ones (2 % of leads), ${Math.round(LEADS * 0.03)} near-duplicates (one-letter typo in the last name), 1 % of leads sharing a phone kept as entered.

| step | time | result |
|---|---|---|
| baseline: bare self-join on the blocking keys (count only) | ${s(bare.ms)} | ${bare.value.rows[0].count} candidate pairs |
| baseline: bare grouping on the blocking keys (count only) | ${s(groups.ms)} | ${groups.value.rows[0].count} blocks of 2 or more |
| pairs alone (keys grouped + each fuzzy pair confirmed in core + links − dismissals) | ${s(pairs.ms)} | ${pairs.value.length} pairs |
| **whole scan** (pairs + connected components + clusters stored + audit event) | **${s(scan.ms)}** | ${scan.value.clusters} clusters |

Ratio whole scan / bare self-join: ${(scan.ms / bare.ms).toFixed(1)}×. Goal (issue 7): ≤ 10 s over 100K leads — ${LEADS >= 100_000 ? (scan.ms <= GOAL_MS ? 'met' : 'not met') : 'not answered at this scale'}.`;
}

/**
 * On embedded PGlite in a fresh directory on disk, as \`npm start\` opens it, and not analyzed: PGlite runs
 * no autovacuum, so the product's embedded database has no planner statistics either.
 */
async function onPglite(core, { name, generate, leads }) {
  const dir = mkdtempSync(join(tmpdir(), 'leadgate-bench-pglite-'));
  try {
    const conn = await core.connect({ pgliteDir: join(dir, 'pglite') });
    await conn.migrate('db/migrations');
    const client = conn.db.$client;
    await client.query(`insert into organizations (id, name, slug) values ($1, 'Dupscan', 'dupscan')`, [ORG]);
    const load = await timed(async () => {
      for (const statement of generate) await client.query(statement, [ORG, leads]);
    });
    const {
      rows: [{ n }],
    } = await client.query('select count(*)::int as n from leads');
    const load0 = loadavg()[0];
    const groups = await timed(() => client.query(BARE_GROUPS, [ORG]));
    const pairs = await timed(() => findPairs(core, conn.db));
    const scan = await timed(() => core.scanDuplicates(deps, conn.db, ORG, system));
    const load1 = loadavg()[0];
    await conn.close();
    return `| ${name} | ${n} | ${s(load.ms)} | ${s(groups.ms)} | ${s(pairs.ms)} (${pairs.value.length} pairs) | **${s(scan.ms)}** | ${scan.value.clusters} | ${(scan.ms / groups.ms).toFixed(1)}× | ${load0.toFixed(1)} → ${load1.toFixed(1)} |`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  await build({
    entryPoints: ['bench/dupscan-core.ts'],
    outfile: '.wrangler/bench-dupscan-core.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const core = await import(`../.wrangler/bench-dupscan-core.mjs?${Date.now()}`);
  const server = process.env.BENCH_DUPSCAN_SERVER === '0' ? null : await onServer(core);
  const rows = [];
  const datasets = [
    ...PGLITE_SIZES.map((leads) => ({ name: 'as above', generate: GENERATE, leads })),
    ...(NAMESAKES ? [{ name: 'namesakes', generate: GENERATE_NAMESAKES, leads: NAMESAKES }] : []),
  ];
  for (const dataset of datasets) {
    rows.push(await onPglite(core, dataset));
    console.log(rows.at(-1));
  }
  const body = `${server ?? 'Postgres server: not run (BENCH_DUPSCAN_SERVER=0).'}

### Embedded PGlite (\`npm start\`)

The same generator and service on PGlite ${JSON.parse(readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')).version} (single-threaded WASM Postgres, in this process), a fresh database on disk per size, not analyzed: PGlite runs no autovacuum, so \`npm start\`'s database has no planner statistics.

Data sets: *as above* (the server's generator at that size); *namesakes*, the demo data's shape grown to the size \`npm start\` users reported (22 people at 10 companies, every lead with its own email: blocks of ~80 namesakes, every pair of which matches the fuzzy rule exactly). Sizes: BENCH_DUPSCAN_PGLITE=${PGLITE_SIZES.join(',')}, BENCH_DUPSCAN_NAMESAKES=${NAMESAKES}.

| data set | live leads | generated in | baseline: bare grouping on the blocking keys (count only) | pairs alone | **whole scan** | clusters | whole scan / baseline | load average |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Similarity: core's Levenshtein ratio (1 − distance / longer length on the folded "first last | company"), the rule ingestion applies; not pg_trgm.`;
  console.log(body);
  writeSection(TITLE, body);
}

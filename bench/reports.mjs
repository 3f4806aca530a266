// Reports (issue 6): the four report queries of GET /api/reports/{kind} (funnel, velocity, attribution,
// reps), run through the very service the route calls (bundled with esbuild) on a real Postgres server
// with 100K leads in one organization (plus 50K in a noise organization), each next to a baseline in the
// same run: a plain `count(*)` over the same organization's leads. Data is generated set-based
// (generate_series), deterministic (hashint4 of the row number).
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { build } from 'esbuild';
import pg from 'pg';
import { benchDatabase, machine, writeSection } from './lib.mjs';

const TITLE = 'Reports: funnel, velocity, attribution, reps (issue 6)';
// BENCH_SCALE=0.1 shrinks the data for a quick smoke run (its figures do not answer the goal).
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const LEADS = Math.round(100_000 * SCALE);
const NOISE = Math.round(50_000 * SCALE);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const ORG = 'org_rep';

async function migrate(client) {
  const dir = 'db/migrations';
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    for (const statement of readFileSync(`${dir}/${file}`, 'utf8').split('--> statement-breakpoint')) {
      if (statement.trim()) await client.query(statement);
    }
  }
}

/** Leads with deterministic stages: r = hashint4(g) mod 1000 decides how far each got and how fast. */
function leadsSql(org, offset, count) {
  return `
    insert into leads (id, organization_id, last_name, source, campaign, form_id, assigned_to, status, created_at,
      contacted_at, qualified_at, lost_at, converted_at, converted_opportunity_id, last_activity_at)
    select 'lead_'||'${org}'||'_'||g, '${org}', 'L'||g,
      (array['Website Form','Referral','Event','Partner','Cold call'])[1 + g % 5], 'camp_'||(g % 12),
      case when g % 3 = 0 then null else 'frm_b'||(1 + g % 5) end,
      case when g % 10 = 0 then null else 'usr_b'||(1 + g % 20) end,
      case when r < 200 then 'NEW' when r < 300 then 'LOST' when r < 600 then 'CONTACTED' when r < 700 then 'LOST'
           else 'QUALIFIED' end::lead_status,
      c, case when r >= 300 then c + (r % 180) * interval '1 minute' end,
      case when r >= 700 then c + (r % 180) * interval '1 minute' + (r % 13) * interval '1 day' end,
      case when r between 200 and 299 then c + (r % 9) * interval '1 day'
           when r between 600 and 699 then c + (r % 11) * interval '1 day' end,
      case when r >= 900 then c + (r % 180) * interval '1 minute' + (r % 13 + 3) * interval '1 day' end,
      case when r >= 900 then 'opp_'||'${org}'||'_'||g end, c
    from (select g, abs(hashint4(g)) % 1000 as r,
            timestamptz '2026-01-01' + (g % 365) * interval '1 day' + (abs(hashint4(g + 7)) % 86400) * interval '1 second' as c
          from generate_series(${offset + 1}, ${offset + count}) g) s`;
}

async function seed(client) {
  await client.query(
    `insert into organizations (id, name, slug) values ('${ORG}', 'Bench', 'bench-rep'), ('org_noise', 'Noise', 'bench-noise')`,
  );
  await client.query(`insert into users (id, email, name, password_hash)
    select 'usr_b'||g, 'b'||g||'@bench.test', 'Rep '||g, 'x' from generate_series(1, 20) g`);
  await client.query(`insert into memberships (organization_id, user_id, role)
    select '${ORG}', 'usr_b'||g, (case when g <= 2 then 'admin' else 'member' end)::role from generate_series(1, 20) g`);
  await client.query(`insert into forms (id, organization_id, name, fields)
    select 'frm_b'||g, '${ORG}', 'Form '||g, '[]' from generate_series(1, 5) g`);
  await client.query(leadsSql(ORG, 0, LEADS));
  await client.query(
    leadsSql('org_noise', LEADS, NOISE)
      .replaceAll("'frm_b'||(1 + g % 5)", 'null')
      .replaceAll("'usr_b'||(1 + g % 20)", 'null'),
  );
  await client.query(`insert into opportunities (id, organization_id, lead_id, name, amount)
    select converted_opportunity_id, organization_id, id, 'Deal '||id, (abs(hashint4(length(id))) % 50) * 1000
    from leads where converted_opportunity_id is not null`);
  await client.query('analyze');
}

async function time(fn) {
  await fn(); // warm-up
  const ms = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], max: ms[ms.length - 1] };
}

const CASES = [
  ['funnel', 'none'],
  ['funnel', 'source'],
  ['funnel', 'rep'],
  ['velocity', 'none'],
  ['velocity', 'form'],
  ['attribution', 'source'],
  ['attribution', 'campaign'],
  ['reps', undefined],
];

export async function run() {
  const database = await benchDatabase('leadgate_bench_reports');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await migrate(client);
  const t0 = performance.now();
  await seed(client);
  const seedSeconds = (performance.now() - t0) / 1000;
  await build({
    entryPoints: ['bench/reports-entry.ts'],
    outfile: '.wrangler/bench-reports.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const { connect, runReport } = await import(`../.wrangler/bench-reports.mjs?${Date.now()}`);
  const conn = await connect({ url: database.url, poolSize: 2 });
  const load = loadavg()[0].toFixed(2);
  const baseline = await time(() =>
    client.query(`select count(*) from leads where organization_id = '${ORG}' and deleted_at is null`),
  );
  const year = {
    from: new Date('2026-01-01T00:00:00Z'),
    to: new Date('2027-01-01T00:00:00Z'),
    format: 'json',
  };
  const month = {
    from: new Date('2026-03-01T00:00:00Z'),
    to: new Date('2026-04-01T00:00:00Z'),
    format: 'json',
  };
  const rows = [];
  for (const [kind, groupBy] of CASES) {
    const whole = await time(() => runReport(conn.db, ORG, kind, { ...year, groupBy }));
    const part = await time(() => runReport(conn.db, ORG, kind, { ...month, groupBy }));
    rows.push(
      `| ${kind} | ${groupBy ?? 'rep'} | ${whole.median.toFixed(1)} / ${whole.max.toFixed(1)} | ${part.median.toFixed(1)} / ${part.max.toFixed(1)} |`,
    );
    console.log(rows.at(-1));
  }
  const check = await runReport(conn.db, ORG, 'funnel', { ...year, groupBy: 'none' });
  await conn.close();
  await client.end();
  await database.stop();
  writeSection(
    TITLE,
    `Command: \`npm run bench -- reports\`${SCALE !== 1 ? ` (BENCH_SCALE=${SCALE})` : ''}. Machine: ${machine()}; ${database.server}.
Load average when measuring: ${load} — the machine is shared (2 cores, several people building and testing at
once), so these figures are upper bounds taken under load.

Data: ${LEADS.toLocaleString('en')} leads in one organization over 2026 (20 reps, 5 forms, 5 sources, 12
campaigns; ~${Math.round((check.rows[0]?.converted ?? 0) / 1000)}K converted with opportunities) plus
${NOISE.toLocaleString('en')} in another organization; generated set-based in ${seedSeconds.toFixed(1)} s.
Each figure: median / max ms of ${REPS} runs after one warm-up, through \`runReport\` (the service behind
\`GET /api/reports/{kind}\`: one SQL statement per report) over node-postgres, without HTTP.

Baseline in the same run: \`select count(*)\` of the organization's live leads: ${baseline.median.toFixed(1)} / ${baseline.max.toFixed(1)} ms.

| report | group by | whole year (${LEADS / 1000}K leads) | one month (~${Math.round(LEADS / 12000)}K leads) |
|---|---|---|---|
${rows.join('\n')}
`,
  );
}

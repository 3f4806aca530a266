// "My tasks" (issue 19): GET /api/tasks?scope=mine&bucket=… and GET /api/tasks/summary through the Node face on
// a real Postgres server, in an organization of 500K leads with 200K tasks (~30K open) over 20 reps, beside
// the very SQL the service sent (captured through drizzle's logger, replayed raw with `pg`) and the lead
// list's first page in the same run; the plans of every query, EXPLAIN ANALYZE of the busiest rep's.
// Data is generated set-based (generate_series), deterministic (hashint4 of the row number).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import pg from 'pg';
import { benchDatabase, cpuMeter, freePort, machine, startProcess, writeSection } from './lib.mjs';

/** The list's newer sort keys measured beside its default page. */
const LIST_SORTS = ['activity', 'campaign', 'country', 'company'];
/** Whether a measured case is one of the lead list's pages (the reference rows). */
const isListCase = (c) => c.kind.startsWith('lead list page');
const TITLE = 'Tasks: My tasks at 500K leads (issue 19)';
const DB = 'leadgate_bench_tasks';
// BENCH_SCALE=0.02 shrinks the data for a quick smoke run (its figures do not answer the goal).
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const LEADS = Math.round(500_000 * SCALE);
const NOISE_LEADS = LEADS / 5; // every sixth lead row is another organization's, interleaved
const TASKS = Math.round(200_000 * SCALE);
const NOISE_TASKS = TASKS / 5;
const REPS = Number(process.env.BENCH_REPS ?? 5);
const PEOPLE = 20;
const LIMIT = '200'; // what the dashboard's "My tasks" asks for (dashboard/api/tasks.ts)
const ORG = 'org_tasks';
const NOISE = 'org_tasks_noise';
const PASSWORD = 'bench-tasks-password';
const GOAL = 100;
const INDEX = 'tasks_org_assignee_open_due_idx';
// People's own zones (null: the organization's, Europe/Prague): "today" ends at a different instant for each.
const ZONES = [null, 'Europe/Prague', 'America/New_York', 'Asia/Tokyo', 'America/Los_Angeles'];

const pct = (values, p) => {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const load1 = () => loadavg()[0].toFixed(2);
const shuffle = (list) => {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
};

// ---------------------------------------------------------------------------------------------- data

/**
 * Lead rows 1…LEADS+NOISE_LEADS, every sixth another organization's; owners skewed like the tasks below,
 * 1 % soft-deleted (their tasks stay in the table and must be left out).
 */
function leadsSql() {
  return `
    insert into leads (id, organization_id, first_name, last_name, company, assigned_to, status, score, created_at,
      last_activity_at, deleted_at)
    select 'lead_' || g, case when g % 6 = 0 then '${NOISE}' else '${ORG}' end,
      'First' || (g % 997), 'Last' || g, 'Company ' || (abs(hashint4(g + 3)) % 20000),
      case when g % 6 = 0 then 'usr_tn' || (1 + g % 3)
           when g % 9 = 0 then null
           else 'usr_t' || (1 + floor(${PEOPLE} * power((abs(hashint4(g + 11)) % 1000000) / 1e6, 1.6))::int) end,
      (array['NEW','CONTACTED','QUALIFIED','LOST'])[1 + g % 4]::lead_status, abs(hashint4(g)) % 101,
      now() - (abs(hashint4(g + 5)) % 730) * interval '1 day', now() - (abs(hashint4(g + 9)) % 90) * interval '1 day',
      case when abs(hashint4(g + 13)) % 100 = 0 then now() - interval '3 days' end
    from generate_series(1, ${LEADS + NOISE_LEADS}) g`;
}

/**
 * Tasks of the organization (t ≤ TASKS) and of the other one: 85 % done over the past year, 15 % open — of
 * the open ones ~37 % overdue (up to 60 days), ~10 % due in the next 24 hours, ~53 % later (up to 90 days).
 * Assignees skewed (rep 1 has ~15 % of them, rep 20 ~2 %), 3 % unassigned.
 */
function tasksSql() {
  // The n-th lead of the organization is row n + floor((n-1)/5) (rows 6, 12, … are the other organization's).
  return `
    insert into tasks (id, organization_id, lead_id, title, due_at, assignee_id, created_by, done_at, done_by,
      reminded_at, created_at, updated_at)
    select 'task_' || t, org, lead, case when t % 3 = 0 then null else 'Call back ' || t end, due,
      assignee, assignee, done, case when done is not null then assignee end,
      case when due < now() then due end, due - interval '3 days', coalesce(done, due - interval '3 days')
    from (
      select t, org, lead, assignee, due, case when v < 850 then due + (w % 48) * interval '1 hour' end as done
      from (
        select t, v, w, case when t <= ${TASKS} then '${ORG}' else '${NOISE}' end as org,
          case when t <= ${TASKS} then 'lead_' || (n + (n - 1) / 5) else 'lead_' || (6 * (1 + n % ${NOISE_LEADS})) end as lead,
          case when a % 100 < 3 then null
               when t > ${TASKS} then 'usr_tn' || (1 + t % 3)
               else 'usr_t' || (1 + floor(${PEOPLE} * power((a % 1000000) / 1e6, 1.6))::int) end as assignee,
          case when v < 850 then now() - interval '2 days' - (w % 365) * interval '1 day' - (f * 86400) * interval '1 second'
               when v < 905 then now() - interval '1 minute' - (f * 60) * interval '1 day'
               when v < 920 then now() + interval '1 minute' + (f * 24) * interval '1 hour'
               else now() + interval '1 day' + (f * 90) * interval '1 day' end as due
        from (
          select t, 1 + abs(hashint4(t)) % ${LEADS} as n, abs(hashint4(t * 7 + 1)) as a,
            abs(hashint4(t * 13 + 5)) % 1000 as v, abs(hashint4(t * 17 + 2)) as w,
            (abs(hashint4(t * 19 + 4)) % 1000000) / 1e6 as f
          from generate_series(1, ${TASKS + NOISE_TASKS}) t
        ) s
      ) s
    ) s`;
}

async function seed(client, hash) {
  await client.query(
    `insert into organizations (id, name, slug, timezone) values
       ('${ORG}', 'Tasks Bench', 'tasks-bench', 'Europe/Prague'), ('${NOISE}', 'Noise', 'tasks-noise', 'UTC')`,
  );
  const people = [];
  for (let n = 1; n <= PEOPLE; n++)
    people.push({ id: `usr_t${n}`, email: `t${n}@bench.test`, org: ORG, zone: ZONES[n % ZONES.length] });
  for (let n = 1; n <= 3; n++)
    people.push({ id: `usr_tn${n}`, email: `tn${n}@bench.test`, org: NOISE, zone: null });
  for (const p of people) {
    await client.query(
      'insert into users (id, email, name, password_hash, timezone) values ($1, $2, $3, $4, $5)',
      [p.id, p.email, `Rep ${p.id}`, hash, p.zone],
    );
    await client.query(`insert into memberships (organization_id, user_id, role) values ($1, $2, 'member')`, [
      p.org,
      p.id,
    ]);
  }
  const t0 = performance.now();
  await client.query(leadsSql());
  const leadsMs = performance.now() - t0;
  const t1 = performance.now();
  await client.query(tasksSql());
  const tasksMs = performance.now() - t1;
  const t2 = performance.now();
  await client.query('vacuum analyze leads, tasks');
  const vacuumMs = performance.now() - t2;
  const { rows } = await client.query(
    `select count(*)::int as tasks, count(*) filter (where done_at is null)::int as open,
            count(*) filter (where done_at is null and due_at < now())::int as overdue,
            count(*) filter (where done_at is null and due_at >= now() and due_at < now() + interval '1 day')::int as next24h,
            count(*) filter (where done_at is null and assignee_id is null)::int as unassigned,
            count(*) filter (where done_at is null and exists (select 1 from leads l where l.id = lead_id and l.deleted_at is not null))::int as "onDeleted",
            pg_size_pretty(pg_total_relation_size('tasks')) as size,
            pg_size_pretty(pg_relation_size('${INDEX}')) as "indexSize",
            (select count(*)::int from leads where organization_id = '${ORG}') as leads
       from tasks where organization_id = '${ORG}'`,
  );
  return { people: people.filter((p) => p.org === ORG), leadsMs, tasksMs, vacuumMs, ...rows[0] };
}

// ---------------------------------------------------------------------------------------------- plans

/** The plan of a query as "Node [index] › Node …" (plain EXPLAIN, not run). */
async function planShape(pool, q) {
  const { rows } = await pool.query(`explain (format json) ${q.text}`, q.values);
  const out = [];
  const walk = (node) => {
    if (!['Hash', 'Materialize', 'Memoize', 'Result'].includes(node['Node Type']))
      out.push(
        `${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : node['Relation Name'] ? ` ${node['Relation Name']}` : ''}`,
      );
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(rows[0]['QUERY PLAN'][0].Plan);
  return out.join(' › ');
}

/** EXPLAIN (ANALYZE, BUFFERS): the whole text, and its gist (plan nodes with actual time and rows). */
async function explainAnalyze(pool, q) {
  const { rows } = await pool.query(`explain (analyze, buffers) ${q.text}`, q.values);
  const lines = rows.map((row) => row['QUERY PLAN']);
  const gist = lines
    .filter(
      (l) =>
        /->|^\S|Execution Time|Heap Blocks|Rows Removed|Index Cond/.test(l) &&
        !/^\s*Buffers|Planning/.test(l),
    )
    .map((l) => l.replace(/\(cost=[^)]*\) /, '').replace(/\s+$/, ''))
    .slice(0, 16);
  return { text: lines.join('\n'), gist };
}

/** The service's main query: the tasks one (not the time zone lookup). */
const mainQuery = (queries) => queries.findLast((q) => /from "tasks"/i.test(q.text));

// ---------------------------------------------------------------------------------------------- run

export async function run() {
  const runStart = performance.now();
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
  await build({
    entryPoints: ['bench/tasks-core.ts'],
    outfile: '.wrangler/bench-tasks-core.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const core = await import(`../.wrangler/bench-tasks-core.mjs?${Date.now()}`);
  const database = await benchDatabase(DB);
  const dataDir = mkdtempSync(join(tmpdir(), 'leadgate-bench-tasks-'));
  const port = await freePort();
  const key = Buffer.alloc(32, 7).toString('base64');
  const server = await startProcess(
    process.execPath,
    ['dist/server/server.mjs'],
    {
      PORT: String(port),
      DATABASE_URL: database.url,
      LEADGATE_DATA_DIR: dataDir,
      PII_ENCRYPTION_KEYS: `1:${key}`,
      PII_INDEX_KEY: key,
      // The reminder job would scan the open tasks every minute; the scheduler is measured elsewhere.
      LEADGATE_JOBS: 'off',
    },
    'Leadgate is ready',
  );
  const base = `http://127.0.0.1:${port}`;
  const loader = new pg.Client({ connectionString: database.url });
  await loader.connect();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    console.log(`seeding ${LEADS + NOISE_LEADS} leads and ${TASKS + NOISE_TASKS} tasks…`);
    const data = await seed(loader, await core.hashPassword(PASSWORD));
    console.log({ ...data, people: data.people.length });
    const recorder = core.sqlRecorder(pool);
    console.log('signing in…');
    for (const p of data.people) {
      const res = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: p.email, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      p.cookie = res.headers
        .getSetCookie()
        .map((s) => s.split(';')[0])
        .join('; ');
    }
    let limited = 0;
    const http = async (p, path) => {
      for (;;) {
        const t = performance.now();
        const res = await fetch(base + path, { headers: { cookie: p.cookie } });
        const body = await res.text();
        const ms = performance.now() - t;
        if (res.status !== 429) {
          if (res.status !== 200) throw new Error(`GET ${path} as ${p.id}: ${res.status} ${body}`);
          return { ms, body };
        }
        limited++;
        await sleep(1000);
      }
    };
    const replay = async (queries) => {
      const t = performance.now();
      for (const q of queries) await pool.query(q.text, q.values);
      return performance.now() - t;
    };

    // Every person's three buckets (as the dashboard asks: limit 200), the next page of a bucket that has
    // one, and the summary; each checked against the service run directly, its SQL captured.
    const cases = [];
    for (const p of data.people) {
      for (const bucket of ['overdue', 'today', 'upcoming']) {
        const params = { scope: 'mine', bucket, limit: LIMIT };
        const captured = await recorder.list(ORG, p.id, params, new Date());
        const first = JSON.parse((await http(p, `/api/tasks?${new URLSearchParams(params)}`)).body);
        if (first.items.length !== captured.items)
          throw new Error(`${p.id} ${bucket}: HTTP ${first.items.length} items, service ${captured.items}`);
        cases.push({ p, kind: bucket, path: `/api/tasks?${new URLSearchParams(params)}`, ...captured });
        if (captured.nextCursor) {
          const next = { ...params, cursor: captured.nextCursor };
          const page = await recorder.list(ORG, p.id, next, new Date());
          cases.push({
            p,
            kind: `${bucket}, next page`,
            path: `/api/tasks?${new URLSearchParams(next)}`,
            ...page,
          });
        }
      }
      const summary = await recorder.summary(ORG, p.id, new Date());
      const got = JSON.parse((await http(p, '/api/tasks/summary')).body);
      if (got.overdue !== summary.overdue)
        throw new Error(`${p.id} summary: HTTP ${JSON.stringify(got)}, service ${summary.overdue}`);
      p.summary = summary;
      cases.push({ p, kind: 'summary', path: '/api/tasks/summary', ...summary });
      // The reference: the lead list's first page (GET /api/leads as the list asks it), same person, same run.
      cases.push({ p, kind: 'lead list page', path: '/api/leads?limit=50&counts=false', queries: [] });
      // The same page sorted by the list's newer columns (a header click).
      for (const sort of LIST_SORTS)
        cases.push({
          p,
          kind: `lead list page, sort=${sort}`,
          path: `/api/leads?limit=50&counts=false&sort=${sort}`,
          queries: [],
        });
    }
    console.log(`${cases.length} requests to measure…`);
    for (const c of cases) {
      c.http = [];
      c.raw = [];
      await replay(c.queries); // warm-up
    }
    for (const c of cases.filter((x) => isListCase(x))) await http(c.p, c.path);

    const load0 = load1();
    const cpu = { http: { app: 0, db: 0, n: 0 }, raw: { db: 0, n: 0 } };
    for (let round = 0; round < REPS; round++) {
      const order = shuffle(cases.filter((c) => !isListCase(c)));
      let meter = await cpuMeter(server.child.pid, loader, DB);
      for (const c of order) c.http.push((await http(c.p, c.path)).ms);
      let used = await meter();
      cpu.http.app += used.app;
      cpu.http.db += used.db;
      cpu.http.n += order.length;
      meter = await cpuMeter(server.child.pid, loader, DB);
      for (const c of order) c.raw.push(await replay(c.queries));
      used = await meter();
      cpu.raw.db += used.db;
      cpu.raw.n += order.length;
      for (const c of shuffle(cases.filter((x) => isListCase(x)))) c.http.push((await http(c.p, c.path)).ms);
    }
    const loadEnd = load1();

    // Plans: every captured tasks query's shape; EXPLAIN ANALYZE of the busiest person's.
    for (const c of cases.filter((x) => x.queries.length))
      c.plan = await planShape(pool, mainQuery(c.queries));
    const busiest = data.people.reduce((a, b) => (b.summary.overdue > a.summary.overdue ? b : a));
    const explained = [];
    for (const c of cases.filter((x) => x.p === busiest && x.queries.length))
      explained.push({
        label: `${busiest.id} — ${c.kind}`,
        ...(await explainAnalyze(pool, mainQuery(c.queries))),
      });

    const report = render({
      data,
      cases,
      cpu,
      explained,
      busiest,
      database,
      limited,
      load0,
      loadEnd,
      runStart,
    });
    if (SCALE === 1) writeSection(TITLE, report);
    else console.log(report);
    for (const e of explained) console.log(`\n== ${e.label}\n${e.text}`);
  } finally {
    await loader.end().catch(() => {});
    await pool.end().catch(() => {});
    await server.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- report

function render({ data, cases, cpu, explained, busiest, database, limited, load0, loadEnd, runStart }) {
  const kinds = ['overdue', 'today', 'upcoming', 'overdue, next page', 'upcoming, next page', 'summary'];
  const row = (label, list, n) => {
    const http = list.flatMap((c) => c.http);
    const raw = list.flatMap((c) => c.raw);
    return `| ${label} | ${n} | ${http.length} | ${f1(pct(http, 0.5))} | ${f1(pct(http, 0.95))} | ${f1(Math.max(...http))} | ${raw.length ? `${f1(pct(raw, 0.5))} | ${f1(pct(raw, 0.95))} | ${f1(Math.max(...raw))}` : '– | – | –'} |`;
  };
  const items = (list) => {
    const n = list.map((c) => c.items ?? 0);
    return `${Math.min(...n)}–${Math.max(...n)} items`;
  };
  const rows = kinds
    .map((k) => ({ k, list: cases.filter((c) => c.kind === k) }))
    .filter(({ list }) => list.length)
    .map(({ k, list }) =>
      row(
        `GET /api/tasks${k === 'summary' ? '/summary' : `?scope=mine&bucket=${k.split(',')[0]}&limit=${LIMIT}${k.includes('next') ? '&cursor=…' : ''}`}`,
        list,
        k === 'summary' ? `${list.length} people` : `${list.length} people, ${items(list)}`,
      ),
    );
  const mine = cases.filter((c) => !isListCase(c));
  const all = mine.flatMap((c) => c.http);
  const p95 = pct(all, 0.95);
  const worstKind = kinds
    .map((k) => ({
      k,
      v: pct(
        cases.filter((c) => c.kind === k).flatMap((c) => c.http),
        0.95,
      ),
    }))
    .filter((x) => Number.isFinite(x.v))
    .sort((a, b) => b.v - a.v)[0];
  const leadList = cases.filter((c) => c.kind === 'lead list page');
  const listP95 = pct(
    cases.filter(isListCase).flatMap((c) => c.http),
    0.95,
  );
  const sortedLists = LIST_SORTS.map((sort) => ({
    sort,
    http: cases.filter((c) => c.kind === `lead list page, sort=${sort}`).flatMap((c) => c.http),
  }));
  const us = (s, n) => ((s * 1e6) / Math.max(1, n)).toFixed(0);
  const planned = cases.filter((c) => c.plan);
  const onIndex = planned.filter((c) => c.plan.includes(INDEX));
  const shapes = [
    ...new Set(planned.map((c) => `${c.kind.replace(/, next page/, ' (next page)')}: ${c.plan}`)),
  ];
  const per = [...data.people]
    .sort((a, b) => b.summary.overdue - a.summary.overdue)
    .map((p) => {
      const of = (k) => cases.find((c) => c.p === p && c.kind === k);
      const open = ['overdue', 'today', 'upcoming'].map((k) => of(k)?.items ?? 0);
      const http = cases.filter((c) => c.p === p && !isListCase(c)).flatMap((c) => c.http);
      return `| ${p.id} | ${p.summary.timeZone} | ${p.summary.overdue} | ${p.summary.today} | ${open.join(' / ')} | ${f1(pct(http, 0.5))} | ${f1(pct(http, 0.95))} | ${f1(Math.max(...http))} |`;
    });
  return `Machine: ${machine()}; database: ${database.server}, a fresh database, default settings.
Command: \`npm run bench -- tasks\` (${((performance.now() - runStart) / 1000).toFixed(0)} s end to end). Load average (1 min) ${load0} when measuring began, ${loadEnd} at its end.
Requests one at a time (latency, not throughput) through the Node face (\`dist/server/server.mjs\`, pool of 20, scheduler
off), each person signed in by session cookie and asking for their own tasks as the dashboard does (\`limit=200\`)${limited ? `; ${limited} answers were 429 and retried` : ''}.
Baseline: the SQL the service sent for that very request (captured through drizzle's logger from
edge/services/tasks/my-tasks.ts, the time zone lookup included) replayed raw with \`pg\` in the same round; and the lead
list's first page (\`GET /api/leads?limit=50&counts=false\`) for the same people in the same rounds. Every request
${REPS} times after one warm-up, in a shuffled order each round.

Dataset (set-based, deterministic): one organization of ${data.leads.toLocaleString('en')} leads (1 % soft-deleted) and another of
${NOISE_LEADS.toLocaleString('en')}, their rows interleaved; ${data.tasks.toLocaleString('en')} tasks in the first (plus ${NOISE_TASKS.toLocaleString('en')} in the other): ${data.open.toLocaleString('en')} open — ${data.overdue.toLocaleString('en')} overdue
(up to 60 days), ${data.next24h.toLocaleString('en')} due in the next 24 hours, the rest up to 90 days ahead; ${data.unassigned.toLocaleString('en')} open ones
unassigned, ${data.onDeleted.toLocaleString('en')} on deleted leads — and the rest done over the past year. ${PEOPLE} people with skewed loads
(the busiest ~15 % of the tasks, the least ~2 %), in five time zones (their "today" ends at different instants).
Leads in ${(data.leadsMs / 1000).toFixed(0)} s, tasks in ${(data.tasksMs / 1000).toFixed(0)} s, VACUUM ANALYZE ${(data.vacuumMs / 1000).toFixed(0)} s; tasks table ${data.size}, \`${INDEX}\` ${data.indexSize}.

| request | asked for | n | HTTP p50 ms | p95 | max | raw SQL p50 | p95 | max |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
| all "My tasks" requests above | | ${all.length} | ${f1(pct(all, 0.5))} | ${f1(p95)} | ${f1(Math.max(...all))} | ${f1(
    pct(
      mine.flatMap((c) => c.raw),
      0.5,
    ),
  )} | ${f1(
    pct(
      mine.flatMap((c) => c.raw),
      0.95,
    ),
  )} | ${f1(Math.max(...mine.flatMap((c) => c.raw)))} |
| GET /api/leads?limit=50&counts=false (reference) | ${leadList.length} people | ${leadList.flatMap((c) => c.http).length} | ${f1(
    pct(
      leadList.flatMap((c) => c.http),
      0.5,
    ),
  )} | ${f1(
    pct(
      leadList.flatMap((c) => c.http),
      0.95,
    ),
  )} | ${f1(Math.max(...leadList.flatMap((c) => c.http)))} | – | – | – |
${sortedLists
  .map(
    (l) =>
      `| GET /api/leads?limit=50&counts=false&sort=${l.sort} | ${leadList.length} people | ${l.http.length} | ${f1(pct(l.http, 0.5))} | ${f1(pct(l.http, 0.95))} | ${f1(Math.max(...l.http))} | – | – | – |`,
  )
  .join('\n')}

Ratios: "My tasks" HTTP p50 / lead list page p50 ${(
    pct(all, 0.5) /
      pct(
        leadList.flatMap((c) => c.http),
        0.5,
      )
  ).toFixed(2)}; HTTP p50 / raw SQL p50 ${(
    pct(all, 0.5) /
      pct(
        mine.flatMap((c) => c.raw),
        0.5,
      )
  ).toFixed(1)}.
CPU per "My tasks" request (from /proc, which holds on a busy machine): Node server ${us(cpu.http.app, cpu.http.n)} µs, Postgres (the
backends serving the bench database) ${us(cpu.http.db, cpu.http.n)} µs; the raw replay of the same SQL: Postgres ${us(cpu.raw.db, cpu.raw.n)} µs.
Goal (issue 19): "My tasks" p95 ≤ ${GOAL} ms at 500K leads — ${p95 <= GOAL ? 'met' : '**NOT met**'} (${f1(p95)} ms over all its requests; worst kind ${worstKind.k}, p95 ${f1(worstKind.v)} ms).
Goal (issue 19): the list with the new columns at 500K leads p95 ≤ ${GOAL} ms — ${listP95 <= GOAL ? 'met' : '**NOT met**'} (${f1(listP95)} ms over every list page above: default order and each newer sort; each page carries the campaign, country, custom fields, last activity and next task due).

Per person (busiest first; open = the items of the first page of each bucket, at most ${LIMIT}; HTTP over all their requests):

| person | zone | overdue | due later today | open overdue / today / upcoming (page) | HTTP p50 | p95 | max |
| --- | --- | --- | --- | --- | --- | --- | --- |
${per.join('\n')}

Plans: ${onIndex.length} of ${planned.length} tasks queries use \`${INDEX}\` (the partial index on open tasks). Shapes:
${shapes.map((s) => `- ${s}`).join('\n')}

EXPLAIN (ANALYZE, BUFFERS) of the busiest person's queries (${busiest.id}, ${busiest.summary.overdue} overdue; gist, full plans in the console output):

\`\`\`
${explained.map((e) => `${e.label}\n${e.gist.map((g) => `  ${g}`).join('\n')}`).join('\n\n')}
\`\`\``;
}

// SDR workspace (issue 5): GET /api/leads search and filters and GET /api/leads/{id} through the Node face on
// a real Postgres server at 100K and 500K leads in one organization (plus two noise organizations of 50K),
// each request next to the very SQL the service sent (captured through drizzle's logger, replayed raw with
// `pg`) in the same run; EXPLAIN ANALYZE of the slowest searches; the dashboard's initial JS, gzipped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import pg from 'pg';
import { benchDatabase, freePort, machine, startProcess, writeSection } from './lib.mjs';
import { INSERT_SQL, insertParams, leadGenerator, rng } from './search-data.mjs';

const TITLE = 'SDR workspace: search, filters, lead detail (issue 5)';
const SEED = 20261105;
const BATCH = 10_000;
const REPS = Number(process.env.BENCH_REPS ?? 5);
const CALLERS = 40; // the API allows 100 requests a minute per user: requests rotate over this many SDRs
const PASSWORD = 'bench-search-password';
const TARGET = 'org_sdr';
const NOISE = ['org_noise_a', 'org_noise_b'];
// BENCH_SCALE=0.1 shrinks every phase for a quick smoke run (its figures do not answer the goals).
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PHASES = [
  { target: 100_000 * SCALE, noise: 50_000 * SCALE },
  { target: 400_000 * SCALE, noise: 0 },
].map((p, i, all) => ({ ...p, label: `${all.slice(0, i + 1).reduce((s, x) => s + x.target, 0) / 1000}K` }));
const GOALS = { search100: 50, search500: 100, detail: 30, dashboardGzip: 80 * 1024, global500: 100 };
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------- figures

const pct = (values, p) => {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const shuffle = (list, r) => {
  for (let i = list.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
};
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

// ------------------------------------------------------------------------------------- CPU of others

/** CPU ticks per process and in total from /proc, to tell how much CPU other processes took meanwhile. */
function cpuSnapshot() {
  const procs = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 80);
      procs.set(Number(pid), { comm, cmd, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {}
  }
  // user, nice, system, irq, softirq (not idle, iowait, steal, or guest, which user already counts)
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { at: performance.now(), procs, busy: cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] };
}

/** Ticks between two snapshots: ours (this process, the server, Postgres) and everyone else's. */
function cpuReport(a, b, ours) {
  const HZ = 100;
  const seconds = (b.at - a.at) / 1000;
  let mine = 0;
  const others = [];
  for (const [pid, p] of b.procs) {
    const d = p.ticks - (a.procs.get(pid)?.ticks ?? 0);
    if (d <= 0) continue;
    if (ours.has(pid) || p.comm === 'postgres') mine += d;
    else others.push({ name: p.cmd || p.comm, s: d / HZ });
  }
  const busy = (b.busy - a.busy) / HZ;
  const other = Math.max(0, busy - mine / HZ);
  others.sort((x, y) => y.s - x.s);
  return {
    seconds,
    busy,
    other,
    share: other / (seconds * cpus().length),
    top: others.slice(0, 3).filter((o) => o.s >= 0.5),
  };
}

// ---------------------------------------------------------------------------------------------- dashboard

function dashboardSize() {
  try {
    execFileSync('npm', ['run', 'build:dashboard', '--silent'], { stdio: 'inherit' });
  } catch (error) {
    return { error: `npm run build:dashboard failed: ${String(error.message).split('\n')[0]}` };
  }
  const html = readFileSync('dist/public/app/index.html', 'utf8');
  const srcs = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]),
  ];
  const files = [...new Set(srcs)].map((src) => {
    const bytes = readFileSync(join('dist/public', src.replace(/^\//, '')));
    return { src, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const all = readdirSync('dist/public/app/assets').filter((f) => f.endsWith('.js'));
  return {
    files,
    raw: files.reduce((s, f) => s + f.raw, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
    lazyChunks: all.length - files.length,
  };
}

// ---------------------------------------------------------------------------------------------- arrange

async function arrange(db, core) {
  const hash = await core.hashPassword(PASSWORD);
  const orgs = [
    [TARGET, 'SDR Bench s.r.o.', 'sdr-bench', 'CZ'],
    [NOISE[0], 'Noise A GmbH', 'noise-a', 'DE'],
    [NOISE[1], 'Noise B Inc.', 'noise-b', 'US'],
  ];
  for (const [id, name, slug, country] of orgs)
    await db.query('insert into organizations (id, name, slug, default_country) values ($1, $2, $3, $4)', [
      id,
      name,
      slug,
      country,
    ]);
  const user = async (id, email, name, org, role) => {
    await db.query('insert into users (id, email, name, password_hash) values ($1, $2, $3, $4)', [
      id,
      email,
      name,
      hash,
    ]);
    await db.query('insert into memberships (organization_id, user_id, role) values ($1, $2, $3)', [
      org,
      id,
      role,
    ]);
  };
  const reps = {};
  for (const org of [TARGET, ...NOISE]) {
    reps[org] = [];
    for (let n = 1; n <= (org === TARGET ? 6 : 3); n++) {
      const id = `usr_${org.replace('org_', '')}_rep${n}`;
      await user(
        id,
        `${id}@bench.test`,
        ['Jana Dvořáková', 'Jürgen Groß', 'Олена Коваленко', 'Emily Clark', 'Tomáš Kříž', '佐藤 健'][n - 1],
        org,
        'member',
      );
      reps[org].push(id);
    }
  }
  const callers = [];
  for (let n = 1; n <= CALLERS; n++) {
    const id = `usr_sdr${n}`;
    await user(id, `sdr${n}@bench.test`, `SDR ${n}`, TARGET, 'admin');
    callers.push({ id, email: `sdr${n}@bench.test` });
  }
  return { reps, callers };
}

/** Bulk-loads one phase: batches of 10K rows, each generated while the previous one is being inserted. */
async function load(client, gen, reps, phase, now, sample) {
  const total = phase.target + 2 * phase.noise;
  const pattern = phase.noise
    ? [TARGET, NOISE[0], TARGET, NOISE[1]] // interleaved, as tenants' rows are in a shared table
    : [TARGET];
  const orgFor = (i) => {
    const id = pattern[i % pattern.length];
    return { id, users: reps[id] };
  };
  const started = performance.now();
  let pending = null;
  for (let offset = 0; offset < total; offset += BATCH) {
    const count = Math.min(BATCH, total - offset);
    const rows = [];
    for (let k = 0; k < count; k += 1000) {
      rows.push(
        ...gen.batch(
          orgFor,
          Math.min(1000, count - k),
          now - 730 * DAY,
          now,
          offset + k,
          total,
          phase.noise ? TARGET : null,
        ),
      );
      await tick(); // let the previous batch's insert stream out meanwhile
    }
    for (const row of rows)
      if (row.organization_id === TARGET) {
        sample.ids.push(row.id);
        if (sample.contacts.length < 5000 && gen.random() < 0.02)
          sample.contacts.push({ id: row.id, email: row._email, phone: row._phone });
      }
    if (pending) await pending;
    pending = client.query(INSERT_SQL, insertParams(rows));
  }
  await pending;
  const insertMs = performance.now() - started;
  const t = performance.now();
  await client.query('vacuum analyze leads');
  return { rows: total, insertMs, vacuumMs: performance.now() - t };
}

/**
 * Converts one lead in 20 of the target organization not converted yet: an account per company (name
 * as the lead has it), a contact with the lead's sealed email and phone (same organization and field, so
 * the same ciphertext and blind index), and an opportunity — the CRM side the app-wide search reads.
 */
async function convertShare(client) {
  const t = performance.now();
  await client.query('begin');
  await client.query(
    `create temp table picked on commit drop as
       select l.id, l.first_name, l.last_name, l.company, l.email_ciphertext, l.email_index, l.phone_ciphertext,
              l.phone_index, 'acc_' || md5(coalesce(l.company, l.last_name)) as account_id
         from leads l
        where l.organization_id = $1 and abs(hashtext(l.id)) % 20 = 0
          and not exists (select 1 from contacts c where c.lead_id = l.id)`,
    [TARGET],
  );
  await client.query(
    `insert into accounts (id, organization_id, name, name_key)
       select distinct on (account_id) account_id, $1, coalesce(company, last_name), lower(coalesce(company, last_name))
         from picked
     on conflict (id) do nothing`,
    [TARGET],
  );
  await client.query(
    `insert into contacts (id, organization_id, account_id, lead_id, first_name, last_name,
                           email_ciphertext, email_index, phone_ciphertext, phone_index)
       select 'ctc_' || id, $1, account_id, id, first_name, last_name,
              email_ciphertext, email_index, phone_ciphertext, phone_index
         from picked`,
    [TARGET],
  );
  await client.query(
    `insert into opportunities (id, organization_id, account_id, contact_id, lead_id, name)
       select 'opp_' || id, $1, account_id, 'ctc_' || id, id,
              coalesce(company, last_name) || ' - ' || concat_ws(' ', first_name, last_name)
         from picked`,
    [TARGET],
  );
  await client.query('commit');
  await client.query('vacuum analyze accounts, contacts, opportunities');
  const { rows } = await client.query(
    `select (select count(*) from accounts)::int as accounts, (select count(*) from contacts)::int as contacts,
            (select count(*) from opportunities)::int as opportunities`,
  );
  return { ...rows[0], ms: performance.now() - t };
}

// ---------------------------------------------------------------------------------------------- terms

/**
 * 30 search terms of 3–6 letters drawn from the target organization's names and companies: common and
 * unselective fragments, rare ones, accented words typed without (and a few with) accents, Cyrillic,
 * Japanese, and two typos (a letter changed in a rare word: the no-match case).
 */
function chooseTerms(words, r) {
  // Words as typed: Ukrainian company names lose their «» quotes; anything else with punctuation is left out.
  const entries = [...words.entries()]
    .map(([w, e]) => ({ w: w.replace(/[«»]/g, ''), display: e.display.replace(/[«»]/g, ''), n: e.n }))
    .filter((e) => /^\p{L}+$/u.test(e.w));
  const latin = (e) => /^[a-zß]+$/.test(e.w);
  const cyr = (e) => /^[\u0400-\u04ff]+$/.test(e.w);
  const cjk = (e) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(e.w);
  const accented = (e) =>
    latin(e) && e.display.normalize('NFD') !== e.display && e.display.length === e.w.length;
  const chars = (s) => [...s];
  const sub = (s, min = 3, max = 6, cover = -1) => {
    const cs = chars(s);
    const len = Math.min(cs.length, min + r.int(max - min + 1));
    let start = r.int(cs.length - len + 1);
    if (cover >= 0) start = Math.max(0, Math.min(cs.length - len, cover - r.int(len)));
    return cs.slice(start, start + len).join('');
  };
  const terms = [];
  const seen = new Set();
  const add = (kind, text) => {
    const key = text
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
    if (chars(text).length < 3 || chars(text).length > 6 || seen.has(key)) return false;
    seen.add(key);
    terms.push({ kind, text });
    return true;
  };
  const fill = (kind, count, pool, make) => {
    for (let tries = 0, got = 0; got < count && tries < 500 && pool.length; tries++)
      if (add(kind, make(r.pick(pool)))) got++;
  };
  const byCount = entries.filter((e) => e.w.length >= 3).sort((a, b) => b.n - a.n);
  const common = byCount.filter((e) => latin(e) && e.n >= 300 * SCALE);
  fill('common', 7, common, (e) => sub(e.w));
  fill(
    'unselective suffix',
    3,
    byCount.filter((e) => latin(e) && e.n >= 100 * SCALE && e.w.length >= 5),
    (e) => e.w.slice(-3),
  );
  fill(
    'rare',
    6,
    entries.filter((e) => (latin(e) || cyr(e)) && e.n <= 5 && e.w.length >= 6),
    (e) => sub(e.w, 4),
  );
  const acc = entries.filter(accented);
  const coverAccent = (e) => chars(e.display).findIndex((c, i) => c !== chars(e.w)[i]);
  fill('accent typed without', 5, acc, (e) => sub(e.w, 3, 6, coverAccent(e)));
  fill('typed with accents', 2, acc, (e) => sub(e.display, 4, 6, coverAccent(e)));
  fill(
    'Cyrillic',
    2,
    entries.filter((e) => cyr(e) && e.n >= 100 * SCALE),
    (e) => sub(e.display, 4),
  );
  fill(
    'Cyrillic',
    2,
    entries.filter((e) => cyr(e) && e.n < 100 * SCALE && e.w.length >= 5),
    (e) => sub(e.display, 4),
  );
  fill(
    'Japanese',
    1,
    entries.filter((e) => cjk(e) && chars(e.w).length >= 3),
    (e) => sub(e.display, 3, 4),
  );
  fill(
    'typo (no match)',
    2,
    entries.filter((e) => latin(e) && e.n <= 5 && e.w.length >= 6),
    (e) => {
      const s = chars(sub(e.w, 5, 6));
      s[2] = r.pick(['q', 'x', 'z', 'j', 'w']);
      return s.join('');
    },
  );
  return terms;
}

const SHORT = 'two letters';

/**
 * Two-letter searches (word starts: trigrams cannot narrow them): the two most common names' starts, and
 * one rare start (some dozens of words), which a walk down the score index does not answer in one page.
 */
function shortTerms(words, prefixes) {
  const starts = new Map();
  for (const [w, e] of words)
    if (/^[a-z]{3,}$/.test(w)) starts.set(w.slice(0, 2), (starts.get(w.slice(0, 2)) ?? 0) + e.n);
  const rare = [...starts.entries()]
    .filter(([p, n]) => n >= 20 * SCALE && !prefixes.includes(p))
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  return [...prefixes, ...(rare ? [rare] : [])].map((text) => ({ kind: SHORT, text }));
}

/** A search beside filters and another sort: the planner must still start from the trigram index. */
function combos(terms, rep) {
  const of = (kind) => terms.find((t) => t.kind === kind).text;
  return [
    {
      label: `q=${of('common')} & status=NEW, sort=created`,
      params: { q: of('common'), status: 'NEW', sort: 'created' },
    },
    {
      label: `q=${of('rare')} & assignee=rep1, sort=activity`,
      params: { q: of('rare'), assignee: rep[0], sort: 'activity' },
    },
    {
      label: `q=${of('Cyrillic')} & tags=hot, sort=name`,
      params: { q: of('Cyrillic'), tags: 'hot', sort: 'name' },
    },
  ];
}

// ---------------------------------------------------------------------------------------------- plans

// The counts queries count (capped, so they have a LIMIT too); the rows query orders and limits.
const isCounts = (q) => /\bcount\(\*\)/i.test(q.text);
// The EXPLAIN with which a text search asks the planner whether to walk the sort index counts as part of the rows
// query's work (it runs right before it, in the same sequence).
const isRows = (q) => !isCounts(q) && /\border by\b/i.test(q.text) && /\blimit\b/i.test(q.text);
/** The organization's share of the table, which the service caches for a minute: not replayed. */
const isCached = (q) => /\bpg_stats\b/.test(q.text);
/** The counts' total as the "All" tab shows it: "4000+" when a status reached the count limit. */
const shownTotal = (page) => {
  if (!page.counts) return '–';
  const counts = Object.values(page.counts);
  const capped = counts.some((n) => n >= (page.countLimit ?? Number.POSITIVE_INFINITY));
  return `${counts.reduce((a, b) => a + b, 0)}${capped ? '+' : ''}`;
};
/** The rows query the service ran last: a guarded search's fallback when it needed one. */
const rowsQuery = (l) => l.queries.findLast(isRows);
/** The counts query the service ran last: the per-status one when the sample asked for it. */
const countsQuery = (l) => l.queries.findLast(isCounts);

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
      (l) => /->|^\S|Execution Time|Heap Blocks|Rows Removed/.test(l) && !/^\s*Buffers|Planning/.test(l),
    )
    .map((l) => l.replace(/\(cost=[^)]*\) /, '').replace(/\s+$/, ''))
    .slice(0, 14);
  return { text: lines.join('\n'), gist };
}

// ---------------------------------------------------------------------------------------------- measure

async function measure({
  phase,
  base,
  callers,
  recorder,
  pool,
  terms,
  prefixes,
  filters,
  rep,
  sample,
  r,
  now,
}) {
  let turn = 0;
  let limited = 0;
  const http = async (path) => {
    for (;;) {
      const caller = callers[turn++ % callers.length];
      const t = performance.now();
      const res = await fetch(base + path, { headers: { cookie: caller.cookie } });
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 429) return { status: res.status, ms, body };
      limited++;
    }
  };
  // The dashboard asks for a page (`counts=false`) and for its counts (GET /api/leads/counts) side by side; the
  // replay times each request's SQL on its own: anything else first (the phone search's organization lookup),
  // then the rows queries (a planned or guarded search may send an EXPLAIN, a bounded walk, then the trigram
  // path) or the counts queries (a sample, then the statuses it left under the limit), one after the other.
  const replay = async (queries, part) => {
    const t = performance.now();
    for (const q of queries.filter((x) => !isRows(x) && !isCounts(x) && !isCached(x)))
      await pool.query(q.text, q.values);
    for (const q of queries.filter(part)) await pool.query(q.text, q.values);
    return performance.now() - t;
  };
  const caller = callers[0];

  const lists = [
    ...terms.map((t) => ({
      kind: 'search',
      label: t.text,
      category: t.kind,
      params: { q: t.text, limit: '50' },
    })),
    ...filters.map((f) => ({ kind: 'filter', label: f.label, params: { ...f.params, limit: '50' } })),
    ...combos(terms, rep).map((f) => ({
      kind: 'combo',
      label: f.label,
      params: { ...f.params, limit: '50' },
    })),
  ];
  const contacts = shuffle([...sample.contacts], r);
  for (const c of contacts.slice(0, 20))
    lists.push({ kind: 'email', label: c.email, params: { q: c.email, limit: '50' }, expect: c.id });
  for (const c of contacts.filter((x) => x.phone).slice(20, 30))
    lists.push({ kind: 'phone', label: c.phone, params: { q: c.phone, limit: '50' }, expect: c.id });
  const one = (kind) => lists.filter((l) => l.kind === kind).length;

  for (const l of lists) {
    const captured = await recorder.list(TARGET, caller.id, l.params, now());
    l.queries = captured.queries;
    l.http = [];
    l.raw = [];
    l.rawRows = [];
    l.rawCounts = [];
    l.httpCounts = [];
    const first = await http(`/api/leads?${new URLSearchParams(l.params)}`); // warm-up, and the check
    if (first.status !== 200)
      throw new Error(`GET /api/leads ${JSON.stringify(l.params)}: ${first.status} ${first.body}`);
    const json = JSON.parse(first.body);
    l.items = json.items.length;
    l.matches = shownTotal(json);
    if (l.items !== captured.items) throw new Error(`HTTP and service disagree for ${l.label}`);
    if (l.expect && (json.items.length !== 1 || json.items[0].id !== l.expect))
      throw new Error(`exact ${l.kind} search ${l.label} did not find exactly its lead`);
    await replay(l.queries, isRows);
    await replay(l.queries, isCounts);
  }
  const searchStart = performance.now();
  for (let rep = 0; rep < REPS; rep++) {
    const order = shuffle([...lists], r);
    for (const l of order) {
      const h = await http(`/api/leads?${new URLSearchParams({ ...l.params, counts: 'false' })}`);
      if (h.status !== 200) throw new Error(`${l.label}: ${h.status}`);
      l.http.push(h.ms);
      const { limit: _limit, ...filter } = l.params;
      const c = await http(`/api/leads/counts?${new URLSearchParams(filter)}`);
      if (c.status !== 200) throw new Error(`${l.label} counts: ${c.status}`);
      l.httpCounts.push(c.ms);
      const rows = await replay(l.queries, isRows);
      l.raw.push(rows);
      l.rawRows.push(rows);
      if (l.queries.some(isCounts)) l.rawCounts.push(await replay(l.queries, isCounts));
    }
  }
  const listSeconds = (performance.now() - searchStart) / 1000;

  // The app-wide search box (GET /api/search, 5 per group) for every search term, email and phone, each
  // beside the lead list's page of 5 for the same q (the leads group alone) in the same turn.
  const globals = lists.filter((l) => l.kind === 'search' || l.kind === 'email' || l.kind === 'phone');
  for (const l of globals) {
    l.global = [];
    l.globalBase = [];
    const first = await http(`/api/search?${new URLSearchParams({ q: l.params.q })}`);
    if (first.status !== 200) throw new Error(`GET /api/search ${l.label}: ${first.status} ${first.body}`);
    const json = JSON.parse(first.body);
    l.globalHits = ['accounts', 'contacts', 'opportunities'].map((g) => json[g].items.length);
    if (l.expect && json.leads.items[0]?.id !== l.expect)
      throw new Error(`app-wide ${l.kind} search ${l.label} did not find its lead`);
  }
  for (let rep = 0; rep < REPS; rep++)
    for (const l of shuffle([...globals], r)) {
      const g = await http(`/api/search?${new URLSearchParams({ q: l.params.q })}`);
      if (g.status !== 200) throw new Error(`${l.label} app-wide: ${g.status}`);
      l.global.push(g.ms);
      const b = await http(
        `/api/leads?${new URLSearchParams({ q: l.params.q, limit: '5', counts: 'false' })}`,
      );
      if (b.status !== 200) throw new Error(`${l.label} page of 5: ${b.status}`);
      l.globalBase.push(b.ms);
    }

  // Lead detail: 100 random ids of the target organization, each read once (after 5 warm-up reads), the
  // service's query captured once and replayed with each id; HTTP first for even ids, raw first for odd ones,
  // so neither always finds the row already cached by the other.
  const ids = [];
  for (let i = 0; i < 105; i++) ids.push(sample.ids[r.int(sample.ids.length)]);
  const detailSql = (await recorder.detail(TARGET, ids[0])).queries;
  const detail = { http: [], raw: [] };
  for (const [i, id] of ids.entries()) {
    const queries = detailSql.map((q) => ({
      text: q.text,
      values: q.values.map((v) => (v === ids[0] ? id : v)),
    }));
    const all = (q) => isRows(q) || isCounts(q);
    const rawFirst = i % 2 === 1 ? await replay(queries, all) : null;
    const h = await http(`/api/leads/${id}`);
    if (h.status !== 200) throw new Error(`GET /api/leads/${id}: ${h.status} ${h.body}`);
    const raw = rawFirst ?? (await replay(queries, all));
    if (i < 5) {
      const captured = await recorder.detail(TARGET, id);
      if (JSON.parse(h.body).email !== captured.email || !captured.email)
        throw new Error(`lead ${id}: the API's email differs from the sealed one`);
      continue;
    }
    detail.http.push(h.ms);
    detail.raw.push(raw);
  }
  detail.query = detailSql[0];

  // Guard probes (not in the figures): a single letter is refused; two letters match as word starts.
  const probes = [];
  for (const q of ['a', ...prefixes]) {
    const times = [];
    let status = 0;
    let matches = '–';
    for (let i = 0; i < 3; i++) {
      const h = await http(`/api/leads?${new URLSearchParams({ q, limit: '50' })}`);
      status = h.status;
      if (h.status === 200) {
        const json = JSON.parse(h.body);
        matches = shownTotal(json);
      }
      times.push(h.ms);
    }
    probes.push({ q, status, matches, p50: pct(times, 0.5) });
  }

  // Plans: the shape of every list query's rows query, and EXPLAIN ANALYZE of the three slowest searches.
  for (const l of lists.filter((x) => x.kind === 'search' || x.kind === 'filter' || x.kind === 'combo'))
    l.plan = await planShape(pool, rowsQuery(l));
  const slowest = lists
    .filter((l) => l.kind === 'search')
    .sort((a, b) => pct(b.http, 0.5) - pct(a.http, 0.5))
    .slice(0, 3);
  const explained = [];
  for (const l of slowest) {
    const rows = await explainAnalyze(pool, rowsQuery(l));
    const counts = await explainAnalyze(pool, countsQuery(l));
    explained.push({ label: l.label, matches: l.matches, rows, counts });
  }
  const slowFilter = lists
    .filter((l) => l.kind === 'filter')
    .sort((a, b) => pct(b.http, 0.5) - pct(a.http, 0.5))[0];
  const landing = lists.find((l) => l.kind === 'filter' && !Object.keys(l.params).some((k) => k !== 'limit'));
  explained.push({
    label: `the default list (${landing.label})`,
    matches: landing.matches,
    rows: await explainAnalyze(pool, rowsQuery(landing)),
    counts: await explainAnalyze(pool, countsQuery(landing)),
  });
  for (const kind of ['email', 'phone']) {
    const l = lists.find((x) => x.kind === kind);
    explained.push({
      label: `exact ${kind} (${l.label})`,
      matches: l.matches,
      rows: await explainAnalyze(pool, rowsQuery(l)),
      counts: await explainAnalyze(pool, countsQuery(l)),
    });
  }
  explained.push({
    label: `filter: ${slowFilter.label}`,
    matches: slowFilter.matches,
    rows: await explainAnalyze(pool, rowsQuery(slowFilter)),
    counts: await explainAnalyze(pool, countsQuery(slowFilter)),
  });

  const kinds = {};
  for (const kind of ['search', 'filter', 'combo', 'email', 'phone']) {
    const ls = lists.filter((l) => l.kind === kind);
    kinds[kind] = {
      n: ls.length,
      http: ls.flatMap((l) => l.http),
      raw: ls.flatMap((l) => l.raw),
      httpCounts: ls.flatMap((l) => l.httpCounts),
      rows: ls.flatMap((l) => l.rawRows),
      counts: ls.flatMap((l) => l.rawCounts),
    };
  }
  const categories = {};
  for (const l of lists.filter((x) => x.kind === 'search')) {
    categories[l.category] ??= { http: [], raw: [], httpCounts: [], counts: [] };
    categories[l.category].http.push(...l.http);
    categories[l.category].raw.push(...l.raw);
    categories[l.category].httpCounts.push(...l.httpCounts);
    categories[l.category].counts.push(...l.rawCounts);
  }
  kinds.detail = { n: ids.length - 5, http: detail.http, raw: detail.raw };
  const global = {};
  for (const kind of ['search', 'email', 'phone']) {
    const ls = globals.filter((l) => l.kind === kind);
    global[kind] = {
      n: ls.length,
      http: ls.flatMap((l) => l.global),
      base: ls.flatMap((l) => l.globalBase),
      crmHits: ls.filter((l) => l.globalHits.some((n) => n > 0)).length,
    };
  }
  return {
    global,
    phase: phase.label,
    lists,
    kinds,
    categories,
    detail,
    probes,
    explained,
    limited,
    listSeconds,
    one,
  };
}

// ---------------------------------------------------------------------------------------------- run

export async function run() {
  const runStart = performance.now();
  const dashboard = dashboardSize();
  const database = await benchDatabase('leadgate_bench_search');
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
  await build({
    entryPoints: ['bench/search-core.ts'],
    outfile: '.wrangler/bench-search-core.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const core = await import(`../.wrangler/bench-search-core.mjs?${Date.now()}`);
  const cpu0 = cpuSnapshot(); // after the builds, which are this benchmark's own
  const dataDir = mkdtempSync(join(tmpdir(), 'leadgate-bench-search-'));
  const port = await freePort();
  const encryption = Buffer.alloc(32, 11);
  const index = Buffer.alloc(32, 13);
  const server = await startProcess(
    process.execPath,
    ['dist/server/server.mjs'],
    {
      PORT: String(port),
      DATABASE_URL: database.url,
      LEADGATE_DATA_DIR: dataDir,
      PII_ENCRYPTION_KEYS: `1:${encryption.toString('base64')}`,
      PII_INDEX_KEY: index.toString('base64'),
      // The scheduler catches up its jobs at start: the weekly duplicate scan then ran through the whole
      // measurement on a core of its own (seen: one query of 5+ minutes over the 500K organization).
      LEADGATE_JOBS: 'off',
    },
    'Leadgate is ready',
  );
  const base = `http://127.0.0.1:${port}`;
  const ours = new Set([process.pid, server.child.pid]);
  const loader = new pg.Client({ connectionString: database.url });
  await loader.connect();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  try {
    const vault = await core.PiiVault.create(
      core.parsePiiKeyMaterial(`1:${encryption.toString('base64')}`, index.toString('base64')),
    );
    const recorder = core.sqlRecorder(pool, vault);
    const { reps, callers } = await arrange(loader, core);
    const nowMs = Date.now();
    const gen = leadGenerator({ core, seed: SEED, now: nowMs, keys: { encryption, index } });
    const sample = { ids: [], contacts: [] };
    const r = rng(SEED + 1);

    for (const c of callers) {
      const res = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: c.email, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      c.cookie = res.headers
        .getSetCookie()
        .map((s) => s.split(';')[0])
        .join('; ');
    }
    const rep = reps[TARGET];
    const filters = [
      { label: 'no filter (default: score)', params: {} },
      { label: 'status=NEW', params: { status: 'NEW' } },
      {
        label: 'status=CONTACTED,QUALIFIED & assignee=rep2, sort=activity',
        params: { status: 'CONTACTED,QUALIFIED', assignee: rep[1], sort: 'activity' },
      },
      { label: 'assignee=unassigned, sort=created', params: { assignee: 'unassigned', sort: 'created' } },
      { label: 'score 60–80, sort=score asc', params: { scoreMin: '60', scoreMax: '80', order: 'asc' } },
      { label: 'tags=enterprise', params: { tags: 'enterprise' } },
      {
        label: 'tags=vip,renewal & status=NEW, sort=created',
        params: { tags: 'vip,renewal', status: 'NEW', sort: 'created' },
      },
      {
        label: 'stale=30 & status=CONTACTED, sort=activity',
        params: { stale: '30', status: 'CONTACTED', sort: 'activity' },
      },
      {
        label: 'stale=60 & assignee=rep5, sort=name',
        params: { stale: '60', assignee: rep[4], sort: 'name' },
      },
      {
        label: 'source=Partner & score ≥ 50, sort=name',
        params: { source: 'Partner', scoreMin: '50', sort: 'name' },
      },
      // The list's column sorts (company, campaign, country), each with its own partial index.
      { label: 'sort=company', params: { sort: 'company' } },
      { label: 'sort=campaign desc', params: { sort: 'campaign', order: 'desc' } },
      { label: 'status=NEW, sort=country', params: { status: 'NEW', sort: 'country' } },
      {
        label: 'assignee=rep3, sort=campaign',
        params: { assignee: rep[2], sort: 'campaign' },
      },
    ];

    const loads = [];
    const results = [];
    const cpuWindows = [];
    let terms;
    let prefixes;
    for (const phase of PHASES) {
      console.log(`loading ${phase.label}…`);
      loads.push({ label: phase.label, ...(await load(loader, gen, reps, phase, nowMs, sample)) });
      loads.at(-1).crm = await convertShare(loader);
      // Two-letter word starts of the two most common names (the word-prefix path), for the guard probes.
      prefixes ??= [...gen.words.entries()]
        .filter(([w]) => /^[a-z]{4,}$/.test(w))
        .sort((a, b) => b[1].n - a[1].n)
        .map(([w]) => w.slice(0, 2))
        .filter((p, i, all) => all.indexOf(p) === i)
        .slice(0, 2);
      terms ??= [...chooseTerms(gen.words, r), ...shortTerms(gen.words, prefixes)];
      const { rows } = await loader.query(
        `select pg_size_pretty(pg_total_relation_size('leads')) as total, pg_size_pretty(pg_relation_size('leads')) as heap,
                pg_size_pretty(pg_relation_size('leads_search_trgm_idx')) as trgm,
                (select count(*) from leads where organization_id = $1)::int as target, count(*)::int as rows
           from (select 1 from leads) l`,
        [TARGET],
      );
      loads.at(-1).size = rows[0];
      console.log(`measuring ${phase.label}…`, rows[0]);
      const before = cpuSnapshot();
      results.push(
        await measure({
          phase,
          base,
          callers,
          recorder,
          pool,
          terms,
          prefixes,
          filters,
          rep,
          sample,
          r,
          now: () => new Date(),
        }),
      );
      cpuWindows.push({ label: phase.label, ...cpuReport(before, cpuSnapshot(), ours) });
    }
    const runSeconds = (performance.now() - runStart) / 1000;
    const cpuAll = cpuReport(cpu0, cpuSnapshot(), ours);
    const report = render({ dashboard, database, loads, results, terms, cpuWindows, cpuAll, runSeconds });
    if (SCALE === 1) writeSection(TITLE, report);
    else console.log(report);
    for (const res of results)
      for (const e of res.explained)
        console.log(
          `\n== ${res.phase} ${e.label} (${e.matches} matches)\n-- rows\n${e.rows.text}\n-- counts\n${e.counts.text}`,
        );
    console.log(
      `\n${SCALE === 1 ? `wrote "${TITLE}" to bench/RESULTS.md` : 'smoke run, RESULTS.md untouched'} in ${runSeconds.toFixed(0)} s`,
    );
  } finally {
    await loader.end().catch(() => {});
    await pool.end().catch(() => {});
    await server.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- report

function render({ dashboard, database, loads, results, terms, cpuWindows, cpuAll, runSeconds }) {
  const [small, large] = results;
  const [A, B] = [small.phase, large.phase];
  const stat = (k, res) => {
    const s = res.kinds[k] ?? res.categories[k];
    const counted = s.httpCounts?.length
      ? `${f1(pct(s.httpCounts, 0.5))} | ${f1(pct(s.httpCounts, 0.95))} | ${f1(pct(s.counts, 0.5))} | ${f1(pct(s.counts, 0.95))}`
      : '– | – | – | –';
    return `${f1(pct(s.http, 0.5))} | ${f1(pct(s.http, 0.95))} | ${f1(pct(s.raw, 0.5))} | ${f1(pct(s.raw, 0.95))} | ${counted}`;
  };
  const kindLabel = {
    search: `search, ${small.one('search')} terms × ${REPS}`,
    filter: `filters, ${small.one('filter')} queries × ${REPS}`,
    combo: `search + filter, ${small.one('combo')} queries × ${REPS}`,
    email: `exact email, ${small.one('email')} emails × ${REPS}`,
    phone: `exact phone, ${small.one('phone')} numbers × ${REPS}`,
    detail: `lead detail, ${small.kinds.detail.n} random ids × 1`,
  };
  const kindRows = Object.keys(kindLabel)
    .map((k) => `| ${kindLabel[k]} | ${stat(k, small)} | ${stat(k, large)} |`)
    .join('\n');
  const catRows = Object.keys(small.categories)
    .map(
      (c) => `| ${c} (${terms.filter((t) => t.kind === c).length}) | ${stat(c, small)} | ${stat(c, large)} |`,
    )
    .join('\n');
  const byLabel = (res, kind) => new Map(res.lists.filter((l) => l.kind === kind).map((l) => [l.label, l]));
  const termRow = (l, m) =>
    `| ${l.label} | ${l.category ?? ''} | ${l.matches} | ${f1(pct(l.http, 0.5))} / ${f1(pct(l.httpCounts, 0.5))} | ${f1(pct(l.rawRows, 0.5))} / ${f1(pct(l.rawCounts, 0.5))} | ${m.matches} | ${f1(pct(m.http, 0.5))} / ${f1(pct(m.httpCounts, 0.5))} | ${f1(pct(m.rawRows, 0.5))} / ${f1(pct(m.rawCounts, 0.5))} | ${shortPlan(m.plan)} |`;
  const table = (kind) => {
    const big = byLabel(large, kind);
    return small.lists
      .filter((l) => l.kind === kind)
      .map((l) => termRow(l, big.get(l.label)))
      .join('\n');
  };
  const s100 = pct(small.kinds.search.http, 0.95);
  const s500 = pct(large.kinds.search.http, 0.95);
  const d100 = pct(small.kinds.detail.http, 0.95);
  const d500 = pct(large.kinds.detail.http, 0.95);
  const met = (ok) => (ok ? 'met' : '**NOT met**');
  const plans = results
    .flatMap((res) =>
      res.explained.map(
        (e) =>
          `${res.phase} — ${e.label} (${e.matches} matches)\n  rows query:\n${e.rows.gist.map((g) => `    ${g}`).join('\n')}\n  counts query:\n${e.counts.gist.map((g) => `    ${g}`).join('\n')}`,
      ),
    )
    .join('\n\n');
  // The guard's figures: a two-letter search's rows query (the walk, and the trigram path after it when the
  // walk filled no page) and its counts, p50 / p95 over every request of those terms.
  const shortParts = results
    .map((res) => {
      const ls = res.lists.filter((l) => l.category === SHORT);
      const of = (k) => ls.flatMap((l) => l[k]);
      return `${res.phase}: rows ${f1(pct(of('rawRows'), 0.5))} / ${f1(pct(of('rawRows'), 0.95))} ms, counts ${f1(pct(of('rawCounts'), 0.5))} / ${f1(pct(of('rawCounts'), 0.95))} ms`;
    })
    .join('; ');
  const seqScans = results.map(
    (res) =>
      `${res.phase}: ${res.lists.filter((l) => l.plan && /Seq Scan leads/.test(l.plan)).length} of ${res.lists.filter((l) => l.plan).length} rows queries with a Seq Scan on leads, ` +
      `${res.lists.filter((l) => l.kind === 'search' && l.category !== SHORT && /leads_org_\w+_idx/.test(l.plan)).length} searches of 3+ letters walking a sort index (the planner's choice, bounded), ` +
      `${res.lists.filter((l) => l.kind === 'search' && l.category !== SHORT && !/leads_search_trgm_idx|leads_org_\w+_idx/.test(l.plan)).length} using neither it nor leads_search_trgm_idx`,
  );
  const cpuNote = (w) =>
    `while measuring ${w.label}, ${w.other.toFixed(0)} CPU-s of ${(w.seconds * cpus().length).toFixed(0)} (${(w.share * 100).toFixed(0)} %)` +
    (w.top.length
      ? ` (longest-lived: ${w.top.map((t) => `\`${t.name}\` ${t.s.toFixed(0)} s`).join(', ')})`
      : '');
  const dash = dashboard.error
    ? `Dashboard initial JS: not measured (${dashboard.error}).`
    : `Dashboard initial JS (\`npm run build:dashboard\`; the module script and modulepreloads of dist/public/app/index.html, gzip -9):
${dashboard.files.map((f) => `\`${f.src}\` ${kb(f.raw)} raw, ${kb(f.gzip)} gzip`).join('; ')} — total **${kb(dashboard.gzip)} gzip**
(${kb(dashboard.raw)} raw; ${dashboard.lazyChunks} lazily loaded chunks not counted).`;
  const globalRows = ['search', 'email', 'phone']
    .map((k) => {
      const cells = (res) => {
        const g = res.global[k];
        return `${f1(pct(g.http, 0.5))} | ${f1(pct(g.http, 0.95))} | ${f1(pct(g.base, 0.5))} | ${f1(pct(g.base, 0.95))} | ${g.crmHits} of ${g.n}`;
      };
      return `| ${kindLabel[k].replace(/ × \d+$/, '')} × ${REPS} | ${cells(small)} | ${cells(large)} |`;
    })
    .join('\n');
  const g500 = Math.max(...['search', 'email', 'phone'].map((k) => pct(large.global[k].http, 0.95)));
  const load = (l) =>
    `${l.label}: ${l.rows.toLocaleString('en')} rows in ${(l.insertMs / 1000).toFixed(0)} s (${Math.round(l.rows / (l.insertMs / 1000)).toLocaleString('en')} rows/s, all indexes in place), VACUUM ANALYZE ${(l.vacuumMs / 1000).toFixed(0)} s; table ${l.size.total} (heap ${l.size.heap}, trigram index ${l.size.trgm}); then one lead in 20 converted: ${l.crm.accounts.toLocaleString('en')} accounts, ${l.crm.contacts.toLocaleString('en')} contacts, ${l.crm.opportunities.toLocaleString('en')} opportunities in all`;

  return `Machine: ${machine()}; database: ${database.server}, a fresh database, default settings.
Command: \`npm run bench -- search\` (${runSeconds.toFixed(0)} s end to end). Requests one at a time (latency, not throughput) through
the Node face (\`dist/server/server.mjs\`, pool of 20) signed in by session cookie, rotating over ${CALLERS} SDR users (the API
allows 100 requests a minute per user${results.some((x) => x.limited) ? `; ${results.reduce((s, x) => s + x.limited, 0)} answers were 429 and retried` : ''}).
Each list is asked as the dashboard asks it: the page (\`GET /api/leads?…&limit=50&counts=false\`), which the list waits
for, and its per-status counts (\`GET /api/leads/counts?…\`), which the dashboard requests beside it and shows in the
status tabs when they arrive; here one after the other, each timed. "search p95" in the goals is the page's.
Baseline: the SQL the service sent for that very request — captured through drizzle's logger from the service code
(edge/services/leads/list.ts, leads/get.ts) and replayed raw with \`pg\` right after the HTTP requests, the page's and the
counts' queries each on their own. HTTP minus raw is session lookup, validation, decryption and JSON.
Every query is measured ${REPS} times after one warm-up request; p50/p95 are over all those requests.

Dataset (bench/search-data.mjs, seeded): one organization (\`${TARGET}\`) grown to ${A} then ${B} leads; two noise
organizations of ${PHASES[0].noise / 1000}K each, interleaved with the first ${A}. Names in five markets — Czech (36 %) and German (26 %)
with diacritics, English (20 %), Ukrainian Cyrillic (13 %), Japanese kanji and romanized (5 %) — 30 % of last names
built from syllables (a long tail), companies from Zipf-distributed pools with legal forms (12 % none), titles,
statuses with stage dates, scores 0–100, 8 sources, 7 campaigns, 0–3 of 15 tags, created over two years, 6 assignees
(12 % unassigned). search_text / company_key / last_name_key from the product's normalizeLead; every lead has an email
and 85 % a phone, sealed as PiiVault does (AES-256-GCM + HMAC blind index; checked by decrypting through the API).
${loads.map(load).join('.\n')}.
Search terms (${terms.length}, seeded, drawn from the organization's folded names and companies; the last ${terms.filter((t) => t.kind === SHORT).length} of two letters): ${terms.map((t) => `\`${t.text}\``).join(' ')}.

| ms | ${A}: page HTTP p50 | p95 | raw SQL p50 | raw p95 | counts HTTP p50 | p95 | raw p50 | raw p95 | ${B}: page HTTP p50 | p95 | raw SQL p50 | raw p95 | counts HTTP p50 | p95 | raw p50 | raw p95 |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${kindRows}

Search by kind of term:

| ms | ${A}: page HTTP p50 | p95 | raw SQL p50 | raw p95 | counts HTTP p50 | p95 | raw p50 | raw p95 | ${B}: page HTTP p50 | p95 | raw SQL p50 | raw p95 | counts HTTP p50 | p95 | raw p50 | raw p95 |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${catRows}

Goals (issue 5): search p95 ≤ ${GOALS.search100} ms at ${A} — ${met(s100 <= GOALS.search100)} (${f1(s100)} ms); search p95 ≤ ${GOALS.search500} ms at ${B} —
${met(s500 <= GOALS.search500)} (${f1(s500)} ms) — the page; the status counts beside it (no goal of their own): p95 ${f1(pct(small.kinds.search.httpCounts, 0.95))} ms at ${A},
${f1(pct(large.kinds.search.httpCounts, 0.95))} ms at ${B}; lead detail p95 ≤ ${GOALS.detail} ms — ${met(d100 <= GOALS.detail && d500 <= GOALS.detail)} (${f1(d100)} ms at ${A}, ${f1(d500)} ms at ${B});
dashboard initial JS ≤ 80 KB gzip — ${dashboard.error ? 'not measured' : `${met(dashboard.gzip <= GOALS.dashboardGzip)} (${kb(dashboard.gzip)})`}.

${dash}

The app-wide search (\`GET /api/search?q=…\`, up to 5 leads, accounts, contacts and opportunities; every term, email and
phone above × ${REPS}, after one warm-up each), each request beside its baseline in the same turn: the lead list's page of 5
for the same q (\`GET /api/leads?q=…&limit=5&counts=false\`, which the leads group is). "CRM hits": terms that found an account,
contact or opportunity.

| ms | ${A}: search HTTP p50 | p95 | page of 5 p50 | p95 | CRM hits | ${B}: search HTTP p50 | p95 | page of 5 p50 | p95 | CRM hits |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${globalRows}

Goal (issue 19): app-wide search p95 ≤ ${GOALS.global500} ms at ${B} for names, companies, emails and phones — ${met(g500 <= GOALS.global500)} (worst kind ${f1(g500)} ms).

Per term (p50 ms over ${REPS}; raw = rows query / counts query; matches = the counts' total, "+" where a status reached the count limit;
plan = the plan at ${B} of the last rows query the service sent: a walk down the sort index when the planner chose one for the
term, the trigram path otherwise or when the bounded walk filled no page):

| term | kind | ${A} matches | HTTP p50 page / counts | raw rows / counts | ${B} matches | HTTP p50 page / counts | raw rows / counts | plan at ${B} |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table('search')}

Filters, then search + filter combinations (p50 ms over ${REPS}; matches = the counts' total, status ignored as the tabs show it, "+" where a status reached the count limit):

| filter | | ${A} matches | HTTP p50 page / counts | raw rows / counts | ${B} matches | HTTP p50 page / counts | raw rows / counts | plan at ${B} |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table('filter')}
${table('combo')}

Two-letter searches, raw SQL p50 / p95 (rows: a walk down the score index through at most 5,000 rows, then the
trigram path when the walk filled no page): ${shortParts}.
Guard probes (not in the figures, p50 of 3): ${results.map((res) => `${res.phase}: ${res.probes.map((p) => `\`${p.q}\` → ${p.status}${p.status === 200 ? `, ${p.matches} matches, ${f1(p.p50)} ms` : ''}`).join('; ')}`).join('. ')}.
Plans: ${seqScans.join('; ')}.
Searches at ${B}, raw SQL p50 / p95: rows (the planner's choice of path, its EXPLAIN included) ${f1(pct(large.kinds.search.rows, 0.5))} / ${f1(pct(large.kinds.search.rows, 0.95))} ms,
counts ${f1(pct(large.kinds.search.counts, 0.5))} / ${f1(pct(large.kinds.search.counts, 0.95))} ms.

EXPLAIN (ANALYZE, BUFFERS) of the three slowest searches, the default list, an exact email and phone search, and the slowest
filter (gist; full plans in the console output):

\`\`\`
${plans}
\`\`\`

CPU taken by processes other than this benchmark's (the bench process, the server, Postgres; from /proc, so short-lived
processes count too): ${cpuWindows.map(cpuNote).join('; ')}; over the run after the builds ${cpuAll.other.toFixed(0)} CPU-s of ${(cpuAll.seconds * cpus().length).toFixed(0)} (${(cpuAll.share * 100).toFixed(0)} %)${cpuAll.share > 0.1 ? ' — the figures above were measured on a shared, busy machine' : ''}; load average at the end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}.`;
}

/** A plan shape cut to what tells the strategy apart. */
function shortPlan(plan) {
  if (!plan) return '';
  return plan
    .replace(/Bitmap Heap Scan leads › /g, '')
    .replace(/Nested Loop Left Join › /g, '')
    .replace(/ › Index Scan users_pkey/g, '')
    .replace(/Hash Join › Seq Scan users › /g, '')
    .replace(/Hash Right Join › Seq Scan users › /g, '')
    .replace(/Index Scan using /g, 'Index Scan ');
}

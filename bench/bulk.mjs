// Bulk operations and export (issue 7), in-process on a real Postgres server: a bulk status change of
// 1,000 leads with its events, journal and audit next to a raw SQL UPDATE + event INSERT of 1,000 other
// leads; the streamed CSV export of 100K leads (PII decrypted, as an admin) next to psql's
// `\copy (select …) to stdout` of the same rows, in the same run.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { build } from 'esbuild';
import pg from 'pg';
import { benchDatabase, machine, writeSection } from './lib.mjs';

const TITLE = 'Bulk operations and export (issue 7)';
// BENCH_SCALE=0.05 shrinks the export for a quick smoke run (its figure does not answer the goal).
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const LEADS = Math.round(100_000 * SCALE);
const BULK = 1000;
const REPS = 3;
const GOALS = { bulk: 500, export: 5000 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => performance.now() - t0;

async function arrange(core, db, pool, deps) {
  const { organizationId, userIds } = await core.createOrganization(deps, db, {
    name: 'Bench bulk',
    slug: `bench-bulk-${Date.now()}`,
    defaultCountry: 'CZ',
    members: [{ email: 'admin@bench.test', name: 'Admin', role: 'admin', password: 'bench-bulk-password' }],
  });
  // 1,000 distinct sealed emails reused round-robin: decrypting costs the same per row, and no blind
  // index is stored, so the unique email index does not apply.
  const emails = await Promise.all(
    Array.from({ length: 1000 }, (_, i) => deps.pii.encrypt(organizationId, 'email', `lead${i}@bench.test`)),
  );
  await pool.query(
    `insert into leads (id, organization_id, first_name, last_name, company, source, tags, score, email_ciphertext, created_at)
     select 'lead_b' || lpad(g::text, 7, '0'), $1, 'Jana', 'Nováková ' || g, '=Company ' || (g % 500), 'Import',
            array['t' || (g % 7)], g % 100, ($2::text[])[g % 1000 + 1], now() - g * interval '1 second'
     from generate_series(1, $3::int) g`,
    [organizationId, emails, LEADS],
  );
  await pool.query('analyze leads');
  const auth = {
    organizationId,
    userId: userIds['admin@bench.test'],
    apiKeyId: null,
    role: 'admin',
    via: 'session',
    csrfToken: null,
  };
  return { organizationId, auth };
}

/** Ids of the first 1,000 NEW leads (the same ones each repetition: the undo makes them NEW again). */
async function slice(pool, org) {
  const { rows } = await pool.query(
    `select id from leads where organization_id = $1 and status = 'NEW' order by id limit ${BULK}`,
    [org],
  );
  return rows.map((r) => r.id);
}

async function warmUp(pool) {
  await pool.query('select count(*) from leads');
}

async function benchBulk(core, db, pool, deps, { organizationId, auth }) {
  const ours = [];
  const raw = [];
  const undo = [];
  for (let rep = 0; rep < REPS; rep++) {
    if (rep === 0) await warmUp(pool);
    const ids = await slice(pool, organizationId);
    let t0 = performance.now();
    const result = await core.bulkUpdateLeads(deps, db, auth, {
      action: 'status',
      status: 'CONTACTED',
      selection: { ids },
    });
    ours.push(ms(t0));
    if (result.changed !== BULK)
      throw new Error(`changed ${result.changed}: ${JSON.stringify(result.skipped.slice(0, 2))}`);
    t0 = performance.now();
    await core.undoBulkOperation(deps, db, auth, result.operationId);
    undo.push(ms(t0));
    // The baseline changes other leads (from the other end), so both start from NEW leads.
    const rawIds = (
      await pool.query(
        `select id from leads where organization_id = $1 and status = 'NEW' order by id desc limit ${BULK}`,
        [organizationId],
      )
    ).rows.map((r) => r.id);
    t0 = performance.now();
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(
        `update leads set status = 'CONTACTED', contacted_at = now(), status_changed_at = now(), version = version + 1, updated_at = now()
         where organization_id = $1 and id = any($2)`,
        [organizationId, rawIds],
      );
      await client.query(
        `insert into lead_events (organization_id, lead_id, type, actor_type, actor_id, data)
         select $1, id, 'status_changed', 'user', $3, '{"from":"NEW","to":"CONTACTED"}' from unnest($2::text[]) id`,
        [organizationId, rawIds, auth.userId],
      );
      await client.query('commit');
    } finally {
      client.release();
    }
    raw.push(ms(t0));
  }
  return { ours: median(ours), raw: median(raw), undo: median(undo), all: ours };
}

async function benchExport(core, db, deps, database, { organizationId, auth }) {
  let t0 = performance.now();
  const { stream } = await core.exportLeads(deps, db, auth, {}, 'csv');
  let bytes = 0;
  let lines = 0;
  for await (const chunk of stream) {
    bytes += chunk.byteLength;
    for (const b of chunk) if (b === 10) lines++;
  }
  const ours = ms(t0);
  if (lines !== LEADS + 1) throw new Error(`exported ${lines - 1} rows, expected ${LEADS}`);
  t0 = performance.now();
  const copy = `\\copy (select id, first_name, last_name, email_ciphertext, company, source, tags, score, status, created_at from leads where organization_id = '${organizationId}' and deleted_at is null order by created_at desc, id) to stdout with csv header`;
  const out = execFileSync('psql', [database.url, '-q', '-c', copy], { maxBuffer: 1 << 30 });
  const raw = ms(t0);
  return { ours, raw, bytes, rawBytes: out.length };
}

export async function run() {
  const database = await benchDatabase('leadgate_bench_bulk');
  await build({
    entryPoints: ['bench/bulk-core.ts'],
    outfile: '.wrangler/bench-bulk-core.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const core = await import(`../.wrangler/bench-bulk-core.mjs?${Date.now()}`);
  const conn = await core.connect({ url: database.url, poolSize: 4 });
  await conn.migrate('db/migrations');
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const deps = {
    now: () => new Date(),
    newId: (p) => core.formatId(p, Date.now(), core.randomBytes(10)),
    pii: await core.PiiVault.create(core.generatePiiKeyMaterial()),
  };
  try {
    const load0 = loadavg()[0];
    const t0 = performance.now();
    const org = await arrange(core, conn.db, pool, deps);
    const seedSeconds = ms(t0) / 1000;
    const bulk = await benchBulk(core, conn.db, pool, deps, org);
    const exp = await benchExport(core, conn.db, deps, database, org);
    const report = `Run: ${new Date().toISOString()} · \`npm run bench -- bulk\`${SCALE !== 1 ? ` with BENCH_SCALE=${SCALE}` : ''}
Machine: ${machine()} · ${database.server} · load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} (a shared machine: other people's work ran meanwhile; figures are upper bounds)
Data: ${LEADS.toLocaleString('en')} leads in one organization (seeded in ${seedSeconds.toFixed(1)} s), emails encrypted.

| Operation | Leadgate | Baseline | Ratio | Goal |
|---|---|---|---|---|
| Bulk status change of ${BULK} leads, with events, journal, audit (median of ${REPS}: ${bulk.all.map((v) => v.toFixed(0)).join(' / ')} ms) | ${bulk.ours.toFixed(0)} ms | raw UPDATE + event INSERT: ${bulk.raw.toFixed(0)} ms | ${(bulk.ours / bulk.raw).toFixed(1)}× | ≤ ${GOALS.bulk} ms ${bulk.ours <= GOALS.bulk ? '✅' : '❌'} |
| Undo of that operation | ${bulk.undo.toFixed(0)} ms | – | – | – |
| CSV export of ${LEADS.toLocaleString('en')} leads, email decrypted, streamed (${(exp.bytes / 2 ** 20).toFixed(1)} MiB) | ${(exp.ours / 1000).toFixed(2)} s | psql \\copy (select …) to stdout: ${(exp.raw / 1000).toFixed(2)} s (${(exp.rawBytes / 2 ** 20).toFixed(1)} MiB) | ${(exp.ours / exp.raw).toFixed(1)}× | ≤ ${GOALS.export / 1000} s${SCALE === 1 ? (exp.ours <= GOALS.export ? ' ✅' : ' ❌') : ' (not at full size)'} |
`;
    console.log(report);
    writeSection(TITLE, report);
  } finally {
    await pool.end();
    await conn.close();
    await database.stop();
  }
}

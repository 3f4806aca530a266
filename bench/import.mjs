// CSV import (issue 7): 10K and 50K generated rows end to end — upload (parse, normalize, seal, stage),
// preview (set-based dedupe), commit (batched INSERT … ON CONFLICT, scoring, routing, events) polled to
// completion like the wizard — next to psql's \copy of the same rows into a bare table with the same
// indexes as `leads`, in the same run. `BENCH_IMPORT_SIZES=10000` runs one size only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import { benchDatabase, cpuMeter, machine, writeSection } from './lib.mjs';

const TITLE = 'CSV import: upload, preview, commit (issue 7)';
const SIZES = (process.env.BENCH_IMPORT_SIZES ?? '10000,50000').split(',').map(Number);
const GOALS = { 10000: 4000, 50000: 15000 };
const EXISTING = 5_000;

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const cpuText = (cpu) =>
  ['upload', 'preview', 'commit']
    .map((k) => `${k} ${cpu[k].app.toFixed(2)}/${cpu[k].db.toFixed(2)}`)
    .join(', ');

// CPU seconds of this process (the app runs in it) and of the bench database's Postgres backends, per phase:
// unlike wall time, they hardly move when other work shares the machine.
let meter = { db: null, name: '' };

async function timed(fn) {
  const stop = meter.db ? await cpuMeter(String(process.pid), meter.db, meter.name) : null;
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  return { ms, value, cpu: stop ? await stop() : null };
}

/** Open possible-duplicate links in the organization (the import's own are the difference before/after). */
async function linkCount(organizationId) {
  const { rows } = await meter.db.query(
    'select count(*)::int as n from duplicate_links where organization_id = $1',
    [organizationId],
  );
  return rows[0].n;
}

async function importFile(ctx, csv) {
  const linksBefore = await linkCount(ctx.organizationId);
  const call = (path, init = {}) =>
    ctx.app.request(path, { ...init, headers: { ...ctx.headers, ...init.headers } });
  const form = new FormData();
  form.append('file', new Blob([csv]), 'bench.csv');
  form.append('policy', 'fill_empty');
  const upload = await timed(async () => {
    const res = await call('/api/leads/imports', { method: 'POST', body: form });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    return res.json();
  });
  const id = upload.value.id;
  const preview = await timed(async () => (await call(`/api/leads/imports/${id}/preview?limit=50`)).json());
  const commit = await timed(async () => {
    const res = await call(`/api/leads/imports/${id}/commit`, { method: 'POST' });
    if (res.status !== 202) throw new Error(`commit: ${res.status} ${await res.text()}`);
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const job = await (await call(`/api/leads/imports/${id}`)).json();
      if (job.status === 'completed') return job;
      if (job.status !== 'committing') throw new Error(`job ended ${job.status}`);
    }
  });
  return {
    cpu: { upload: upload.cpu, preview: preview.cpu, commit: commit.cpu },
    upload: upload.ms,
    preview: preview.ms,
    commit: commit.ms,
    totals: preview.value.totals,
    counts: commit.value.counts,
    linked: (await linkCount(ctx.organizationId)) - linksBefore,
  };
}

/** The baseline: the same rows (as lead columns) loaded by \copy into a bare copy of `leads` with its indexes. */
function copyBaseline(url, orgId, csv) {
  const dir = mkdtempSync(join(tmpdir(), 'leadgate-bench-import-'));
  const rows = csv.trim().split('\r\n').slice(1);
  const file = join(dir, 'rows.csv');
  // email_index gets the line appended: the bare table keeps leads' unique indexes, which the file's
  // duplicates would otherwise break (the import resolves those; COPY cannot).
  writeFileSync(
    file,
    rows
      .map((r, i) => {
        const [first, last, email] = r.split(',');
        return [`bl_${i}`, orgId, first, last, `${email}:${i}`, `${first} ${last}`.toLowerCase()].join(',');
      })
      .join('\n'),
  );
  const psql = (sql) =>
    execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { encoding: 'utf8' });
  psql(
    'drop table if exists bare_leads; create table bare_leads (like leads including defaults including indexes)',
  );
  const t0 = performance.now();
  psql(
    `\\copy bare_leads (id, organization_id, first_name, last_name, email_index, search_text) from '${file}' with (format csv)`,
  );
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

export async function run() {
  const database = await benchDatabase('leadgate_bench_import');
  await build({
    entryPoints: ['bench/import-core.ts'],
    outfile: '.wrangler/bench-import-core.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const core = await import(`../.wrangler/bench-import-core.mjs?${Date.now()}`);
  const load = loadavg()[0];
  const results = [];
  const ctx = await core.prepare(database.url, EXISTING);
  const meterClient = new pg.Client({ connectionString: database.url });
  await meterClient.connect();
  meter = { db: meterClient, name: 'leadgate_bench_import' };
  try {
    for (const [i, n] of SIZES.entries()) {
      const csv = core.generateCsv(n, ctx.existingEmails, 7 + i);
      const r = await importFile(ctx, csv);
      const copy = copyBaseline(database.url, ctx.organizationId, csv);
      const total = r.upload + r.preview + r.commit;
      results.push({ n, ...r, total, copy, bytes: Buffer.byteLength(csv) });
      console.log(
        `${n} rows: upload ${s(r.upload)}, preview ${s(r.preview)}, commit ${s(r.commit)}, total ${s(total)}; \\copy ${s(copy)}; dry run ${JSON.stringify(r.totals)}, linked ${r.linked}; CPU s (app/db): ${cpuText(r.cpu)}`,
      );
    }
  } finally {
    await meterClient.end().catch(() => {});
    await ctx.close();
    const admin = new pg.Client({ connectionString: database.url.replace(/\/[^/]*$/, '/postgres') });
    await admin
      .connect()
      .then(() => admin.query('drop database if exists leadgate_bench_import with (force)'))
      .catch(() => {});
    await admin.end().catch(() => {});
    await database.stop();
  }
  const rows = results.map(
    (r) =>
      `| ${r.n.toLocaleString('en')} | ${(r.bytes / 2 ** 20).toFixed(1)} MB | ${s(r.upload)} | ${s(r.preview)} | ${s(r.commit)} | **${s(r.total)}** | ${s(GOALS[r.n] ?? Number.NaN)} | ${s(r.copy)} | ${(r.total / r.copy).toFixed(1)}× | ${JSON.stringify(r.totals)} | ${r.linked.toLocaleString('en')} |`,
  );
  writeSection(
    TITLE,
    `Machine: ${machine()}; ${database.server}. Load average at start: ${load.toFixed(2)} (the 1-minute average, which
still counts a benchmark run just before; well above 1 means other work shared the 2 cores). Command: \`npm run bench -- import\`${process.env.BENCH_IMPORT_SIZES ? ` with BENCH_IMPORT_SIZES=${process.env.BENCH_IMPORT_SIZES}` : ''}.

The app in process (\`app.request()\`: HTTP parsing, multipart, auth, validation, services — no socket) over the
server above, pool of 10. The organization holds ${EXISTING.toLocaleString('en')} leads; the file has mixed scripts
(Latin, Czech, German, Cyrillic), varied phone formats, 3 % emails repeated within the file and 3 % emails of
existing leads; policy fill_empty. "linked": possible-duplicate links the commit added (name + company ≥ 85 %
to an existing lead or an earlier row: created and linked for review). Commit is timed from the request to the job polled as completed (50 ms polls).
Baseline: psql \`\\copy\` of the same rows (6 columns) into a bare copy of \`leads\` with all its indexes.

| rows | file | upload | preview | commit | total | goal | \\copy | ratio | dry-run totals | linked |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |
${rows.join('\n')}

CPU seconds per phase, this process (the app) / the bench database's Postgres backends:
${results.map((r) => `- ${r.n.toLocaleString('en')} rows: ${cpuText(r.cpu)}`).join('\n')}
The commit runs two batches at once (two Postgres backends); upload stages one batch while preparing the next.`,
  );
}

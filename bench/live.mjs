// Live updates (issue 19): how long a new lead takes to reach 50 connected dashboards through the Node
// face (POST /v1/forms/:id/submissions → commit → NOTIFY → the process's one LISTEN session → SSE), and
// what the fan-out costs in CPU, next to the same submissions with nobody connected (the baseline).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import { benchDatabase, cpuMeter, freePort, machine, startProcess, writeSection } from './lib.mjs';

const TITLE = 'Live updates: a new lead reaching 50 dashboards (issue 19)';
const CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 50);
const N = Number(process.env.BENCH_LIVE_LEADS ?? 200);
const DB = 'leadgate_bench_live';

const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const f1 = (v) => v.toFixed(1);

/** Opens one dashboard's stream; `onEvent(event, at)` for each live event; resolves once it is ready. */
async function openStream(base, cookie, onEvent) {
  const res = await fetch(`${base}/api/live`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`live: ${res.status} ${await res.text()}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let ready;
  const isReady = new Promise((r) => (ready = r));
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: ready$/m.test(block)) ready();
        const data = /^event: live\ndata: (.*)$/m.exec(block)?.[1];
        if (data) onEvent(JSON.parse(data), performance.now());
      }
    }
  })();
  await isReady;
  return () => reader.cancel();
}

async function submit(base, formId, i) {
  const t0 = performance.now();
  const res = await fetch(`${base}/v1/forms/${formId}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `live-${Date.now()}-${i}` },
    body: JSON.stringify({
      lastName: `Live ${i}`,
      email: `live-${Date.now()}-${i}@bench.test`,
      consent: true,
    }),
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`submission: ${res.status}`);
  return { t0, answered: performance.now() };
}

export async function run() {
  const database = await benchDatabase(DB);
  await build({
    entryPoints: ['bench/live-core.ts'],
    outfile: '.wrangler/bench-live-core.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  await import('../scripts/build-server.mjs');
  const core = await import(`../.wrangler/bench-live-core.mjs?${Date.now()}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'leadgate-bench-live-'));
  const load = loadavg()[0];
  const { formId, emails } = await core.prepare(
    database.url,
    'db/migrations',
    join(dataDir, 'docs'),
    CLIENTS,
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startProcess(
    'node',
    ['dist/server/server.mjs'],
    {
      PORT: String(port),
      DATABASE_URL: database.url,
      LEADGATE_DATA_DIR: dataDir,
      LEADGATE_JOBS: 'off',
      API_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    'Leadgate is ready',
  );
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  const closers = [];
  try {
    const cookies = [];
    for (const email of emails) {
      const res = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: core.PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status}`);
      cookies.push(res.headers.get('set-cookie').split(';')[0]);
    }
    // Warm-up: the form's cache, the statements' plans.
    for (let i = 0; i < 20; i++) await submit(base, formId, `warm-${i}`);

    // Baseline: the same submissions, nobody connected.
    const baseline = [];
    let meter = await cpuMeter(server.child.pid, admin, DB);
    for (let i = 0; i < N; i++) {
      const { t0, answered } = await submit(base, formId, `base-${i}`);
      baseline.push(answered - t0);
    }
    const baseCpu = await meter();

    // 50 dashboards: each submission waits until every dashboard has heard of it (or 5 s).
    let waiting = null;
    const lags = [];
    const afterAnswer = [];
    for (const cookie of cookies)
      closers.push(
        await openStream(base, cookie, (e, at) => {
          if (e.type !== 'lead.created' || !waiting) return;
          lags.push(at - waiting.t0);
          if (waiting.answered !== null) afterAnswer.push(at - waiting.answered);
          if (--waiting.left === 0) waiting.done();
        }),
      );
    const answers = [];
    let missed = 0;
    meter = await cpuMeter(server.child.pid, admin, DB);
    for (let i = 0; i < N; i++) {
      const all = new Promise((done) => {
        waiting = { t0: performance.now(), answered: null, left: CLIENTS, done };
      });
      const w = waiting;
      const { t0, answered } = await submit(base, formId, `live-${i}`);
      w.t0 = t0;
      w.answered = answered;
      answers.push(answered - t0);
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise((r) => setTimeout(r, 5_000, true)),
      ]);
      if (timedOut) missed += w.left;
      waiting = null;
    }
    const liveCpu = await meter();
    const us = (cpu) =>
      `${f1(((cpu.app + cpu.db) / N) * 1e6)} µs (Node ${f1((cpu.app / N) * 1e6)}, Postgres ${f1((cpu.db / N) * 1e6)})`;
    const row = (name, v) =>
      `| ${name} | ${v.length} | ${f1(pct(v, 0.5))} | ${f1(pct(v, 0.95))} | ${f1(pct(v, 0.99))} | ${f1(Math.max(...v))} |`;
    const p95 = pct(lags, 0.95);
    const body = [
      `Machine: ${machine()}; ${database.server}; load average at start ${load.toFixed(2)} (a shared 2-core machine: figures taken under load).`,
      '',
      `Command: \`npm run bench -- live\` (BENCH_LIVE_CLIENTS=${CLIENTS}, BENCH_LIVE_LEADS=${N}). The Node face (\`dist/server/server.mjs\`, DATABASE_URL, scheduler off) in its own process; ${CLIENTS} people of one organization signed in, each with one GET /api/live stream (fetch, HTTP/1.1, same machine); ${N} public form submissions (POST /v1/forms/:id/submissions, full pipeline), one after another, each waiting until every stream has its \`lead.created\` (or 5 s).`,
      'Dataset: a fresh database; the organization, its form and its people only. Baseline: the same submissions with no stream open, in the same run.',
      '',
      '| measure | n | p50 ms | p95 ms | p99 ms | max ms |',
      '| --- | --- | --- | --- | --- | --- |',
      row('submission answered (201), nobody connected (baseline)', baseline),
      row(`submission answered (201), ${CLIENTS} streams open`, answers),
      row('submission sent → `lead.created` at each stream', lags),
      row('201 received → `lead.created` at each stream', afterAnswer),
      '',
      `Deliveries missing after 5 s: ${missed} of ${N * CLIENTS}. The last row counts only events that came after the 201 (the commit precedes the answer, so some arrive first).`,
      `CPU per submission (from /proc; Node server + the Postgres backends of the bench database): ${us(baseCpu)} with nobody connected; ${us(liveCpu)} with ${CLIENTS} streams, i.e. ${f1(((liveCpu.app + liveCpu.db - (baseCpu.app + baseCpu.db)) / N / CLIENTS) * 1e6)} µs per delivery.`,
      `Goal (issue 19): the live update reaches a second client within 1 s p95 (Node face, 50 connected clients) — ${p95 < 1000 && missed === 0 ? 'met' : 'NOT met'} in this run (p95 ${f1(p95)} ms from the request being sent).`,
    ].join('\n');
    writeSection(TITLE, body);
    console.log(body);
  } finally {
    for (const close of closers) await close().catch(() => {});
    await admin.end();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await database.stop();
  }
}

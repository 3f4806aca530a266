// Password hashing: CPU time per hash of the real edge/crypto/password.ts in workerd (through miniflare,
// as a Worker runs it) and in Node, for the candidate parameters, beside a trivial request's time in the
// same run. In workerd the clock stands still while code runs, so a hash is measured from outside as the
// CPU time the workerd process spends on a request that hashes 5 times (from /proc, so other load on the
// machine does not count), divided by 5.
// `node bench/password-hash.mjs` (or `npm run bench password-hash`); BENCH_RUNS sets the runs (5).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { machine, writeSection } from './lib.mjs';

const TITLE = 'Password hashing';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CANDIDATES = [
  { scheme: 'pbkdf2-sha256', iterations: 100_000 },
  { scheme: 'pbkdf2-sha256', iterations: 600_000 },
  { scheme: 'scrypt', N: 2 ** 13, r: 8, p: 10 },
  { scheme: 'scrypt', N: 2 ** 14, r: 8, p: 5 },
  { scheme: 'scrypt', N: 2 ** 15, r: 8, p: 3 },
  { scheme: 'scrypt', N: 2 ** 16, r: 8, p: 2 },
  { scheme: 'scrypt', N: 2 ** 17, r: 8, p: 1 },
];
const label = (c) =>
  c.scheme === 'scrypt'
    ? `scrypt N=2^${Math.log2(c.N)}, r=${c.r}, p=${c.p}`
    : `PBKDF2-SHA256 ${c.iterations.toLocaleString('en')}`;
const mib = (c) => (c.scheme === 'scrypt' ? `${(128 * c.N * c.r) / 2 ** 20} MiB` : '—');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const PASSWORD = 'correct horse battery staple';

// The harness: password.ts as the app bundles it, plus WebCrypto's PBKDF2 to check what it accepts.
const HARNESS = `
import { hashPassword } from '../../../edge/crypto/password.ts';
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/noop') return new Response('ok');
    const params = JSON.parse(url.searchParams.get('p'));
    const times = Number(url.searchParams.get('n') ?? 1);
    try {
      for (let i = 0; i < times; i++) {
        if (url.pathname === '/webcrypto') {
          const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(${JSON.stringify(PASSWORD)}), 'PBKDF2', false, ['deriveBits']);
          await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations: params.iterations }, key, 256);
        } else await hashPassword(${JSON.stringify(PASSWORD)}, params);
      }
      return new Response('ok');
    } catch (error) {
      return new Response(String(error), { status: 500 });
    }
  },
};`;

async function timeRuns(once) {
  await once(); // warm-up
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The workerd processes miniflare started (children of this process). */
function workerdPids() {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return stat.includes('(workerd)') && Number(fields[1]) === process.pid;
      } catch {
        return false;
      }
    });
}

/** CPU milliseconds (user + system) the processes used so far; /proc counts in 10-ms ticks. */
function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

async function workerd(dir) {
  const entry = join(dir, 'harness.mjs');
  writeFileSync(entry, HARNESS);
  await build({
    entryPoints: [entry],
    outfile: join(dir, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    external: ['node:*', 'cloudflare:*'],
    logLevel: 'silent',
  });
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      name: 'password-hash',
      modules: true,
      scriptPath: join(dir, 'worker.js'),
      compatibilityDate: '2026-11-01',
      compatibilityFlags: ['nodejs_compat'],
    }),
  );
  await mf.ready;
  const get = async (path, params) => {
    const res = await mf.dispatchFetch(
      `http://localhost${path}?p=${encodeURIComponent(JSON.stringify(params ?? {}))}`,
    );
    const text = await res.text();
    if (res.status !== 200) throw new Error(text);
  };
  try {
    const baseline = await timeRuns(() => get('/noop'));
    const pids = workerdPids();
    const perHash = async (path, params) => {
      await get(path, params, 1);
      const used = [];
      for (let i = 0; i < RUNS; i++) {
        const before = cpuMs(pids);
        await get(path, params, 5);
        used.push((cpuMs(pids) - before) / 5);
      }
      return median(used);
    };
    const rows = [];
    for (const c of CANDIDATES) {
      try {
        rows.push({ c, ms: await perHash('/hash', c) });
      } catch (error) {
        rows.push({ c, error: String(error.message).split('\n')[0].slice(0, 120) });
      }
    }
    const webcrypto = [];
    for (const iterations of [100_000, 100_001, 600_000]) {
      try {
        webcrypto.push({
          iterations,
          ms: (await timeRuns(() => get('/webcrypto', { iterations }))) - baseline,
        });
      } catch (error) {
        webcrypto.push({ iterations, error: String(error.message).split('\n')[0].slice(0, 120) });
      }
    }
    return { baseline, rows, webcrypto };
  } finally {
    await mf.dispose();
  }
}

async function node(dir) {
  const out = join(dir, 'password.mjs');
  await build({
    entryPoints: ['edge/crypto/password.ts'],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  const { hashPassword } = await import(resolve(out));
  const rows = [];
  for (const c of CANDIDATES) {
    const cpu = [];
    const wall = await timeRuns(async () => {
      const before = process.cpuUsage();
      await hashPassword(PASSWORD, c);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    });
    rows.push({ c, ms: wall, cpu: median(cpu.slice(1)) });
  }
  // The event loop stays free while a hash runs (the async API works on libuv's thread pool).
  const c = CANDIDATES.find((x) => x.scheme === 'scrypt' && x.N === 2 ** 15);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const start = performance.now();
  await hashPassword(PASSWORD, c);
  const elapsed = performance.now() - start;
  clearInterval(timer);
  return { rows, loop: { ticks, expected: Math.floor(elapsed / 10), elapsed } };
}

export async function run() {
  mkdirSync('bench/.work', { recursive: true });
  const dir = mkdtempSync(join('bench/.work', 'password-hash-'));
  try {
    const load = loadavg()[0].toFixed(2);
    const w = await workerd(dir);
    const n = await node(dir);
    const f = (ms) => (ms === undefined ? '—' : ms.toFixed(0));
    const lines = [
      `Machine: ${machine()}; load average at start ${load}.`,
      'Command: `node bench/password-hash.mjs`. Median of ' +
        `${RUNS} runs after a warm-up; workerd figures are the workerd process's CPU time for a request hashing 5 times, / 5 (a trivial request took ${w.baseline.toFixed(1)} ms wall in the same run); Node CPU is this process's, all threads.`,
      '',
      '| parameters | memory | workerd CPU (ms per hash) | Node wall (ms) | Node CPU (ms) |',
      '| --- | --- | ---: | ---: | ---: |',
      ...CANDIDATES.map((c, i) => {
        const wr = w.rows[i];
        const nr = n.rows[i];
        return `| ${label(c)} | ${mib(c)} | ${wr.error ? `fails: ${wr.error}` : f(wr.ms)} | ${f(nr.ms)} | ${f(nr.cpu)} |`;
      }),
      '',
      'WebCrypto PBKDF2-SHA256 in workerd (what the earlier code used):',
      '',
      '| iterations | ms per hash |',
      '| ---: | ---: |',
      ...w.webcrypto.map(
        (r) => `| ${r.iterations.toLocaleString('en')} | ${r.error ? `fails: ${r.error}` : f(r.ms)} |`,
      ),
      '',
      `Node's event loop during one scrypt 2^15 hash (${n.loop.elapsed.toFixed(0)} ms): ${n.loop.ticks} of ${n.loop.expected} 10-ms timer ticks ran.`,
    ];
    writeSection(TITLE, lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

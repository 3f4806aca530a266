// Lead conversion (issue 6): latency of POST /api/leads/{id}/convert (one transaction: account, contact,
// opportunity, lead update, document links, events, notification) over N conversions on a real Postgres
// server, next to GET /api/users (an authenticated read) measured in the same loop as the baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { benchDatabase, machine, writeSection } from './lib.mjs';

const TITLE = 'Lead conversion latency (issue 6)';
const N = Number(process.env.BENCH_CONVERSIONS ?? 200);

const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const f1 = (v) => v.toFixed(1);

export async function run() {
  const database = await benchDatabase('leadgate_bench_conversion');
  await build({
    entryPoints: ['bench/conversion-core.ts'],
    outfile: '.wrangler/bench-conversion-core.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const core = await import(`../.wrangler/bench-conversion-core.mjs?${Date.now()}`);
  const documentsDir = mkdtempSync(join(tmpdir(), 'leadgate-bench-conversion-'));
  const load = loadavg()[0];
  try {
    const { convert, baseline } = await core.measure(database.url, 'db/migrations', documentsDir, N);
    const row = (name, v) =>
      `| ${name} | ${v.length} | ${f1(pct(v, 0.5))} | ${f1(pct(v, 0.95))} | ${f1(Math.max(...v))} |`;
    const body = [
      `Machine: ${machine()}; ${database.server}; load average at start ${load.toFixed(2)} (a shared machine: figures taken under load).`,
      '',
      `Command: \`npm run bench -- conversion\` (BENCH_CONVERSIONS=${N}). In-process \`app.request()\`, sequential, each lead QUALIFIED with email, creating a new account.`,
      '',
      '| request | n | p50 ms | p95 ms | max ms |',
      '| --- | --- | --- | --- | --- |',
      row('POST /api/leads/{id}/convert', convert),
      row('GET /api/users (baseline)', baseline),
    ].join('\n');
    writeSection(TITLE, body);
    console.log(body);
  } finally {
    rmSync(documentsDir, { recursive: true, force: true });
    await database.stop();
  }
}

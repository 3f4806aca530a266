// Workers face: the bundle `wrangler deploy` would upload (raw and gzip, wrangler's figures) and the
// worker's startup CPU (`wrangler check startup`: the active time of a local CPU profile of the module's
// evaluation in workerd, median of 5), beside a one-line worker measured the same way in the same run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, writeSection } from './lib.mjs';

const RUNS = 5;

/** Bundle size and startup active time of the worker whose wrangler.toml is in `cwd`. */
function checkStartup(cwd) {
  const out = execFileSync(
    'npx',
    ['wrangler', 'check', 'startup', '--outfile', join(tmpdir(), 'leadgate-startup.cpuprofile')],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', LEADGATE_SKIP_ASSET_BUILD: '1' },
    },
  );
  const bundle = out.match(/Bundle: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
  const active = out.match(/Active: ([\d.]+) ms/);
  if (!bundle || !active) throw new Error(`unexpected wrangler check startup output:\n${out}`);
  return { raw: Number(bundle[1]), gzip: Number(bundle[2]), activeMs: Number(active[1]) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(cwd) {
  const runs = Array.from({ length: RUNS }, () => checkStartup(cwd));
  return { ...runs[0], activeMs: median(runs.map((r) => r.activeMs)) };
}

export async function run() {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  mkdirSync('.wrangler', { recursive: true });
  const dir = mkdtempSync(join('.wrangler', 'bench-trivial-'));
  try {
    writeFileSync(join(dir, 'worker.js'), 'export default { fetch: () => new Response("ok") };\n');
    writeFileSync(
      join(dir, 'wrangler.toml'),
      'name = "trivial"\nmain = "worker.js"\ncompatibility_date = "2026-11-01"\ncompatibility_flags = ["nodejs_compat"]\n',
    );
    const leadgate = measure(process.cwd());
    const trivial = measure(dir);
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    writeSection(
      'Workers bundle and startup',
      `Machine: ${machine()}; load average before the runs: ${load}.
Command: \`npm run bench worker\` (\`wrangler check startup\`, ${RUNS} runs, median active time; local workerd, not Cloudflare's CPU).

| worker | bundle raw | bundle gzip | startup CPU (active) |
| --- | --- | --- | --- |
| Leadgate (\`wrangler.toml\`) | ${leadgate.raw} KiB | ${leadgate.gzip} KiB | ${leadgate.activeMs} ms |
| baseline: a one-line worker | ${trivial.raw} KiB | ${trivial.gzip} KiB | ${trivial.activeMs} ms |
`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

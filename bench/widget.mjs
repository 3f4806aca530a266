// Widget: bytes on the wire (raw / gzip / brotli from the build manifest) and the time from the script
// starting to load to the first rendered form, in headless Chromium against the Node face (median of 20
// cold page loads, each in a fresh browser context, on localhost).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freePort, machine, startProcess, writeSection } from './lib.mjs';

const RUNS = 20;

export async function run() {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  const manifest = JSON.parse(readFileSync('dist/public/widget.manifest.json', 'utf8'));
  const dataDir = mkdtempSync(join(tmpdir(), 'leadgate-bench-widget-'));
  const port = await freePort();
  const server = await startProcess(
    process.execPath,
    ['dist/server/server.mjs'],
    { PORT: String(port), LEADGATE_DATA_DIR: dataDir, DATABASE_URL: '' },
    'Leadgate is ready',
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const times = [];
  try {
    for (let i = 0; i < RUNS + 2; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/demo`);
      const ms = await page.evaluate(async () => {
        const form = () => document.querySelector('lead-form')?.shadowRoot?.querySelector('form input');
        while (!form()) await new Promise((r) => requestAnimationFrame(r));
        const rendered = performance.now();
        const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/widget.js'));
        return rendered - script.startTime;
      });
      if (i >= 2) times.push(ms); // two warm-up loads (server JIT)
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  writeSection(
    'Widget: size and time to first render (issue 4)',
    `Machine: ${machine()}; Chromium ${browser.version()} headless, localhost.
Command: \`npm run bench widget\`. Built file: \`${manifest.file}\` (also served as \`/widget.js\`).

| widget.js | bytes |
| --- | --- |
| raw (minified, Lit included) | ${manifest.bytes} |
| gzip -9 | ${manifest.gzip} (budget 10,240, enforced by widget/build.test.ts) |
| brotli q11 | ${manifest.brotli} |

Time from the script request starting to the first rendered input (script fetch + parse, form definition
fetch from the API, Lit render), ${RUNS} cold loads of /demo, each in a fresh browser context:
median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms.
For comparison (public figures, not measured here): HubSpot's form embed ships ~198 KB of compressed
JavaScript; Typeform's loader 14 KB before its iframe app.`,
  );
  console.log({ manifest, median: q(0.5), p90: q(0.9) });
}

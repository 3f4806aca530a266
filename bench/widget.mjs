// Widget: bytes on the wire (raw / gzip / brotli from the build manifest) and the time from the script
// starting to load to the first rendered form, in headless Chromium against the Node face (median of 20
// cold page loads, each in a fresh browser context, on localhost), in English (built in) and in German (its
// catalog is an on-demand file, fetched in parallel with the form definition).
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
  const times = { en: [], de: [] };
  try {
    for (let i = 0; i < 2 * (RUNS + 2); i++) {
      const lang = i % 2 ? 'de' : 'en';
      const context = await browser.newContext();
      const page = await context.newPage();
      if (lang === 'de')
        await page.route('**/demo', async (route) => {
          const html = await (await route.fetch()).text();
          await route.fulfill({
            contentType: 'text/html',
            body: html.replace('<lead-form', '<lead-form lang="de"'),
          });
        });
      await page.goto(`http://127.0.0.1:${port}/demo`);
      const ms = await page.evaluate(async () => {
        const form = () => document.querySelector('lead-form')?.shadowRoot?.querySelector('form input');
        while (!form()) await new Promise((r) => requestAnimationFrame(r));
        const rendered = performance.now();
        const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/widget.js'));
        return rendered - script.startTime;
      });
      if (i >= 4) times[lang].push(ms); // two warm-up loads each (server JIT)
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const list of Object.values(times)) list.sort((a, b) => a - b);
  const q = (p, list = times.en) => list[Math.min(list.length - 1, Math.floor(p * list.length))];
  const line = (list) =>
    `median ${q(0.5, list).toFixed(1)} ms, p90 ${q(0.9, list).toFixed(1)} ms, max ${list.at(-1).toFixed(1)} ms`;
  const chunks = Object.values(manifest.chunks ?? {})
    .map((c) => `| ${c.file} | ${c.bytes} | ${c.gzip} | ${c.brotli} |`)
    .join('\n');
  writeSection(
    'Widget: size and time to first render (issue 4)',
    `Machine: ${machine()}; Chromium ${browser.version()} headless, localhost.
Command: \`npm run bench widget\`. Built file: \`${manifest.file}\` (also served as \`/widget.js\`).

| widget.js | bytes |
| --- | --- |
| raw (minified, Lit included) | ${manifest.bytes} |
| gzip -9 | ${manifest.gzip} (budget 10,240, enforced by widget/build.test.ts) |
| brotli q11 | ${manifest.brotli} |

Loaded on demand, outside the budget (raw / gzip / brotli bytes):

| file | raw | gzip | brotli |
| --- | --- | --- | --- |
${chunks}

Time from the script request starting to the first rendered input (script fetch + parse, form definition
fetch from the API, Lit render), ${RUNS} cold loads of /demo each, each in a fresh browser context.
English: ${line(times.en)}. German (+ widget-de.js, fetched in parallel with the definition): ${line(times.de)}.
Taken on a machine shared with other work: indicative only.
For comparison (public figures, not measured here): HubSpot's form embed ships ~198 KB of compressed
JavaScript; Typeform's loader 14 KB before its iframe app.`,
  );
  console.log({ manifest, en: line(times.en), de: line(times.de) });
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';

/**
 * The deploy recipe as `npm run deploy` runs it: `wrangler deploy` (here `--dry-run --outdir`), whose [build]
 * command builds the assets first. `npm test` has built them already, so the build is skipped as in the
 * other worker tests; what is checked is what would be uploaded: the worker bundle, the widget and the
 * dashboard in the assets directory, and every binding wrangler.toml names.
 */
const config = unstable_readConfig({ config: 'wrangler.toml' });
const assets = config.assets?.directory ?? '';
let outdir = '';
let output = '';

beforeAll(() => {
  mkdirSync('.wrangler', { recursive: true });
  outdir = mkdtempSync(join('.wrangler', 'deploy-recipe-'));
  const run = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', LEADGATE_SKIP_ASSET_BUILD: '1' },
    encoding: 'utf8',
  });
  output = `${run.stdout}\n${run.stderr}`;
  expect(run.status, output).toBe(0);
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the deploy recipe (wrangler deploy --dry-run)', () => {
  it('builds the assets first, through the build script, and bundles the worker minified, zod in English', () => {
    expect(config.build.command).toBe('node scripts/build-assets.mjs');
    expect(output).toContain('Assets: build skipped (LEADGATE_SKIP_ASSET_BUILD=1).');
    const worker = readFileSync(join(outdir, 'worker.js'));
    expect(config.minify).toBe(true);
    // Unminified, the bundle is over 560 KiB gzipped.
    expect(gzipSync(worker, { level: 9 }).length).toBeLessThan(500 * 1024);
    // zod's error messages in English only (wrangler.toml [alias]): not its other locales.
    expect(worker.toString()).toContain('Invalid input');
    expect(worker.toString()).not.toContain('Kreditkartennummer');
    for (const durableObject of config.durable_objects.bindings)
      expect(worker.toString()).toContain(durableObject.class_name);
  });

  it('uploads the widget and the dashboard with every file the dashboard shell references', () => {
    expect(output).toContain(`from the assets directory`);
    for (const file of ['widget.js', 'widget.manifest.json', 'app/index.html'])
      expect(existsSync(join(assets, file)), file).toBe(true);
    const shell = readFileSync(join(assets, 'app/index.html'), 'utf8');
    const referenced = [...shell.matchAll(/(?:src|href)="\/app\/([^"]+)"/g)].map((m) => m[1]!);
    expect(referenced.length).toBeGreaterThan(0);
    for (const file of referenced) expect(existsSync(join(assets, 'app', file)), file).toBe(true);
  });

  it('gives the worker every binding wrangler.toml names, and one every-minute trigger', () => {
    const bindings = [
      ...config.durable_objects.bindings.map((b: { name: string }) => b.name),
      ...(config.queues.producers ?? []).map((q: { binding: string }) => q.binding),
      ...config.r2_buckets.map((b: { binding: string }) => b.binding),
      config.assets?.binding,
    ];
    expect(bindings).toEqual(
      expect.arrayContaining([
        'RATE_LIMITER',
        'LIVE_ROOMS',
        'IMPORT_QUEUE',
        'WEBHOOK_QUEUE',
        'DOCUMENTS',
        'ASSETS',
      ]),
    );
    for (const binding of bindings) expect(output).toContain(`env.${binding}`);
    expect(config.triggers.crons).toEqual(['* * * * *']);
    // The settings that are not secret are declared, so `wrangler types` and a deploy know them.
    expect(Object.keys(config.vars)).toEqual(expect.arrayContaining(['APP_URL', 'MAIL_FROM']));
  });
});

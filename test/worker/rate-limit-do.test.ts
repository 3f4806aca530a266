import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimitResult } from '../../edge/rate-limit/types';

/**
 * The Durable Object limiter in workerd: a harness worker exporting RateLimiterObject (SQLite-backed, as
 * wrangler.toml declares it) and calling DurableObjectRateLimiter from its fetch handler.
 */
let mf: Miniflare;
mkdirSync('.wrangler', { recursive: true });
// Inside the project: workerd names modules relative to the project root and refuses paths above it.
const outdir = mkdtempSync(join('.wrangler', 'test-build-ratelimit-'));
const WORKER = 'rate-limit-harness';
// A day: long enough that a test never straddles two windows (unless it runs across midnight UTC).
const DAY = 86_400;

beforeAll(async () => {
  await build({
    entryPoints: ['test/worker/fixtures/rate-limit-harness.ts'],
    outfile: join(outdir, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    external: ['cloudflare:*'],
    logLevel: 'silent',
  });
  mf = new Miniflare(
    convertV4MiniflareOptions({
      name: WORKER,
      modules: true,
      scriptPath: join(outdir, 'worker.js'),
      compatibilityDate: '2026-11-01',
      compatibilityFlags: ['nodejs_compat'],
      durableObjects: { RATE_LIMITER: { className: 'RateLimiterObject', useSQLite: true } },
      // For reading the objects' SQLite storage from the tests.
      unsafeInspectDurableObjects: true,
    }),
  );
  await mf.ready;
});

afterAll(async () => {
  await mf?.dispose();
  rmSync(outdir, { recursive: true, force: true });
});

async function hit(key: string, limit: number, windowSeconds = DAY): Promise<RateLimitResult> {
  const query = new URLSearchParams({ key, limit: String(limit), window: String(windowSeconds) });
  const res = await mf.dispatchFetch(`http://localhost/hit?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as RateLimitResult;
}

async function hitTimes(key: string, times: number, limit: number): Promise<RateLimitResult[]> {
  const results: RateLimitResult[] = [];
  for (let i = 0; i < times; i++) results.push(await hit(key, limit));
  return results;
}

describe('Durable Object rate limiter in workerd', () => {
  it('allows 10 hits in a window and refuses the 11th', async () => {
    const results = await hitTimes('ip:198.51.100.1', 11, 10);
    expect(results.map((r) => [r.allowed, r.remaining])).toEqual([
      ...Array.from({ length: 10 }, (_, i) => [true, 9 - i]),
      [false, 0],
    ]);
    for (const r of results) {
      expect(r.limit).toBe(10);
      expect(r.resetSeconds).toBeGreaterThanOrEqual(1);
      expect(r.resetSeconds).toBeLessThanOrEqual(DAY);
    }
  });

  it('counts a second key independently', async () => {
    await hitTimes('ip:198.51.100.2', 3, 3);
    expect(await hit('ip:198.51.100.2', 3)).toMatchObject({ allowed: false, remaining: 0 });
    expect(await hit('ip:198.51.100.3', 3)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('allows exactly the limit among concurrent hits', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => hit('ip:198.51.100.4', 10)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(
      results
        .filter((r) => r.allowed)
        .map((r) => r.remaining)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps the count for a new stub and after the object is evicted from memory', async () => {
    await hitTimes('ip:198.51.100.5', 4, 10);
    // Each request makes a new stub for the same name.
    expect(await hit('ip:198.51.100.5', 10)).toMatchObject({ allowed: true, remaining: 5 });
    await mf.unsafeEvictDurableObject(WORKER, 'RateLimiterObject', { name: 'ip:198.51.100.5' });
    expect(await hit('ip:198.51.100.5', 10)).toMatchObject({ allowed: true, remaining: 4 });
  });

  it('stores only the current window, and deletes it with an alarm once the window ends', async () => {
    const key = 'ip:198.51.100.6';
    const storage = await mf.unsafeGetDurableObjectStorage(WORKER, 'RateLimiterObject', { name: key });
    const stored = () => storage.exec(`SELECT name FROM sqlite_master WHERE name = 'rate_window'`);
    await hitTimes(key, 2, 10);
    expect(await storage.exec('SELECT count FROM rate_window')).toEqual([{ count: 2 }]);

    // Start just after a second begins, so the 1 s window cannot end before it is read back.
    await new Promise((resolve) => setTimeout(resolve, 1_050 - (Date.now() % 1_000)));
    await hit(key, 10, 1);
    expect(await storage.exec('SELECT count, seconds FROM rate_window')).toEqual([{ count: 1, seconds: 1 }]);
    await expect.poll(stored, { timeout: 5_000, interval: 100 }).toEqual([]);
    expect(await hit(key, 10, 1)).toMatchObject({ allowed: true, remaining: 9 });
    expect(await stored()).toHaveLength(1);
  });
});

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
// A day: at 10 or fewer hits a day, the quota a test uses does not come back while it runs.
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

async function hit(
  key: string,
  limit: number,
  windowSeconds = DAY,
  { peek = false } = {},
): Promise<RateLimitResult> {
  const query = new URLSearchParams({ key, limit: String(limit), window: String(windowSeconds) });
  if (peek) query.set('peek', '1');
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
    // GCRA: the next hit fits one interval (a day / 10) after the quota was used up, give or take the test's run.
    const { retryAfterSeconds } = results[10]!;
    expect(retryAfterSeconds).toBeGreaterThan(DAY / 10 - 30);
    expect(retryAfterSeconds).toBeLessThanOrEqual(DAY / 10);
  });

  it('allows no second burst at a window boundary: the limit at once, then one per interval', async () => {
    // 10 per 4 s, one per 400 ms. A window aligned to the clock would allow 10 just before a multiple
    // of 4 s and 10 more just after it.
    const key = 'ip:198.51.100.7';
    const burst = () => Promise.all(Array.from({ length: 10 }, () => hit(key, 10, 4)));
    const untilBoundary = () => 4_000 - (Date.now() % 4_000);
    if (untilBoundary() < 300) await sleep(untilBoundary() + 50);
    await sleep(untilBoundary() - 250);
    const before = await burst();
    await sleep(untilBoundary() + 50);
    const after = await burst();
    expect(before.filter((r) => r.allowed)).toHaveLength(10);
    // 300–700 ms passed between the bursts: one or two intervals' worth, never a new full quota.
    expect(after.filter((r) => r.allowed).length).toBeLessThanOrEqual(2);
  });

  it('answers a peek without counting it', async () => {
    const key = 'ip:198.51.100.8';
    expect(await hit(key, 2, DAY, { peek: true })).toMatchObject({ allowed: true, remaining: 1 });
    await hitTimes(key, 2, 2);
    expect(await hit(key, 2, DAY, { peek: true })).toMatchObject({ allowed: false, remaining: 0 });
    expect(await hit('ip:198.51.100.9', 2, DAY, { peek: true })).toMatchObject({ allowed: true });
    expect(await hit('ip:198.51.100.9', 2)).toMatchObject({ allowed: true, remaining: 1 });
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

  it('stores only its timestamp, and deletes it with an alarm once the quota is full again', async () => {
    const key = 'ip:198.51.100.6';
    const storage = await mf.unsafeGetDurableObjectStorage(WORKER, 'RateLimiterObject', { name: key });
    await hitTimes(key, 2, 10);
    const [row] = (await storage.exec('SELECT tat FROM rate_gcra')) as { tat: number }[];
    // Two hits of ten a day: the quota is full again about 2 × 8,640 s from now.
    expect(row!.tat - Date.now()).toBeGreaterThan(2 * 8_640_000 - 60_000);
    expect(row!.tat - Date.now()).toBeLessThanOrEqual(2 * 8_640_000);

    // 10 a second: the quota is full again 100 ms after a hit, and the alarm deletes the row.
    const brief = 'ip:198.51.100.10';
    const briefStorage = await mf.unsafeGetDurableObjectStorage(WORKER, 'RateLimiterObject', { name: brief });
    const stored = () => briefStorage.exec(`SELECT name FROM sqlite_master WHERE name = 'rate_gcra'`);
    await hit(brief, 10, 1);
    await expect.poll(stored, { timeout: 5_000, interval: 100 }).toEqual([]);
    expect(await hit(brief, 10, 1)).toMatchObject({ allowed: true, remaining: 9 });
    expect(await stored()).toHaveLength(1);
  });

  it('drops the table of the earlier fixed-window layout when it wakes, keeping its own count', async () => {
    const key = 'ip:198.51.100.11';
    await hit(key, 10);
    const storage = await mf.unsafeGetDurableObjectStorage(WORKER, 'RateLimiterObject', { name: key });
    await storage.exec(
      'CREATE TABLE rate_window (id INTEGER PRIMARY KEY, start REAL NOT NULL, seconds REAL NOT NULL, count INTEGER NOT NULL)',
    );
    await mf.unsafeEvictDurableObject(WORKER, 'RateLimiterObject', { name: key });
    expect(await hit(key, 10)).toMatchObject({ allowed: true, remaining: 8 });
    expect(await storage.exec(`SELECT name FROM sqlite_master WHERE name = 'rate_window'`)).toEqual([]);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './memory';
import type { RateLimitResult } from './types';

/** A limiter on a clock the test moves by hand. */
function limiterAt(startMs = 0, maxKeys?: number) {
  const clock = { ms: startMs };
  return { clock, limiter: new MemoryRateLimiter(() => clock.ms, maxKeys) };
}

type Step = { atMs: number; key?: string };
const ok = (remaining: number, resetSeconds: number, limit: number): RateLimitResult => ({
  allowed: true,
  limit,
  remaining,
  resetSeconds,
  retryAfterSeconds: 0,
});
const refused = (retryAfterSeconds: number, resetSeconds: number, limit: number): RateLimitResult => ({
  allowed: false,
  limit,
  remaining: 0,
  resetSeconds,
  retryAfterSeconds,
});

describe('MemoryRateLimiter.hit', () => {
  it.each<{ name: string; limit: number; windowSeconds: number; steps: Step[]; expected: RateLimitResult[] }>(
    [
      {
        name: 'allows the limit at once, then one hit per interval (window / limit), saying when to retry',
        limit: 3,
        windowSeconds: 60,
        steps: [
          { atMs: 120_000 },
          { atMs: 120_000 },
          { atMs: 120_000 },
          { atMs: 120_000 },
          { atMs: 139_998 },
          { atMs: 140_000 },
          { atMs: 140_000 },
        ],
        expected: [
          ok(2, 20, 3),
          ok(1, 40, 3),
          ok(0, 60, 3),
          refused(20, 60, 3),
          refused(1, 41, 3),
          ok(0, 60, 3),
          refused(20, 60, 3),
        ],
      },
      {
        name: 'refills as time passes: hits spread over the window leave quota to spare',
        limit: 3,
        windowSeconds: 60,
        steps: [
          { atMs: 120_000 },
          { atMs: 130_000 },
          { atMs: 140_000 },
          { atMs: 140_000 },
          { atMs: 150_500 },
        ],
        expected: [ok(2, 20, 3), ok(1, 30, 3), ok(1, 40, 3), ok(0, 60, 3), refused(10, 50, 3)],
      },
      {
        name: 'counts keys independently',
        limit: 2,
        windowSeconds: 60,
        steps: [
          { atMs: 0, key: 'a' },
          { atMs: 0, key: 'a' },
          { atMs: 0, key: 'b' },
          { atMs: 0, key: 'a' },
        ],
        expected: [ok(1, 30, 2), ok(0, 60, 2), ok(1, 30, 2), refused(30, 60, 2)],
      },
      {
        name: 'refuses everything with a limit of 0',
        limit: 0,
        windowSeconds: 60,
        steps: [{ atMs: 0 }, { atMs: 1_000 }],
        expected: [refused(60, 60, 0), refused(60, 60, 0)],
      },
      {
        name: 'handles a fractional interval: 7 a minute allows exactly 7 at once',
        limit: 7,
        windowSeconds: 60,
        steps: Array.from({ length: 8 }, () => ({ atMs: 1_765_000_000_123 })),
        expected: [
          ...[6, 5, 4, 3, 2, 1, 0].map((r, i) => ok(r, Math.ceil(((i + 1) * 60) / 7), 7)),
          refused(9, 60, 7),
        ],
      },
    ],
  )('$name', async ({ limit, windowSeconds, steps, expected }) => {
    const { clock, limiter } = limiterAt();
    const results: RateLimitResult[] = [];
    for (const step of steps) {
      clock.ms = step.atMs;
      results.push(await limiter.hit(step.key ?? 'ip:203.0.113.7', limit, windowSeconds));
    }
    expect(results).toEqual(expected);
  });

  it('allows no second burst at a minute boundary (100/min: 200 requests within 2.7 s get 104)', async () => {
    const { clock, limiter } = limiterAt();
    let allowed = 0;
    // A window aligned to the clock would end at 60 s: 100 just before it and 100 just after would fit.
    for (const atMs of [58_650, 61_350])
      for (let i = 0; i < 100; i++) {
        clock.ms = atMs;
        if ((await limiter.hit('api:user:u1', 100, 60)).allowed) allowed++;
      }
    // 100 at once, then one per 600 ms: 4 more in the 2.7 s between the bursts.
    expect(allowed).toBe(104);
  });

  it('keeps the share of the quota used when another limit is asked for', async () => {
    const { clock, limiter } = limiterAt();
    await limiter.hit('k', 1, 60);
    expect(await limiter.hit('k', 1, 60)).toEqual(refused(60, 60, 1));
    // A full quota stays full at 2 a minute: the next hit fits once one interval (30 s) has passed.
    expect(await limiter.hit('k', 2, 60)).toEqual(refused(30, 60, 2));
    clock.ms = 30_000;
    expect(await limiter.hit('k', 2, 60)).toEqual(ok(0, 60, 2));
  });

  it('answers a peek as a hit would be answered, without counting it', async () => {
    const { limiter } = limiterAt();
    expect(await limiter.hit('k', 2, 60, { peek: true })).toEqual(ok(1, 30, 2));
    expect(limiter.size).toBe(0);
    await limiter.hit('k', 2, 60);
    await limiter.hit('k', 2, 60);
    expect(await limiter.hit('k', 2, 60, { peek: true })).toEqual(refused(30, 60, 2));
  });

  it.each([
    { limit: 1, windowSeconds: 0 },
    { limit: 1, windowSeconds: -5 },
    { limit: 1, windowSeconds: Number.NaN },
    { limit: 1, windowSeconds: Number.POSITIVE_INFINITY },
    { limit: -1, windowSeconds: 60 },
    { limit: Number.POSITIVE_INFINITY, windowSeconds: 60 },
  ])('rejects limit $limit with a window of $windowSeconds s', async ({ limit, windowSeconds }) => {
    const { limiter } = limiterAt();
    await expect(limiter.hit('k', limit, windowSeconds)).rejects.toThrow(RangeError);
  });
});

describe('MemoryRateLimiter memory', () => {
  it('drops keys whose quota is full again as new hits arrive, without reaching the bound', async () => {
    const { clock, limiter } = limiterAt(0, 10_000);
    for (let i = 0; i < 500; i++) await limiter.hit(`old-${i}`, 5, 10);
    clock.ms = 10_000;
    for (let i = 0; i < 500; i++) await limiter.hit(`new-${i}`, 5, 10);
    expect(limiter.size).toBe(500);
  });

  it('never holds more than maxKeys under a flood of distinct keys, and still counts the newest exactly', async () => {
    const { limiter } = limiterAt(0, 100);
    let largest = 0;
    for (let i = 0; i < 5_000; i++) {
      await limiter.hit(`ip:${i}`, 3, 3600);
      largest = Math.max(largest, limiter.size);
    }
    expect(largest).toBe(100);
    expect(await limiter.hit('ip:4999', 3, 3600)).toEqual(ok(1, 2400, 3));
  });

  it('at the bound sweeps idle keys first, so a live key behind them keeps its count', async () => {
    const { clock, limiter } = limiterAt(0, 10);
    await limiter.hit('long', 3, 3600);
    for (let i = 0; i < 9; i++) await limiter.hit(`short-${i}`, 3, 1);
    clock.ms = 1_000;
    await limiter.hit('newcomer', 3, 1);
    expect(limiter.size).toBe(2);
    expect(await limiter.hit('long', 3, 3600)).toEqual(ok(1, 2399, 3));
  });
});

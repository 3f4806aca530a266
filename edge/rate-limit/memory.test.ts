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
});
const refused = (resetSeconds: number, limit: number): RateLimitResult => ({
  allowed: false,
  limit,
  remaining: 0,
  resetSeconds,
});

describe('MemoryRateLimiter.hit', () => {
  it.each<{ name: string; limit: number; windowSeconds: number; steps: Step[]; expected: RateLimitResult[] }>(
    [
      {
        name: 'refuses once the limit is reached, with remaining 0 and the seconds left in the window',
        limit: 3,
        windowSeconds: 60,
        steps: [
          { atMs: 120_000 },
          { atMs: 130_000 },
          { atMs: 140_000 },
          { atMs: 150_500 },
          { atMs: 179_999 },
        ],
        expected: [ok(2, 60, 3), ok(1, 50, 3), ok(0, 40, 3), refused(30, 3), refused(1, 3)],
      },
      {
        name: 'starts again from the limit when a new window begins',
        limit: 2,
        windowSeconds: 10,
        steps: [{ atMs: 5_000 }, { atMs: 6_000 }, { atMs: 7_000 }, { atMs: 10_000 }, { atMs: 19_999 }],
        expected: [ok(1, 5, 2), ok(0, 4, 2), refused(3, 2), ok(1, 10, 2), ok(0, 1, 2)],
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
        expected: [ok(1, 60, 2), ok(0, 60, 2), ok(1, 60, 2), refused(60, 2)],
      },
      {
        name: 'refuses everything with a limit of 0',
        limit: 0,
        windowSeconds: 60,
        steps: [{ atMs: 0 }, { atMs: 1_000 }],
        expected: [refused(60, 0), refused(59, 0)],
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

  it('resets a key whose window length changes', async () => {
    const { limiter } = limiterAt();
    await limiter.hit('k', 1, 60);
    expect(await limiter.hit('k', 1, 60)).toEqual(refused(60, 1));
    expect(await limiter.hit('k', 1, 30)).toEqual(ok(0, 30, 1));
  });

  it.each([
    { limit: 1, windowSeconds: 0 },
    { limit: 1, windowSeconds: -5 },
    { limit: 1, windowSeconds: Number.NaN },
    { limit: 1, windowSeconds: Number.POSITIVE_INFINITY },
    { limit: -1, windowSeconds: 60 },
  ])('rejects limit $limit with a window of $windowSeconds s', async ({ limit, windowSeconds }) => {
    const { limiter } = limiterAt();
    await expect(limiter.hit('k', limit, windowSeconds)).rejects.toThrow(RangeError);
  });
});

describe('MemoryRateLimiter memory', () => {
  it('drops ended windows as new hits arrive, without reaching the bound', async () => {
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
    expect(await limiter.hit('ip:4999', 3, 3600)).toEqual(ok(1, 3600, 3));
  });

  it('at the bound sweeps ended windows first, so a live window behind them keeps its count', async () => {
    const { clock, limiter } = limiterAt(0, 10);
    await limiter.hit('long', 3, 3600);
    for (let i = 0; i < 9; i++) await limiter.hit(`short-${i}`, 3, 1);
    clock.ms = 1_000;
    await limiter.hit('newcomer', 3, 1);
    expect(limiter.size).toBe(2);
    expect(await limiter.hit('long', 3, 3600)).toEqual(ok(1, 3599, 3));
  });
});

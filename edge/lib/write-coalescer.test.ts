import { describe, expect, it } from 'vitest';
import { WriteCoalescer } from './write-coalescer';

const coalescer = (maxPerGroup = 10, maxEntries = 100) =>
  new WriteCoalescer({ windowMs: 60_000, maxPerGroup, maxEntries });

describe('WriteCoalescer', () => {
  it('writes a key’s first occurrence, holds the rest of its window back, then writes them all', () => {
    const c = coalescer();
    expect([0, 1, 2, 59_999].map((t) => c.hit('frm', 'https://a.example', t))).toEqual([1, 0, 0, 0]);
    expect(c.hit('frm', 'https://a.example', 60_000)).toBe(4);
    expect(c.hit('frm', 'https://a.example', 60_001)).toBe(0);
  });

  it('keeps keys and groups apart', () => {
    const c = coalescer();
    expect(c.hit('frm_1', 'https://a.example', 0)).toBe(1);
    expect(c.hit('frm_2', 'https://a.example', 0)).toBe(1);
    expect(c.hit('frm_1', 'https://b.example', 0)).toBe(1);
  });

  it('caps the writes of a group per window, whatever the number of distinct keys', () => {
    const c = coalescer(3);
    const writes = Array.from({ length: 50 }, (_, i) => c.hit('frm', `https://${i}.example`, i));
    expect(writes.filter((n) => n > 0)).toHaveLength(3);
    // A held-back key is written in the next window with what it saw.
    expect(c.hit('frm', 'https://10.example', 60_000)).toBe(2);
  });

  it('forgets everything past its bound, so its memory stays bounded', () => {
    const c = coalescer(1000, 5);
    for (let i = 0; i < 5; i++) c.hit('frm', `https://${i}.example`, 0);
    expect(c.hit('frm', 'https://0.example', 1)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { formatId } from './ids';

describe('formatId', () => {
  it.each([
    ['lead', 0, new Uint8Array(10), 'lead_00000000000000000000000000'],
    ['frm', 1, new Uint8Array(10).fill(255), 'frm_0000000001zzzzzzzzzzzzzzzz'],
  ])('%s at %d', (prefix, now, random, expected) => {
    expect(formatId(prefix, now, random)).toBe(expected);
  });

  it('sorts by time', () => {
    const a = formatId('x', 1_700_000_000_000, new Uint8Array(10).fill(200));
    const b = formatId('x', 1_700_000_000_001, new Uint8Array(10));
    expect(a < b).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDateBound } from './date-range';

describe('parseDateBound', () => {
  it.each<[string, 'start' | 'end', string | null]>([
    ['2026-03-01', 'start', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01', 'end', '2026-03-02T00:00:00.000Z'],
    ['2024-02-29', 'start', '2024-02-29T00:00:00.000Z'],
    ['2026-12-31', 'end', '2027-01-01T00:00:00.000Z'],
    ['2026-03-01T10:15:00Z', 'start', '2026-03-01T10:15:00.000Z'],
    ['2026-03-01T10:15:30.5+02:00', 'end', '2026-03-01T08:15:30.500Z'],
    ['2026-03-01T10:15', 'start', null],
    ['2026-02-30', 'start', null],
    ['2026-13-01', 'end', null],
    ['yesterday', 'start', null],
    ['1709251200', 'start', null],
    ['', 'start', null],
    ['0000-01-01', 'start', null],
    ['9999-12-31', 'start', '9999-12-31T00:00:00.000Z'],
    ['9999-12-31', 'end', null],
    ['1000-01-01T00:00:00+14:00', 'start', null],
  ])('%s (%s) → %s', (text, end, expected) => {
    expect(parseDateBound(text, end)?.toISOString() ?? null).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { withZonedDays, zonedDayBound } from './day-bounds';

describe('zonedDayBound', () => {
  it.each([
    // Prague in winter (UTC+1) and summer (UTC+2); the end bound is the next day's start, exclusive.
    ['2026-03-01', false, 'Europe/Prague', '2026-02-28T23:00:00.000Z'],
    ['2026-03-01', true, 'Europe/Prague', '2026-03-01T23:00:00.000Z'],
    ['2026-07-15', false, 'Europe/Prague', '2026-07-14T22:00:00.000Z'],
    // The day the clocks go forward: the end is the next midnight, after the change.
    ['2026-03-29', true, 'Europe/Prague', '2026-03-29T22:00:00.000Z'],
    ['2026-12-31', true, 'America/New_York', '2027-01-01T05:00:00.000Z'],
    ['2026-01-31', true, 'Asia/Tokyo', '2026-01-31T15:00:00.000Z'],
    ['2026-03-01', false, 'UTC', '2026-03-01T00:00:00.000Z'],
  ] as const)('%s (end %s) in %s starts at %s', (day, end, zone, instant) => {
    expect(zonedDayBound(day, end, zone)).toBe(instant);
  });

  it('leaves the value alone with no zone or no date', () => {
    expect(zonedDayBound('2026-03-01', true, undefined)).toBe('2026-03-01');
    expect(zonedDayBound('2026-03-01T10:00:00Z', false, 'Europe/Prague')).toBe('2026-03-01T10:00:00Z');
  });

  it('moves only the named bounds', () => {
    expect(
      withZonedDays(
        { createdFrom: '2026-03-01', createdTo: '2026-03-02', q: '2026-03-01' },
        { start: ['createdFrom'], end: ['createdTo'] },
        'Europe/Prague',
      ),
    ).toEqual({
      createdFrom: '2026-02-28T23:00:00.000Z',
      createdTo: '2026-03-02T23:00:00.000Z',
      q: '2026-03-01',
    });
  });
});

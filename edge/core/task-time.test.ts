import { describe, expect, it } from 'vitest';
import { defaultDue, snoozedDue, todayBounds, zonedInstant } from './task-time';

describe('task time in a person’s zone', () => {
  it.each([
    // The last Saturday of March 2026 in Prague: tomorrow 9:00 is already summer time (+02:00).
    ['2026-03-28T10:00:00Z', 'Europe/Prague', '2026-03-29T07:00:00.000Z'],
    // The last Saturday of October 2026: tomorrow 9:00 is back on winter time (+01:00).
    ['2026-10-24T10:00:00Z', 'Europe/Prague', '2026-10-25T08:00:00.000Z'],
    // Late evening UTC is already tomorrow in Tokyo: "tomorrow" is the day after that.
    ['2026-06-01T20:00:00Z', 'Asia/Tokyo', '2026-06-03T00:00:00.000Z'],
    ['2026-12-31T12:00:00Z', 'UTC', '2027-01-01T09:00:00.000Z'],
    ['2026-03-07T12:00:00Z', 'America/New_York', '2026-03-08T13:00:00.000Z'],
  ])('from %s in %s, the default due is %s', (now, zone, due) => {
    expect(defaultDue(new Date(now), zone).toISOString()).toBe(due);
  });

  it('today is 23 hours long on the spring DST day, 25 on the autumn one', () => {
    const spring = todayBounds(new Date('2026-03-29T12:00:00Z'), 'Europe/Prague');
    expect([spring.start.toISOString(), spring.end.toISOString()]).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    const autumn = todayBounds(new Date('2026-10-25T12:00:00Z'), 'Europe/Prague');
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
  });

  it('a wall time skipped by the spring jump lands after it', () => {
    const t = zonedInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Prague');
    expect(t.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it.each([
    ['hour', '2026-03-28T10:00:00Z', '2026-03-28T11:00:00.000Z'],
    ['tomorrow', '2026-03-28T10:00:00Z', '2026-03-29T07:00:00.000Z'],
    // Saturday → Monday; Sunday → the next day; Monday → a week later.
    ['next-week', '2026-03-28T10:00:00Z', '2026-03-30T07:00:00.000Z'],
    ['next-week', '2026-03-29T10:00:00Z', '2026-03-30T07:00:00.000Z'],
    ['next-week', '2026-03-30T10:00:00Z', '2026-04-06T07:00:00.000Z'],
  ] as const)('snooze %s from %s → %s (Prague)', (preset, now, due) => {
    expect(snoozedDue(preset, new Date(now), 'Europe/Prague').toISOString()).toBe(due);
  });
});

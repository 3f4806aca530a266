import { describe, expect, it } from 'vitest';
import { localInstant, localValue } from './local-time';

describe('a datetime-local value in the person’s zone', () => {
  it.each([
    ['2026-03-30T09:00', 'Europe/Prague', '2026-03-30T07:00:00.000Z'],
    ['2026-12-08T09:00', 'Europe/Prague', '2026-12-08T08:00:00.000Z'],
    ['2026-12-08T09:00', 'UTC', '2026-12-08T09:00:00.000Z'],
    ['2026-12-08T23:30', 'America/New_York', '2026-12-09T04:30:00.000Z'],
  ])('%s in %s is %s, and back', (value, zone, iso) => {
    expect(localInstant(value, zone)).toBe(iso);
    expect(localValue(iso, zone)).toBe(value);
  });

  it.each(['', '2026-12-08', 'tomorrow'])('%j is no time', (value) => {
    expect(localInstant(value, 'UTC')).toBeNull();
  });
});

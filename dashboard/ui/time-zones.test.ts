import { describe, expect, it } from 'vitest';
import { timeZoneChoices } from './time-zones';

describe('timeZoneChoices', () => {
  it('lists time zones with UTC first, once', () => {
    const zones = timeZoneChoices();
    expect(zones[0]).toBe('UTC');
    expect(zones.filter((z) => z === 'UTC')).toHaveLength(1);
    expect(zones).toContain('Europe/Prague');
  });

  it('keeps a saved zone the browser does not list, first; a listed one stays in its place', () => {
    expect(timeZoneChoices('Europe/Kyiv_Old')[0]).toBe('Europe/Kyiv_Old');
    expect(timeZoneChoices('Europe/Prague')).toEqual(timeZoneChoices());
    expect(timeZoneChoices(null)).toEqual(timeZoneChoices());
  });
});

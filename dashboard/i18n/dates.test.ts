import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, locale, timeZone } from './index';

describe('dates in the signed-in person’s time zone', () => {
  afterEach(() => {
    timeZone.value = undefined;
    locale.value = 'en';
  });

  it('formats an instant in the chosen zone: the same instant is another day and hour elsewhere', () => {
    locale.value = 'en';
    const iso = '2026-03-02T23:30:00.000Z';
    timeZone.value = 'UTC';
    expect(formatDate(iso)).toBe('Mar 2, 2026');
    expect(formatDateTime(iso)).toMatch(/^Mar 2, 2026, 11:30\sPM$/);
    timeZone.value = 'Europe/Prague';
    expect(formatDate(iso)).toBe('Mar 3, 2026');
    expect(formatDateTime(iso)).toMatch(/^Mar 3, 2026, 12:30\sAM$/);
    timeZone.value = 'America/Los_Angeles';
    expect(formatDateTime(iso)).toMatch(/^Mar 2, 2026, 3:30\sPM$/);
  });

  it('a calendar date is that day in every zone; an unparseable value is shown as it is', () => {
    timeZone.value = 'Pacific/Pago_Pago';
    expect(formatDate('2026-03-02')).toBe('Mar 2, 2026');
    timeZone.value = 'Pacific/Kiritimati';
    expect(formatDate('2026-03-02')).toBe('Mar 2, 2026');
    expect(formatDate('soon')).toBe('soon');
    expect(formatDateTime('soon')).toBe('soon');
  });
});

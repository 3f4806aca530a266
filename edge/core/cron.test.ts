import { describe, expect, it } from 'vitest';
import { cronMatches, parseCron, previousFire } from './cron';

const at = (iso: string) => new Date(iso);

describe('parseCron', () => {
  it.each([
    '* * * * *',
    '0 3 * * *',
    '*/15 * * * 1-5',
    '0 0 1,15 * *',
    '30 6 * * 0',
    '0 0 * * 7',
    '5/20 * * * *',
  ])('accepts %s', (expr) => {
    expect(parseCron(expr)).not.toBeNull();
  });

  it.each([
    '',
    '* * * *',
    '* * * * * *',
    '60 * * * *',
    '* 24 * * *',
    '* * 0 * *',
    '* * * 13 *',
    '* * * * 8',
    '*/0 * * * *',
    '5-1 * * * *',
    'a * * * *',
    '0 0 * * MON',
  ])('refuses %j', (expr) => {
    expect(parseCron(expr)).toBeNull();
  });
});

describe('cronMatches (UTC)', () => {
  it.each<[string, string, boolean]>([
    ['0 3 * * *', '2026-03-04T03:00:00Z', true],
    ['0 3 * * *', '2026-03-04T03:00:59Z', true],
    ['0 3 * * *', '2026-03-04T03:01:00Z', false],
    ['0 3 * * *', '2026-03-04T04:00:00Z', false],
    ['*/15 * * * *', '2026-03-04T10:45:00Z', true],
    ['*/15 * * * *', '2026-03-04T10:46:00Z', false],
    ['5/20 * * * *', '2026-03-04T10:45:00Z', true],
    ['0 9 * * 1-5', '2026-03-06T09:00:00Z', true], // Friday
    ['0 9 * * 1-5', '2026-03-07T09:00:00Z', false], // Saturday
    ['0 0 * * 7', '2026-03-08T00:00:00Z', true], // Sunday as 7
    ['0 0 * * 0', '2026-03-08T00:00:00Z', true], // Sunday as 0
    ['0 0 1 * *', '2026-04-01T00:00:00Z', true],
    ['0 0 1 * *', '2026-04-02T00:00:00Z', false],
    ['0 0 1,15 3 *', '2026-03-15T00:00:00Z', true],
    ['0 0 1,15 3 *', '2026-04-15T00:00:00Z', false],
    // Both day fields restricted: either matches (1st of the month OR a Monday).
    ['0 0 1 * 1', '2026-03-02T00:00:00Z', true],
    ['0 0 1 * 1', '2026-03-01T00:00:00Z', true],
    ['0 0 1 * 1', '2026-03-03T00:00:00Z', false],
  ])('%s at %s → %s', (expr, iso, expected) => {
    expect(cronMatches(parseCron(expr)!, at(iso))).toBe(expected);
  });
});

describe('previousFire', () => {
  it.each<[string, string, string | null]>([
    ['0 3 * * *', '2026-03-04T03:00:30Z', '2026-03-04T03:00:00.000Z'],
    ['0 3 * * *', '2026-03-04T02:59:00Z', '2026-03-03T03:00:00.000Z'],
    ['30 2 * * 1', '2026-03-06T12:00:00Z', '2026-03-02T02:30:00.000Z'],
    ['* * * * *', '2026-03-04T10:07:42Z', '2026-03-04T10:07:00.000Z'],
    ['0 0 30 2 *', '2026-03-04T00:00:00Z', null],
  ])('%s before %s → %s', (expr, now, expected) => {
    expect(previousFire(parseCron(expr)!, at(now))?.toISOString() ?? null).toBe(expected);
  });
});

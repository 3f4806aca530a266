import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  clientNetwork,
  lockedFor,
  THROTTLE_POLICIES,
  type ThrottleState,
} from './sign-in-throttle';

const policy = THROTTLE_POLICIES.account;
const t0 = new Date('2026-12-07T10:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** Fails `n` times, one second apart from `start`, and returns the last state. */
function fail(n: number, state: ThrottleState | null = null, start = 0): ThrottleState {
  let s = state;
  for (let i = 0; i < n; i++) s = afterFailure(s, policy, at(start + i));
  return s!;
}

describe('afterFailure', () => {
  it('counts failures without locking below the limit', () => {
    const s = fail(4);
    expect(s).toMatchObject({ failures: 4, lockouts: 0, lockedUntil: null });
    expect(lockedFor(s, at(4))).toBeNull();
  });

  it('locks at the limit for a minute, then twice as long at each lockout, up to an hour', () => {
    const first = fail(5);
    expect(lockedFor(first, at(4))).toBe(60);
    expect(lockedFor(first, at(64))).toBeNull();
    const second = fail(5, first, 64);
    expect(second.lockouts).toBe(2);
    expect(lockedFor(second, at(68))).toBe(120);
    let s = second;
    for (let i = 0; i < 8; i++) s = fail(5, s, 10_000 * (i + 1));
    expect(lockedFor(s, at(80_004))).toBe(3600);
  });

  it('starts a new window after 15 minutes, and forgets lockouts after a quiet day', () => {
    expect(fail(1, fail(4), 15 * 60)).toMatchObject({ failures: 1 });
    const locked = fail(5);
    const dayLater = fail(5, locked, 24 * 3600 + 10);
    expect(dayLater.lockouts).toBe(1);
    expect(lockedFor(dayLater, at(24 * 3600 + 14))).toBe(60);
  });
});

describe('clientNetwork', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['2001:db8:85a3:0:0:8a2e:370:7334', '2001:db8:85a3:0::/64'],
    ['2001:0db8:85a3::8a2e:370:7334', '2001:db8:85a3:0::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
  ])('%s → %s', (ip, network) => {
    expect(clientNetwork(ip)).toBe(network);
  });
});

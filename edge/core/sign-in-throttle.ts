/**
 * Throttling of sign-in attempts (OWASP authentication cheat sheet): a key (an account, a client network)
 * may fail `limit` times in `windowSeconds`; the failure that reaches the limit locks the key, first for
 * `lockSeconds`, then twice as long at each further lockout, up to `maxLockSeconds`. A key with no failure
 * for `forgetSeconds` starts over. Pure: the service stores the state, this decides it.
 */
export type ThrottlePolicy = {
  limit: number;
  windowSeconds: number;
  lockSeconds: number;
  maxLockSeconds: number;
  forgetSeconds: number;
};

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * The policies by kind of key. An account gets 5 failures in 15 minutes, whether or not the address has
 * an account (so the answer never tells); a network gets 50, since an office or a carrier puts many
 * people behind one address. Password-reset and sign-up requests count per address and per network as
 * well, each with counters of their own.
 */
export const THROTTLE_POLICIES = {
  account: {
    limit: 5,
    windowSeconds: 15 * MINUTE,
    lockSeconds: MINUTE,
    maxLockSeconds: HOUR,
    forgetSeconds: 24 * HOUR,
  },
  ip: {
    limit: 50,
    windowSeconds: 15 * MINUTE,
    lockSeconds: MINUTE,
    maxLockSeconds: HOUR,
    forgetSeconds: 24 * HOUR,
  },
  'reset-account': {
    limit: 3,
    windowSeconds: HOUR,
    lockSeconds: HOUR,
    maxLockSeconds: 6 * HOUR,
    forgetSeconds: 24 * HOUR,
  },
  'reset-ip': {
    limit: 20,
    windowSeconds: HOUR,
    lockSeconds: 15 * MINUTE,
    maxLockSeconds: 6 * HOUR,
    forgetSeconds: 24 * HOUR,
  },
  'signup-account': {
    limit: 3,
    windowSeconds: HOUR,
    lockSeconds: HOUR,
    maxLockSeconds: 6 * HOUR,
    forgetSeconds: 24 * HOUR,
  },
  'signup-ip': {
    limit: 20,
    windowSeconds: HOUR,
    lockSeconds: 15 * MINUTE,
    maxLockSeconds: 6 * HOUR,
    forgetSeconds: 24 * HOUR,
  },
} as const satisfies Record<string, ThrottlePolicy>;

export type ThrottleKind = keyof typeof THROTTLE_POLICIES;

/** A key's stored state. */
export type ThrottleState = {
  failures: number;
  windowStartedAt: Date;
  lockouts: number;
  lockedUntil: Date | null;
  updatedAt: Date;
};

/** Seconds until the key may try again (rounded up), or null when it is not locked. */
export function lockedFor(state: Pick<ThrottleState, 'lockedUntil'>, now: Date): number | null {
  if (!state.lockedUntil || state.lockedUntil <= now) return null;
  return Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000);
}

/** The state after one more failure at `now`; when it reaches the limit, the key is locked. */
export function afterFailure(state: ThrottleState | null, policy: ThrottlePolicy, now: Date): ThrottleState {
  const at = now.getTime();
  const fresh = !state || at - state.updatedAt.getTime() >= policy.forgetSeconds * 1000;
  const lockouts = fresh ? 0 : state.lockouts;
  const inWindow = !fresh && at - state.windowStartedAt.getTime() < policy.windowSeconds * 1000;
  const failures = inWindow ? state.failures + 1 : 1;
  if (failures < policy.limit)
    return {
      failures,
      windowStartedAt: inWindow ? state.windowStartedAt : now,
      lockouts,
      lockedUntil: fresh ? null : state.lockedUntil,
      updatedAt: now,
    };
  const seconds = Math.min(policy.lockSeconds * 2 ** lockouts, policy.maxLockSeconds);
  const lockedUntil = new Date(at + seconds * 1000);
  // The window starts afresh when the lockout ends: the next `limit` failures lock it again, for longer.
  return { failures: 0, windowStartedAt: lockedUntil, lockouts: lockouts + 1, lockedUntil, updatedAt: now };
}

/**
 * The network a client IP belongs to, as a throttle counts it: an IPv4 address as it is, an IPv6 address
 * by its /64 (one subscriber usually holds a whole /64, and could otherwise rotate through it).
 */
export function clientNetwork(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  if (right.some((part) => part.includes('.')) || left.some((part) => part.includes('.'))) return ip;
  const groups = ip.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

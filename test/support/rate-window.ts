/**
 * Rate limits refill continuously (GCRA: a quota of 100 a minute gets one request back every 600 ms), so a
 * test that sends N + 1 requests and expects the last one refused would flake on a slow or busy machine.
 */

/**
 * A clock for `deps.now` (the API tests' rate limiter counts by it): the real time, until `hold` stops it;
 * the function `hold` returns lets it run on from where it stopped.
 */
export function holdableClock(): { now: () => Date; hold: () => () => void } {
  let heldAt: number | null = null;
  let shiftMs = 0;
  return {
    now: () => new Date(heldAt ?? Date.now() + shiftMs),
    hold: () => {
      heldAt = Date.now() + shiftMs;
      return () => {
        if (heldAt === null) return;
        shiftMs = heldAt - Date.now();
        heldAt = null;
      };
    },
  };
}

/**
 * Rate limits count in fixed windows aligned to the clock (a minute from :00). A test that sends N + 1
 * requests and expects the last refused would flake when the requests straddle a window's end (the
 * counter starts again).
 */

/**
 * A clock for `deps.now` (the API tests' rate limiter counts by it): the real time, until `startWindow`
 * moves it on to the start of the next window, so the requests that follow fall in one window without
 * waiting for the real one.
 */
export function windowClock(): { now: () => Date; startWindow: (windowSeconds?: number) => void } {
  let shiftMs = 0;
  return {
    now: () => new Date(Date.now() + shiftMs),
    startWindow: (windowSeconds = 60) => {
      const windowMs = windowSeconds * 1000;
      shiftMs += windowMs - ((Date.now() + shiftMs) % windowMs);
    },
  };
}

/**
 * For a limiter whose clock a test cannot set (the Worker's Durable Object counts by workerd's own time):
 * waits until at least `marginMs` of the current window are left.
 */
export async function clearOfWindowEnd(windowSeconds = 60, marginMs = 10_000): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

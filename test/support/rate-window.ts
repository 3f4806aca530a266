/**
 * Rate limits count in fixed windows aligned to the clock (a minute from :00). A test that sends N + 1
 * requests and expects the last refused would flake when the requests straddle a window's end (the
 * counter starts again): it first waits until at least `marginMs` of the current window are left.
 */
export async function clearOfWindowEnd(windowSeconds = 60, marginMs = 10_000): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

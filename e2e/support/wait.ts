import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Waits until `locator` matches exactly `count` elements; on timeout it fails with the last count seen.
 *
 * `locator.count()` is a snapshot: read right after an action it may see the page before its reaction
 * (a dialog closes in an effect after the next frame, a list once its response is in). For "none", wait
 * first for a sign that the action has had its effect, or 0 may be read before the element would appear.
 */
export async function waitForCount(locator: Locator, count: number, options: { timeout?: number } = {}) {
  await expect
    .poll(() => locator.count(), { timeout: options.timeout, message: `how many match ${locator}` })
    .toBe(count);
}

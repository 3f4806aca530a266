import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (p): p is string => !!p,
);

/** Debian's Chromium, if installed. */
export const chromiumPath = CANDIDATES.find((p) => existsSync(p));

/**
 * Browser tests need Chromium. Locally a missing browser skips them with a loud message; CI sets
 * LEADGATE_REQUIRE_BROWSER=1, which turns a missing browser into a failure so they can never skip silently.
 */
export function browserAvailable(): boolean {
  if (chromiumPath) return true;
  const message =
    'Chromium not found: browser tests SKIPPED. Install it with `sudo apt-get install -y chromium` (Debian) or set CHROMIUM_PATH.';
  if (process.env.LEADGATE_REQUIRE_BROWSER === '1') throw new Error(message);
  console.warn(`\n\n*** ${message} ***\n\n`);
  return false;
}

/** Launches headless Chromium with a fresh profile and the flags this closed network needs. */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  // playwright's launch() already gives every browser a fresh, temporary profile (user-data-dir).
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { browser, close: () => browser.close() };
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

type AxeViolation = { id: string; impact: string; help: string; nodes: Array<{ target: string[] }> };

/** Runs axe-core (WCAG 2.0–2.2 A/AA rules) on the page and returns the violations, for asserting none. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, not a <script> tag: the dashboard's CSP refuses inline scripts.
  axeSource ??= readFileSync(axePath, 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations;
  });
  return violations.map(
    (v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

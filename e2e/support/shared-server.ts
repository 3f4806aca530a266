import { inject } from 'vitest';

/**
 * The product server of the run, for a suite that needs no settings of its own: started by the browser
 * project's global setup (`npm start`'s settings, demo data seeded) while the first files load, and ready
 * once its health check answers. Its `stop` leaves it running for the other suites.
 */
export async function sharedProductServer(): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const baseUrl = inject('sharedProductUrl');
  if (!baseUrl)
    throw new Error('No shared product server: is Chromium installed? (see e2e/support/browser.ts)');
  const deadline = Date.now() + 90_000;
  for (;;) {
    const answer = await fetch(`${baseUrl}/healthz`).then(
      (res) => res.status,
      () => 0,
    );
    if (answer === 200) return { baseUrl, stop: async () => {} };
    if (Date.now() > deadline)
      throw new Error(
        `The shared product server at ${baseUrl} did not start (its output is in the run's log)`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

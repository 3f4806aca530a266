import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const database = 'test/support/global-setup.ts';

/**
 * One config, four projects: pure unit tests; API tests through app.request() on a real Postgres server;
 * the real worker in workerd (miniflare) through the Neon driver; and the browser (Chromium) against the
 * Node face. Unit tests need nothing started; the other three name the database setup, which starts one
 * Postgres server for the run (or uses TEST_DATABASE_URL) however many of them run.
 */
export default defineConfig({
  test: {
    // A test file's database is dropped WITH (FORCE) when the file ends; work the app deferred past a response
    // (Node lets it run on) can still hold a connection then, and that connection's termination (SQLSTATE
    // 57P01, only ever caused by the teardown here) is not a failure of any test. Everything else still is.
    onUnhandledError: (error) => (error as { code?: unknown }).code !== '57P01',
    projects: [
      {
        // The dashboard imports shared code by the same aliases as in tsconfig.json and its vite.config.ts.
        resolve: { alias: { '@core': here('./edge/core'), '@contract': here('./edge/contract') } },
        test: {
          name: 'unit',
          include: ['edge/**/*.test.ts', 'dashboard/**/*.test.{ts,tsx}', 'widget/**/*.test.ts'],
          // Pure code without a database or a global it keeps: the files share their workers' module
          // graph instead of importing zod, hono and the catalogs again for each.
          isolate: false,
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          // Each file has its own database and app (setupApi), nothing else: the files share their workers'
          // modules instead of importing the whole app again for each.
          isolate: false,
          globalSetup: [database],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          globalSetup: [database],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.test.ts'],
          // The suites without settings of their own share one product server, started once.
          globalSetup: [database, 'e2e/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // A page reacts in its own time (a response, an effect after the next frame), slower on a busy
          // machine: `expect.poll` waits up to 10 s for it rather than 1 s.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});

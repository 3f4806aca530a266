import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * One config, four projects: pure unit tests; API tests through app.request() on a real Postgres server;
 * the real worker in workerd (miniflare) through the Neon driver; and the browser (Chromium) against the
 * Node face. The global setup starts one Postgres server (or uses TEST_DATABASE_URL) for all of them.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        // The dashboard imports shared code by the same aliases as in tsconfig.json and its vite.config.ts.
        resolve: { alias: { '@core': here('./edge/core'), '@contract': here('./edge/contract') } },
        test: {
          name: 'unit',
          include: ['edge/**/*.test.ts', 'dashboard/**/*.test.{ts,tsx}', 'widget/**/*.test.ts'],
        },
      },
      { test: { name: 'api', include: ['test/api/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 60_000 } },
      {
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.test.ts'],
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

